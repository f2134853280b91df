/** The loss of a case (`"CrossEntropyLoss"` or `{"type": ..., <arguments>}`) as a fully defaulted `LossSpec`. */
import { dirname, resolve } from 'node:path';
import { didYouMean } from '../didyoumean';
import type { LossDebuggerError } from '../errors';
import {
  DEPRECATED_ARGS, LOSS_ARGS, LOSS_TYPES, type LossSpec, type LossType, type Reduction, type SmoothingMode, makeSpec,
} from '../engine/losses/spec';
import { isFloatDType } from '../engine/tensor';
import { err, isObj, kindOf, makeCtx, type CaseOptions, type CaseContext } from './case-context';
import { type JsonValue, type Node, joinPath } from './json';
import { quoteUserText } from './limits';
import { toTensor } from './tensor-forms';

export const KNOWN_LOSS_LIST = LOSS_TYPES.join(', ');

/** torch.nn.functional names, to suggest the module a case must name. */
const FUNCTIONAL: Record<string, LossType> = {
  mse_loss: 'MSELoss', l1_loss: 'L1Loss', huber_loss: 'HuberLoss', smooth_l1_loss: 'SmoothL1Loss',
  binary_cross_entropy: 'BCELoss', binary_cross_entropy_with_logits: 'BCEWithLogitsLoss', cross_entropy: 'CrossEntropyLoss',
  nll_loss: 'NLLLoss', kl_div: 'KLDivLoss', bce: 'BCELoss', bce_with_logits: 'BCEWithLogitsLoss', bcewithlogits: 'BCEWithLogitsLoss', mse: 'MSELoss',
};

function unknownLoss(name: string, path: string, ctx: { file?: string }): LossDebuggerError {
  const stripped = name.replace(/^(torch\.)?(nn\.)?(functional\.|F\.)?/, '');
  const s = FUNCTIONAL[stripped.toLowerCase()] ?? didYouMean(stripped, LOSS_TYPES) ?? didYouMean(stripped + 'Loss', LOSS_TYPES) ?? didYouMean(name, LOSS_TYPES);
  return err('unknown-loss', `unknown loss type '${quoteUserText(String(name))}'${s ? ` (did you mean '${s}'?)` : ''}`, path, ctx, `known losses: ${KNOWN_LOSS_LIST}`);
}

function lossType(v: Node | unknown, path: string, ctx: { file?: string }): LossType {
  if (typeof v !== 'string') {
    throw err('structure', `loss type must be a string, found ${kindOf(v)}`, path, ctx, `one of: ${KNOWN_LOSS_LIST}`);
  }
  if ((LOSS_TYPES as readonly string[]).includes(v)) return v as LossType;
  throw unknownLoss(v, path, ctx);
}

/**
 * The loss at `path` (`"CrossEntropyLoss"` or `{"type": ..., <arguments>}`) as a fully defaulted
 * LossSpec. Tensor arguments may use any tensor form; side files are read relative to `opts.baseDir`.
 */
export function parseLossSpec(value: JsonValue, path: string, file?: string, opts: Omit<CaseOptions, 'file'> = {}): LossSpec {
  const ctx = makeCtx({ ...opts, file }, file ? dirname(resolve(file)) : process.cwd());
  return lossSpecOf(value, path, ctx);
}

