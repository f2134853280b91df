/** Every CLI command, in the order `lossdbg --help` lists them. One file per command. */
import type { Command } from './command';
import { completionCommand } from './cmd-completion';
import { curvesCommand } from './cmd-curves';
import { demoCommand } from './cmd-demo';
import { lossCommand } from './cmd-loss';
import { inspectCommand } from './cmd-inspect';
import { lintCommand } from './cmd-lint';
import { rulesCommand } from './cmd-rules';
import { scenariosCommand } from './cmd-scenarios';
import { trainCommand } from './cmd-train';

export const COMMANDS: Command[] = [
  inspectCommand,
  curvesCommand,
  lintCommand,
  lossCommand,
  rulesCommand,
  trainCommand,
  scenariosCommand,
  demoCommand,
  completionCommand(() => COMMANDS),
];
