/**
 * Behaviour of the readers pinned word for word and on both sides of each edge: messages with their
 * hints and codes, the order-independence of checks, and what each reader returns just inside a limit.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { joinPath, listSafetensors, parseCase, readSafetensorsHeader } from '../../../src/io';
import { kindOf } from '../../../src/io/case-context';
import { NpyRows } from '../../../src/io/npy-rows';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-pinned-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** [code, detail, hint, file] of the LossDebuggerError `f` throws. */
function refusal(f: () => unknown): [string, string, string | undefined, string | undefined] {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, String(e));
    return [e.code, e.detail, e.hint, e.where.file];
  }
  assert.fail('no error');
}

/** A .safetensors file from a header object and data bytes. */
function st(header: unknown, data: Uint8Array): Uint8Array {
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + hb.length + data.length);
  new DataView(out.buffer).setUint32(0, hb.length, true);
  out.set(hb, 8);
  out.set(data, 8 + hb.length);
  return out;
}

test('.safetensors: an empty tensor where another one begins does not overlap it, in either header order (as safetensors itself reads it)', () => {
  const u8 = (b: number, e: number): Record<string, unknown> => ({ dtype: 'U8', shape: [e - b], data_offsets: [b, e] });
  // the reference reader sorts by (begin, end): [4, 4] then [4, 8]
  for (const order of [['a', 'c', 'b'], ['a', 'b', 'c'], ['b', 'c', 'a']]) {
    const all: Record<string, Record<string, unknown>> = { a: u8(0, 4), b: u8(4, 4), c: u8(4, 8) };
    const h = readSafetensorsHeader(st(Object.fromEntries(order.map((k) => [k, all[k]])), new Uint8Array(8)), 'x.safetensors');
    assert.deepEqual(h.map((e) => e.name), order);
    assert.deepEqual(h.map((e) => e.end - e.begin), order.map((k) => (k === 'b' ? 0 : 4)));
  }
  // an empty tensor strictly inside another one's bytes still overlaps it
  const inside = st({ a: u8(0, 4), b: u8(2, 2) }, new Uint8Array(4));
  const AGAIN = 'the file is truncated or corrupt; write it again with safetensors.torch.save_file';
  assert.deepEqual(refusal(() => readSafetensorsHeader(inside, 'x.safetensors')),
    ['format', 'bad .safetensors file: tensors #1 and #2 of the header have overlapping data_offsets', AGAIN, 'x.safetensors']);
});

/** A .npy 2.0 file whose header (padded with spaces) is `headerLen` bytes, then `data`. */
function npy2(headerLen: number, data: Uint8Array): Buffer {
  const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  const header = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, headerLen & 0xff, (headerLen >> 8) & 0xff, (headerLen >> 16) & 0xff, headerLen >>> 24]);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data)]);
}

test('.npy read in chunks: a header longer than the 1 MiB read for it says so (not that the file ended)', () => {
  const data = new Uint8Array(Float32Array.of(1.5, -2).buffer);
  // 1 MiB − 12 bytes of header: the whole header is within the bytes read
  const justIn = join(dir, 'in.npy');
  writeFileSync(justIn, npy2((1 << 20) - 12, data));
  const r = new NpyRows(justIn);
  try {
    assert.deepEqual([r.shape, r.dtype, Array.from(r.readRows(0, 2))], [[2], 'float32', [1.5, -2]]);
  } finally {
    r.close();
  }
  // one byte more: the file holds it, the 1 MiB read does not
  const past = join(dir, 'past.npy');
  writeFileSync(past, npy2((1 << 20) - 11, data));
  assert.deepEqual(refusal(() => new NpyRows(past)),
    ['format', `.npy header of ${(1 << 20) - 11} bytes is longer than the ${(1 << 20) - 12} bytes read for it`,
      'numpy.save writes headers of a few hundred bytes; write the file again with numpy.save', past]);
  // a header length past the end of a large file: the number of bytes that really follow the signature
  const cut = join(dir, 'cut.npy');
  const whole = npy2((1 << 20) + 100, data);
  whole.writeUInt32LE((1 << 20) + 200, 8);
  writeFileSync(cut, whole);
  assert.deepEqual(refusal(() => new NpyRows(cut)),
    ['format', `.npy header length runs past the end of the file (${(1 << 20) + 108} bytes follow the signature)`,
      'the file is truncated or corrupt; write it again with numpy.save', cut]);
});

