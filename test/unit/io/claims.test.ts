/**
 * Dimension claims versus data, for every tensor form: a shape may only size what the data holds.
 * An empty tensor claiming a huge class dimension, or a side file whose float64 copy would not fit
 * the memory budget, is refused up front with a clear error (never minutes of work at gigabytes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LossDebuggerError } from '../../../src/errors';
import { loadCaseFile, parseCase } from '../../../src/io';
import { MAX_EMPTY_DIM } from '../../../src/io/limits';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-claims-'));

function npy(shape: number[], dtype: '<f4' | '|u1' | '<i8', data: Uint8Array): Buffer {
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data)]);
}

function safetensors(name: string, shape: number[], dtype: 'F32' | 'U8', nbytes: number): Buffer {
  const h = Buffer.from(JSON.stringify({ [name]: { dtype, shape, data_offsets: [0, nbytes] } }));
  const len = Buffer.alloc(8);
  len.writeUInt32LE(h.length, 0);
  return Buffer.concat([len, h, Buffer.alloc(nbytes)]);
}

function refuse(f: () => unknown, re: RegExp): void {
  const t0 = Date.now();
  let e: unknown;
  try { f(); } catch (x) { e = x; }
  assert.ok(e instanceof LossDebuggerError, `expected a LossDebuggerError, got ${String(e)}`);
  assert.match(e.message, re);
  assert.ok(Date.now() - t0 < 2000, 'refused up front');
}

const HUGE = fc.integer({ min: MAX_EMPTY_DIM + 1, max: 2 ** 40 });

test('{shape, data}: an empty tensor may not claim a huge dimension (any position, any loss)', () => {
  fc.assert(fc.property(HUGE, fc.integer({ min: 0, max: 2 }), fc.constantFrom('CrossEntropyLoss', 'BCEWithLogitsLoss', 'MSELoss', 'KLDivLoss'), (big, pos, loss) => {
    const shape = [0, 3, 3];
    shape[pos === 0 ? 1 : pos] = big;
    const c = JSON.stringify({ loss, input: { shape, data: [] }, target: { shape: loss === 'CrossEntropyLoss' ? [0, 3] : shape, data: [] } });
    refuse(() => parseCase(c), /holds no values but claims a dimension/);
  }), { numRuns: 25 });
});

test('nested arrays cannot over-claim: their shape is their data', () => {
  const c = parseCase(JSON.stringify({ loss: 'CrossEntropyLoss', input: [[1, 2, 3]], target: [0] }));
  assert.deepEqual(c.input.shape, [1, 3]);
});

test('.npy side files: an empty array with a huge dimension is refused from its header', () => {
  for (const big of [MAX_EMPTY_DIM + 1, 100_000_000]) {
    writeFileSync(join(dir, 'empty.npy'), npy([0, big], '<f4', new Uint8Array(0)));
    writeFileSync(join(dir, 'tgt.npy'), npy([0], '<f4', new Uint8Array(0)));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'empty.npy' }, target: { npy: 'tgt.npy' } }));
    refuse(() => loadCaseFile(join(dir, 'c.json')), /holds no values but claims a dimension/);
  }
});

test('.safetensors side files: the same claim is refused from the header', () => {
  writeFileSync(join(dir, 'e.safetensors'), safetensors('x', [0, 50_000_000], 'F32', 0));
  writeFileSync(join(dir, 'd.json'), JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { safetensors: 'e.safetensors' }, target: { safetensors: 'e.safetensors' } }));
  refuse(() => loadCaseFile(join(dir, 'd.json')), /holds no values but claims a dimension/);
});

test('a small uint8 file whose float64 working set exceeds the budget is refused before decoding', () => {
  const n = 4_000_000; // 4 MB of uint8 -> 32 MB per float64 copy
  writeFileSync(join(dir, 'u8.npy'), npy([n], '|u1', new Uint8Array(n)));
  writeFileSync(join(dir, 'u.json'), JSON.stringify({ loss: 'MSELoss', input: { npy: 'u8.npy' }, target: { npy: 'u8.npy' } }));
  refuse(() => loadCaseFile(join(dir, 'u.json'), { maxMemoryBytes: 64 * 1024 * 1024 }), /needs about \d+ MB of memory .* more than the 64 MB budget.*--max-memory/);
  // within the default budget it loads
  const c = loadCaseFile(join(dir, 'u.json'));
  assert.equal(c.input.data.length, n);
  assert.deepEqual(c.sideFiles, [realpathSync(join(dir, 'u8.npy'))]);
});

test('a float32 CrossEntropyLoss case over the old 32 B/element estimate loads for inspect and is refused where a gradient is computed', () => {
  const rows = 1000, C = 1000; // 4 MB of logits; the old estimate said 32 MB
  const logits = new Float32Array(rows * C).map((_, i) => ((i * 7919) % 101) / 10);
  const target = new Uint8Array(8 * rows); // int64 zeros
  writeFileSync(join(dir, 'lm-logits.npy'), npy([rows, C], '<f4', new Uint8Array(logits.buffer)));
  writeFileSync(join(dir, 'lm-target.npy'), npy([rows], '<i8', target));
  writeFileSync(join(dir, 'lm.json'), JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'lm-logits.npy' }, target: { npy: 'lm-target.npy' } }));
  const budget = 8 * 1024 * 1024;
  const c = loadCaseFile(join(dir, 'lm.json'), { maxMemoryBytes: budget });
  assert.equal(c.input.data.length, rows * C);
  assert.ok(c.input.data instanceof Float32Array);
  refuse(() => loadCaseFile(join(dir, 'lm.json'), { maxMemoryBytes: budget, work: 'gradient' }), /needs about 11\.5 MB of memory .* more than the 8 MB budget/);
});

test('consistent shapes still load in every form', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), (n, k) => {
    const data = Array.from({ length: n * k }, (_, i) => (i % 7) / 7);
    const c = parseCase(JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { shape: [n, k], data }, target: { shape: [n, k], data } }));
    assert.deepEqual(c.input.shape, [n, k]);
  }), { numRuns: 20 });
});

test('unknown meta values past 1 MB are skipped unparsed; small ones are kept; __proto__ stays a key', () => {
  const big = `[${'{},'.repeat(400_000)}{}]`;
  const c = parseCase(`{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"junk": ${big}, "note": "kept", "__proto__": {"pad_token_id": "x"}}}`);
  assert.equal(Object.hasOwn(c.meta, 'junk'), false);
  assert.equal(c.meta.note, 'kept');
  assert.equal(Object.getPrototypeOf(c.meta), Object.prototype);
  assert.equal(c.meta.pad_token_id, undefined);
  assert.deepEqual(Object.getOwnPropertyDescriptor(c.meta, '__proto__')?.value, { pad_token_id: 'x' });
  // line numbers after a skipped value stay right
  let e: unknown;
  try { parseCase(`{"meta": {"junk": ${big.replace(/\{\},/g, '{},\n')}},\n"loss": "Nope", "input": [1], "target": [1]}`); } catch (x) { e = x; }
  assert.ok(e instanceof LossDebuggerError);
  assert.match(e.message, /line 400002:9: loss: unknown loss type 'Nope'/);
});

test('loss arguments are looked up as own properties only', () => {
  for (const k of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    refuse(() => parseCase(`{"loss": {"type": "CrossEntropyLoss", "${k}": 1}, "input": [[1, 2]], "target": [0]}`), new RegExp(`has no argument '${k}'`));
  }
});

test('long user text is cut in messages (a 2 MB loss name is not echoed)', () => {
  const name = 'CrossEntropyLos'.repeat(140_000);
  refuse(() => parseCase(`{"loss": "${name}", "input": [1.0], "target": [1.0]}`), /unknown loss type 'C.{79}… \(2100000 characters\)'/);
});
