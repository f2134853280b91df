/** Every CLI command, in the order `lossdbg --help` lists them. One file per command. */
import type { Command } from './command';

export const COMMANDS: Command[] = [];
