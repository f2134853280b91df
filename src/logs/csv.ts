/**
 * CSV logs: PyTorch Lightning's CSVLogger `metrics.csv` (sparse rows: each row fills only the
 * metrics logged at that step), Keras' CSVLogger (`epoch` first, one row per epoch) and any CSV
 * with a step column (`step`, `global_step`, `iteration`, `iter`, `epoch`, ... or else the row
 * number). Every numeric column becomes a series under its header name.
 *
 * Lines without quotes take a fast path (split + number parse); quoted lines go through
 * csv-parse. An incomplete last line (the job is writing it) is left for the next chunk.
 */
import { parse as csvParse } from 'csv-parse/sync';
import type { Growable } from './series-store';
import { num, parseNumberTo } from '../io/numparse';
import { LineSplitter, parseNumberCell } from './text';
import type { LogParser, ParseTarget } from './sink';

/** Step columns, most specific first (case-insensitive). */
export const STEP_COLUMNS = ['step', 'global_step', 'globalstep', 'steps', 'iteration', 'iter', 'it', 'batch', 'trainer/global_step', '_step', 'epoch'];
/** Bookkeeping columns that are not curves. */
const NOT_SERIES = new Set(['epoch', 'time', 'timestamp', 'wall_time', 'walltime', 'created_at', 'datetime', 'date', '_timestamp', '_runtime']);

/** Columns of wall-clock seconds (absolute, or since the start for `_runtime`), in order of preference. */
export const TIME_COLUMNS = ['wall_time', 'walltime', 'time', 'timestamp', '_timestamp', '_runtime'];

/** The column of wall-clock seconds, or -1. */
export function pickTimeColumn(names: readonly string[]): number {
  return firstOf(names, TIME_COLUMNS);
}

/** The `epoch` column when it is not the step column, or -1. */
export function pickEpochColumn(names: readonly string[], stepCol: number): number {
  const i = names.findIndex((n) => n.trim().toLowerCase() === 'epoch');
  return i === stepCol ? -1 : i;
}

export function pickStepColumn(names: readonly string[]): number {
  return firstOf(names, STEP_COLUMNS);
}

/** The index in `names` (case- and space-insensitive) of the first of `candidates` present, or -1. */
function firstOf(names: readonly string[], candidates: readonly string[]): number {
  const lower = names.map((n) => n.trim().toLowerCase());
  for (const c of candidates) {
    const i = lower.indexOf(c);
    if (i >= 0) return i;
  }
  return -1;
}

