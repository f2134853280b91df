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
import { caseFromObject, joinPath, listSafetensors, parseCase, readNpy, readSafetensors, readSafetensorsHeader } from '../../../src/io';
import { kindOf } from '../../../src/io/case-context';
import { JsonParser, parseJson, parseJsonWithSpans } from '../../../src/io/json';
import { MAX_VALUE_BYTES } from '../../../src/io/limits';
import { errorMessage } from './error-message';
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

const TRUNCATED = 'unexpected end of file: the file looks truncated';
const FLUSH = 'check that the whole file was written (e.g. the writing process finished and flushed)';

test('a tensor cut off inside true/false/null is a truncated file; a wrong word (complete, or at the end) is named', () => {
  const c = (tail: string): string => `{"loss": "MSELoss", "target": [1], "input": [1, ${tail}`;
  const at = (tail: string): [string, string, string | undefined, string | undefined] => refusal(() => parseCase(c(tail), { file: 'c.json' }));
  for (const tail of ['t', 'tru', 'f', 'fal', 'fals', 'n', 'nul']) assert.deepEqual(at(tail), ['syntax', TRUNCATED, FLUSH, 'c.json'], tail);
  assert.deepEqual(at('null'), ['structure', 'expected a number, found null', 'use NaN for a missing value', 'c.json']);
  assert.deepEqual(at('nulx'), ['structure', "expected a number, found 'n'", 'use NaN for a missing value', 'c.json']);
  assert.deepEqual(at('falsy'), ['structure', "expected a number, found 'f'", undefined, 'c.json']);
  assert.deepEqual(at('x'), ['structure', "expected a number, found 'x'", undefined, 'c.json']);
  assert.deepEqual(at('xyzw'), ['structure', "expected a number, found 'x'", undefined, 'c.json']);
  assert.deepEqual(at('"a'), ['structure', 'expected a number, found a string "a..."', 'tensor values must be numbers, not strings', 'c.json']);
  // the position: the value for a wrong word, the end of the file for a cut one
  assert.match(errorMessage(() => parseCase(c('x'), { file: 'c.json' })), /^c\.json:1:49: input\[1\]: /);
  assert.match(errorMessage(() => parseCase(c('fals'), { file: 'c.json' })), /^c\.json:1:53: input\[1\]: /);
});

test('JsonParser.lineCol: line and column of any offset, past newlines not yet parsed and in characters after non-ASCII text', () => {
  const p = new JsonParser('ab\ncd\n\nef');
  assert.deepEqual([0, 2, 3, 4, 6, 7, 8, 9].map((o) => p.lineCol(o)), [
    { line: 1, column: 1 }, { line: 1, column: 3 }, { line: 2, column: 1 }, { line: 2, column: 2 },
    { line: 3, column: 1 }, { line: 4, column: 1 }, { line: 4, column: 2 }, { line: 4, column: 3 },
  ]);
  // an offset past the end counts the lines of the whole text and stops there
  assert.deepEqual(p.lineCol(50), { line: 4, column: 44 });
  // after parsing, offsets before the current line are counted again from the start
  const q = new JsonParser('[1,\n2,\n3]');
  q.parseDocument();
  assert.deepEqual([q.lineCol(1), q.lineCol(5), q.lineCol(8)], [{ line: 1, column: 2 }, { line: 2, column: 2 }, { line: 3, column: 2 }]);
  // columns count characters: 'é' is two bytes, one column (once the parser has seen a non-ASCII byte)
  const u = new JsonParser('{"é": [1, x]}');
  assert.throws(() => u.parseDocument(), (e: unknown) => e instanceof LossDebuggerError && e.where.column === 11 && e.where.line === 1);
});

test('not JSON text: each byte of the UTF-16 and zip signatures is needed, not just one of them', () => {
  const parse = (s: string) => () => parseJson(Uint8Array.from(s, (ch) => ch.charCodeAt(0)), { file: 'c.json' });
  const notJson = (first: string): string => `c.json: file is not JSON text: it starts with bytes ${first}`;
  assert.equal(errorMessage(parse('\xff\x00{')), notJson('0xFF 0x00 0x7B'));
  assert.equal(errorMessage(parse('\xfe\x00{')), notJson('0xFE 0x00 0x7B'));
  assert.equal(errorMessage(parse('\xfe\xfe{')), notJson('0xFE 0xFE 0x7B'));
  assert.equal(errorMessage(parse('\xff\xff{')), notJson('0xFF 0xFF 0x7B'));
  // a valid start followed by 0xFE/0xFF is JSON that fails later, not UTF-16
  assert.equal(errorMessage(parse('[\xfe')), 'c.json:1:2: [0]: expected a value but found a byte that is not ASCII');
  assert.equal(errorMessage(parse('[\xff')), 'c.json:1:2: [0]: expected a value but found a byte that is not ASCII');
  // zip: 'P' then 'K'; either alone is not called a zip file
  assert.equal(errorMessage(parse('PX\x03')), notJson('0x50 0x58 0x03'));
  assert.equal(errorMessage(parse('QK\x03')), notJson('0x51 0x4B 0x03'));
});

