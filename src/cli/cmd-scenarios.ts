/** `lossdbg scenarios`: the bundled training scenarios, one line each. */
import { listScenarios } from '../scenarios/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { toJson } from '../report/json-safe';

export const scenariosCommand: Command = {
  name: 'scenarios',
  summary: 'list the bundled training scenarios (run one with `lossdbg train ID`)',
  usage: 'lossdbg scenarios [--json]\n\n  --json    a JSON array of {id, title, description, kind}',
  async run(argv, io) {
    const args = parseArgs(argv, []);
    checkFlags(args, ['json'], 'scenarios');
    if (args.positionals.length) throw new UsageError('takes no arguments');
    const list = listScenarios();
    if (args.flags.has('json')) {
      io.out(toJson(list));
      return 0;
    }
    const w = Math.max(...list.map((s) => s.id.length));
    const lines: string[] = [];
    for (const kind of ['tutorial', 'mistake', 'sweep'] as const) {
      lines.push(kind === 'tutorial' ? 'Tutorial problems:' : kind === 'mistake' ? 'Mistakes (each beside its fixed twin):' : 'Sweeps and comparisons (the tutorial\'s exercises and lessons):');
      for (const s of list.filter((x) => x.kind === kind)) lines.push(`  ${s.id.padEnd(w)}  ${s.description}`);
      lines.push('');
    }
    lines.push('Run one: lossdbg train ID [--seed N] [--epochs N] [--json] [--html FILE]');
    io.out(lines.join('\n'));
    return 0;
  },
};
