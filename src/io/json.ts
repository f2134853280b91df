/**
 * A byte-level JSON parser for loss cases.
 *
 * - No recursion: nesting lives on an explicit stack, capped at `MAX_DEPTH` (1000) levels.
 * - Accepts Python's bare `NaN`, `Infinity` and `-Infinity`.
 * - Errors are `LossDebuggerError`s with file, 1-based line and column, and the JSON path.
 * - Numeric arrays at chosen paths (the tensors of a loss case) are parsed straight from the bytes
 *   into a growing Float64Array (a `PackedArray`), checking raggedness and non-numbers on the way.
 * - Records source spans of the values at depth 1 and 2 (`input`, `loss.weight`, ...).
 */
import { escapeControls } from './limits';
import { LossDebuggerError, type ErrorCode } from '../errors';
import type { SourceSpan } from './types';
import * as numparse from './numparse';

// local aliases: reading an import through a CommonJS getter on every number is measurably slow
const num = numparse.num;
const parseNumber = numparse.parseNumber;
const parseNumberTo = numparse.parseNumberTo;
const POW10 = numparse.POW10;
const ddScale = numparse.ddScale;
const E_MIN = numparse.E_MIN;
const E_MAX = numparse.E_MAX;
const TWO53 = 9007199254740992;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A rectangular array of numbers (or booleans), parsed without building JS arrays. */
export class PackedArray {
  constructor(
    readonly shape: number[],
    readonly data: Float64Array,
    /** 'int': only integer literals; 'float': some literal had '.', an exponent, NaN or ±Infinity; 'bool': only true/false. An empty array is 'float'. */
    readonly kind: 'int' | 'float' | 'bool',
  ) {}
}

/** What the internal parser produces: JSON values, with `PackedArray`s where packing was asked for. */
export type Node = null | boolean | number | string | PackedArray | Node[] | { [key: string]: Node };

export const MAX_DEPTH = 1000;
/** Tensors deeper than this are certainly not tensors. */
export const MAX_TENSOR_DIMS = 64;

/** A JSON path, or a function computing it (paths are only built when an error needs them). */
type PathArg = string | (() => string);

export interface ParseOptions {
  file?: string;
  /** Paths (as `pathString` renders them) whose arrays are parsed as packed numeric arrays. */
  pack?: (path: string) => boolean;
  /** Record spans of values down to this depth (0 = only the root; default 2). */
  spanDepth?: number;
  /**
   * For values two levels down (`meta.x`): the largest source size in bytes that is parsed into JS
   * values, or undefined for no limit. A larger value is scanned without being built and becomes
   * `SKIPPED` (48 MB of `{},` under an unknown meta key must not become gigabytes of objects).
   */
  maxValueBytesAt?: (path: string) => number | undefined;
}

/** Stands for a value that `maxValueBytesAt` left unparsed because it was too large. */
export const SKIPPED: { readonly skipped: true } = Object.freeze({ skipped: true as const });

export interface ParseResult {
  value: Node;
  spans: Record<string, SourceSpan>;
}

const IDENT = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** Appends a key or index to a JSON path: `a.b[3]`, keys that are not identifiers as `a["x y"]` (control characters escaped). */
export function joinPath(base: string, seg: string | number): string {
  if (typeof seg === 'number') return `${base}[${seg}]`;
  if (IDENT.test(seg)) return base ? `${base}.${seg}` : seg;
  // JSON.stringify escapes C0 controls; escapeControls also the C1 ones and the bidi overrides
  return `${base}[${escapeControls(JSON.stringify(seg))}]`;
}

interface Frame {
  arr: Node[] | null;
  obj: { [key: string]: Node } | null;
  key: string;
  idx: number;
}

let utf8: TextDecoder | undefined;
function decodeUtf8(b: Uint8Array, start: number, end: number): string | null {
  utf8 ??= new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(b.subarray(start, end));
  } catch {
    return null;
  }
}

const WS = new Uint8Array(256);
WS[0x20] = 1; WS[0x09] = 1; WS[0x0a] = 1; WS[0x0d] = 1;

function hex(b: number): string {
  return '0x' + b.toString(16).toUpperCase().padStart(2, '0');
}

export class JsonParser {
  readonly b: Uint8Array;
  pos = 0;
  line = 1;
  lineStart = 0;
  /** Offset of the last byte >= 0x80 seen (columns count characters, not bytes, past it). */
  lastNonAscii = -1;
  readonly file: string | undefined;

  constructor(src: Uint8Array | string, file?: string) {
    this.b = typeof src === 'string' ? new TextEncoder().encode(src) : src;
    this.file = file;
  }

  // ---- positions and errors ------------------------------------------------------------------

