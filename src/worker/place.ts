/**
 * Places findings on the case file for the Problems panel: each finding's JSON field → a text range
 * (0-based line, UTF-16 character), reading only the prefix of the file the spans need.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { spanOf } from '../io/spans';
import type { Finding, LossCase, SourceSpan, TextRange } from '../shapes/index';
import { MAX_RANGE_BYTES, spansToRanges } from './positions';

/** The first bytes of a file (enough to place diagnostics on spans that end before `upTo`). */
function readPrefix(file: string, upTo: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(upTo);
    let got = 0;
    while (got < upTo) {
      const n = readSync(fd, buf, got, upTo - got, null);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const TOP: TextRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** Per finding (same order) its range in `file`, and the range of the `loss` value; top of file when unknown. */
export function placeFindings(c: LossCase, findings: readonly Finding[], file: string | undefined, text?: string): { ranges: TextRange[]; lossRange?: TextRange } {
  const spans = c.spans ?? {};
  const wanted: SourceSpan[] = findings.map((f) => spanOf(spans, f.field, false) ?? { line: 1, column: 1, start: 0, end: 1 });
  const lossSpan = spans.loss;
  if (lossSpan) wanted.push(lossSpan);
  let ranges: TextRange[] = wanted.map(() => TOP);
  if (file && Object.keys(spans).length > 0) {
    try {
      const upTo = Math.max(1, ...wanted.map((s) => Math.min(s.end, s.start + MAX_RANGE_BYTES))) + 1;
      ranges = spansToRanges(text !== undefined ? Buffer.from(text, 'utf8').subarray(0, upTo) : readPrefix(file, upTo), wanted);
    } catch {
      // The file vanished since it was loaded: keep the top-of-file ranges.
    }
  }
  const out: { ranges: TextRange[]; lossRange?: TextRange } = { ranges: ranges.slice(0, findings.length) };
  if (lossSpan) out.lossRange = ranges[ranges.length - 1];
  return out;
}