test('a {shape, data} class weight: a bad value is placed at its own line and column (parsed in place, three levels down)', () => {
  const c = '{"loss": {"type": "CrossEntropyLoss",\n "weight": {"shape": [2], "data": [1, "x"]}},\n "input": [[1, 2]], "target": [0]}';
  assert.equal(errorMessage(() => parseCase(c, { file: 'c.json' })),
    'c.json:2:39: loss.weight.data[1]: expected a number, found a string "x" (tensor values must be numbers, not strings)');
  // and its values keep the dtype written: 1.0 is a float literal
  const ok = parseCase('{"loss": {"type": "CrossEntropyLoss", "weight": {"shape": [2], "data": [1.0, 2]}}, "input": [[1, 2]], "target": [0]}');
  assert.deepEqual([ok.loss.weight?.dtype, Array.from(ok.loss.weight?.data ?? [])], ['float64', [1, 2]]);
});

test('messages that name the file by its role, and the example a non-object case gets', () => {
  assert.deepEqual(refusal(() => parseCase('[1]', { file: 'c.json' })),
    ['structure', 'a loss case must be a JSON object, found an array', 'e.g. {"loss": "CrossEntropyLoss", "input": [[2.0, 0.5]], "target": [0]}', 'c.json']);
  const missing = join(dir, 'gone.safetensors');
  const [code, detail] = refusal(() => parseCase(`{"loss": "MSELoss", "input": {"safetensors": "gone.safetensors"}, "target": [1]}`, { file: join(dir, 'c.json') }));
  assert.deepEqual([code, detail], ['file', `.safetensors file not found: ${missing}`]);
});

/** A .npy file (version `major`) from header text and data bytes. */
function npyBytes(header: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const hb = new TextEncoder().encode(header);
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + hb.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0, hb.length & 0xff, hb.length >> 8]);
  out.set(hb, pre);
  out.set(data, pre + hb.length);
  return out;
}

test('.npy headers numpy.save never writes: each refused word for word, with the fix', () => {
  const REWRITE = 'the file is not a valid .npy file; write it again with numpy.save';
  const CONVERT = 'supported: float16/32/64, int8/16/32/64, uint8, bool; convert with array.astype(numpy.float32) or .astype(numpy.int64)';
  const h = (descr: string, rest = "'fortran_order': False, 'shape': (1,)"): string => `{'descr': ${descr}, ${rest}}`;
  const cases: Array<[string, string, string, string]> = [
    ['[1, 2]', 'format', 'bad .npy header: not a dictionary', REWRITE],
    ['None', 'format', 'bad .npy header: not a dictionary', REWRITE],
    ["{'fortran_order': False, 'shape': (1,)}", 'format', "bad .npy header: 'descr' is missing or not a string", REWRITE],
    [h('5'), 'format', "bad .npy header: 'descr' is missing or not a string", REWRITE],
    [h("[('a', '<f4')]"), 'unsupported', '.npy structured (record) dtypes are not supported', 'save a plain numeric array, one field per file'],
    [h("'<f4'", "'shape': (1,)"), 'format', "bad .npy header: 'fortran_order' is missing or not True/False", REWRITE],
    [h("'<f4'", "'fortran_order': 0, 'shape': (1,)"), 'format', "bad .npy header: 'fortran_order' is missing or not True/False", REWRITE],
    [h("'<f4'", "'fortran_order': True, 'shape': (1,)"), 'unsupported', '.npy array is in Fortran order', 'save it C-contiguous: numpy.save(path, numpy.ascontiguousarray(array))'],
    [h("'<f4'", "'fortran_order': False, 'shape': 1"), 'format', "bad .npy header: 'shape' is missing or not a tuple", REWRITE],
    [h("'<f4'", "'fortran_order': False, 'shape': (-1,)"), 'format', 'bad .npy header: the shape has a dimension that is not a non-negative integer', REWRITE],
    [h("'<f4'", "'fortran_order': False, 'shape': ('1',)"), 'format', 'bad .npy header: the shape has a dimension that is not a non-negative integer', REWRITE],
    [h("'<f4'", "'fortran_order': False, 'shape': (1,), 5: 1"), 'format', 'bad .npy header: dictionary key is not a string at character 59 of the header', REWRITE],
    [h("'<f4'", "'fortran_order': False, 'shape': (1,), 'a': @"), 'format', 'bad .npy header: unexpected token at character 62 of the header', REWRITE],
    [h("'<f4'", "'fortran_order': False, 'shape': (1,), 'a': 'x"), 'format', 'bad .npy header: unterminated string at character 62 of the header', REWRITE],
    [`${h("'<f4'")} x`, 'format', 'bad .npy header: unexpected text after the dictionary at character 57 of the header', REWRITE],
    [h("'|S5'"), 'unsupported', ".npy dtype '|S5' (string/bytes) is not supported", CONVERT],
    [h("'<U3'"), 'unsupported', ".npy dtype '<U3' (string/bytes) is not supported", CONVERT],
    [h("'<M8[ns]'"), 'unsupported', ".npy dtype '<M8[ns]' (datetime) is not supported", CONVERT],
    [h("'<m8[s]'"), 'unsupported', ".npy dtype '<m8[s]' (datetime) is not supported", CONVERT],
    [h("'<c8'"), 'unsupported', ".npy dtype '<c8' (complex64) is not supported", CONVERT],
    [h("'<u8'"), 'unsupported', ".npy dtype '<u8' (uint64) is not supported", CONVERT],
    [h("'<x4'"), 'unsupported', ".npy dtype '<x4' (<x4) is not supported", CONVERT],
    [h("'f4'"), 'unsupported', ".npy dtype 'f4' (f4) is not supported", CONVERT],
    [h("'>f4'"), 'unsupported', ".npy array is big-endian ('>f4')", "convert it with array.astype(array.dtype.newbyteorder('<'))"],
  ];
  for (const [header, code, detail, hint] of cases) {
    assert.deepEqual(refusal(() => readNpy(npyBytes(header, new Uint8Array(4)), 'x.npy')), [code, detail, hint, 'x.npy'], header);
  }
  // a byte order that does not matter for one-byte values is accepted, as numpy writes '|u1' and '|b1'
  for (const descr of ['>u1', '|u1', '=i1', '|b1']) {
    assert.deepEqual(Array.from(readNpy(npyBytes(h(`'${descr}'`, "'fortran_order': False, 'shape': (2,)"), Uint8Array.of(1, 0))).data), [1, 0], descr);
  }
  // a 3.0 header is UTF-8 (a 1.0 header latin-1); bytes that are not UTF-8 are refused
  const v3 = npyBytes(`${h("'<f4'", "'fortran_order': False, 'shape': (1,), 'n': 'é'")}`, new Uint8Array(4), 3);
  assert.deepEqual(readNpy(v3).shape, [1]);
  const bad = npyBytes(h("'<f4'"), new Uint8Array(4), 3);
  bad[12 + 3] = 0xff;
  assert.deepEqual(refusal(() => readNpy(bad, 'x.npy')), ['format', 'bad .npy header: not valid text', REWRITE, 'x.npy']);
  assert.deepEqual(refusal(() => readNpy(npyBytes('', undefined, 2).subarray(0, 11), 'x.npy')),
    ['format', 'truncated .npy file: the header length is cut off', 'the file is truncated; write it again with numpy.save', 'x.npy']);
});

