/**
 * JSON-lines logs: our run folder's `rank<k>.jsonl` (header / step / scalars / snapshot lines, see
 * docs/runs.md) and generic JSONL with one object per line and a step field (`step`,
 * `global_step`, `iteration`, ... or else the line's index). Python's bare NaN / Infinity are
 * accepted. A line that is not valid JSON is skipped with a note; an incomplete last line is left
 * for the next chunk (the job is still writing it).
 */
import { pickEpochColumn, pickStepColumn, pickTimeColumn } from './csv';
import type { LogParser, ParseTarget } from './sink';
import { LineSplitter, parseJsonLenient, toNumber } from './text';

const NOT_SERIES = new Set(['epoch', 'time', 'timestamp', 'wall_time', 'walltime', '_timestamp', '_runtime', 'type', 'rank']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

abstract class JsonLinesParser implements LogParser {
  protected readonly lines: LineSplitter;
  /** One line: an object is read; else a note (`invalid`: what a line that is no JSON is called). */
  private readonly parse = (line: string, no: number, invalid = 'not valid JSON; line skipped'): void => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = parseJsonLenient(line);
    } catch {
      this.t.sink.note(this.t.file, invalid, `line ${no}`);
      return;
    }
    if (!isObject(v)) {
      this.t.sink.note(this.t.file, 'not a JSON object; line skipped', `line ${no}`);
      return;
    }
    this.onObject(v, no);
  };

  constructor(protected readonly t: ParseTarget) {
    this.lines = new LineSplitter(t.file);
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk, this.parse);
  }

  end(final: boolean): void {
    if (!final) return;
    const rest = this.lines.takeRest();
    // A last line without its newline is used when it is complete JSON (a file saved without a final newline).
    if (rest !== undefined) this.parse(rest, this.lines.lines + 1, 'incomplete last line ignored (the job may still be writing it)');
  }

  protected abstract onObject(o: Record<string, unknown>, line: number): void;
}

/** Our run folder's rank<k>.jsonl. Series of rank 0 keep their names; rank k > 0 gets `rank<k>/`. */
export class RunJsonlParser extends JsonLinesParser {
  private rankPrefix: string;

  constructor(t: ParseTarget, private readonly fileRank: number) {
    super(t);
    this.rankPrefix = fileRank > 0 ? `rank${fileRank}/` : '';
  }

  protected onObject(o: Record<string, unknown>, no: number): void {
    const sink = this.t.sink;
    const type = o.type;
    if (type === 'header') {
      if (o.format !== undefined && o.format !== 'lossdbg-run') {
        sink.note(this.t.file, `header names format '${String(o.format).slice(0, 40)}', not lossdbg-run`, `line ${no}`);
      }
      const rank = typeof o.rank === 'number' ? o.rank : this.fileRank;
      sink.ranks.add(rank);
      if (rank === 0 || !sink.header) {
        sink.header = {
          loss: typeof o.loss === 'string' ? o.loss : undefined,
          args: isObject(o.args) ? o.args : undefined,
          rank,
          worldSize: typeof o.world_size === 'number' ? o.world_size : undefined,
          torch: typeof o.torch === 'string' ? o.torch : undefined,
          lossdbg: typeof o.lossdbg === 'string' ? o.lossdbg : undefined,
          startTime: typeof o.start_time === 'number' ? o.start_time : undefined,
        };
      }
      return;
    }
    const step = toNumber(o.step);
    if (step === undefined || !Number.isFinite(step)) {
      if (type === 'step' || type === 'scalars' || type === 'snapshot') sink.note(this.t.file, `'${type}' line without a numeric step; skipped`, `line ${no}`);
      return;
    }
    const p = this.t.prefix + this.rankPrefix;
    const time = typeof o.time === 'number' ? o.time : NaN;
    if (type === 'step') {
      const loss = toNumber(o.loss);
      if (loss !== undefined) sink.store.add(p + 'loss', step, loss, time);
      this.scalars(o.scalars, step, p, time);
    } else if (type === 'scalars') {
      this.scalars(o.scalars, step, p, time);
    } else if (type === 'snapshot') {
      if (typeof o.path === 'string' && o.path.length < 4096) {
        sink.snapshots.push({
          step, path: o.path, reason: typeof o.reason === 'string' ? o.reason.slice(0, 40) : 'unknown', rank: this.fileRank,
          ...(typeof o.time === 'number' ? { time: o.time } : {}),
        });
      } else {
        sink.note(this.t.file, 'snapshot line without a path; skipped', `line ${no}`);
      }
    }
    // other types: written by a newer lossdbg; ignored
  }

  private scalars(s: unknown, step: number, prefix: string, time: number): void {
    if (!isObject(s)) return;
    for (const [k, v] of Object.entries(s)) {
      const x = toNumber(v);
      if (x !== undefined) this.t.sink.store.add(prefix + k, step, x, time);
    }
  }
}

/** Generic JSONL: numeric fields of each object (one level of nesting flattened with '/'). */
export class GenericJsonlParser extends JsonLinesParser {
  private row = 0;
  private stepKey: string | null | undefined;
  private timeKey: string | null = null;
  private epochKey: string | null = null;

  protected onObject(o: Record<string, unknown>, no: number): void {
    if (this.stepKey === undefined) {
      const keys = Object.keys(o);
      const i = pickStepColumn(keys);
      this.stepKey = i >= 0 ? keys[i] : null;
      const t = pickTimeColumn(keys), e = pickEpochColumn(keys, i);
      this.timeKey = t >= 0 ? keys[t] : null;
      this.epochKey = e >= 0 ? keys[e] : null;
    }
    let step = this.row;
    if (this.stepKey !== null) {
      const s = toNumber(o[this.stepKey]);
      if (s === undefined || !Number.isFinite(s)) {
        this.t.sink.note(this.t.file, `no numeric '${this.stepKey}'; line skipped`, `line ${no}`);
        return;
      }
      step = s;
    }
    this.row++;
    const store = this.t.sink.store;
    const time = this.timeKey !== null && typeof o[this.timeKey] === 'number' ? o[this.timeKey] as number : NaN;
    const epoch = this.epochKey !== null && typeof o[this.epochKey] === 'number' ? o[this.epochKey] as number : NaN;
    for (const [k, v] of Object.entries(o)) {
      if (k === this.stepKey || NOT_SERIES.has(k.toLowerCase())) continue;
      const x = toNumber(v);
      if (x !== undefined) { store.add(this.t.prefix + k, step, x, time, epoch); continue; }
      if (isObject(v)) {
        for (const [k2, v2] of Object.entries(v)) {
          const y = toNumber(v2);
          if (y !== undefined) store.add(`${this.t.prefix}${k}/${k2}`, step, y, time, epoch);
        }
      }
    }
  }
}