/** The delimiter of a header line: the most frequent of , ; tab (comma on ties). */
export function sniffDelimiter(header: string): string {
  let best = ',', bestN = count(header, ',');
  for (const d of ['\t', ';']) {
    const n = count(header, d);
    if (n > bestN) { best = d; bestN = n; }
  }
  return best;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

function splitQuoted(text: string, delimiter: string): string[][] {
  return csvParse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
}

export class CsvParser implements LogParser {
  private readonly lines: LineSplitter;
  private header: string[] | undefined;
  private delimiter = ',';
  private stepCol = -1;
  private timeCol = -1;
  private epochCol = -1;
  /** Series name per column (undefined: not a series). */
  private names: (string | undefined)[] = [];
  private row = 0;
  /** A quoted record spanning lines, being assembled. */
  private pendingQuoted: { text: string; line: number } | undefined;
  private stepMissingNoted = false;

  constructor(private readonly t: ParseTarget) {
    this.lines = new LineSplitter(t.file);
  }

  push(chunk: Uint8Array): void {
    this.lines.pushRaw(chunk, this.onLineBytes);
  }

  private readonly decoder = new TextDecoder('utf-8');
  private readonly delimByte = (): number => this.delimiter.charCodeAt(0);

  /** A complete line as bytes: plain ASCII rows of a known header take the byte fast path. */
  private readonly onLineBytes = (buf: Uint8Array, start: number, end: number, no: number): void => {
    if (this.header && !this.pendingQuoted && this.fastRow(buf, start, end, no)) return;
    this.onLine(this.decoder.decode(buf.subarray(start, end)), no);
  };

  /**
   * Parses an unquoted ASCII row straight from bytes (numbers via io's exact byte parser). Returns
   * false, having done nothing, when the row needs the string path (quotes, non-ASCII, odd cells).
   */
  private fastRow(b: Uint8Array, start: number, end: number, no: number): boolean {
    const header = this.header as string[];
    const d = this.delimByte();
    const ncol = header.length;
    // count fields and check the bytes
    let fields = 1;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c === d) fields++;
      else if (c === 34 || c > 126) return false;
    }
    if (end === start) return true; // empty line
    if (fields !== ncol) return false; // the string path reports it
    const vals = this.rowVals.length >= ncol ? this.rowVals : (this.rowVals = new Float64Array(ncol));
    const has = this.rowHas.length >= ncol ? this.rowHas : (this.rowHas = new Uint8Array(ncol));
    let col = 0;
    let a = start;
    for (let i = start; i <= end; i++) {
      if (i < end && b[i] !== d) continue;
      has[col] = 0;
      if (i > a) {
        const c0 = b[a];
        if ((c0 >= 48 && c0 <= 57) || c0 === 45) {
          parseNumberTo(b, a, vals, col);
          if (num.error === '' && num.end === i) has[col] = 1;
        }
        if (!has[col]) {
          // spaces, nan/inf spellings, a leading '+' or '.': the string path for this cell
          let s = '';
          for (let k = a; k < i; k++) s += String.fromCharCode(b[k]);
          const v = parseNumberCell(s);
          if (v !== undefined) { vals[col] = v; has[col] = 1; }
        }
      }
      col++;
      a = i + 1;
    }
    let step: number;
    if (this.stepCol >= 0) {
      if (!has[this.stepCol] || !Number.isFinite(vals[this.stepCol])) {
        this.noteStepMissing(no);
        return true; // the row is done: the string path would find no step in it either
      }
      step = vals[this.stepCol];
    } else {
      step = this.row;
    }
    this.row++;
    const store = this.t.sink.store;
    const time = this.timeCol >= 0 && has[this.timeCol] ? vals[this.timeCol] : NaN;
    const epoch = this.epochCol >= 0 && has[this.epochCol] ? vals[this.epochCol] : NaN;
    for (let i = 0; i < ncol; i++) {
      if (!has[i] || this.names[i] === undefined) continue;
      let g = this.handles[i];
      if (!g) g = this.handles[i] = store.handle(this.names[i] as string);
      g.push(step, vals[i], time, epoch);
    }
    return true;
  }

  private rowVals = new Float64Array(0);
  private rowHas = new Uint8Array(0);

  private noteStepMissing(no: number): void {
    if (this.stepMissingNoted) return;
    this.stepMissingNoted = true;
    this.t.sink.note(this.t.file, `no number in the step column '${this.header?.[this.stepCol] ?? ''}'; rows like this are skipped`, `line ${no}`);
  }

  end(final: boolean): void {
    if (!final) return;
    const rest = this.lines.takeRest();
    if (rest !== undefined && this.pendingQuoted) {
      // the last line of a quoted record spanning lines, without its newline
      this.onLine(rest, this.lines.lines + 1);
    } else if (rest !== undefined && rest.trim()) {
      // A last line without a newline: complete when it has every column (a file saved without a
      // final newline); otherwise the job was cut off while writing it (also inside a quoted field).
      const cells = rest.includes('"') ? (safeSplit(rest, this.delimiter) ?? []) : rest.split(this.delimiter);
      if (this.header && cells.length === this.header.length) this.onCells(cells, this.lines.lines + 1);
      else this.t.sink.note(this.t.file, 'incomplete last line ignored (the job may still be writing it)', `line ${this.lines.lines + 1}`);
    }
    if (this.pendingQuoted) {
      this.t.sink.note(this.t.file, 'unterminated quoted field at the end of the file ignored', `line ${this.pendingQuoted.line}`);
      this.pendingQuoted = undefined;
    }
  }

  private onLine(line: string, no: number): void {
    if (this.pendingQuoted) {
      this.pendingQuoted.text += '\n' + line;
      if (count(this.pendingQuoted.text, '"') % 2 === 0) {
        const { text, line: start } = this.pendingQuoted;
        this.pendingQuoted = undefined;
        this.onRecord(text, start);
      }
      return;
    }
    if (line.includes('"') && count(line, '"') % 2 === 1) {
      this.pendingQuoted = { text: line, line: no };
      return;
    }
    this.onRecord(line, no);
  }

  private onRecord(text: string, no: number): void {
    if (!this.header) {
      if (!text.trim()) return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.delimiter = sniffDelimiter(text);
      const h = text.includes('"') ? (splitQuoted(text, this.delimiter)[0] ?? []) : text.split(this.delimiter);
      this.setHeader(h.map((s) => s.trim()));
      return;
    }
    if (!text.trim()) return;
    const cells = text.includes('"') ? (safeSplit(text, this.delimiter) ?? []) : text.split(this.delimiter);
    if (cells.length !== this.header.length) {
      this.t.sink.note(this.t.file, `row has ${cells.length} fields, the header has ${this.header.length}; skipped`, `line ${no}`);
      return;
    }
    this.onCells(cells, no);
  }

  private setHeader(h: string[]): void {
    this.header = h;
    this.handles = [];
    this.stepCol = pickStepColumn(h);
    this.timeCol = pickTimeColumn(h);
    this.epochCol = pickEpochColumn(h, this.stepCol);
    const seen = new Set<string>();
    this.names = h.map((name, i) => {
      if (i === this.stepCol || !name || NOT_SERIES.has(name.toLowerCase())) return undefined;
      let n = name;
      for (let k = 2; seen.has(n); k++) n = `${name}.${k}`;
      seen.add(n);
      return this.t.prefix + n;
    });
  }

  private onCells(cells: string[], no: number): void {
    let step: number;
    if (this.stepCol >= 0) {
      const s = fastNumber(cells[this.stepCol]);
      if (s === undefined || !Number.isFinite(s)) {
        this.noteStepMissing(no);
        return;
      }
      step = s;
    } else {
      step = this.row;
    }
    this.row++;
    const store = this.t.sink.store;
    const handles = this.handles;
    const time = this.timeCol >= 0 ? (fastNumber(cells[this.timeCol]) ?? NaN) : NaN;
    const epoch = this.epochCol >= 0 ? (fastNumber(cells[this.epochCol]) ?? NaN) : NaN;
    for (let i = 0; i < cells.length; i++) {
      const name = this.names[i];
      if (name === undefined) continue;
      const c = cells[i];
      if (c.length === 0) continue;
      const v = fastNumber(c);
      if (v === undefined) continue;
      let g = handles[i];
      if (!g) g = handles[i] = store.handle(name);
      g.push(step, v, time, epoch);
    }
  }

  /** Per column, the series appender (created at the column's first value, so never-numeric columns make no series). */
  private handles: (Growable | undefined)[] = [];
}

function safeSplit(text: string, delimiter: string): string[] | undefined {
  try {
    return splitQuoted(text, delimiter)[0];
  } catch {
    return undefined;
  }
}

/** A cell's number: plain decimals straight through Number(), everything else by parseNumberCell. */
function fastNumber(c: string): number | undefined {
  const ch = c.charCodeAt(0);
  if (((ch >= 48 && ch <= 57) || ch === 45 || ch === 46) && !/^-?0[xXbBoO]/.test(c)) {
    const x = +c;
    if (x === x) return x; // not NaN
  }
  return parseNumberCell(c);
}