export function lossSpecOf(value: Node | unknown, path: string, ctx: CaseContext): LossSpec {
  if (typeof value === 'string') return makeSpec(lossType(value, path, ctx));
  if (!isObj(value)) {
    throw err('structure', `"loss" must be a loss name or an object with "type", found ${kindOf(value)}`, path, ctx,
      'e.g. "loss": "CrossEntropyLoss" or "loss": {"type": "CrossEntropyLoss", "ignore_index": 0}');
  }
  if (!('type' in value)) {
    throw err('structure', 'the loss object has no "type"', path, ctx, `add "type": one of ${KNOWN_LOSS_LIST}`);
  }
  const type = lossType(value.type, joinPath(path, 'type'), ctx);
  const allowed = LOSS_ARGS[type];
  const names = Object.keys(allowed);
  const args: Partial<Omit<LossSpec, 'type'>> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'type') continue;
    const p = joinPath(path, k);
    if ((DEPRECATED_ARGS as readonly string[]).includes(k)) {
      if (v === null) continue; // PyTorch's own default (None): written by dumpers that copy every attribute
      throw err('unknown-arg', `'${quoteUserText(String(k))}' is deprecated in PyTorch and not supported`, p, ctx,
        "use \"reduction\": 'none' | 'mean' | 'sum' instead (size_average=False means 'sum'; reduce=False means 'none')");
    }
    // own properties only: 'constructor', 'toString' or '__proto__' are not loss arguments
    const info = Object.hasOwn(allowed, k) ? allowed[k] : undefined;
    if (!info) {
      const s = didYouMean(k, names);
      const elsewhere = LOSS_TYPES.filter((t) => t !== type && Object.hasOwn(LOSS_ARGS[t], k));
      const hint = `${type} takes: ${names.join(', ')}` + (elsewhere.length ? `; '${quoteUserText(String(k))}' belongs to ${elsewhere.join(', ')}` : '');
      throw err('unknown-arg', `${type} has no argument '${quoteUserText(k)}'${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx, hint);
    }
    const rec = args as Record<string, unknown>;
    switch (info.kind) {
      case 'reduction': {
        const ok = type === 'KLDivLoss' ? ['none', 'mean', 'sum', 'batchmean'] : ['none', 'mean', 'sum'];
        if (v === 'batchmean' && type !== 'KLDivLoss') {
          throw err('value', `reduction 'batchmean' is only for KLDivLoss`, p, ctx, "use 'mean', 'sum' or 'none'");
        }
        if (typeof v !== 'string' || !ok.includes(v)) {
          const s = typeof v === 'string' ? didYouMean(v, ok) : undefined;
          throw err('value', `reduction must be one of ${ok.map((x) => `'${x}'`).join(', ')}, found ${kindOf(v)}${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx);
        }
        rec.reduction = v as Reduction;
        break;
      }
      case 'tensor':
        if (v === null) break; // PyTorch's None
        {
          // weights are float tensors in PyTorch; integer literals like [1, 2, 3] mean the same numbers
          const w = toTensor(v, p, ctx);
          rec[k] = isFloatDType(w.dtype) ? w : { shape: w.shape, data: w.data, dtype: 'float64' };
        }
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw err('value', `${k} must be an integer, found ${kindOf(v)}`, p, ctx, k === 'ignore_index' ? 'e.g. -100 (the default) or your padding id' : undefined);
        }
        rec[k] = v;
        break;
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw err('value', `${k} must be a finite number, found ${kindOf(v)}`, p, ctx, info.doc);
        const below = info.min !== undefined && (info.minExclusive ? v <= info.min : v < info.min);
        const above = info.max !== undefined && v > info.max;
        if (below || above) {
          const range = info.min !== undefined && info.max !== undefined ? `in [${info.min}, ${info.max}]`
            : info.min !== undefined ? (info.minExclusive ? `> ${info.min}` : `>= ${info.min}`) : `<= ${String(info.max)}`;
          throw err('value', `${k} must be ${range}, found ${v}`, p, ctx, info.doc);
        }
        rec[k] = v;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') throw err('value', `${k} must be true or false, found ${kindOf(v)}`, p, ctx);
        rec[k] = v;
        break;
      case 'smoothing_mode':
        if (v !== 'pytorch' && v !== 'others') {
          throw err('value', `smoothing_mode must be 'pytorch' or 'others', found ${kindOf(v)}`, p, ctx, info.doc);
        }
        rec[k] = v as SmoothingMode;
        break;
      default:
        break;
    }
  }
  return makeSpec(type, args);
}
