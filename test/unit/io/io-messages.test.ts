/**
 * Messages of bad input word for word, with their hints: values that do not fit a declared dtype
 * (non-integer, out of range, bool), .npy dtypes NumPy has and we do not read, a case file that is
 * not a regular file, a side-file reference cut at 200 characters, and what `kindOf` calls each
 * kind of JSON value.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { loadCaseFile, loadTensorFile, parseCase, readNpy } from '../../../src/io';
import { readFileChecked, resolveSideFile } from '../../../src/io/files';
import { kindOf } from '../../../src/io/case-context';
import { PackedArray, parseJson } from '../../../src/io/json';
import { readSafetensorsHeader } from '../../../src/io/safetensors';

const dir = mkdtempSync(join(tmpdir(), 'lossdbg-iomsg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** [code, message, hint] of the LossDebuggerError `f` throws. */
function refusal(f: () => unknown): [string, string, string | undefined] {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, String(e));
    return [e.code, e.message, e.hint];
  }
  assert.fail('no error');
}

test('a value that does not fit the declared dtype: which value, why, and the fix that fits', () => {
  const c = (data: string, dtype: string): string => `{"loss": "MSELoss", "input": {"shape": [2], "data": ${data}, "dtype": "${dtype}"}, "target": [1]}`;
  const FLOAT = 'use a float dtype for non-integer values';
  const WIDER = 'use a dtype whose range holds it (int64, or a float dtype)';
  const BOOL = 'bool values are true/false or 0/1';
  const cases: Array<[string, string, string, string]> = [
    ['[1, 2.5]', 'int64', '2.5 is not an integer, but the dtype is int64', FLOAT],
    ['[1, 128]', 'int8', '128 is outside the int8 range [-128, 127], but the dtype is int8', WIDER],
    ['[-129, 1]', 'int8', '-129 is outside the int8 range [-128, 127], but the dtype is int8', WIDER],
    ['[1, -1]', 'uint8', '-1 is outside the uint8 range [0, 255], but the dtype is uint8', WIDER],
    ['[1, 2]', 'bool', '2 is outside the bool range [0, 1], but the dtype is bool', BOOL],
    ['[0, 0.5]', 'bool', '0.5 is not an integer, but the dtype is bool', BOOL],
  ];
  for (const [data, dtype, why, hint] of cases) {
    const at = data.startsWith('[-129') ? 0 : 1;
    assert.deepEqual(refusal(() => parseCase(c(data, dtype))), ['value', `line 1:53: input.data[${at}]: ${why} (${hint})`, hint], `${data} ${dtype}`);
  }
  // on the edges of each range: accepted
  assert.deepEqual(Array.from(parseCase(c('[-128, 127]', 'int8')).input.data), [-128, 127]);
  assert.deepEqual(Array.from(parseCase(c('[0, 255]', 'uint8')).input.data), [0, 255]);
  assert.deepEqual(Array.from(parseCase(c('[0, 1]', 'bool')).input.data), [0, 1]);
});

