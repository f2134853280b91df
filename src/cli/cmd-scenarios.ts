/** `lossdbg scenarios`: the bundled training scenarios, one line each. */
import { listScenarios } from '../scenarios/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { toJson } from '../report/json-safe';
import { l10n } from '../l10n';
import { option } from './text';

export const scenariosCommand: Command = {
  name: 'scenarios',
  get summary() { return l10n.t('list the bundled training scenarios (run one with `lossdbg train ID`)'); },
  get usage() { return 'lossdbg scenarios [--json]\n\n' + option('  --json    ', l10n.t('a JSON array of {0}', '{id, title, description, kind}')).trimEnd(); },
  async run(argv, io) {
    const args = parseArgs(argv, []);
    checkFlags(args, ['json'], 'scenarios');
    if (args.positionals.length) throw new UsageError(l10n.t('takes no arguments'));
    const list = listScenarios();
    if (args.flags.has('json')) {
      io.out(toJson(list));
      return 0;
    }
    const w = Math.max(...list.map((s) => s.id.length));
    const lines: string[] = [];
    for (const kind of ['tutorial', 'mistake', 'sweep'] as const) {
      lines.push(kind === 'tutorial' ? l10n.t('Tutorial problems:') : kind === 'mistake' ? l10n.t('Mistakes (each beside its fixed twin):') : l10n.t('Sweeps and comparisons (the tutorial\'s exercises and lessons):'));
      for (const s of list.filter((x) => x.kind === kind)) lines.push(`  ${s.id.padEnd(w)}  ${s.title}`, `  ${' '.repeat(w)}  ${s.description}`);
      lines.push('');
    }
    lines.push(l10n.t('Run one: {0}', 'lossdbg train ID [--seed N] [--epochs N] [--json] [--html FILE]'));
    io.out(lines.join('\n'));
    return 0;
  },
};
