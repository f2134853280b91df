/**
 * The parser's and loader's limits, each on its edge: JSON nesting of exactly 1000 levels (arrays,
 * objects, a meta value, a skipped meta value over 1 MB) loads and 1001 is refused; a tensor of
 * exactly 64 dimensions loads and 65 is refused; paths in messages are cut past 100 characters; an
 * input .npy is streamed only when it is larger than the size limit (or when asked).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCaseFile, parseCase } from '../../../src/io';
import { parseJson, shortPath } from '../../../src/io/json';
import { loadDeferred } from '../../../src/io/npy-rows';
import { errorMessage } from './error-message';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEEP = 'nesting deeper than 1000 levels (a loss case never needs this much nesting; the file is probably generated wrongly)';

test('JSON nesting: 1000 levels of arrays or objects parse, 1001 are refused where the 1001st opens', () => {
  assert.ok(Array.isArray(parseJson('['.repeat(1000) + ']'.repeat(1000))));
  assert.equal(errorMessage(() => parseJson('['.repeat(1001) + ']'.repeat(1001))), `line 1:1001: ${shortPath('[0]'.repeat(1000))}: ${DEEP}`);
  assert.equal(typeof parseJson('{"a":'.repeat(1000) + '1' + '}'.repeat(1000)), 'object');
  assert.equal(errorMessage(() => parseJson('{"a":'.repeat(1001) + '1' + '}'.repeat(1001))), `line 1:5001: ${shortPath(Array(1000).fill('a').join('.'))}: ${DEEP}`);
});

test('a meta value counts its own levels: 2 + 998 load, 2 + 999 do not; a skipped value (over 1 MB) allows 1000 of its own', () => {
  const meta = (v: string): string => `{"loss": "MSELoss", "input": [1], "target": [1], "meta": {"x": ${v}}}`;
  assert.ok(Array.isArray(parseCase(meta('['.repeat(998) + ']'.repeat(998))).meta.x));
  assert.equal(errorMessage(() => parseCase(meta('['.repeat(999) + ']'.repeat(999)))), `line 1:1062: ${shortPath(`meta.x${'[0]'.repeat(999)}`)}: ${DEEP}`);
  const pad = ' '.repeat(1_100_000);
  assert.equal(parseCase(meta('['.repeat(1000) + pad + ']'.repeat(1000))).meta.x, undefined, 'skipped, not built');
  assert.equal(errorMessage(() => parseCase(meta('['.repeat(1001) + pad + ']'.repeat(1001)))), `line 1:64: meta.x: ${DEEP}`);
});

test('a tensor of 64 dimensions loads, 65 are refused at the 65th bracket', () => {
  const c = (d: number): string => `{"loss": "MSELoss", "input": ${'['.repeat(d)}1${']'.repeat(d)}, "target": 1}`;
  assert.deepEqual(parseCase(c(64)).input.shape, Array(64).fill(1));
  assert.equal(errorMessage(() => parseCase(c(65))), `line 1:94: ${shortPath(`input${'[0]'.repeat(64)}`)}: array nests more than 64 levels deep; that is not a tensor`);
});

test('paths in messages: up to 100 characters whole, longer ones cut in the middle', () => {
  assert.equal(shortPath('a'.repeat(100)), 'a'.repeat(100));
  assert.equal(shortPath(`${'a'.repeat(50)}b${'c'.repeat(50)}`), `${'a'.repeat(50)}...${'c'.repeat(30)}`);
  assert.equal(shortPath(''), '');
});

test('an input .npy is left on disk when larger than the limit (or when asked), read whole when exactly at it', () => {
  let h = "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }";
  while ((10 + h.length + 1) % 64) h += ' ';
  h += '\n';
  const bytes = new Uint8Array(10 + h.length + 64);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
  bytes.set(new TextEncoder().encode(h), 10);
  bytes.set(new Uint8Array(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8).buffer), 10 + h.length);
  writeFileSync(join(dir, 'x.npy'), bytes);
  const file = join(dir, 'case.json');
  writeFileSync(file, JSON.stringify({ loss: 'MSELoss', input: { npy: 'x.npy' }, target: { shape: [4, 2], data: [0, 0, 0, 0, 0, 0, 0, 0] } }));
  const size = statSync(join(dir, 'x.npy')).size;
  const load = (max: number, force: boolean): ReturnType<typeof loadDeferred> => loadDeferred((deferInput) => loadCaseFile(file, { deferInput }), max, force);
  const whole = load(size, false);
  assert.equal(whole.reader, undefined);
  assert.deepEqual(Array.from(whole.c.input.data), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const [max, force] of [[size - 1, false], [size, true]] as const) {
    const d = load(max, force);
    try {
      assert.ok(d.reader, `${max} ${force}`);
      assert.equal(d.size, size);
      assert.deepEqual([d.c.input.shape, d.c.input.data.length], [[4, 2], 0]);
      assert.deepEqual(Array.from(d.reader.readRows(3, 1)), [7, 8]);
    } finally {
      d.reader?.close();
    }
  }
});
