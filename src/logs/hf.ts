/**
 * Hugging Face Trainer's `trainer_state.json`: `log_history` is a list of objects, each with a
 * `step` and the values logged then (`loss`, `learning_rate`, `grad_norm` on logging steps;
 * `eval_loss`, `eval_*` on evaluation steps; `train_loss`, `train_runtime`, ... once at the end).
 * Every numeric key but `step` and `epoch` becomes a series under its own name. The Trainer
 * rewrites the whole file at each save, so it is parsed whole (live watching re-reads it).
 */
import { LossDebuggerError } from '../errors';
import { parseJson } from '../io/json';
import type { LogParser, ParseTarget } from './sink';
import { parseJsonLenient, toNumber } from './text';

/** Largest trainer_state.json parsed (a 100k-entry log_history is ~15 MB). */
export const MAX_TRAINER_STATE_BYTES = 256 * 1024 * 1024;

const NOT_SERIES = new Set(['step', 'epoch']);

export class TrainerStateParser implements LogParser {
  private chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(private readonly t: ParseTarget) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_TRAINER_STATE_BYTES) {
      throw new LossDebuggerError('file', `trainer_state.json is larger than ${MAX_TRAINER_STATE_BYTES / 1024 / 1024} MB`, { file: this.t.file });
    }
    this.chunks.push(chunk);
  }

  end(final: boolean): void {
    const buf = new Uint8Array(this.bytes);
    let off = 0;
    for (const c of this.chunks) { buf.set(c, off); off += c.length; }
    this.chunks = [];
    this.bytes = 0;
    const text = new TextDecoder('utf-8').decode(buf);
    let doc: unknown;
    try {
      doc = parseJsonLenient(text);
    } catch {
      if (!final) return; // being rewritten: the next change event brings the whole file
      const salvaged = salvageLogHistory(text);
      if (salvaged?.length) {
        this.t.sink.note(this.t.file, `incomplete file (the Trainer may be rewriting it): read the ${salvaged.length} complete log_history entries`);
        this.t.replaces?.();
        this.entries(salvaged);
        return;
      }
      // no complete entry to read: the JSON error, with its place, says more than "0 entries"
      const where = jsonErrorPlace(text);
      throw new LossDebuggerError('syntax', 'trainer_state.json is not valid JSON' + (text.trim() ? '' : ' (the file is empty)'),
        { file: this.t.file, ...(where ?? {}) }, 'the Trainer may have been writing it; read it again when the save has finished');
    }
    // JSON gives no undefined; null has no fields, other values no log_history
    const hist = (doc as { log_history?: unknown } | null)?.log_history;
    if (!Array.isArray(hist)) {
      throw new LossDebuggerError('structure', 'no log_history array: not a Hugging Face trainer_state.json', { file: this.t.file, path: 'log_history' },
        'point lossdbg at the trainer_state.json the Trainer saves in output_dir or a checkpoint-*/ folder');
    }
    this.t.replaces?.();
    this.entries(hist);
  }

  private entries(hist: unknown[]): void {
    const store = this.t.sink.store;
    for (let i = 0; i < hist.length; i++) {
      const e: unknown = hist[i];
      if (typeof e !== 'object' || e === null || Array.isArray(e)) {
        this.t.sink.note(this.t.file, 'entry is not an object; skipped', `log_history[${i}]`);
        continue;
      }
      const o = e as Record<string, unknown>;
      const step = toNumber(o.step);
      if (step === undefined || !Number.isFinite(step)) {
        // Say what is lost (`predict_loss` logged by hand without a step), not only where.
        const lost = Object.keys(o).filter((k) => !NOT_SERIES.has(k) && typeof o[k] === 'number').map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
        const what = lost.length ? ` (${lost.slice(0, 3).join(', ')}${lost.length > 3 ? ', …' : ''})` : '';
        this.t.sink.note(this.t.file, `entry without a numeric step; skipped${what}`, `log_history[${i}]`);
        continue;
      }
      const epoch = typeof o.epoch === 'number' ? o.epoch : NaN;
      for (const [k, v] of Object.entries(o)) {
        if (NOT_SERIES.has(k)) continue;
        if (typeof v !== 'number') continue;
        store.add(this.t.prefix + k, step, v, NaN, epoch);
      }
    }
  }
}

/**
 * The 1-based line and column of the first JSON error, from io's parser (V8's JSON.parse messages
 * name a position only for some errors: "Unexpected token '}', ... is not valid JSON" has none).
 */
function jsonErrorPlace(text: string): { line: number; column: number } | undefined {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof LossDebuggerError && e.where.line !== undefined && e.where.column !== undefined) return { line: e.where.line, column: e.where.column };
  }
  return undefined;
}

/**
 * The complete objects of `"log_history": [ {...}, {...}, ...` in a cut-off trainer_state.json,
 * or undefined when there is no log_history array start.
 */
export function salvageLogHistory(text: string): unknown[] | undefined {
  const m = /"log_history"\s*:\s*\[/.exec(text);
  if (!m) return undefined;
  const out: unknown[] = [];
  let i = m.index + m[0].length;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    if (i >= text.length || text[i] !== '{') break;
    let depth = 0, inStr = false, end = -1;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (inStr) { if (c === '\\') j++; else if (c === '"') inStr = false; continue; }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { depth--; if (depth === 0) { end = j; break; } }
    }
    if (end < 0) break;
    try { out.push(parseJsonLenient(text.slice(i, end + 1))); } catch { break; }
    i = end + 1;
  }
  return out;
}