test('.npy signature: each of its six bytes is checked, and ten bytes are the least a file can have', () => {
  const good = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }");
  assert.deepEqual(readNpy(good).shape, [0]);
  const SIG = ['format', 'not a .npy file: it does not start with the .npy signature (\\x93NUMPY)', 'write the array with numpy.save(path, array)', 'x.npy'];
  for (let i = 0; i < 6; i++) {
    const b = good.slice();
    b[i] ^= 0x20;
    assert.deepEqual(refusal(() => readNpy(b, 'x.npy')), SIG, `byte ${i}`);
  }
  assert.deepEqual(refusal(() => readNpy(good.subarray(0, 9), 'x.npy')), SIG);
  assert.deepEqual(refusal(() => readNpy(new Uint8Array(0), 'x.npy')), ['format', 'not a .npy file: the file is empty', 'write the array with numpy.save(path, array)', 'x.npy']);
  // ten bytes: the signature and the length are there, the header is not
  assert.equal(refusal(() => readNpy(good.subarray(0, 10), 'x.npy'))[1], `.npy header length runs past the end of the file (0 bytes follow the signature)`);
});

test('.npy: a dtype we do not know is quoted cut at 40 characters with its control characters escaped', () => {
  const h = (descr: string): string => `{'descr': '${descr}', 'fortran_order': False, 'shape': (1,)}`;
  // (a 3.0 header is UTF-8: the C1 controls as written)
  const [, detail] = refusal(() => readNpy(npyBytes(h('<q\u0085\u009b2J\u202e'), new Uint8Array(0), 3), 'x.npy'));
  assert.equal(detail, ".npy dtype '<q\\x85\\x9b2J\\u202e' (<q\\x85\\x9b2J\\u202e) is not supported");
  const long = 'z'.repeat(41);
  assert.equal(refusal(() => readNpy(npyBytes(h(long)), 'x.npy'))[1], `.npy dtype '${'z'.repeat(40)}… (41 characters)' (${'z'.repeat(40)}… (41 characters)) is not supported`);
  assert.equal(refusal(() => readNpy(npyBytes(h('z'.repeat(40))), 'x.npy'))[1], `.npy dtype '${'z'.repeat(40)}' (${'z'.repeat(40)}) is not supported`);
});

test('a string in a tensor is quoted up to 39 characters, escapes kept whole, then cut with ...', () => {
  const found = (v: string): string => errorMessage(() => parseCase(`{"loss": "MSELoss", "target": [1], "input": [1, ${v}]}`))
    .replace(/^line 1:49: input\[1\]: expected a number, found /, '').replace(/ \(tensor values must be numbers, not strings\)$/, '');
  assert.equal(found(`"${'a'.repeat(38)}"`), `a string "${'a'.repeat(38)}"`);
  assert.equal(found(`"${'a'.repeat(39)}"`), `a string "${'a'.repeat(39)}"`);
  assert.equal(found(`"${'a'.repeat(40)}"`), `a string "${'a'.repeat(39)}..."`);
  // an escaped quote does not end the preview; an escaped backslash before the quote does not hide the end
  assert.equal(found('"ab\\"cd"'), 'a string "ab\\"cd"');
  assert.equal(found('"ab\\\\"'), 'a string "ab\\\\"');
  assert.equal(found('"é1"'), 'a string "é1"');
});

