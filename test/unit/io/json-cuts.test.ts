/**
 * A case file cut off at every byte: always "unexpected end of file" at the end of what is there (line
 * and column in characters), never another message, a crash or a case — also inside NaN, Infinity and
 * -Infinity, inside multi-byte characters and inside a `meta` value skipped unparsed (over 1 MiB).
 * And the line count after a skipped value, and row depths named in the singular.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { caseFromObject, parseCase } from '../../../src/io';
import { MAX_VALUE_BYTES } from '../../../src/io/limits';
import { errorMessage } from './error-message';

const EOF = 'unexpected end of file: the file looks truncated (check that the whole file was written (e.g. the writing process finished and flushed))';

const CASE = {
  loss: { type: 'BCEWithLogitsLoss', pos_weight: [2.5, -1e3] },
  input: [[0.5, -1.25e-2], ['NaN', '-Infinity']],
  target: [[1, 0], [1e-1, 0]],
  meta: { big: [[1, 'a"b]\\é'], { k: [] }], n: null, t: true, f: false, s: 'éx한', x: 'NaN', y: '-Infinity', z: 'Infinity' },
  history: { train: [1.5, 2, 'NaN'] },
};
/** JSON with NaN and ±Infinity as bare words (as PyTorch dumps write them). */
const text = (indent?: number): string => JSON.stringify(CASE, null, indent).replace(/"(NaN|-?Infinity)"/g, '$1');

/** Where the end of `bytes` is: line, and column in characters. */
function endOf(bytes: Uint8Array): string {
  let line = 1, column = 1;
  for (const b of bytes) {
    if (b === 0x0a) { line++; column = 1; } else if ((b & 0xc0) !== 0x80) column++;
  }
  return `${line}:${column}`;
}

for (const indent of [undefined, 2]) {
  test(`a case cut at every byte is "unexpected end of file" at its end (${indent ? 'indented' : 'one line'})`, () => {
    const full = new TextEncoder().encode(text(indent));
    assert.equal(parseCase(full).input.data.length, 4);
    for (let i = 1; i < full.length; i++) {
      const cut = full.subarray(0, i);
      const m = errorMessage(() => parseCase(cut, { file: 'c.json' }));
      const at = endOf(cut);
      assert.ok(m.startsWith(`c.json:${at}: `) && m.endsWith(EOF), `cut at ${i} (${JSON.stringify(new TextDecoder().decode(cut).slice(-12))}): ${m}`);
    }
  });
}

test('NaN and ±Infinity cut off are the end of the file; misspelt they are not', () => {
  for (const src of ['[Na', '[-Inf', '[1, I', '[N', '[-I', '[-Infinit', '[NaN, Infinit']) {
    assert.equal(errorMessage(() => parseCase(`{"loss": "MSELoss", "input": ${src}`)), `line 1:${30 + src.length}: input[${src.includes(',') ? 1 : 0}]: ${EOF}`, src);
  }
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [Nab], "target": [1]}')),
    'line 1:31: input[0]: expected a value but found a character that cannot start a JSON value');
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [-Inf, 1], "target": [1]}')),
    'line 1:31: input[0]: expected a value but found a number');
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"a": Na}}')),
    'line 1:64: meta.a: expected a value but found a character that cannot start a JSON value');
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"a": In')), `line 1:66: meta.a: ${EOF}`);
});

test('a meta value over the size cap is skipped: cut inside it is the end of the file; lines after it still count', () => {
  const big = `[${'[1, "x]"], '.repeat(Math.ceil(MAX_VALUE_BYTES / 11))}{"s": "a\\"]}"}]`;
  assert.ok(big.length > MAX_VALUE_BYTES);
  const head = '{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"big": ';
  // the skipped value ends right before a line break; the error two lines later has the right line
  assert.equal(errorMessage(() => parseCase(`${head}${big}\n,\n "x": oops}}`, { file: 'm.json' })),
    'm.json:3:7: meta.x: expected a value but found a character that cannot start a JSON value');
  assert.equal(errorMessage(() => parseCase(`${head}${big}\n}\n, "x"}`, { file: 'm.json' })),
    'm.json:3:6: x: expected \':\' after the key but found \'}\'');
  for (const cut of [big.length - 1, big.length - 4, big.length - 9, MAX_VALUE_BYTES + 3]) {
    const m = errorMessage(() => parseCase(`${head}${big.slice(0, cut)}`, { file: 'm.json' }));
    assert.ok(m.startsWith(`m.json:1:${head.length + cut + 1}: meta.big: `) && m.endsWith(EOF), `${cut}: ${m}`);
  }
  // a meta value scanned (not parsed) with non-ASCII text before its error: columns in characters
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"a": ["é한", }]}}')),
    'line 1:71: meta.a: unbalanced \'}\'');
  const c = parseCase(`${head}${big}}}`);
  assert.deepEqual(Object.keys(c.meta), []);
});

test('a row deeper than the first names the depth in the singular for one level', () => {
  for (const [input, msg] of [
    ['[1, [2]]', 'line 1:34: input[1]: expected a number but found an array (the first row nests 1 level deep) (every row of a tensor must have the same depth)'],
    ['[1, []]', 'line 1:34: input[1]: expected a number but found an array (the first row nests 1 level deep) (every row of a tensor must have the same depth)'],
    ['[[1], 2]', 'line 1:36: input[1]: expected an array but found the number 2 (the first row nests 2 levels deep) (every row of a tensor must have the same depth)'],
    ['[[[1]], [2]]', 'line 1:39: input[1][0]: expected an array but found the number 2 (the first row nests 3 levels deep) (every row of a tensor must have the same depth)'],
  ]) {
    assert.equal(errorMessage(() => parseCase(`{"loss": "MSELoss", "input": ${input}, "target": [1]}`)), msg, input);
  }
  assert.equal(errorMessage(() => caseFromObject({ loss: 'MSELoss', input: [1, [2]], target: [1] })),
    'input[1]: expected a number but found an array (the first row nests 1 level deep) (every row of a tensor must have the same depth)');
  assert.equal(errorMessage(() => caseFromObject({ loss: 'MSELoss', input: [[1], 2], target: [1] })),
    'input[1]: expected an array but found the number 2 (the first row nests 2 levels deep) (every row of a tensor must have the same depth)');
  assert.ok(new LossDebuggerError('shape', 'x') instanceof Error);
});

test('spans count columns in characters after non-ASCII text on the same line, and bytes as bytes', () => {
  const c = parseCase('{"meta": {"k": "éé한"}, "input": [1], "target": [2],\n "loss": "MSELoss"}');
  const at = (k: string): number[] => [c.spans[k].line, c.spans[k].column, c.spans[k].start, c.spans[k].end];
  assert.deepEqual(at('meta.k'), [1, 16, 15, 24]);
  assert.deepEqual(at('input'), [1, 33, 36, 39]);
  assert.deepEqual(at('target'), [1, 48, 51, 54]);
  assert.deepEqual(at('loss'), [2, 10, 65, 74]);
});

test('a skipped meta value ends where its brackets close, whatever brackets and quotes its strings hold', () => {
  const filler = '1, '.repeat(Math.ceil(MAX_VALUE_BYTES / 3));
  for (const s of ['"]]]]"', '"[[[["', '"\\"]"', '"a\\\\"']) {
    const c = parseCase(`{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"big": [${s}, ${filler}2], "n": 3}}`);
    assert.deepEqual(c.meta, { n: 3 }, s);
  }
});