test('.npy dtypes NumPy writes and we do not read are named in NumPy\'s words', () => {
  for (const [descr, name] of [['<u2', 'uint16'], ['<u4', 'uint32'], ['|O', 'object']]) {
    const h = new TextEncoder().encode(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }`);
    const b = new Uint8Array(10 + h.length + 8);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
    b.set(h, 10);
    const [code, message] = refusal(() => readNpy(b, 'x.npy'));
    assert.equal(code, 'unsupported', descr);
    assert.match(message, new RegExp(`^x\\.npy: \\.npy dtype '\\${descr}' \\(${name}\\) is not supported \\(supported: `), descr);
  }
});

test('a case file that is a device or a named pipe: refused at once, with what to do', () => {
  assert.deepEqual(refusal(() => readFileChecked('/dev/null', 100, 'case file')),
    ['file', '/dev/null: case file /dev/null is not a regular file (a device, pipe or socket) (save the data to a file first)', 'save the data to a file first']);
  const fifo = join(dir, 'pipe.json');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    assert.deepEqual(refusal(() => readFileChecked(fifo, 100, 'case file')),
      ['file', `${fifo}: case file ${fifo} is not a regular file (a device, pipe or socket) (save the data to a file first)`, 'save the data to a file first']);
  }
});

test('a side file outside the case\'s folder: the reference quoted up to 200 characters, then cut', () => {
  const msg = (ref: string): string => {
    try {
      resolveSideFile(ref, join(dir, 'case'));
    } catch (e) {
      assert.ok(e instanceof LossDebuggerError);
      return e.detail;
    }
    assert.fail('not refused');
  };
  const at200 = `../${'a'.repeat(197)}`;
  assert.equal(msg(at200), `side file '${at200}' resolves to ${join(dir, 'a'.repeat(197))}, outside the case file's folder ${join(dir, 'case')}`);
  const at201 = `../${'a'.repeat(198)}`;
  assert.equal(msg(at201), `side file '${at201.slice(0, 200)}…' resolves to ${join(dir, 'a'.repeat(198))}, outside the case file's folder ${join(dir, 'case')}`);
});

test('kindOf: what was found instead, for every kind of value', () => {
  const cases: Array<[unknown, string]> = [
    [null, 'null'], [new PackedArray([2], Float64Array.of(1, 2), 'int'), 'an array'], [[1, 'a'], 'an array'],
    ['x'.repeat(30), `a string "${'x'.repeat(30)}"`], ['x'.repeat(31), `a string "${'x'.repeat(30)}..."`],
    [1.5, 'the number 1.5'], [-0, 'the number 0'], [false, 'false'], [Float32Array.of(1), 'a typed array'],
    [undefined, 'nothing (undefined)'], [10n, 'a bigint'], [() => 1, 'a function'], [{ a: 1 }, 'an object'],
  ];
  for (const [v, want] of cases) assert.equal(kindOf(v), want, want);
});

/** A little-endian (rows, cols) .npy of `descr` ('<f4' or '<f8') holding 0.5s. */
function npyFile(path: string, rows: number, cols: number, descr: '<f4' | '<f8'): void {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  while ((10 + h.length + 1) % 64) h += ' ';
  h += '\n';
  const data = descr === '<f4' ? new Float32Array(rows * cols).fill(0.5) : new Float64Array(rows * cols).fill(0.5);
  const out = new Uint8Array(10 + h.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
  out.set(new TextEncoder().encode(h), 10);
  out.set(new Uint8Array(data.buffer), 10 + h.length);
  writeFileSync(path, out);
}

test('the memory budget on its edge: a float32 .npy input counts 4 bytes a value, a float64 one 8', () => {
  // CrossEntropyLoss on (10, 4): input 40 values, target 10, 80 bytes a row for the rules (10 rows);
  // 1,200 and 1,199 bytes would both print as 1.17 KB: they are shown in bytes
  npyFile(join(dir, 'x4.npy'), 10, 4, '<f4');
  npyFile(join(dir, 'x8.npy'), 10, 4, '<f8');
  for (const [x, need, shown] of [['x4.npy', 4 * 40 + 8 * 10 + 80 * 10, ['1.02 KB', '1.01 KB']], ['x8.npy', 8 * 40 + 8 * 10 + 80 * 10, ['1200 bytes', '1199 bytes']]] as const) {
    const file = join(dir, `${x}.json`);
    writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: x }, target: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1] }));
    assert.equal(loadCaseFile(file, { maxMemoryBytes: need }).input.data.length, 40, x);
    assert.deepEqual(refusal(() => loadCaseFile(file, { maxMemoryBytes: need - 1 })).slice(0, 2),
      ['file', `${file}:1:1: this case needs about ${shown[0]} of memory to analyse exactly, more than the ${shown[1]} budget (raise the budget with --max-memory <MB> (CLI) or the lossDebugger.maxMemoryMB setting, use --dtype float32, or dump a smaller slice of rows (the rules need a few thousand rows, not the whole batch))`], x);
  }
});

test('a functional or short loss name suggests the module to write, with any torch prefix', () => {
  const want: Array<[string, string]> = [
    ['mse_loss', 'MSELoss'], ['l1_loss', 'L1Loss'], ['huber_loss', 'HuberLoss'], ['smooth_l1_loss', 'SmoothL1Loss'],
    ['binary_cross_entropy', 'BCELoss'], ['binary_cross_entropy_with_logits', 'BCEWithLogitsLoss'], ['cross_entropy', 'CrossEntropyLoss'],
    ['nll_loss', 'NLLLoss'], ['kl_div', 'KLDivLoss'], ['bce', 'BCELoss'], ['bce_with_logits', 'BCEWithLogitsLoss'], ['BCEWithLogits', 'BCEWithLogitsLoss'], ['MSE', 'MSELoss'],
  ];
  for (const [name, loss] of want) {
    for (const prefix of ['', 'F.', 'torch.nn.functional.', 'nn.functional.']) {
      const [code, message] = refusal(() => parseCase(`{"loss": "${prefix}${name}", "input": [1], "target": [1]}`));
      assert.equal(code, 'unknown-loss');
      assert.match(message, new RegExp(`^line 1:10: loss: unknown loss type '${(prefix + name).replace(/\./g, '\\.')}' \\(did you mean '${loss}'\\?\\) \\(known losses: `), prefix + name);
    }
  }
  // the module's name without 'Loss' (a typo in it too), or in another case: the nearest module
  for (const [name, loss] of [['CrossEntropy', 'CrossEntropyLoss'], ['nn.NLL', 'NLLLoss'], ['torch.nn.KLDiv', 'KLDivLoss'], ['smoothl1loss', 'SmoothL1Loss'], ['CrosEntropy', 'CrossEntropyLoss'], ['F.HubrLoss', 'HuberLoss']]) {
    assert.match(refusal(() => parseCase(`{"loss": "${name}", "input": [1], "target": [1]}`))[1], new RegExp(`\\(did you mean '${loss}'\\?\\)`), name);
  }
});