test('strings the parser refuses: where, and nothing of the bad bytes quoted', () => {
  const at = (bytes: number[]): string => errorMessage(() => parseJson(new Uint8Array(bytes), { file: 'c.json' }));
  const q = 0x22, bs = 0x5c;
  assert.equal(at([0x5b, q, 0x61, 0xff, q, 0x5d]), 'c.json:1:3: [0]: invalid UTF-8 inside a string (save the file as UTF-8)');
  // after an escape (the slow path): the segment after it
  assert.equal(at([0x5b, q, 0x61, bs, 0x6e, 0xff, q, 0x5d]), 'c.json:1:6: [0]: invalid UTF-8 inside a string (save the file as UTF-8)');
  assert.equal(at([0x5b, q, 0x61, 0x01, q, 0x5d]), 'c.json:1:4: [0]: control character 0x01 inside a string (write it as an escape like \\n)');
  assert.equal(at([0x5b, q, bs, 0x6e, 0x1f, q, 0x5d]), 'c.json:1:5: [0]: control character 0x1F inside a string (write it as an escape like \\n)');
  assert.equal(at([0x5b, q, bs, 0x75, 0x30, 0x30, 0x67, 0x30, q, 0x5d]), 'c.json:1:7: [0]: invalid \\u escape: expected 4 hex digits');
  const ESC = 'after a backslash JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits';
  for (const e of [0x71, 0x1b, 0xe9, 0x27]) assert.equal(at([0x5b, q, 0x61, bs, e, q, 0x5d]), `c.json:1:4: [0]: invalid escape in a string (${ESC})`, `\\${e}`);
  // cut off: after a backslash, inside \u, inside the string
  const EOF = 'unexpected end of file: the file looks truncated (check that the whole file was written (e.g. the writing process finished and flushed))';
  assert.equal(at([0x5b, q, 0x61, bs]), `c.json:1:5: [0]: ${EOF}`);
  assert.equal(at([0x5b, q, bs, 0x75, 0x30, 0x30]), `c.json:1:7: [0]: ${EOF}`);
  assert.equal(at([0x5b, q, bs, 0x6e, 0x61]), `c.json:1:6: [0]: ${EOF}`);
  assert.equal(at([0x5b, q, 0x61]), `c.json:1:4: [0]: ${EOF}`);
  // every escape JSON has, and \u in both cases of hex digit
  assert.deepEqual(parseJson('["\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\\u00C9\\u0041"]'), ['" \\ / \b \f \n \r \t éÉA']);
});

test('tensors from JS values (caseFromObject): each refusal word for word, with depth in levels and the fix', () => {
  const DEPTH = 'every row of a tensor must have the same depth';
  const LENGTH = 'every row of a tensor must have the same length';
  const MIX = 'write all values as numbers, or all as true/false';
  const cases: Array<[unknown, string, string, string, string | undefined]> = [
    [[1, [2]], 'shape', 'input[1]', 'expected a number but found an array (the first row nests 1 level deep)', DEPTH],
    [[[1], [[2]]], 'shape', 'input[1][0]', 'expected a number but found an array (the first row nests 2 levels deep)', DEPTH],
    [[[1], 2], 'shape', 'input[1]', 'expected an array but found the number 2 (the first row nests 2 levels deep)', DEPTH],
    [[[[1]], [2]], 'shape', 'input[1][0]', 'expected an array but found the number 2 (the first row nests 3 levels deep)', DEPTH],
    [[1, null], 'structure', 'input[1]', 'expected a number, found null', 'use NaN for a missing value'],
    [[1, 'a'], 'structure', 'input[1]', 'expected a number, found a string "a"', 'tensor values must be numbers, not strings'],
    [[1, {}], 'structure', 'input[1]', 'expected a number, found an object', undefined],
    [[1, undefined], 'structure', 'input[1]', 'expected a number, found nothing (undefined)', undefined],
    [[1, true], 'structure', 'input[1]', 'array mixes booleans and numbers', MIX],
    [[false, 1], 'structure', 'input[1]', 'array mixes booleans and numbers', MIX],
    [[[1, 2], [3]], 'ragged', 'input[1]', 'ragged array: row has 1 value, row 0 had 2', LENGTH],
    [[[1], [2, 3]], 'ragged', 'input[1]', 'ragged array: row has 2 values, row 0 had 1', LENGTH],
    [[[[1, 2]], [[3]]], 'ragged', 'input[1][0]', 'ragged array: row has 1 value, input[0][0] had 2', LENGTH],
    [[[], [1]], 'ragged', 'input[1]', 'ragged array: row has 1 value, row 0 had 0', LENGTH],
  ];
  for (const [input, code, path, detail, hint] of cases) {
    try {
      caseFromObject({ loss: 'MSELoss', input, target: 0 }, { file: 'c.json' });
      assert.fail(`no error for ${JSON.stringify(input)}`);
    } catch (e) {
      assert.ok(e instanceof LossDebuggerError, String(e));
      assert.deepEqual([e.code, e.where.path, e.detail, e.hint, e.where.file], [code, path, detail, hint, 'c.json'], JSON.stringify(input));
    }
  }
  // typed arrays: float arrays stay float even when every value is whole; integer arrays are int64
  const dt = (input: unknown): [number[], string, number[]] => {
    const c = caseFromObject({ loss: 'MSELoss', input, target: 0 });
    return [[...c.input.shape], c.input.dtype, Array.from(c.input.data)];
  };
  assert.deepEqual(dt(Float64Array.of(1, 2)), [[2], 'float64', [1, 2]]);
  assert.deepEqual(dt(Float32Array.of(1, 2)), [[2], 'float32', [1, 2]]);
  assert.deepEqual(dt({ shape: [2], data: Float32Array.of(1, 2) }), [[2], 'float64', [1, 2]]);
  assert.deepEqual(dt(Int32Array.of(1, -2)), [[2], 'int64', [1, -2]]);
  assert.deepEqual(dt(Int32Array.of()), [[0], 'int64', []]);
  assert.deepEqual(dt(Uint8Array.of(200)), [[1], 'int64', [200]]);
  assert.deepEqual(dt([[1, 2], [3, 4]]), [[2, 2], 'int64', [1, 2, 3, 4]]);
  assert.deepEqual(dt([[1.5], [3]]), [[2, 1], 'float64', [1.5, 3]]);
  assert.deepEqual(dt([[true], [false]]), [[2, 1], 'bool', [1, 0]]);
  assert.deepEqual(dt([[], []]), [[2, 0], 'float64', []]);
  assert.deepEqual(dt([]), [[0], 'float64', []]);
});

