/**
 * Terminal text (src/cli/text.ts): wide characters (Hangul, CJK, full-width forms) take two cells,
 * exactly inside each range and not one code point outside it; padding counts cells; the counts
 * line and option blocks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, findingCounts, option, padEndW, padStartW, severityWord } from '../../../src/cli/text';

const RANGES: Array<[number, number, string]> = [
  [0x1100, 0x115f, 'Hangul Jamo leading consonants'],
  [0x2e80, 0xa4cf, 'CJK radicals … Yi'],
  [0xac00, 0xd7a3, 'Hangul syllables'],
  [0xf900, 0xfaff, 'CJK compatibility ideographs'],
  [0xfe30, 0xfe4f, 'CJK compatibility forms'],
  [0xff00, 0xff60, 'full-width forms'],
  [0xffe0, 0xffe6, 'full-width signs'],
];

test('displayWidth: two cells from the first to the last code point of each wide range, one just outside', () => {
  for (const [lo, hi, what] of RANGES) {
    assert.equal(displayWidth(String.fromCodePoint(lo)), 2, `${what}: U+${lo.toString(16)}`);
    assert.equal(displayWidth(String.fromCodePoint(hi)), 2, `${what}: U+${hi.toString(16)}`);
    assert.equal(displayWidth(String.fromCodePoint(lo - 1)), 1, `${what}: U+${(lo - 1).toString(16)}`);
    assert.equal(displayWidth(String.fromCodePoint(hi + 1)), 1, `${what}: U+${(hi + 1).toString(16)}`);
  }
  assert.equal(displayWidth('손실 loss'), 9);
  assert.equal(displayWidth(''), 0);
  assert.equal(displayWidth('😀'), 1, 'one code point (a surrogate pair) is one character');
});

test('padEndW / padStartW pad to a width in cells, never cut', () => {
  assert.equal(padEndW('경고', 7), '경고   ');
  assert.equal(padStartW('경고', 7), '   경고');
  assert.equal(padEndW('warning', 7), 'warning');
  assert.equal(padEndW('warnings!', 7), 'warnings!');
  assert.equal(padStartW('warnings!', 7), 'warnings!');
});

test('severity words, the closing count (one finding and several), option lines', () => {
  assert.deepEqual((['error', 'warning', 'info'] as const).map(severityWord), ['error', 'warning', 'info']);
  assert.equal(findingCounts(1, 1, 0, 0), '1 finding: 1 error, 0 warning, 0 info');
  assert.equal(findingCounts(0, 0, 0, 0), '0 findings: 0 error, 0 warning, 0 info');
  assert.equal(findingCounts(3, 0, 2, 1), '3 findings: 0 error, 2 warning, 1 info');
  assert.equal(option('  --x  ', 'first\nsecond'), '  --x  first\n       second\n');
  assert.equal(option('  --y ', 'one line'), '  --y one line\n');
});
