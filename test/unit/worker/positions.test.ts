import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightEnd, MAX_RANGE_BYTES, offsetsToPositions, spansToRanges } from '../../../src/worker/positions';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('byte offsets become 0-based lines and UTF-16 characters', () => {
  const s = 'ab\ncé😀x\r\ny\rz';
  const b = enc(s);
  // byte offsets of 'x' (after c, é (2 bytes), 😀 (4 bytes)), 'y', 'z'
  const xByte = b.indexOf('x'.charCodeAt(0));
  const pos = offsetsToPositions(b, [0, 3, xByte, b.indexOf(0x79), b.indexOf(0x7a)]);
  assert.deepEqual(pos, [
    { line: 0, character: 0 },
    { line: 1, character: 0 },
    { line: 1, character: 'cé😀'.length }, // 4 UTF-16 units
    { line: 2, character: 0 },
    { line: 3, character: 0 },
  ]);
});

test('offsets in any order, clamped to the buffer', () => {
  const b = enc('{\n  "loss": 1\n}');
  const pos = offsetsToPositions(b, [b.length + 10, 4, 0]);
  assert.deepEqual(pos, [{ line: 2, character: 1 }, { line: 1, character: 2 }, { line: 0, character: 0 }]);
});

test('short values are highlighted whole, long ones on their first line only', () => {
  const short = enc('{"input": [1, 2]}');
  assert.equal(highlightEnd(short, 10, 16), 16);
  const long = enc('{"input": [1,\n' + '2,\n'.repeat(2000) + '3]}');
  assert.equal(highlightEnd(long, 10, long.length - 1), 13);
  const oneLine = enc('[' + '1,'.repeat(3000) + '1]');
  assert.equal(highlightEnd(oneLine, 0, oneLine.length), MAX_RANGE_BYTES);
  const [r] = spansToRanges(long, [{ start: 10, end: long.length - 1 }]);
  assert.deepEqual(r, { start: { line: 0, character: 10 }, end: { line: 0, character: 13 } });
});