test('tensor forms in a case: each refusal word for word, at its JSON path and column, with the fix', () => {
  const FORMS = 'a tensor is nested arrays of numbers, {"shape": [...], "data": [...]}, {"npy": "file.npy"} or {"safetensors": "file.safetensors", "name": "..."}';
  const FLAT = 'write {"shape": [N, C], "data": [...]} with the values flat in C order';
  const EG = 'e.g. "shape": [40, 30522]; [] for a scalar';
  const PATH = 'the file\'s path relative to the case file\'s folder, e.g. "input.npy"';
  const DTYPES = 'one of: float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool';
  const cases: Array<[string, string, string, number, string, string | undefined]> = [
    ['{"npy": 5}', 'structure', 'input.npy', 51, 'expected a file path (a string), found the number 5', PATH],
    ['{"npy": ""}', 'structure', 'input.npy', 51, 'expected a file path (a string), found a string ""', PATH],
    ['{"npy": "a.npy", "x": 1}', 'structure', 'input.x', 65, 'unexpected key \'x\' next to "npy"', FORMS],
    ['{"safetensors": "a.st", "nme": "x"}', 'structure', 'input.nme', 74, 'unexpected key \'nme\' next to "safetensors"', FORMS],
    ['{"safetensors": "a.st", "name": 3}', 'structure', 'input.name', 75, '"name" must be a string, found the number 3', 'the name of one tensor in the file, e.g. "logits"'],
    ['{"shape": [1], "data": [1], "dtyp": "float32"}', 'structure', 'input.dtyp', 79, "unexpected key 'dtyp' in a {shape, data} tensor (did you mean 'dtype'?)", FORMS],
    ['{"shape": [1], "data": [1], "zzz": 1}', 'structure', 'input.zzz', 78, "unexpected key 'zzz' in a {shape, data} tensor", FORMS],
    ['{"data": [1]}', 'structure', 'input', 43, 'missing "shape" next to "data"', FLAT],
    ['{"shape": [1]}', 'structure', 'input', 43, 'missing "data" next to "shape"', FLAT],
    ['{"shape": [1], "data": 5}', 'structure', 'input.data', 66, '"data" must be an array of numbers, found the number 5', FLAT],
    ['{"shape": [65536, 65536], "data": []}', 'shape', 'input.shape', 53, 'shape (65536, 65536) holds 4294967296 values, more than the 2147483647 a tensor may have', 'check the shape; large tensors belong in .npy files'],
    ['{"shape": [2], "data": [1]}', 'shape', 'input', 43, 'shape (2,) holds 2 values but "data" has 1', 'data must list every value of the tensor, flat, in C (row-major) order'],
    ['{"shape": [], "data": [1, 2]}', 'shape', 'input', 43, 'shape () holds 1 value but "data" has 2', 'data must list every value of the tensor, flat, in C (row-major) order'],
    ['{}', 'structure', 'input', 43, 'expected a tensor, found an empty object', FORMS],
    ['{"npyy": "x"}', 'structure', 'input', 43, "expected a tensor, found an object with key 'npyy' (did you mean 'npy'?)", FORMS],
    ['{"qqq": 1}', 'structure', 'input', 43, "expected a tensor, found an object with key 'qqq'", FORMS],
    ['"x"', 'structure', 'input', 43, 'expected a tensor, found a string "x"', FORMS],
    ['null', 'structure', 'input', 43, 'expected a tensor, found null', FORMS],
    ['{"shape": [[1]], "data": [1]}', 'structure', 'input.shape[0]', 53, 'shape entries must be integers, found an array', EG],
    ['{"shape": [1.5], "data": [1]}', 'structure', 'input.shape[0]', 53, 'shape entries must be integers, found the number 1.5', EG],
    ['{"shape": 3, "data": [1]}', 'structure', 'input.shape', 53, 'shape must be a list of integers, found the number 3', EG],
    [`{"shape": [${Array(65).fill(1).join(',')}], "data": [1]}`, 'shape', 'input.shape', 53, 'shape has 65 dimensions; at most 64 are supported', 'check the shape'],
    ['{"shape": [-1], "data": [1]}', 'shape', 'input.shape[0]', 53, 'dimension -1 is negative', 'dimensions must be non-negative integers'],
    ['{"shape": [1e300], "data": [1]}', 'shape', 'input.shape[0]', 53, 'dimension 1e+300 is too large', 'check the shape'],
    ['{"shape": [9007199254740991, 2], "data": [1]}', 'shape', 'input.shape', 53, 'shape (9007199254740991, 2) holds more than 2^53 values', 'check the shape'],
    ['{"shape": [1], "data": [1], "dtype": 5}', 'structure', 'input.dtype', 80, 'dtype must be a string, found the number 5', DTYPES],
    ['{"shape": [1], "data": [1], "dtype": "long"}', 'value', 'input.dtype', 80, "unknown dtype 'long' (did you mean 'int64'?)", DTYPES],
    ['{"shape": [1], "data": [1], "dtype": "flot32"}', 'value', 'input.dtype', 80, "unknown dtype 'flot32' (did you mean 'float32'?)", DTYPES],
  ];
  for (const [input, code, path, column, detail, hint] of cases) {
    try {
      parseCase(`{"loss": "MSELoss", "target": 0, "input": ${input}}`, { file: 'c.json' });
      assert.fail(`no error for ${input}`);
    } catch (e) {
      assert.ok(e instanceof LossDebuggerError, String(e));
      assert.deepEqual([e.code, e.where.path, e.where.line, e.where.column, e.detail, e.hint, e.where.file], [code, path, 1, column, detail, hint, 'c.json'], input);
    }
  }
  // 64 dimensions are allowed; a dtype may carry its library's prefix
  assert.equal(parseCase(`{"loss": "MSELoss", "target": 0, "input": {"shape": [${Array(64).fill(1).join(',')}], "data": [1]}}`).input.shape.length, 64);
  for (const d of ['torch.float16', 'np.float16', 'numpy.float16', 'float16']) {
    assert.equal(parseCase(`{"loss": "MSELoss", "target": 0, "input": {"shape": [1], "data": [1], "dtype": "${d}"}}`).input.dtype, 'float16', d);
  }
});