test('a string quoted back as what was found shows control characters and bidi overrides as escapes, never raw', () => {
  // C0 as JSON escapes, C1 and the bidi overrides (which reorder a terminal line) as \x / \u escapes
  assert.equal(kindOf('a\nb\u0085c\u202ed\u2066e'), 'a string "a\\nb\\x85c\\u202ed\\u2066e"');
  const c = '{"loss": {"type": "MSELoss", "reduction": "me\u202ean"}, "input": [1], "target": [1]}';
  assert.deepEqual(refusal(() => parseCase(c, { file: 'c.json' })),
    ['value', "reduction must be one of 'none', 'mean', 'sum', found a string \"me\\u202ean\" (did you mean 'mean'?)", undefined, 'c.json']);
});

test('a JSON path through a key that is not an identifier quotes it with its control characters escaped', () => {
  assert.equal(joinPath('', 'input'), 'input');
  assert.equal(joinPath('meta', 'x y'), 'meta["x y"]');
  assert.equal(joinPath('meta', 3), 'meta[3]');
  assert.equal(joinPath('', 'x\u202ey'), '["x\\u202ey"]');
  assert.equal(joinPath('loss', 'a\u0085\n'), 'loss["a\\x85\\n"]');
  // in a message: the path as written, never the raw override that would reorder the terminal line
  const e = refusal(() => parseCase('{"loss": "MSELoss", "input": [1], "target": [1], "x\u202ey": 1}'));
  assert.equal(e[1], "unknown field 'x\\u202ey'");
  try {
    parseCase('{"loss": {"type": "MSELoss", "r\u2066": 1}, "input": [1], "target": [1]}');
    assert.fail('no error');
  } catch (err) {
    assert.ok(err instanceof LossDebuggerError);
    assert.equal(err.where.path, 'loss["r\\u2066"]');
    assert.equal(err.message, "line 1:36: loss[\"r\\u2066\"]: MSELoss has no argument 'r\\u2066' (MSELoss takes: reduction)");
  }
});

test('listing a .safetensors file: a folder or a device is refused by name (no system error, no blocking open)', () => {
  const AS_FILE = 'save the data to a file first';
  assert.deepEqual(refusal(() => listSafetensors(dir)), ['file', `.safetensors file ${dir} is a directory, not a file`, undefined, dir]);
  assert.deepEqual(refusal(() => listSafetensors('/dev/null')),
    ['file', '.safetensors file /dev/null is not a regular file (a device, pipe or socket)', AS_FILE, '/dev/null']);
  const missing = join(dir, 'none.safetensors');
  assert.deepEqual(refusal(() => listSafetensors(missing)),
    ['file', `.safetensors file not found: ${missing}`, "paths in a loss case are relative to the case file's folder", missing]);
  // a real one: names, dtypes and shapes in data order, whatever the header order
  const file = join(dir, 'two.safetensors');
  writeFileSync(file, st({ b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, a: { dtype: 'I64', shape: [], data_offsets: [8, 16] }, c: { dtype: 'U8', shape: [2, 2], data_offsets: [0, 4] } }, new Uint8Array(16)));
  assert.deepEqual(listSafetensors(file), [
    { name: 'c', dtype: 'uint8', shape: [2, 2] }, { name: 'b', dtype: 'float32', shape: [1] }, { name: 'a', dtype: 'int64', shape: [] },
  ]);
});