test('shapes that do not broadcast: KLDivLoss is refused at load, an element-wise loss is left to the engine', () => {
  assert.deepEqual(refusal(() => parseCase('{"loss": "KLDivLoss", "input": [1, 2], "target": [1, 2, 3]}')).slice(0, 2),
    ['shape', "line 1:50: target: target shape (3,) does not broadcast with the input's shape (2,) (KLDivLoss compares distributions element by element: give the target the input's shape)"]);
  for (const loss of ['MSELoss', 'L1Loss', 'HuberLoss', 'SmoothL1Loss']) {
    const c = parseCase(`{"loss": "${loss}", "input": [1, 2], "target": [1, 2, 3]}`);
    assert.deepEqual([c.input.shape, c.target.shape], [[2], [3]], loss);
  }
});

test('.safetensors header that is not JSON: the byte named is the offending one, on any line, after any UTF-8', () => {
  const st = (text: string): Uint8Array => {
    const h = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + h.length);
    new DataView(out.buffer).setUint32(0, h.length, true);
    out.set(h, 8);
    return out;
  };
  for (const [text, at] of [['{"a": x}', 14], ['{\n"a": x}', 15], ['{\n\n  "a":\n x}', 19], ['{"é": x}', 15], ['{"😀": x}', 17]] as const) {
    const bytes = st(text);
    assert.equal(bytes[at], 0x78, `byte ${at} of ${JSON.stringify(text)} is the x`);
    assert.deepEqual(refusal(() => readSafetensorsHeader(bytes, 'x.safetensors')).slice(0, 2),
      ['format', `x.safetensors: bad .safetensors header: not valid JSON (byte ${at} of the file) (the file is truncated or corrupt; write it again with safetensors.torch.save_file)`], text);
  }
});

test('a bare tensor file: .npy by its extension (at the end only) or by its magic bytes, anything else named as not a tensor file', () => {
  const not = (f: string): string => `${f}: not a tensor file: expected a .npy or .safetensors file`;
  const cases: Array<[string, number[], string]> = [
    ['a.npy.bak', [...new TextEncoder().encode('{}')], 'not'],
    ['x.bin', [...new TextEncoder().encode('{}')], 'not'],
    ['x.bin', [0x41, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0], 'not'],
    ['x.bin', [0x93, 0x00, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0], 'not'],
    ['x.bin', [0x93, 0x4e, 0x55, 0x4d, 0x50], 'not'],
    ['x.bin', [0x93, 0x4e], 'not'],
    ['x.bin', [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 'npy'],
    ['x.NPY', [...new TextEncoder().encode('{}')], 'npy'],
  ];
  for (const [name, bytes, kind] of cases) {
    const f = join(dir, name);
    writeFileSync(f, Uint8Array.from(bytes));
    const [code, message] = refusal(() => loadTensorFile(f));
    if (kind === 'not') assert.deepEqual([code, message], ['unsupported', not(f)], `${name} ${bytes.length}`);
    else assert.deepEqual([code, message], ['format', `${f}: not a .npy file: it does not start with the .npy signature (\\x93NUMPY) (write the array with numpy.save(path, array))`], `${name} ${bytes.length}`);
  }
});

test('numbers: digits past the 19th, also zeros, never change what the kept ones say', () => {
  for (const s of [`1.${'0'.repeat(37)}`, `1.${'0'.repeat(60)}`, `-2.5${'0'.repeat(40)}`, `0.${'0'.repeat(30)}`, `12345678901234567890${'0'.repeat(19)}`]) {
    const c = parseCase(`{"loss": "MSELoss", "input": [${s}], "target": [1], "meta": {"reported_loss": ${s}}}`);
    assert.ok(Object.is(c.input.data[0], Number(s)), s);
    assert.ok(Object.is(c.meta.reported_loss, Number(s)), s);
  }
});

test('unknown keys get their suggestions; a case\'s own fields are listed', () => {
  const t = (input: string): string => `{"loss": "MSELoss", "input": ${input}, "target": [1]}`;
  assert.match(refusal(() => parseCase(t('{"shape": [1], "data": [1], "dtpe": "float32"}')))[1], /unexpected key 'dtpe' in a \{shape, data\} tensor \(did you mean 'dtype'\?\)/);
  assert.match(refusal(() => parseCase(t('{"shape": [1], "dat": [1]}')))[1], /unexpected key 'dat' in a \{shape, data\} tensor \(did you mean 'data'\?\)/);
  assert.deepEqual(refusal(() => parseCase('{"loss": "MSELoss", "input": [1], "target": [1], "histroy": {}}')),
    ['structure', "line 1:61: histroy: unknown field 'histroy' (did you mean 'history'?) (a loss case has: loss, input, target, meta, history)", 'a loss case has: loss, input, target, meta, history']);
});

test('a literal cut by the end of the file is a truncation; a wrong letter before the end is a syntax error', () => {
  for (const [text, truncated] of [['{"a": tr', true], ['{"a": tx', false], ['{"a": Na', true], ['{"a": Nx', false], ['[fals', true], ['[fxl', false]] as const) {
    const [code, message] = refusal(() => parseJson(text));
    assert.equal(code, 'syntax', text);
    if (truncated) assert.match(message, /unexpected end of file: the file looks truncated/, text);
    else assert.match(message, /expected a value but found a character that cannot start a JSON value$|expected a number, found/, text);
  }
});