test('the fast run over `, <number>` refuses an exponent without digits as the general parser does, and reads signed exponents', () => {
  // the meta string after the tensor keeps the fast run going (it stops 64 bytes before the end of the file)
  const c = (v: string): string => `{"loss": "MSELoss", "input": [1, ${v}, 3], "target": [1, 2, 3], "meta": {"note": "${'x'.repeat(80)}"}}`;
  const NO_DIGIT = 'invalid number: expected a digit in the exponent';
  for (const [v, col] of [['2e]', 36], ['2ex', 36], ['2e:', 36], ['2e+]', 37], ['2e-}', 37], ['2.5e]', 38], ['2E', 36]] as const) {
    assert.equal(errorMessage(() => parseCase(c(v))), `line 1:${col}: input[1]: ${NO_DIGIT}`, v);
  }
  for (const [v, want] of [['2e5', 200000], ['2E+3', 2000], ['2.5e-3', 0.0025], ['-2e0', -2], ['2e9', 2e9], ['0e5', 0]] as const) {
    assert.deepEqual(Array.from(parseCase(c(v)).input.data), [1, want, 3], v);
  }
});

test('parseJsonWithSpans records spans down to the depth asked for (2 by default)', () => {
  const text = '{"a": {"b": {"c": 1}}, "d": [1, [2]]}';
  assert.deepEqual(Object.keys(parseJsonWithSpans(text).spans).sort(), ['', 'a', 'a.b', 'd', 'd[0]', 'd[1]']);
  assert.deepEqual(Object.keys(parseJsonWithSpans(text, { spanDepth: 0 }).spans), ['']);
  assert.deepEqual(Object.keys(parseJsonWithSpans(text, { spanDepth: 1 }).spans).sort(), ['', 'a', 'd']);
  assert.deepEqual(Object.keys(parseJsonWithSpans(text, { spanDepth: 3 }).spans).sort(), ['', 'a', 'a.b', 'a.b.c', 'd', 'd[0]', 'd[1]', 'd[1][0]']);
  assert.deepEqual(parseJsonWithSpans(text, { spanDepth: 1 }).spans.a, { line: 1, column: 7, start: 6, end: 21 });
});