  /** 1-based line and column of any byte offset (scans from the start when needed: for errors). */
  lineCol(offset: number): { line: number; column: number } {
    const b = this.b;
    let line = this.line;
    let ls = this.lineStart;
    if (offset < ls) {
      line = 1; ls = 0;
      for (let i = 0; i < offset; i++) if (b[i] === 0x0a) { line++; ls = i + 1; }
    } else {
      for (let i = ls; i < offset && i < b.length; i++) if (b[i] === 0x0a) { line++; ls = i + 1; }
    }
    let column = 1;
    if (this.lastNonAscii < ls) column = offset - ls + 1;
    else for (let i = ls; i < offset; i++) if ((b[i] & 0xc0) !== 0x80) column++;
    return { line, column };
  }

  private ckLineStart = -1;
  private ckOffset = 0;
  private ckColumn = 1;
  /** Line and column of an offset on the current line at or after the last call (cheap: incremental). */
  lineColHere(offset: number): { line: number; column: number } {
    const ls = this.lineStart;
    if (offset < ls) return this.lineCol(offset);
    if (this.lastNonAscii < ls) return { line: this.line, column: offset - ls + 1 };
    const b = this.b;
    let from = ls;
    let column = 1;
    if (this.ckLineStart === ls && this.ckOffset <= offset) { from = this.ckOffset; column = this.ckColumn; }
    for (let i = from; i < offset; i++) if ((b[i] & 0xc0) !== 0x80) column++;
    this.ckLineStart = ls; this.ckOffset = offset; this.ckColumn = column;
    return { line: this.line, column };
  }

  error(code: ErrorCode, detail: string, offset: number, path: PathArg, hint?: string): LossDebuggerError {
    const { line, column } = this.lineCol(Math.min(offset, this.b.length));
    const p = typeof path === 'string' ? path : path();
    return new LossDebuggerError(code, detail, { file: this.file, path: shortPath(p) || undefined, line, column }, hint);
  }

