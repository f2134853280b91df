/** A case's `meta` (pad id, reported loss, class names, task; other keys kept) and `history` (train/val losses). */
import { didYouMean } from '../didyoumean';
import { shapeStr } from '../engine/tensor';
import { err, isObj, kindOf, type CaseContext } from './case-context';
import { packJs } from './js-arrays';
import { type Node, PackedArray, SKIPPED, joinPath } from './json';
import { quoteUserText } from './limits';
import type { CaseHistory, CaseMeta } from './types';

export function parseMeta(v: Node | unknown, ctx: CaseContext): CaseMeta {
  if (v === undefined) return {};
  if (!isObj(v)) throw err('structure', `"meta" must be an object, found ${kindOf(v)}`, 'meta', ctx);
  const out: CaseMeta = {};
  for (const [k, x] of Object.entries(v)) {
    const p = joinPath('meta', k);
    switch (k) {
      case 'pad_token_id':
        if (typeof x !== 'number' || !Number.isInteger(x)) throw err('value', `pad_token_id must be an integer, found ${kindOf(x)}`, p, ctx);
        out.pad_token_id = x;
        break;
      case 'reported_loss':
        if (typeof x !== 'number') throw err('value', `reported_loss must be a number, found ${kindOf(x)}`, p, ctx, 'the loss value your training printed, e.g. loss.item()');
        out.reported_loss = x;
        break;
      case 'class_names': {
        const arr = x instanceof PackedArray ? null : x;
        if (!Array.isArray(arr)) throw err('value', `class_names must be a list of strings, found ${kindOf(x)}`, p, ctx);
        arr.forEach((s, i) => { if (typeof s !== 'string') throw err('value', `class names must be strings, found ${kindOf(s)}`, `${p}[${i}]`, ctx); });
        out.class_names = arr as string[];
        break;
      }
      case 'task':
        if (typeof x !== 'string') throw err('value', `task must be a string, found ${kindOf(x)}`, p, ctx);
        out.task = x;
        break;
      default:
        // too large to keep (left unparsed by the parser) — not needed by any rule
        if (x === (SKIPPED as unknown)) break;
        // defined, not assigned: a key '__proto__' must stay a plain key, never the object's prototype
        Object.defineProperty(out, k, { value: x instanceof PackedArray ? Array.from(x.data) : x, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function numberList(x: Node | unknown, p: string, ctx: CaseContext): number[] {
  // typed arrays too: caseFromObject accepts them wherever arrays are
  const packed = x instanceof PackedArray ? x : Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView)) ? packJs(x, p, ctx) : undefined;
  if (!packed) throw err('value', `expected a list of numbers, found ${kindOf(x)}`, p, ctx, 'one loss value per step or epoch; NaN for a missing one');
  if (packed.shape.length !== 1) throw err('value', `expected a flat list of numbers, found nested arrays of shape ${shapeStr(packed.shape)}`, p, ctx);
  if (packed.kind === 'bool') throw err('value', 'expected numbers, found true/false', p, ctx);
  return Array.from(packed.data);
}

export function parseHistory(v: Node | unknown, ctx: CaseContext): CaseHistory | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw err('structure', `"history" must be an object like {"train": [...], "val": [...]}, found ${kindOf(v)}`, 'history', ctx);
  const out: CaseHistory = {};
  for (const [k, x] of Object.entries(v)) {
    const p = joinPath('history', k);
    if (k === 'train' || k === 'val') {
      out[k] = numberList(x, p, ctx);
    } else {
      const s = didYouMean(k, ['train', 'val']);
      throw err('structure', `unknown history series '${quoteUserText(String(k))}'${s ? ` (did you mean '${s}'?)` : ''}`, p, ctx, 'history has "train" and "val": lists of losses per step or epoch');
    }
  }
  return out;
}
