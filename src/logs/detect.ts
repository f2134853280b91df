/**
 * Which reader a file needs, decided from its name and its first bytes (content wins when the two
 * disagree: a renamed event file is still an event file, a `.log` file of JSON lines is JSONL).
 */
import { CsvParser, pickStepColumn, sniffDelimiter } from './csv';
import { TrainerStateParser } from './hf';
import { GenericJsonlParser, RunJsonlParser } from './jsonl';
import type { LogParser, ParseTarget } from './sink';
import { TensorBoardParser } from './tensorboard';
import { parseJsonLenient } from './text';
import { maskedCrc32c } from './tfrecord';
import type { LogFormat } from './types';

/** Bytes of a file's start that detection looks at. */
export const SNIFF_BYTES = 8192;

export interface Detected {
  format: LogFormat;
  /** For run folder logs: the rank from the file name (`rank3.jsonl` → 3). */
  rank?: number;
}

export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function rankOfName(name: string): number | undefined {
  const m = /^rank(\d{1,5})\.jsonl$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function looksLikeTfRecord(head: Uint8Array): boolean {
  if (head.length < 12) return false;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return maskedCrc32c(head.subarray(0, 8)) === v.getUint32(8, true);
}

function isText(head: Uint8Array): boolean {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) return false;
  }
  // valid UTF-8 (a multi-byte sequence cut at the end of the sniffed bytes is fine)
  try {
    let end = head.length;
    while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
    if (end > 0 && head[end - 1] >= 0xc0) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * The format of a file, or a reason why it is not one we read. `head` is the file's first
 * `SNIFF_BYTES` (or all of it when shorter).
 */
/** A first line that is a log message: a timestamp, or a level word between separators. */
const TEXT_LOG_LINE = /^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|(^|[\s|\-[])(INFO|WARNING|WARN|DEBUG|ERROR)([\s|\-\]:]|$)/;

export function detectFormat(path: string, head: Uint8Array): Detected | { unknown: string } {
  const name = baseName(path);
  if (looksLikeTfRecord(head)) return { format: 'tensorboard' };
  if (/tfevents/.test(name)) {
    if (head.length === 0) return { format: 'tensorboard' };
    return { unknown: 'named like a TensorBoard event file, but its first record header fails the TFRecord CRC check' };
  }
  if (!isText(head)) return { unknown: 'binary content that is not a TensorBoard event file' };
  const text = new TextDecoder('utf-8').decode(head);
  // trimStart() also drops a byte-order mark (U+FEFF counts as white space), as Excel's "CSV UTF-8" writes
  const trimmed = text.trimStart();
  if (!trimmed) return { unknown: 'the file is empty' };
  const rank = rankOfName(name);
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split('\n', 1)[0];
    if (/"format"\s*:\s*"lossdbg-run"/.test(firstLine) || (rank !== undefined && /"type"\s*:\s*"(header|step)"/.test(firstLine))) {
      return { format: 'lossdbg-run', rank: rank ?? 0 };
    }
    if (name === 'trainer_state.json' || /"log_history"\s*:/.test(text)) return { format: 'hf-trainer-state' };
    if (/\.json$/i.test(name)) {
      // detectron2's metrics.json is JSON lines under a .json name: one object per line
      if (isJsonLines(trimmed, firstLine)) return { format: 'jsonl' };
      return { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' };
    }
    // one object per line vs one document
    if (/^\{.*\}\s*$/.test(firstLine.trimEnd()) || /\}\s*\n\s*\{/.test(trimmed)) return { format: 'jsonl' };
    return { format: 'jsonl' };
  }
  const header = trimmed.split(/\r?\n/, 1)[0];
  // A logging module's line has a comma or a bracket too ("2025-04-24 21:16:20,207 - INFO - ...",
  // detectron2's "[04/12 17:27:26] d2.engine.defaults INFO: ..."): say what it is, even when it
  // mentions a loss. A header with a step column is a CSV whatever its other names.
  if (TEXT_LOG_LINE.test(header) && pickStepColumn(splitHeader(header, sniffDelimiter(header))) < 0) {
    return { unknown: 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header' };
  }
  if (trimmed.startsWith('[')) return { unknown: 'a JSON array; expected JSON lines (one object per line) or a trainer_state.json' };
  const d = sniffDelimiter(header);
  if (!header.includes(d)) {
    return { unknown: 'no CSV header with a comma, semicolon or tab delimiter, no JSON lines and no TensorBoard records' };
  }
  const cols = splitHeader(header, d);
  const lower = cols.map((c) => c.toLowerCase());
  if (cols.every((c) => c !== '' && !Number.isNaN(Number(c)))) {
    return { unknown: 'a CSV without a header row (the first row is all numbers); add a header such as step,loss' };
  }
  if (lower.includes('step') && lower.includes('epoch') && (name === 'metrics.csv' || /,,|,\s*$/m.test(text))) return { format: 'lightning-csv' };
  if (name === 'metrics.csv' && lower.includes('step')) return { format: 'lightning-csv' };
  if (lower[0] === 'epoch' && !lower.includes('step') && lower.some((c) => c.endsWith('loss'))) return { format: 'keras-csv' };
  if (pickStepColumn(cols) < 0 && !lower.some((c) => c.includes('loss'))) return { unknown: 'a CSV with neither a step column nor a loss column' };
  return { format: 'csv' };
}

/**
 * Whether a `.json` file is JSON lines: its first line is a whole JSON object, and another object
 * line follows or the object has a step field (a metrics.json with one line written so far).
 */
function isJsonLines(text: string, firstLine: string): boolean {
  let first: unknown;
  try { first = parseJsonLenient(firstLine); } catch { return false; }
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return false;
  return /\n\s*\{/.test(text.trimEnd()) || pickStepColumn(Object.keys(first)) >= 0;
}

/** A header line's column names, without quotes around them and spaces. */
function splitHeader(header: string, delimiter: string): string[] {
  return header.split(delimiter).map((c) => c.replace(/^"|"$/g, '').trim());
}

/** A parser for a detected format, writing into `t`. */
export function createParser(d: Detected, t: ParseTarget): LogParser {
  switch (d.format) {
    case 'tensorboard': return new TensorBoardParser(t);
    case 'lossdbg-run': return new RunJsonlParser(t, d.rank ?? 0);
    case 'hf-trainer-state': return new TrainerStateParser(t);
    case 'jsonl': return new GenericJsonlParser(t);
    case 'lightning-csv': case 'keras-csv': case 'csv': return new CsvParser(t);
  }
}
