/**
 * Byte offsets of a UTF-8 file → editor positions (0-based line, UTF-16 character), as VS Code
 * counts them. Pure; used by the worker to place diagnostics without the host reading the file.
 */
import type { TextPos, TextRange } from '../shapes/index';

/**
 * Positions of the given byte offsets, in one pass that stops at the largest offset.
 * Line breaks are `\n`, `\r\n` and a lone `\r` (like VS Code). An offset inside a multi-byte
 * character maps to the character's start.
 */
export function offsetsToPositions(bytes: Uint8Array, offsets: readonly number[]): TextPos[] {
  const order = offsets.map((o, i) => ({ o: Math.max(0, Math.min(o, bytes.length)), i })).sort((a, b) => a.o - b.o);
  const out: TextPos[] = new Array<TextPos>(offsets.length);
  let line = 0;
  let ch = 0;
  let pos = 0;
  for (const { o, i } of order) {
    while (pos < o) {
      const b = bytes[pos];
      if (b === 0x0a) {
        line++;
        ch = 0;
      } else if (b === 0x0d) {
        if (bytes[pos + 1] !== 0x0a) {
          line++;
          ch = 0;
        }
      } else if (b < 0x80 || b >= 0xc0) {
        // Lead byte (continuation bytes 0x80..0xBF add nothing); 4-byte sequences are surrogate pairs.
        ch += b >= 0xf0 ? 2 : 1;
      }
      pos++;
    }
    out[i] = { line, character: ch };
  }
  return out;
}

/** Longest stretch (bytes) of a value we underline; bigger values get their first line only. */
export const MAX_RANGE_BYTES = 2048;

/**
 * Where to end the highlight of a value spanning [start, end): the whole value when it is short,
 * otherwise the end of its first line (capped at MAX_RANGE_BYTES).
 */
export function highlightEnd(bytes: Uint8Array, start: number, end: number): number {
  if (end - start <= MAX_RANGE_BYTES) return end;
  const cap = Math.min(end, start + MAX_RANGE_BYTES);
  for (let p = start; p < cap; p++) {
    const b = bytes[p];
    if (b === 0x0a || b === 0x0d) return p;
  }
  let p = cap;
  while (p > start && (bytes[p] & 0xc0) === 0x80) p--; // not inside a multi-byte character
  return p;
}

/** Ranges of several byte spans, computed in one pass. */
export function spansToRanges(bytes: Uint8Array, spans: ReadonlyArray<{ start: number; end: number }>): TextRange[] {
  const offsets: number[] = [];
  for (const s of spans) offsets.push(s.start, highlightEnd(bytes, s.start, s.end));
  const pos = offsetsToPositions(bytes, offsets);
  return spans.map((_, k) => ({ start: pos[2 * k], end: pos[2 * k + 1] }));
}
