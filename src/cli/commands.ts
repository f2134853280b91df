/** Every CLI command, in the order `lossdbg --help` lists them. One file per command. */
import type { Command } from './command';
import { lossCommand } from './cmd-loss';
import { scenariosCommand } from './cmd-scenarios';
import { trainCommand } from './cmd-train';

export const COMMANDS: Command[] = [
  lossCommand,
  trainCommand,
  scenariosCommand,
];
