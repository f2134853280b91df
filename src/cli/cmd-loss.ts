/** `lossdbg loss CASE`: recompute the loss and its gradient exactly as PyTorch would. */
import { computeLoss } from '../engine/losses/index';
import { shapeStr, toNested } from '../engine/tensor';
import { loadCaseFile } from '../io/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { toJson } from '../report/json-safe';
import { CASE_LOAD_FLAGS, caseLoadOptions, caseLoadUsage, dtypeFlag } from './options';
import { l10n } from '../l10n';
import { option } from './text';
import { scalarLoss } from '../engine/losses/result';

export const lossCommand: Command = {
  name: 'loss',
  get summary() { return l10n.t('recompute a loss case\'s loss and gradient as PyTorch does'); },
  get usage() {
    return 'lossdbg loss CASE.json [--json] [--dtype float64|float32] [--max-file-size MB] [--max-memory MB] [--allow-path DIR]\n\n' +
      option('  --json             ', l10n.t('one JSON object: {0}; grad is d(sum of the loss output)/d(input)', '{"loss", "grad", "shape"}')) +
      option('  --dtype            ', l10n.t('arithmetic precision (default float64)')) +
      caseLoadUsage();
  },
  async run(argv, io) {
    const args = parseArgs(argv, ['dtype', ...CASE_LOAD_FLAGS]);
    checkFlags(args, ['json', 'dtype', ...CASE_LOAD_FLAGS], 'loss');
    if (args.positionals.length !== 1) throw new UsageError(l10n.t('expects exactly one case file ({0})', 'lossdbg loss CASE.json'));
    const c = loadCaseFile(args.positionals[0], { ...caseLoadOptions(args), work: 'gradient' });
    const r = computeLoss(c.loss, c.input, c.target, { dtype: dtypeFlag(args) });
    const scalar = scalarLoss(r);
    const value = scalar ?? toNested(r.value.data, r.value.shape);
    if (args.flags.has('json')) {
      io.out(toJson({ loss: value, grad: toNested(r.grad, c.input.shape), shape: r.value.shape }));
      return 0;
    }
    let gnorm = 0;
    let gmax = 0;
    for (const g of r.grad) { gnorm += g * g; gmax = Math.max(gmax, Math.abs(g)); }
    const lines = [
      l10n.t('{0} (reduction=\'{1}\') on input {2}, target {3}', c.loss.type, c.loss.reduction, shapeStr(c.input.shape), shapeStr(c.target.shape)),
      scalar !== undefined ? l10n.t('loss = {0}', fmt(scalar)) : l10n.t('loss: shape {0}, sum = {1}', shapeStr(r.value.shape), fmt(sum(r.value.data))),
      l10n.t('gradient of the summed loss w.r.t. input: L2 norm {0}, max |g| {1}', fmt(Math.sqrt(gnorm)), fmt(gmax)),
    ];
    io.out(lines.join('\n'));
    return 0;
  },
};

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(10).replace(/\.?0+(e|$)/, '$1') : String(x);
}