test('.npy header: nesting is limited to 20 levels in dictionary values as in lists', () => {
  const REWRITE = 'the file is not a valid .npy file; write it again with numpy.save';
  const nested = (n: number): string => `${"{'a': ".repeat(n)}1${'}'.repeat(n)}`;
  const h = (extra: string): string => `{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': ${extra}}`;
  // a value 20 levels below the header's own dictionary is read; one 21 levels below is refused
  assert.deepEqual(readNpy(npyBytes(h(nested(19)), new Uint8Array(4))).shape, [1]);
  const [code, detail, hint] = refusal(() => readNpy(npyBytes(h(nested(20)), new Uint8Array(4)), 'x.npy'));
  assert.deepEqual([code, detail.replace(/ at character \d+ /, ' at character N '), hint], ['format', 'bad .npy header: nesting too deep at character N of the header', REWRITE]);
  const lists = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
  // (an empty list makes no call for an item: 20 levels of lists open, the 21st is refused)
  assert.deepEqual(readNpy(npyBytes(h(lists(20)), new Uint8Array(4))).shape, [1]);
  assert.equal(refusal(() => readNpy(npyBytes(h(lists(21)), new Uint8Array(4)), 'x.npy'))[1].replace(/ at character \d+ /, ' at character N '), 'bad .npy header: nesting too deep at character N of the header');
});

test('the meta size cap: a value of exactly MAX_VALUE_BYTES source bytes is kept, one byte more is skipped; class_names is never skipped', () => {
  const head = '{"loss": "MSELoss", "input": [1], "target": [1], "meta": {';
  const str = (bytes: number): string => `"${'a'.repeat(bytes - 2)}"`;
  const kept = parseCase(`${head}"x": ${str(MAX_VALUE_BYTES)}, "n": 1}}`).meta as Record<string, unknown>;
  assert.deepEqual([String(kept.x).length, kept.n], [MAX_VALUE_BYTES - 2, 1]);
  const skipped = parseCase(`${head}"x": ${str(MAX_VALUE_BYTES + 1)}, "n": 1}}`).meta as Record<string, unknown>;
  assert.deepEqual(skipped, { n: 1 });
  // a key that is not an identifier (meta["a b"]) is capped the same way
  assert.deepEqual(parseCase(`${head}"a b": ${str(MAX_VALUE_BYTES + 1)}, "n": 2}}`).meta, { n: 2 });
  // class names are what the rules print: kept whatever their size
  const names = Array.from({ length: Math.ceil(MAX_VALUE_BYTES / 10) }, (_, i) => `c${String(i).padStart(6, '0')}`);
  const c = parseCase(`${head}"class_names": ${JSON.stringify(names)}}}`);
  assert.equal(c.meta.class_names?.length, names.length);
  assert.equal(c.meta.class_names?.[names.length - 1], names[names.length - 1]);
  // only meta is capped: a value two levels down elsewhere (loss.weight) is parsed whatever its size
  const w = Array.from({ length: Math.ceil(MAX_VALUE_BYTES / 2) }, () => 1);
  const big = parseCase(`{"loss": {"type": "CrossEntropyLoss", "weight": ${JSON.stringify(w)}}, "input": {"shape": [1, ${w.length}], "data": ${JSON.stringify(w)}}, "target": [0]}`);
  assert.equal(big.loss.weight?.data.length, w.length);
});

test('numeric loss arguments on both sides of each bound', () => {
  const spec = (loss: string): string => `{"loss": ${loss}, "input": [[1, 2]], "target": [0]}`;
  const arg = (type: string, k: string, v: string): unknown => (parseCase(spec(`{"type": "${type}", "${k}": ${v}}`)).loss as unknown as Record<string, unknown>)[k];
  const refused = (type: string, k: string, v: string): string => refusal(() => parseCase(spec(`{"type": "${type}", "${k}": ${v}}`)))[1];
  assert.deepEqual(['0', '1', '0.5'].map((v) => arg('CrossEntropyLoss', 'label_smoothing', v)), [0, 1, 0.5]);
  assert.equal(refused('CrossEntropyLoss', 'label_smoothing', '1.0000000000000002'), 'label_smoothing must be in [0, 1], found 1.0000000000000002');
  assert.equal(refused('CrossEntropyLoss', 'label_smoothing', '-5e-324'), 'label_smoothing must be in [0, 1], found -5e-324');
  assert.deepEqual(['0', '5e-324', '2'].map((v) => arg('SmoothL1Loss', 'beta', v)), [0, 5e-324, 2]);
  assert.equal(refused('SmoothL1Loss', 'beta', '-5e-324'), 'beta must be >= 0, found -5e-324');
  assert.deepEqual(['5e-324', '1e300'].map((v) => arg('HuberLoss', 'delta', v)), [5e-324, 1e300]);
  assert.equal(refused('HuberLoss', 'delta', '0'), 'delta must be > 0, found 0');
  assert.equal(refused('HuberLoss', 'delta', '-0.0'), 'delta must be > 0, found 0');
  for (const v of ['NaN', 'Infinity', '-Infinity', '"1"', 'true', 'null']) {
    assert.match(refused('HuberLoss', 'delta', v), /^delta must be a finite number, found /, v);
  }
  assert.equal(refused('HuberLoss', 'delta', 'NaN'), 'delta must be a finite number, found the number NaN');
});

