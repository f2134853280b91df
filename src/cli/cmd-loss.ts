/** `lossdbg loss CASE`: recompute the loss and its gradient exactly as PyTorch would. */
import { computeLoss } from '../engine/losses/index';
import { shapeStr, toNested } from '../engine/tensor';
import { loadCaseFile } from '../io/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { toJson } from '../report/json-safe';
import { CASE_LOAD_FLAGS, CASE_LOAD_USAGE, caseLoadOptions, dtypeFlag } from './options';
import { scalarLoss } from '../engine/losses/result';

export const lossCommand: Command = {
  name: 'loss',
  summary: 'recompute a loss case\'s loss and gradient as PyTorch does',
  usage: 'lossdbg loss CASE.json [--json] [--dtype float64|float32] [--max-file-size MB] [--max-memory MB] [--allow-path DIR]\n\n' +
    '  --json             one JSON object: {"loss", "grad", "shape"}; grad is d(sum of the loss output)/d(input)\n' +
    '  --dtype            arithmetic precision (default float64)\n' +
    CASE_LOAD_USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, ['dtype', ...CASE_LOAD_FLAGS]);
    checkFlags(args, ['json', 'dtype', ...CASE_LOAD_FLAGS], 'loss');
    if (args.positionals.length !== 1) throw new UsageError('expects exactly one case file (lossdbg loss CASE.json)');
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
      `${c.loss.type} (reduction='${c.loss.reduction}') on input ${shapeStr(c.input.shape)}, target ${shapeStr(c.target.shape)}`,
      scalar !== undefined ? `loss = ${fmt(scalar)}` : `loss: shape ${shapeStr(r.value.shape)}, sum = ${fmt(sum(r.value.data))}`,
      `gradient of the summed loss w.r.t. input: L2 norm ${fmt(Math.sqrt(gnorm))}, max |g| ${fmt(gmax)}`,
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
