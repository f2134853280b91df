/**
 * Loss cases: a case file or JSON text (or plain JS values) → a validated `LossCase`. The parts are
 * parsed in their own files — the loss (`loss-spec.ts`), tensors in every form (`tensor-forms.ts`),
 * `meta` and `history` (`meta-history.ts`), what PyTorch would refuse (`pytorch-checks.ts`) — with the
 * parse context and error helpers of `case-context.ts`. Every problem is a `LossDebuggerError` with the
 * file, the JSON path, line and column (when the case came from text) and a hint.
 */
import { dirname, resolve } from 'node:path';
import { LossDebuggerError } from '../errors';
import { didYouMean } from '../didyoumean';
import { err, isObj, kindOf, makeCtx, type CaseOptions, type CaseContext } from './case-context';
import { readFileChecked } from './files';
import { JsonParser, type Node, joinPath } from './json';
import { DEFAULT_MAX_FILE_BYTES, MAX_VALUE_BYTES, checkMemoryBudget, estimateCaseBytes, quoteUserText } from './limits';
import { lossSpecOf } from './loss-spec';
import { parseHistory, parseMeta } from './meta-history';
import { semanticChecks } from './pytorch-checks';
import { spanOf } from './spans';
import { checkClaimedDims, toTensor } from './tensor-forms';
import type { LossCase, SourceSpan } from './types';

export type { CaseOptions } from './case-context';

/** Top-level fields a case may have besides the five of the format (ignored, for tools and editors). */
const EXTRA_TOP = ['$schema', 'name', 'description', 'version', 'comment'];
const TOP = ['loss', 'input', 'target', 'meta', 'history'];

function buildCase(root: Node | unknown, spans: Record<string, SourceSpan>, ctx: CaseContext): LossCase {
  if (!isObj(root)) {
    throw err('structure', `a loss case must be a JSON object, found ${kindOf(root)}`, '', ctx,
      'e.g. {"loss": "CrossEntropyLoss", "input": [[2.0, 0.5]], "target": [0]}');
  }
  for (const k of Object.keys(root)) {
    if (!TOP.includes(k) && !EXTRA_TOP.includes(k)) {
      const s = didYouMean(k, TOP);
      throw err('structure', `unknown field '${quoteUserText(String(k))}'${s ? ` (did you mean '${s}'?)` : ''}`, joinPath('', k), ctx,
        `a loss case has: ${TOP.join(', ')}`);
    }
  }
  for (const k of ['loss', 'input', 'target'] as const) {
    if (!(k in root)) {
      const hints = { loss: 'add e.g. "loss": "CrossEntropyLoss"', input: 'add "input": the model output (logits, probabilities or predictions)', target: 'add "target": the labels or regression targets' };
      throw err('structure', `missing "${k}"`, '', ctx, hints[k]);
    }
  }
  const loss = lossSpecOf(root.loss, 'loss', ctx);
  ctx.lossType = loss.type;
  const input = toTensor(root.input, 'input', ctx);
  const target = toTensor(root.target, 'target', ctx);
  if (!ctx.deferred) checkClaimedDims(input, 'input', ctx);
  checkClaimedDims(target, 'target', ctx);
  const extra = (loss.weight?.data.length ?? 0) + (loss.pos_weight?.data.length ?? 0);
  checkMemoryBudget(estimateCaseBytes({
    lossType: loss.type, input: input.data.length, inputBytes: input.data instanceof Float32Array ? 4 : 8, target: target.data.length, extra,
    classes: input.shape.length >= 2 ? input.shape[1] : input.shape[0],
  }, ctx.work), ctx.maxMemoryBytes, { file: ctx.file });
  const meta = parseMeta(root.meta, ctx);
  const history = parseHistory(root.history, ctx);
  semanticChecks(loss, input, target, ctx);
  const c: LossCase = { loss, input, target, meta, spans };
  if (ctx.file !== undefined) c.file = ctx.file;
  if (ctx.sideFiles.length) c.sideFiles = [...new Set(ctx.sideFiles)];
  if (history) c.history = history;
  return c;
}

/** Fills in line and column from the recorded spans for errors raised after parsing. */
function locate(e: unknown, spans: Record<string, SourceSpan>): unknown {
  if (!(e instanceof LossDebuggerError) || e.where.line !== undefined) return e;
  const s = spanOf(spans, (e.where.path ?? '').replace(/ \(.*\)$/, ''));
  return s ? e.withWhere({ line: s.line, column: s.column }) : e;
}

const PACK = new Set(['input', 'target', 'input.data', 'target.data', 'loss.weight', 'loss.pos_weight', 'loss.weight.data', 'loss.pos_weight.data', 'history.train', 'history.val']);

/**
 * Parses and validates a loss case from JSON text. Synchronous; side files (`{"npy": ...}`) are read
 * relative to `opts.baseDir` (default: the folder of `opts.file`, else the working directory).
 */
export function parseCase(src: Uint8Array | string, opts: CaseOptions = {}): LossCase {
  const ctx = makeCtx(opts, opts.file ? dirname(resolve(opts.file)) : process.cwd());
  const bytes = typeof src === 'string' ? src : ArrayBuffer.isView(src) && !(src.constructor === Uint8Array) ? new Uint8Array(src.buffer, src.byteOffset, src.byteLength) : src;
  const parser = new JsonParser(bytes, opts.file);
  const { value, spans } = parser.parseDocument({ pack: (p) => PACK.has(p), spanDepth: 2, maxValueBytesAt: (p) => ((p.startsWith('meta.') || p.startsWith('meta[')) && p !== 'meta.class_names' ? MAX_VALUE_BYTES : undefined) });
  try {
    return buildCase(value, spans, ctx);
  } catch (e) {
    throw locate(e, spans);
  }
}

/** A case file from disk (size-limited). The CLI and the worker use this. */
export function loadCaseFile(path: string, opts: Omit<CaseOptions, 'file' | 'baseDir'> = {}): LossCase {
  const bytes = readFileChecked(path, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, 'case file');
  return parseCase(bytes, { ...opts, file: path, baseDir: dirname(resolve(path)) });
}

/**
 * A loss case from plain JS values (tests, scenarios): same forms and validation as the JSON format;
 * NaN and ±Infinity are plain numbers here. Typed arrays are accepted where arrays are.
 */
export function caseFromObject(obj: unknown, opts: CaseOptions = {}): LossCase {
  const ctx = makeCtx(opts, process.cwd());
  return buildCase(obj, {}, ctx);
}