  /** Describes the token at `p` for "expected X but found Y" messages. */
  /**
   * What stands at byte `p`, for messages. With `echo` false (syntax errors: the file failed its
   * format check) no byte of the file is quoted: only the kind of token and JSON's own punctuation.
   */
  describeAt(p: number, echo = true): string {
    const b = this.b;
    if (p >= b.length) return 'the end of the file';
    const c = b[p];
    if (c === 0x22) {
      if (!echo) return 'a string';
      let q = p + 1;
      while (q < b.length && q - p < 40 && b[q] !== 0x22 && b[q] !== 0x0a) { if (b[q] === 0x5c) q++; q++; }
      const raw = decodeUtf8(b, p + 1, Math.min(q, b.length)) ?? '?';
      return `a string "${escapeControls(raw)}${q < b.length && b[q] === 0x22 ? '' : '...'}"`;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (!echo) return 'a number';
      let q = p + 1;
      while (q < b.length && q - p < 30 && /[0-9.eE+-]/.test(String.fromCharCode(b[q]))) q++;
      return `the number ${String.fromCharCode(...b.subarray(p, q))}`;
    }
    if (c === 0x7b) return 'an object';
    if (c === 0x5b) return 'an array';
    if (this.startsWith(p, 'true')) return 'true';
    if (this.startsWith(p, 'false')) return 'false';
    if (this.startsWith(p, 'null')) return 'null';
    if (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a) return `'${String.fromCharCode(c)}'`;
    if (echo && c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
    if (c < 0x20 || c === 0x7f) return 'a control character';
    if (c >= 0x80) return 'a byte that is not ASCII';
    return 'a character that cannot start a JSON value';
  }

  private startsWith(p: number, word: string): boolean {
    const b = this.b;
    if (p + word.length > b.length) return false;
    for (let i = 0; i < word.length; i++) if (b[p + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  eofError(path: PathArg): LossDebuggerError {
    return this.error('syntax', 'unexpected end of file: the file looks truncated', this.b.length, path,
      'check that the whole file was written (e.g. the writing process finished and flushed)');
  }

  expected(what: string, path: PathArg): LossDebuggerError {
    if (this.pos >= this.b.length) return this.eofError(path);
    return this.error('syntax', `expected ${what} but found ${this.describeAt(this.pos, false)}`, this.pos, path);
  }

  // ---- lexing ----------------------------------------------------------------------------------

  skipWs(): void {
    const b = this.b;
    let p = this.pos;
    const n = b.length;
    while (p < n) {
      const c = b[p];
      if (c === 0x20) { p++; continue; }
      if (c === 0x0a) { p++; this.line++; this.lineStart = p; continue; }
      if (c === 0x09 || c === 0x0d) { p++; continue; }
      break;
    }
    this.pos = p;
  }

  /** Parses a string at `pos` (which is '"'). */
  parseString(path: PathArg): string {
    const b = this.b;
    const n = b.length;
    const start = this.pos + 1;
    let p = start;
    let ascii = true;
    while (p < n) {
      const c = b[p];
      if (c === 0x22) break;
      if (c === 0x5c) return this.parseStringSlow(path);
      if (c < 0x20) {
        throw this.error('syntax', `control character ${hex(c)} inside a string (write it as an escape like \\n)`, p, path);
      }
      if (c >= 0x80) { ascii = false; this.lastNonAscii = p; }
      p++;
    }
    if (p >= n) throw this.eofError(path);
    this.pos = p + 1;
    if (ascii) {
      if (p - start < 32) {
        let s = '';
        for (let i = start; i < p; i++) s += String.fromCharCode(b[i]);
        return s;
      }
      return decodeUtf8(b, start, p) as string;
    }
    this.lastNonAscii = p;
    const s = decodeUtf8(b, start, p);
    if (s === null) throw this.error('syntax', 'invalid UTF-8 inside a string', start, path, 'save the file as UTF-8');
    return s;
  }

  private parseStringSlow(path: PathArg): string {
    const b = this.b;
    const n = b.length;
    let p = this.pos + 1;
    let out = '';
    let segStart = p;
    const flush = (end: number): void => {
      if (end > segStart) {
        const s = decodeUtf8(b, segStart, end);
        if (s === null) throw this.error('syntax', 'invalid UTF-8 inside a string', segStart, path, 'save the file as UTF-8');
        out += s;
      }
    };
    while (p < n) {
      const c = b[p];
      if (c === 0x22) {
        flush(p);
        this.pos = p + 1;
        return out;
      }
      if (c >= 0x80) this.lastNonAscii = p;
      if (c < 0x20) throw this.error('syntax', `control character ${hex(c)} inside a string (write it as an escape like \\n)`, p, path);
      if (c !== 0x5c) { p++; continue; }
      flush(p);
      if (p + 1 >= n) throw this.eofError(path);
      const e = b[p + 1];
      p += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          if (p + 4 > n) throw this.eofError(path);
          let v = 0;
          for (let i = 0; i < 4; i++) {
            const h = b[p + i];
            const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
            if (d < 0) throw this.error('syntax', 'invalid \\u escape: expected 4 hex digits', p + i, path);
            v = v * 16 + d;
          }
          out += String.fromCharCode(v);
          p += 4;
          break;
        }
        default:
          // (the byte after the backslash is not quoted: the file failed its syntax check, and it may be a control byte)
          throw this.error('syntax', 'invalid escape in a string', p - 2, path,
            'after a backslash JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits');
      }
      segStart = p;
    }
    throw this.eofError(path);
  }

  /** Parses a number, NaN, Infinity or -Infinity at `pos`. */
  parseNumberAt(path: PathArg): number {
    const b = this.b;
    const p = this.pos;
    const c = b[p];
    if (c === 0x4e) { // N
      if (this.startsWith(p, 'NaN')) { this.pos = p + 3; return NaN; }
    } else if (c === 0x49) { // I
      if (this.startsWith(p, 'Infinity')) { this.pos = p + 8; return Infinity; }
    } else if (c === 0x2d && p + 1 < b.length && b[p + 1] === 0x49) {
      if (this.startsWith(p + 1, 'Infinity')) { this.pos = p + 9; return -Infinity; }
    } else {
      const v = parseNumber(b, p);
      if (num.error) {
        if (num.end >= b.length) throw this.eofError(path);
        throw this.error('syntax', `invalid number: ${num.error}`, num.end, path);
      }
      if (v === Infinity || v === -Infinity) {
        const text = String.fromCharCode(...b.subarray(p, Math.min(num.end, p + 40)));
        throw this.error('value', `${text}${num.end - p > 40 ? '...' : ''} does not fit in float64`, p, path,
          'the largest float64 is about 1.8e308; write Infinity if you mean it');
      }
      this.pos = num.end;
      return v;
    }
    // NaN, Infinity or -Infinity cut off by the end of the file
    if (this.cutWord(p, c === 0x4e ? 'NaN' : c === 0x49 ? 'Infinity' : '-Infinity')) throw this.eofError(path);
    throw this.error('syntax', `expected a value but found ${this.describeAt(p, false)}`, p, path);
  }

  /** Whether the file ends at `p` partway through `word` (a truncated file, not a wrong token). */
  private cutWord(p: number, word: string): boolean {
    return this.b.length - p < word.length && word.startsWith(String.fromCharCode(...this.b.subarray(p)));
  }

  private literal(word: string, path: PathArg): void {
    if (!this.startsWith(this.pos, word)) {
      if (this.cutWord(this.pos, word)) throw this.eofError(path);
      throw this.error('syntax', `expected a value but found ${this.describeAt(this.pos, false)}`, this.pos, path);
    }
    this.pos += word.length;
  }

  // ---- generic values ----------------------------------------------------------------------------

  /** Parses the whole text as one JSON value (trailing whitespace only). */
  parseDocument(opts: ParseOptions = {}): ParseResult {
    this.checkStart();
    const r = this.parseValue(opts);
    this.skipWs();
    if (this.pos < this.b.length) {
      throw this.error('syntax', `found ${this.describeAt(this.pos, false)} after the end of the JSON value`, this.pos, '',
        'a file holds exactly one JSON value; remove what follows it');
    }
    return r;
  }

  private checkStart(): void {
    const b = this.b;
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) { this.pos = 3; this.lineStart = 3; } // columns start after a BOM
    this.skipWs();
    if (this.pos >= b.length) {
      throw new LossDebuggerError('syntax', b.length === 0 ? 'the file is empty' : 'the file contains only whitespace', { file: this.file },
        'a loss case is a JSON object like {"loss": "CrossEntropyLoss", "input": [[...]], "target": [...]}');
    }
    const c = b[this.pos];
    if ((c === 0xff && b[this.pos + 1] === 0xfe) || (c === 0xfe && b[this.pos + 1] === 0xff)) {
      throw new LossDebuggerError('syntax', 'the file is UTF-16 encoded', { file: this.file }, 'save it as UTF-8');
    }
    const ok = c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e || c === 0x4e || c === 0x49;
    if (!ok) {
      const first = Array.from(b.subarray(0, 3), hex).join(' ');
      let hint: string | undefined;
      if (b[0] === 0x93 && b[1] === 0x4e && b[2] === 0x55) {
        hint = 'is this a .npy file? point to it from a loss case with {"npy": "file.npy"}';
      } else if (b.length > 9 && b[8] === 0x7b && b[7] === 0 && b[6] === 0) {
        hint = 'is this a .safetensors file? point to it from a loss case with {"safetensors": "file.safetensors", "name": "..."}';
      } else if (b[0] === 0x50 && b[1] === 0x4b) {
        hint = 'is this a zip file (e.g. a torch.save .pt file)? save tensors with numpy.save or safetensors instead';
      } else if (b[0] === 0x80) {
        hint = 'is this a pickle (e.g. a torch.save file)? save tensors with numpy.save or safetensors instead';
      }
      throw new LossDebuggerError('syntax', `file is not JSON text: it starts with bytes ${first}`, { file: this.file }, hint);
    }
  }

  /** Parses one value at `pos` (after whitespace). Iterative: an explicit stack holds the open containers. */
  parseValue(opts: ParseOptions = {}, basePath = ''): ParseResult {
    const b = this.b;
    const n = b.length;
    const stack: Frame[] = [];
    const spans: Record<string, SourceSpan> = {};
    const spanDepth = opts.spanDepth ?? 2;
    const pack = opts.pack;
    const starts: number[] = []; // start offsets of open containers
    const startLc: { line: number; column: number }[] = []; // their line/column (when a span is recorded)
    const noLc = { line: 0, column: 0 };
    const pathAt = (depth: number): string => {
      let p = basePath;
      for (let i = 0; i < depth; i++) {
        const f = stack[i];
        p = f.arr ? joinPath(p, f.idx) : joinPath(p, f.key);
      }
      return p;
    };
    // the path of the value being parsed, computed only when an error needs it
    const here = (): string => pathAt(stack.length);
    const objPathOf = (depth: number): PathArg => (): string => pathAt(depth);

    for (;;) {
      // ---- parse one value (or open a container) ----
      this.skipWs();
      if (this.pos >= n) throw this.eofError(here);
      const start = this.pos;
      const c = b[start];
      const lc = stack.length <= spanDepth ? this.lineColHere(start) : noLc;
      let value: Node;
      let opened = false;
      const cap = opts.maxValueBytesAt && stack.length === 2 ? opts.maxValueBytesAt(pathAt(2)) : undefined;
      const skipTo = cap !== undefined ? this.scanValueEnd(start, cap, here) : -1;
      if (skipTo >= 0) {
        this.pos = skipTo;
        value = SKIPPED as unknown as Node;
      } else if (c === 0x7b) { // {
        if (stack.length >= MAX_DEPTH) throw this.depthError(pathAt(stack.length));
        this.pos++;
        this.skipWs();
        const obj: { [key: string]: Node } = {};
        if (this.pos < n && b[this.pos] === 0x7d) {
          this.pos++;
          value = obj;
        } else {
          stack.push({ arr: null, obj, key: '', idx: 0 });
          starts.push(start);
          startLc.push(lc);
          this.readKey(objPathOf(stack.length - 1), stack[stack.length - 1]);
          opened = true;
          value = null;
        }
      } else if (c === 0x5b) { // [
        const depth = stack.length;
        const path = pack && depth <= 3 ? pathAt(depth) : '';
        if (pack && depth <= 3 && pack(path)) {
          value = this.parsePacked(path);
        } else {
          if (stack.length >= MAX_DEPTH) throw this.depthError(pathAt(stack.length));
          this.pos++;
          this.skipWs();
          const arr: Node[] = [];
          if (this.pos < n && b[this.pos] === 0x5d) {
            this.pos++;
            value = arr;
          } else {
            stack.push({ arr, obj: null, key: '', idx: 0 });
            starts.push(start);
            startLc.push(lc);
            opened = true;
            value = null;
          }
        }
      } else if (c === 0x22) {
        value = this.parseString(here);
      } else if (c === 0x74) {
        this.literal('true', here); value = true;
      } else if (c === 0x66) {
        this.literal('false', here); value = false;
      } else if (c === 0x6e) {
        this.literal('null', here); value = null;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x4e || c === 0x49) {
        value = this.parseNumberAt(here);
      } else {
        throw this.error('syntax', `expected a value but found ${this.describeAt(start, false)}`, start, pathAt(stack.length),
          c === 0x5d || c === 0x7d ? 'remove the trailing comma' : c === 0x27 ? 'JSON needs double quotes around strings' : undefined);
      }
      if (opened) continue;

      // ---- attach the finished value; close containers as far as they end ----
      let vStart = start;
      let vLc = lc;
      for (;;) {
        const depth = stack.length;
        if (depth <= spanDepth) spans[pathAt(depth)] = { line: vLc.line, column: vLc.column, start: vStart, end: this.pos };
        if (depth === 0) return { value, spans };
        const top = stack[depth - 1];
        if (top.arr) top.arr.push(value);
        else setKey(top.obj as { [key: string]: Node }, top.key, value);
        this.skipWs();
        if (this.pos >= n) throw this.eofError(pathAt(depth));
        const d = b[this.pos];
        if (top.arr) {
          if (d === 0x2c) { this.pos++; top.idx++; break; }
          if (d === 0x5d) {
            this.pos++;
            value = top.arr;
            stack.pop();
            vStart = starts.pop() as number;
            vLc = startLc.pop() as { line: number; column: number };
            continue;
          }
          throw this.expected("',' or ']'", pathAt(depth));
        } else {
          if (d === 0x2c) {
            this.pos++;
            this.skipWs();
            this.readKey(objPathOf(depth - 1), top);
            break;
          }
          if (d === 0x7d) {
            this.pos++;
            value = top.obj;
            stack.pop();
            vStart = starts.pop() as number;
            vLc = startLc.pop() as { line: number; column: number };
            continue;
          }
          throw this.expected("',' or '}'", pathAt(depth));
        }
      }
    }
  }

  /**
   * The end of the value starting at `start` if it is longer than `cap` bytes, else -1 (and nothing
   * moves). Scans brackets and strings without building anything; keeps line counting right.
   */
  private scanValueEnd(start: number, cap: number, path: PathArg): number {
    const b = this.b;
    const n = b.length;
    if (b[start] !== 0x7b && b[start] !== 0x5b && b[start] !== 0x22) return -1; // scalars are small
    const closers: number[] = [];
    let p = start;
    // (the bytes passed over are counted for lines and columns before any error is made)
    for (;;) {
      if (p >= n) { this.passOver(start, n); throw this.eofError(path); }
      const c = b[p];
      if (c === 0x22) {
        p++;
        while (p < n && b[p] !== 0x22) p += b[p] === 0x5c ? 2 : 1;
        if (p >= n) { this.passOver(start, n); throw this.eofError(path); }
        p++;
      } else if (c === 0x7b || c === 0x5b) {
        if (closers.length >= MAX_DEPTH) throw this.depthError(typeof path === 'string' ? path : path());
        closers.push(c === 0x7b ? 0x7d : 0x5d);
        p++;
      } else if (c === 0x7d || c === 0x5d) {
        if (closers.pop() !== c) {
          this.passOver(start, p);
          throw this.error('syntax', `unbalanced '${String.fromCharCode(c)}'`, p, path);
        }
        p++;
      } else {
        p++;
      }
      if (closers.length === 0) break;
    }
    if (p - start <= cap) return -1;
    this.passOver(start, p);
    return p;
  }

  /** Line and column bookkeeping for bytes [start, end) skipped unparsed, as if they had been parsed. */
  private passOver(start: number, end: number): void {
    const b = this.b;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c === 0x0a) { this.line++; this.lineStart = i + 1; } else if (c >= 0x80) this.lastNonAscii = i;
    }
  }

  private depthError(path: string): LossDebuggerError {
    return this.error('structure', `nesting deeper than ${MAX_DEPTH} levels`, this.pos, path,
      'a loss case never needs this much nesting; the file is probably generated wrongly');
  }

  /** Reads `"key"` and `:` for an object frame (pos at the key). */
  private readKey(objPath: PathArg, frame: Frame): void {
    const b = this.b;
    if (this.pos >= b.length) throw this.eofError(objPath);
    if (b[this.pos] !== 0x22) {
      const c = b[this.pos];
      const hint = c === 0x27 ? 'JSON needs double quotes around keys and strings' : c === 0x7d ? 'remove the trailing comma' : undefined;
      throw this.error('syntax', `expected a key in double quotes but found ${this.describeAt(this.pos, false)}`, this.pos, objPath, hint);
    }
    frame.key = this.parseString(objPath);
    this.skipWs();
    const keyPath = (): string => joinPath(typeof objPath === 'string' ? objPath : objPath(), frame.key);
    if (this.pos >= b.length) throw this.eofError(keyPath);
    if (b[this.pos] !== 0x3a) throw this.expected("':' after the key", keyPath);
    this.pos++;
  }

  // ---- packed numeric arrays ---------------------------------------------------------------------

  private dv: DataView | null = null;
  private view(): DataView {
    return this.dv ??= new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
  }

  private packStart = 0;
  /**
   * A bigger buffer for a packed array: twice the size, or what the bytes read so far extrapolate to
   * over the rest of the file (one copy instead of ten for a big tensor), but at most 64 times the size
   * or 2^21 values (16 MB), whichever is more
   * (the rest of the file may hold other data: a short `target` before a huge `input`).
   */
  private grow(data: Float64Array, count: number, at: number): Float64Array<ArrayBuffer> {
    let size = data.length * 2;
    const used = at - this.packStart;
    if (used > 4096) {
      const est = Math.min(Math.ceil((count / used) * (this.b.length - this.packStart) * 1.01) + 16, Math.max(data.length * 64, 1 << 21));
      if (est > size) size = est;
    }
    const bigger = new Float64Array(size);
    bigger.set(data.subarray(0, count));
    return bigger;
  }

  /** Parses a rectangular array of numbers (or of booleans) at `pos` ('['). */
  parsePacked(basePath: string): PackedArray {
    const b = this.b;
    const n = b.length;
    let data = new Float64Array(1024);
    let count = 0;
    const dims: number[] = []; // established length per level (-1 unknown)
    const firstAt: string[] = []; // path of the row that established dims[level]
    const counts: number[] = [];
    let leaf = -1; // level whose elements are values (depth - 1); -1 unknown
    let level = 0;
    let sawFloat = false;
    let sawNum = false;
    let sawBool = false;
    const pathOf = (upto: number): string => {
      let p = basePath;
      for (let i = 0; i <= upto; i++) p += `[${counts[i]}]`;
      return p;
    };
    counts[0] = 0;
    dims[0] = -1;
    this.packStart = this.pos;
    this.pos++;
    for (;;) {
      // expecting an element, or ']' if the row is still empty
      let p = this.pos;
      let c = 0;
      while (p < n) {
        c = b[p];
        if (c === 0x20) { p++; continue; }
        if (c === 0x0a) { p++; this.line++; this.lineStart = p; continue; }
        if (c === 0x09 || c === 0x0d) { p++; continue; }
        break;
      }
      this.pos = p;
      if (p >= n) throw this.eofError(pathOf(level - 1));
      let closing = false;
      if (c === 0x5d && counts[level] === 0) {
        closing = true;
      } else if (c === 0x5b) {
        if (leaf >= 0 && level >= leaf) {
          throw this.error('shape', `expected a number but found an array (the first row nests ${leaf + 1} level${leaf === 0 ? '' : 's'} deep)`, p, pathOf(level),
            'every row of a tensor must have the same depth');
        }
        level++;
        if (level >= MAX_TENSOR_DIMS) {
          throw this.error('shape', `array nests more than ${MAX_TENSOR_DIMS} levels deep; that is not a tensor`, p, pathOf(level - 1));
        }
        counts[level] = 0;
        if (dims.length <= level) { dims[level] = -1; }
        this.pos = p + 1;
        continue;
      } else {
        // a value
        if (leaf < 0) leaf = level;
        else if (level !== leaf) {
          throw this.error('shape', `expected an array but found ${this.describeAt(p)} (the first row nests ${leaf + 1} level${leaf === 0 ? '' : 's'} deep)`, p, pathOf(level),
            'every row of a tensor must have the same depth');
        }
        let v: number;
        if (count === data.length) data = this.grow(data, count, p);
        if ((c >= 0x30 && c <= 0x39) || (c === 0x2d && p + 1 < n && b[p + 1] !== 0x49)) {
          parseNumberTo(b, p, data, count);
          v = data[count];
          if (num.error) {
            if (num.end >= n) throw this.eofError(pathOf(level));
            throw this.error('syntax', `invalid number: ${num.error}`, num.end, pathOf(level));
          }
          if (v === Infinity || v === -Infinity) {
            const text = String.fromCharCode(...b.subarray(p, Math.min(num.end, p + 40)));
            throw this.error('value', `${text}${num.end - p > 40 ? '...' : ''} does not fit in float64`, p, pathOf(level),
              'the largest float64 is about 1.8e308; write Infinity if you mean it');
          }
          if (!num.isInt) sawFloat = true;
          sawNum = true;
          this.pos = num.end;
        } else if (c === 0x4e || c === 0x49 || c === 0x2d) {
          v = this.parseNumberAt(pathOf(level));
          sawFloat = true;
          sawNum = true;
        } else if (c === 0x74 && this.startsWith(p, 'true')) {
          v = 1; sawBool = true; this.pos = p + 4;
        } else if (c === 0x66 && this.startsWith(p, 'false')) {
          v = 0; sawBool = true; this.pos = p + 5;
        } else {
          const hint = c === 0x6e ? 'use NaN for a missing value' : c === 0x22 ? 'tensor values must be numbers, not strings'
            : c === 0x5d ? 'remove the trailing comma' : undefined;
          // true/false/null cut off by the end of the file: a truncated file, not a wrong value
          if (this.cutWord(p, c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null')) throw this.eofError(pathOf(level));
          throw this.error('structure', `expected a number, found ${this.describeAt(p)}`, p, pathOf(level), hint);
        }
        if (sawBool && sawNum) {
          throw this.error('structure', 'array mixes booleans and numbers', p, pathOf(level), 'write all values as numbers, or all as true/false');
        }
        data[count++] = v;
        counts[level]++;
        // Fast run: `, <number>` repeated (json.dumps' layout) without going round the general loop.
        // Anything unusual (newline, NaN, an error) stops it; the general loop then takes over at the ','.
        // Literals are scanned in place: an integer part of up to 8 digits, fraction digits four at a
        // time (SWAR on a little-endian 32-bit load), an optional exponent; the significant digits M
        // (at most 19) are kept as A·10^k + L with L the last (up to 15) digits, both exact doubles.
        // Anything else (more digits, odd shapes, undecided rounding) goes to parseNumberTo.
        if (!sawBool) {
          const dv = this.view();
          const lim = n - 64; // every read below stays in bounds when a literal starts before lim
          let q = this.pos;
          let rowCount = counts[level];
          while (q < lim && b[q] === 0x2c) {
            let t = q + 1;
            if (b[t] === 0x20) t++;
            const r = t;
            // branch-free sign (signs are random in real data): m1 = 1 after a '-', else 0
            const m1 = ((b[t] ^ 45) - 1) >>> 31;
            t += m1;
            let c = b[t];
            if (c < 48 || c > 57) break;
            if (count === data.length) data = this.grow(data, count, q);
            let w = NaN;
            let isFloat = false;
            scan: {
              let a = c - 48; // integer part, then every digit before the last three groups
              let ni = (a + 15) >>> 4; // its significant digits: 0 for '0', else 1 (branch-free)
              t++; c = b[t];
              if (c >= 48 && c <= 57) {
                if (a === 0) break scan; // leading zero: an error, reported by parseNumberTo
                do { a = a * 10 + (c - 48); ni++; t++; c = b[t]; } while (c >= 48 && c <= 57 && ni < 8);
                if (c >= 48 && c <= 57) break scan;
              }
              let e10 = 0;
              let x1 = 0; let x2 = 0; let x3 = 0; // the last three groups of four fraction digits
              let ng = 0;
              let tail = 0;
              let nt = 0;
              if (c === 46) {
                isFloat = true;
                t++;
                const fs = t;
                while (b[t] === 48 && ni === 0 && t < lim) t++; // leading zeros of 0.00ddd
                while (t < lim) {
                  const v4 = dv.getInt32(t, true);
                  if ((v4 & 0xf0f0f0f0) !== 0x30303030 || ((v4 + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
                  let v = v4 - 0x30303030;
                  v = (v * 10 + (v >>> 8)) & 0x00ff00ff;
                  v = (v * 100 + (v >>> 16)) & 0xffff;
                  if (ng >= 3) a = a * 10000 + x1;
                  x1 = x2; x2 = x3; x3 = v;
                  ng++;
                  t += 4;
                }
                c = b[t];
                while (c >= 48 && c <= 57) {
                  if (nt === 3) break scan;
                  tail = tail * 10 + (c - 48); nt++; t++; c = b[t];
                }
                if (t === fs) break scan; // no digit after '.'
                e10 = fs - t;
              }
              if (c === 101 || c === 69) {
                isFloat = true;
                t++; c = b[t];
                let eneg = false;
                if (c === 43 || c === 45) { eneg = c === 45; t++; c = b[t]; }
                if (c < 48 || c > 57) break scan;
                let ex = 0;
                let ne = 0;
                do { ex = ex * 10 + (c - 48); ne++; t++; c = b[t]; } while (c >= 48 && c <= 57 && ne < 5);
                if (c >= 48 && c <= 57) break scan;
                e10 += eneg ? -ex : ex;
              }
              if (ni + 4 * ng + nt > 19) break scan;
              const k = (ng < 3 ? 4 * ng : 12) + nt;
              const lo = ((x1 * 10000 + x2) * 10000 + x3) * POW10[nt] + tail;
              const hi = a * POW10[k]; // exact: a < 10^(19-k) and k >= 12, or a < 10^8 and k <= 11
              const mh = hi + lo;
              if (mh < TWO53 && e10 >= -22 && e10 <= 22) {
                w = e10 >= 0 ? mh * POW10[e10] : mh / POW10[-e10];
              } else if (e10 >= E_MIN && e10 <= E_MAX) {
                w = ddScale(mh, lo - (mh - hi), e10);
              }
            }
            if (w === w) {
              data[count] = w * (1 - 2 * m1); // exact, and -0 for '-0.0'
              if (isFloat) sawFloat = true;
              q = t;
            } else {
              parseNumberTo(b, r, data, count);
              w = data[count];
              if (num.error !== '' || w === Infinity || w === -Infinity) break;
              if (!num.isInt) sawFloat = true;
              q = num.end;
            }
            count++;
            rowCount++;
          }
          counts[level] = rowCount;
          this.pos = q;
        }
      }
      // after an element (or at an empty row's ']'): ',' or ']'
      for (;;) {
        if (!closing) {
          p = this.pos;
          while (p < n) {
            c = b[p];
            if (c === 0x20) { p++; continue; }
            if (c === 0x0a) { p++; this.line++; this.lineStart = p; continue; }
            if (c === 0x09 || c === 0x0d) { p++; continue; }
            break;
          }
          this.pos = p;
          if (p >= n) throw this.eofError(pathOf(level - 1));
          if (c === 0x2c) {
            this.pos = p + 1;
            break; // next element
          }
          if (c !== 0x5d) {
            counts[level]--;
            const at = pathOf(level);
            counts[level]++;
            throw this.expected("',' or ']'", at);
          }
        }
        closing = false;
        // close this level
        const len = counts[level];
        if (leaf < 0) leaf = level;
        if (dims[level] < 0) {
          dims[level] = len;
          firstAt[level] = pathOf(level - 1);
        } else if (dims[level] !== len) {
          const here = pathOf(level - 1);
          const first = level === 0 ? '' : level === 1 ? 'row 0' : firstAt[level];
          throw this.error('ragged', `ragged array: row has ${len} value${len === 1 ? '' : 's'}, ${first} had ${dims[level]}`, this.pos, here,
            'every row of a tensor must have the same length');
        }
        this.pos++;
        if (level === 0) {
          const shape = dims.slice(0, leaf + 1);
          // empty rows at the leaf level: later dims stay unknown -> treat as 0
          for (let i = 0; i < shape.length; i++) if (shape[i] < 0) shape[i] = 0;
          const kind = sawBool && !sawNum ? 'bool' : sawFloat || count === 0 ? 'float' : 'int';
          const out = count === data.length ? data : data.slice(0, count);
          return new PackedArray(shape, out, kind);
        }
        level--;
        counts[level]++;
        // after this element at the outer level: look for ',' or ']'
      }
    }
  }
}

/** Long paths (deep nesting) are cut in the middle: `input[0][0]...[0][3]`. */
export function shortPath(path: string): string {
  if (path.length <= 100) return path;
  return `${path.slice(0, 50)}...${path.slice(-30)}`;
}

function setKey(obj: { [key: string]: Node }, key: string, value: Node): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Parses JSON text (bytes or a string) into plain JS values. Accepts `NaN`, `Infinity`, `-Infinity`.
 * Throws `LossDebuggerError` with line, column and JSON path on bad input.
 * For source positions use `parseJsonWithSpans`.
 */
export function parseJson(src: Uint8Array | string, opts: { file?: string } = {}): JsonValue {
  return new JsonParser(src, opts.file).parseDocument({ spanDepth: -1 }).value as JsonValue;
}

/**
 * Like `parseJson`, and also returns the source span of every value down to `spanDepth` levels
 * (default 2), keyed by JSON path (`''` is the root, then `loss`, `loss.weight`, `input[0]`, ...).
 */
export function parseJsonWithSpans(src: Uint8Array | string, opts: { file?: string; spanDepth?: number } = {}): { value: JsonValue; spans: Record<string, SourceSpan> } {
  const r = new JsonParser(src, opts.file).parseDocument({ spanDepth: opts.spanDepth ?? 2 });
  return { value: r.value as JsonValue, spans: r.spans };
}