test('values decoded from .safetensors and .npy for every dtype, aligned and not, edges of each integer range included', () => {
  const le = (bytes: number[]): Uint8Array => Uint8Array.from(bytes);
  const i64 = (v: bigint): number[] => { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, v, true); return Array.from(b); };
  const cases: Array<[string, string, number[], number[]]> = [
    ['F16', '<f2', [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x01, 0x00], [1, -2, Infinity, 2 ** -24]],
    ['BF16', '', [0x80, 0x3f, 0x00, 0xc0, 0x80, 0xff], [1, -2, -Infinity]],
    ['I8', '|i1', [0xff, 0x80, 0x7f], [-1, -128, 127]],
    ['U8', '|u1', [0xff, 0x00], [255, 0]],
    ['BOOL', '|b1', [0, 1, 2], [0, 1, 1]],
    ['I16', '<i2', [0xff, 0xff, 0x00, 0x80, 0xff, 0x7f], [-1, -32768, 32767]],
    ['I32', '<i4', [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80], [-1, -(2 ** 31)]],
    ['I64', '<i8', [...i64(-1n), ...i64(-(2n ** 63n)), ...i64(2n ** 53n + 1n), ...i64(4294967296n + 5n)], [-1, -(2 ** 63), 2 ** 53, 4294967301]],
    ['F32', '<f4', Array.from(new Uint8Array(Float32Array.of(1.5, -0.25).buffer)), [1.5, -0.25]],
    ['F64', '<f8', Array.from(new Uint8Array(Float64Array.of(0.1, -1e300).buffer)), [0.1, -1e300]],
  ];
  const size: Record<string, number> = { F16: 2, BF16: 2, I8: 1, U8: 1, BOOL: 1, I16: 2, I32: 4, I64: 8, F32: 4, F64: 8 };
  for (const [dt, descr, bytes, want] of cases) {
    const n = bytes.length / size[dt];
    // a pad tensor of 0..7 bytes first puts the data at every alignment (views when aligned, copies when not)
    for (let pad = 0; pad < 8; pad++) {
      const header: Record<string, unknown> = { t: { dtype: dt, shape: [n], data_offsets: [pad, pad + bytes.length] } };
      if (pad) header.p = { dtype: 'U8', shape: [pad], data_offsets: [0, pad] };
      const t = readSafetensors(st(header, le([...Array(pad).fill(9), ...bytes])), 't', 'x.safetensors');
      assert.deepEqual([t.shape, Array.from(t.data)], [[n], want], `${dt} pad ${pad}`);
      assert.equal(t.data instanceof Float32Array, dt === 'F32', dt);
    }
    if (descr) {
      const t = readNpy(npyBytes(`{'descr': '${descr}', 'fortran_order': False, 'shape': (${n},), }`, le(bytes)));
      assert.deepEqual(Array.from(t.data), want, descr);
    }
  }
});

test('the fast run reads fraction digits four at a time: only real digits, never : ; < = > ?', () => {
  const c = (v: string): string => `{"loss": "MSELoss", "input": [1, ${v}, 3], "target": [1, 2, 3], "meta": {"note": "${'x'.repeat(80)}"}}`;
  assert.equal(errorMessage(() => parseCase(c('2.999:'))), "line 1:39: input[1]: expected ',' or ']' but found ':'");
  assert.equal(errorMessage(() => parseCase(c('2.::::'))), 'line 1:36: input[1]: invalid number: expected a digit after the decimal point');
  assert.equal(errorMessage(() => parseCase(c('2.1234?'))), "line 1:40: input[1]: expected ',' or ']' but found a character that cannot start a JSON value");
  assert.deepEqual(Array.from(parseCase(c('2.99996789')).input.data), [1, 2.99996789, 3]);
});

test('a named tensor of a .safetensors side file: only it is checked against the memory budget', () => {
  const file = join(dir, 'two-budget.safetensors');
  writeFileSync(file, st({ small: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, big: { dtype: 'F32', shape: [2000], data_offsets: [4, 8004] } }, new Uint8Array(8004)));
  const one = join(dir, 'one-budget.safetensors');
  writeFileSync(one, st({ big: { dtype: 'F32', shape: [2000], data_offsets: [0, 8000] } }, new Uint8Array(8000)));
  const c = (ref: string): string => `{"loss": "MSELoss", "input": ${ref}, "target": 0}`;
  const opts = { file: join(dir, 'c.json'), maxMemoryBytes: 10_000 };
  assert.deepEqual(parseCase(c('{"safetensors": "two-budget.safetensors", "name": "small"}'), opts).input.shape, [1]);
  // refused from the header (before the data is decoded), at the path that chose the tensor
  for (const [ref, path] of [['{"safetensors": "two-budget.safetensors", "name": "big"}', 'input.name'], ['{"safetensors": "one-budget.safetensors"}', 'input.safetensors']]) {
    try {
      parseCase(c(ref), opts);
      assert.fail(`no error for ${ref}`);
    } catch (e) {
      assert.ok(e instanceof LossDebuggerError, String(e));
      assert.deepEqual([e.code, e.where.path], ['file', path], ref);
      assert.match(e.detail, /^this case needs about 70\.3 KB of memory to analyse exactly, more than the 9\.77 KB budget$/);
    }
  }
});
