/**
 * Text helpers of the line-based readers: a byte → line splitter that keeps the incomplete last
 * line for the next chunk (a job still writing), and JSON parsing that accepts the bare `NaN`,
 * `Infinity` and `-Infinity` Python's `json.dumps` writes.
 */
import { LossDebuggerError } from '../errors';

/** Longest line a reader accepts (a log line is short; a longer one is not a log). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export class LineSplitter {
  private rest: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder('utf-8');
  /** Number of complete lines handed out so far. */
  lines = 0;
  /** Bytes of complete lines handed out so far. */
  consumed = 0;

  constructor(private readonly file: string) {}

  /** Feeds bytes; calls `onLine(text, lineNumber)` (1-based, without the newline) for each complete line. */
  push(chunk: Uint8Array, onLine: (line: string, lineNo: number) => void): void {
    const got = this.take(chunk);
    if (!got) return;
    const text = this.decoder.decode(got.buf.subarray(0, got.lastNl));
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let line = text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.lines++;
      onLine(line, this.lines);
      if (nl < 0) break;
      start = nl + 1;
    }
    this.checkRest();
  }

  /** Appends a chunk to the held-back bytes; returns the buffer and its last newline, or undefined when no line is complete. */
  private take(chunk: Uint8Array): { buf: Uint8Array; lastNl: number } | undefined {
    let buf = chunk;
    if (this.rest.length) {
      buf = new Uint8Array(this.rest.length + chunk.length);
      buf.set(this.rest);
      buf.set(chunk, this.rest.length);
    }
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl < 0) {
      this.rest = buf;
      this.checkRest();
      return undefined;
    }
    this.rest = buf.slice(lastNl + 1);
    this.consumed += lastNl + 1;
    // the rest's length is checked once the complete lines before it are counted (its line number)
    return { buf, lastNl };
  }

  /**
   * Like `push`, but hands out each complete line as a byte range of `buf` (without the newline;
   * a trailing CR is excluded), for parsers that read bytes directly. `buf` is valid during the call.
   */
  pushRaw(chunk: Uint8Array, onLine: (buf: Uint8Array, start: number, end: number, lineNo: number) => void): void {
    const got = this.take(chunk);
    if (!got) return;
    const { buf, lastNl } = got;
    let start = 0;
    while (start <= lastNl) {
      const nl = buf.indexOf(0x0a, start);
      const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      this.lines++;
      onLine(buf, start, end, this.lines);
      start = nl + 1;
    }
    this.checkRest();
  }

  /** Bytes of an incomplete last line (not handed out). */
  get pending(): number {
    return this.rest.length;
  }

  /** At end of file: the incomplete last line, if any (the caller decides whether it is usable). */
  takeRest(): string | undefined {
    if (!this.rest.length) return undefined;
    const s = this.decoder.decode(this.rest);
    this.rest = new Uint8Array(0);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }

  private checkRest(): void {
    if (this.rest.length > MAX_LINE_BYTES) {
      throw new LossDebuggerError('format', `line ${this.lines + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not a line-based log`,
        { file: this.file, line: this.lines + 1 }, 'point lossdbg at a CSV, JSONL, TensorBoard or trainer_state.json log');
    }
  }
}

const SENTINELS: Record<string, number> = {
  '\u0000NaN': NaN, '\u0000Infinity': Infinity, '\u0000-Infinity': -Infinity,
};

/**
 * JSON.parse that also accepts bare NaN / Infinity / -Infinity outside strings (Python's json.dumps
 * default). Throws SyntaxError like JSON.parse.
 */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
  }
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) { inString = true; continue; }
    let word: string | undefined;
    if (c === 78 && text.startsWith('NaN', i)) word = 'NaN';
    else if (c === 73 && text.startsWith('Infinity', i)) word = 'Infinity';
    else if (c === 45 && text.startsWith('-Infinity', i)) word = '-Infinity';
    if (word) {
      out += text.slice(last, i) + JSON.stringify('\u0000' + word);
      i += word.length - 1;
      last = i + 1;
    }
  }
  out += text.slice(last);
  return JSON.parse(out, (_k, v: unknown) => (typeof v === 'string' && v in SENTINELS ? SENTINELS[v] : v));
}

/** A number from a parsed JSON value or a CSV cell: numbers, numeric strings, nan/inf spellings. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return undefined;
  if (typeof v !== 'string') return undefined;
  return parseNumberCell(v);
}

/** Parses a CSV cell: decimal/scientific numbers, `nan`, `inf`, `-inf`, `Infinity` (any case). Empty → undefined. */
export function parseNumberCell(s: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const x = Number(t);
  if (!Number.isNaN(x)) return /^0[xXbBoO]/.test(t) ? undefined : x;
  switch (t.toLowerCase()) {
    case 'nan': case '+nan': case '-nan': return NaN;
    case 'inf': case '+inf': case 'infinity': case '+infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    default: {
      // PyTorch tensors logged by str(): "tensor(0.1234)" / "tensor(0.1234, device='cuda:0')"
      const m = /^tensor\(\s*([-+0-9.eE]+|nan|inf|-inf)\s*[,)]/i.exec(t);
      return m ? parseNumberCell(m[1]) : undefined;
    }
  }
}
