/** Every CLI command, in the order `lossdbg --help` lists them. One file per command. */
import type { Command } from './command';
import { scenariosCommand } from './cmd-scenarios';
import { trainCommand } from './cmd-train';

export const COMMANDS: Command[] = [
  trainCommand,
  scenariosCommand,
];
