/**
 * The small parts of a case's parse, each on its own: spanOf (a field's closest recorded span), the
 * parse context's helpers (kindOf, isObj, withPath, err, makeCtx), the keys a case carries, what
 * PyTorch would refuse (pytorch-checks.ts, every message word for word) and tensor files opened
 * directly (a named tensor's memory check, listSafetensors on short files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { tensor, type Tensor } from '../../../src/engine/tensor';
import type { LossSpec } from '../../../src/engine/losses/spec';
import type { SourceSpan } from '../../../src/shapes/index';
import { spanOf } from '../../../src/io/spans';
import { err, isObj, kindOf, makeCtx, withPath } from '../../../src/io/case-context';
import { PackedArray } from '../../../src/io/json';
import { NpyRows } from '../../../src/io/npy-rows';
import { openError } from '../../../src/io/files';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_MEMORY_BYTES } from '../../../src/io/limits';
import { semanticChecks, validateCase } from '../../../src/io/pytorch-checks';
import { caseFromObject, listSafetensors, loadTensorFile, parseCase } from '../../../src/io';
import { errorMessage } from './error-message';

const S = (line: number, column = 1): SourceSpan => ({ line, column, start: line * 10, end: line * 10 + 1 });

test('spanOf: the field, else its closest recorded parent, else the whole document', () => {
  const spans: Record<string, SourceSpan> = { '': S(1), loss: S(2), 'input[3]': S(5), lo: S(9), '[0]': S(7) };
  assert.deepEqual(spanOf(spans, 'loss'), S(2));
  assert.deepEqual(spanOf(spans, 'loss.ignore_index'), S(2));
  assert.deepEqual(spanOf(spans, 'input[3][17]'), S(5));
  assert.deepEqual(spanOf(spans, 'input[4]'), S(1));
  // a field without '.' or '[' has no parent but the document: never a shorter prefix of its name
  assert.deepEqual(spanOf(spans, 'los'), S(1));
  assert.deepEqual(spanOf(spans, '[1]'), S(1));
  assert.deepEqual(spanOf(spans, undefined), S(1));
  assert.equal(spanOf(spans, 'input[4]', false), undefined);
  assert.deepEqual(spanOf(spans, 'loss.weight', false), S(2));
  assert.equal(spanOf({}, 'a.b[2]'), undefined);
  assert.equal(spanOf({ x: S(3) }, 'y'), undefined);
});

test('kindOf names what was found, isObj tells objects from arrays and typed arrays', () => {
  const packed = new PackedArray([2], new Float64Array(2), 'int');
  assert.equal(kindOf(null), 'null');
  assert.equal(kindOf(packed), 'an array');
  assert.equal(kindOf([1]), 'an array');
  assert.equal(kindOf('a'.repeat(30)), `a string "${'a'.repeat(30)}"`);
  assert.equal(kindOf('b'.repeat(31)), `a string "${'b'.repeat(30)}..."`);
  assert.equal(kindOf(2.5), 'the number 2.5');
  assert.equal(kindOf(false), 'false');
  assert.equal(kindOf(new Float32Array(1)), 'a typed array');
  assert.equal(kindOf(undefined), 'nothing (undefined)');
  assert.equal(kindOf(() => 1), 'a function');
  assert.equal(kindOf(10n), 'a bigint');
  assert.equal(kindOf({}), 'an object');
  assert.equal(isObj({ a: 1 }), true);
  for (const v of [null, [1], packed, new Uint8Array(1), 3, 'x']) assert.equal(isObj(v), false, kindOf(v));
});

test('makeCtx fills the defaults; err leaves an empty path out', () => {
  assert.deepEqual(makeCtx({}, '/base'), {
    file: undefined, baseDir: '/base', maxFileBytes: DEFAULT_MAX_FILE_BYTES, allowedRoots: [], maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES,
    work: 'inspect', deferInput: undefined, sideFiles: [],
  });
  const c = makeCtx({ file: 'c.json', baseDir: '/b', maxFileBytes: 5, allowedRoots: ['/r'], maxMemoryBytes: 7, work: 'gradient' }, '/base');
  assert.deepEqual([c.file, c.baseDir, c.maxFileBytes, c.allowedRoots, c.maxMemoryBytes, c.work], ['c.json', '/b', 5, ['/r'], 7, 'gradient']);
  const e = err('value', 'bad', '', { file: 'f.json' }, 'fix it');
  assert.deepEqual([e.code, e.detail, e.where, e.hint, e.message], ['value', 'bad', { file: 'f.json', path: undefined }, 'fix it', 'f.json: bad (fix it)']);
  assert.equal(err('shape', 'bad', 'input', {}).message, 'input: bad');
});

test('withPath re-anchors a side file\'s error at the case\'s JSON path', () => {
  const ctx = makeCtx({ file: 'case.json' }, '/');
  const side = withPath(new LossDebuggerError('format', 'not a .npy file', { file: 'x.npy', path: 'shape' }, 'write it with np.save'), 'input', ctx);
  assert.ok(side instanceof LossDebuggerError);
  assert.deepEqual([side.code, side.detail, side.where, side.hint], ['format', 'x.npy: not a .npy file', { file: 'case.json', path: 'input (shape)' }, 'write it with np.save']);
  // the side file is already named in the detail, or the error is the case file's own: no prefix
  const named = withPath(new LossDebuggerError('file', 'cannot read x.npy', { file: 'x.npy' }), 'target', ctx) as LossDebuggerError;
  assert.deepEqual([named.detail, named.where], ['cannot read x.npy', { file: 'case.json', path: 'target' }]);
  const own = withPath(new LossDebuggerError('value', 'bad value', { file: 'case.json' }), 'target', ctx) as LossDebuggerError;
  assert.equal(own.detail, 'bad value');
  const noFile = withPath(new LossDebuggerError('value', 'bad value'), 'target', ctx) as LossDebuggerError;
  assert.equal(noFile.detail, 'bad value');
  const other = new RangeError('x');
  assert.equal(withPath(other, 'input', ctx), other);
});

test('a case carries file, side files and history only when it has them', () => {
  const c = caseFromObject({ loss: 'MSELoss', input: [1, 2], target: [1, 3] });
  assert.deepEqual(Object.keys(c).sort(), ['input', 'loss', 'meta', 'spans', 'target']);
  const withAll = parseCase('{"loss": "MSELoss", "input": [1, 2], "target": [1, 3], "history": {"train": [3, 2]}}', { file: 'h.json' });
  assert.deepEqual(Object.keys(withAll).sort(), ['file', 'history', 'input', 'loss', 'meta', 'spans', 'target']);
  assert.equal(withAll.file, 'h.json');
  for (const [k, hint] of [['loss', 'add e.g. "loss": "CrossEntropyLoss"'], ['input', 'add "input": the model output (logits, probabilities or predictions)'], ['target', 'add "target": the labels or regression targets']]) {
    const obj: Record<string, unknown> = { loss: 'MSELoss', input: [1], target: [1] };
    delete obj[k];
    assert.equal(errorMessage(() => parseCase(JSON.stringify(obj), { file: 'm.json' })), `m.json:1:1: missing "${k}" (${hint})`);
  }
});

const spec = (type: LossSpec['type'], extra: Partial<LossSpec> = {}): LossSpec => ({ type, reduction: 'mean', ...extra } as LossSpec);
const t = (shape: number[], data?: number[], dtype: Tensor['dtype'] = 'float64'): Tensor => tensor(data ?? new Array(shape.reduce((a, b) => a * b, 1)).fill(0), shape, dtype);
const ctx = makeCtx({ file: 'p.json' }, '/');
const check = (s: LossSpec, input: Tensor, target: Tensor): string | undefined => {
  try { semanticChecks(s, input, target, ctx); return undefined; } catch (e) { assert.ok(e instanceof LossDebuggerError); return e.message; }
};

test('class losses: one weight per class, of the input\'s dim 1 (or dim 0 of a 1-D input)', () => {
  const labels = t([2], [0, 1], 'int64');
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([3]) }), t([2, 3]), labels), undefined);
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([2]) }), t([2, 3]), labels),
    'p.json: loss.weight: weight has shape (2,) but the input has C = 3 classes (input.shape[1]) (CrossEntropyLoss takes one weight per class: a list of 3 numbers)');
  assert.equal(check(spec('NLLLoss', { weight: t([1, 3]) }), t([2, 3]), labels),
    'p.json: loss.weight: weight has shape (1, 3) but the input has C = 3 classes (input.shape[1]) (NLLLoss takes one weight per class: a list of 3 numbers)');
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([4]) }), t([3]), t([], [0], 'int64')),
    'p.json: loss.weight: weight has shape (4,) but the input has C = 3 classes (input.shape[0]) (CrossEntropyLoss takes one weight per class: a list of 3 numbers)');
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([3]) }), t([3]), t([], [0], 'int64')), undefined);
  // a (C, 1) weight has C values but is not one per class either
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([3, 1]) }), t([2, 3]), labels),
    'p.json: loss.weight: weight has shape (3, 1) but the input has C = 3 classes (input.shape[1]) (CrossEntropyLoss takes one weight per class: a list of 3 numbers)');
  // a 0-d input has no class dimension to compare with: left to the engine
  assert.equal(check(spec('CrossEntropyLoss', { weight: t([4]) }), t([], [1]), t([], [0], 'int64')), undefined);
});

test('class losses: float class targets must be whole numbers, probabilities only for CrossEntropyLoss of the input\'s shape', () => {
  const input = t([2, 3]);
  assert.equal(check(spec('CrossEntropyLoss'), input, t([2], [0, 2])), undefined);
  assert.equal(check(spec('CrossEntropyLoss'), input, t([2], [0, 1.5])),
    'p.json: target: target[1] is 1.5, but CrossEntropyLoss class targets must be integer class indices (pass class indices (target.long()), or class probabilities with the same shape as the input)');
  assert.equal(check(spec('NLLLoss'), t([2, 3, 2]), t([2, 2], [0, 1, 2, 0.25])),
    'p.json: target: target[1][1] is 0.25, but NLLLoss class targets must be integer class indices (pass class indices (target.long()); NLLLoss has no probability targets)');
  // NaN and ±Infinity are not fractions (other checks name them)
  assert.equal(check(spec('NLLLoss'), input, t([2], [NaN, Infinity])), undefined);
  // class probabilities: CrossEntropyLoss, same shape, float
  assert.equal(check(spec('CrossEntropyLoss'), input, t([2, 3], [0.5, 0.25, 0.25, 0, 1, 0])), undefined);
  assert.match(check(spec('NLLLoss'), input, t([2, 3], [0.5, 0.25, 0.25, 0, 1, 0])) ?? '', /^p\.json: target: target\[0\]\[0\] is 0\.5, but NLLLoss/);
  assert.match(check(spec('CrossEntropyLoss'), input, t([3, 2], [0.5, 0.25, 0.25, 0, 1, 0])) ?? '', /target\[0\]\[0\] is 0\.5/);
  // probabilities need every dimension equal, not just the first
  assert.match(check(spec('CrossEntropyLoss'), input, t([2, 4], [0.5, 0.25, 0.25, 0, 1, 0, 0, 0])) ?? '', /target\[0\]\[0\] is 0\.5/);
  assert.match(check(spec('CrossEntropyLoss'), input, t([2, 3, 1], [0.5, 0.25, 0.25, 0, 1, 0])) ?? '', /target\[0\]\[0\]\[0\] is 0\.5/);
  // an integer dtype holds no fractions: not scanned
  assert.equal(check(spec('CrossEntropyLoss'), input, tensor(new Float64Array([0.5, 1]), [2], 'int64')), undefined);
});

test('binary losses: weight and pos_weight must expand to exactly the input\'s shape', () => {
  const input = t([2, 3]);
  const target = t([2, 3]);
  for (const k of ['weight', 'pos_weight'] as const) {
    for (const shape of [[3], [1], [2, 3], [1, 3], [2, 1], [1, 1, 3], [1, 2, 3], []]) {
      assert.equal(check(spec('BCEWithLogitsLoss', { [k]: t(shape) }), input, target), undefined, `${k} ${JSON.stringify(shape)}`);
    }
  }
  assert.equal(check(spec('BCEWithLogitsLoss', { pos_weight: t([2]) }), input, target),
    'p.json: loss.pos_weight: pos_weight of shape (2,) does not broadcast to the input\'s shape (2, 3) (pos_weight has one value per class (the last dimension of the input), or a single value)');
  assert.equal(check(spec('BCELoss', { weight: t([2, 2, 3]) }), input, target),
    'p.json: loss.weight: weight of shape (2, 2, 3) does not broadcast to the input\'s shape (2, 3) (weight must broadcast to the input shape)');
  assert.match(check(spec('BCELoss', { weight: t([3, 3]) }), input, target) ?? '', /weight of shape \(3, 3\) does not broadcast/);
  assert.match(check(spec('BCELoss', { weight: t([2, 1, 3]) }), input, target) ?? '', /weight of shape \(2, 1, 3\) does not broadcast/);
});

test('KLDivLoss: the target must broadcast with the input', () => {
  const input = t([2, 3]);
  for (const shape of [[2, 3], [3], [1, 3], [2, 1], [1], [], [1, 2, 3], [4, 2, 3]]) {
    assert.equal(check(spec('KLDivLoss'), input, t(shape)), undefined, JSON.stringify(shape));
  }
  assert.equal(check(spec('KLDivLoss'), input, t([2])),
    'p.json: target: target shape (2,) does not broadcast with the input\'s shape (2, 3) (KLDivLoss compares distributions element by element: give the target the input\'s shape)');
  assert.match(check(spec('KLDivLoss'), input, t([3, 3])) ?? '', /target shape \(3, 3\) does not broadcast/);
  assert.match(check(spec('KLDivLoss'), t([3]), t([2, 2])) ?? '', /target shape \(2, 2\) does not broadcast with the input's shape \(3,\)/);
  // regression losses have no such check here
  assert.equal(check(spec('MSELoss'), input, t([5])), undefined);
});

test('validateCase runs the same checks on a case assembled from parts, naming its file', () => {
  assert.equal(errorMessage(() => validateCase({ loss: spec('KLDivLoss'), input: t([2, 3]), target: t([2]), file: 'parts.json' })),
    'parts.json: target: target shape (2,) does not broadcast with the input\'s shape (2, 3) (KLDivLoss compares distributions element by element: give the target the input\'s shape)');
  validateCase({ loss: spec('KLDivLoss'), input: t([2, 3]), target: t([2, 3]) });
});

/** A `.safetensors` file's bytes from its entries (F32 values). */
function safetensors(entries: Record<string, number>): Uint8Array {
  let off = 0;
  const header: Record<string, unknown> = {};
  for (const [name, n] of Object.entries(entries)) { header[name] = { dtype: 'F32', shape: [n], data_offsets: [off, off + 4 * n] }; off += 4 * n; }
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + hb.length + off);
  new DataView(out.buffer).setUint32(0, hb.length, true);
  out.set(hb, 8);
  return out;
}

test('loadTensorFile checks the memory of the tensor it loads, as an input: the named one only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-parts-'));
  try {
    const two = join(dir, 'two.safetensors');
    writeFileSync(two, safetensors({ big: 1000, small: 1 }));
    const one = join(dir, 'one.safetensors');
    writeFileSync(one, safetensors({ big: 1000 }));
    // as an input, 1000 float32 values need 4 + 32 bytes each (36,000), more than 10,000
    const budget = 'this case needs about 35.2 KB of memory to analyse exactly, more than the 9.77 KB budget';
    assert.equal(loadTensorFile(two, { name: 'small', maxMemoryBytes: 10_000 }).data.length, 1);
    assert.match(errorMessage(() => loadTensorFile(two, { name: 'big', maxMemoryBytes: 10_000 })), new RegExp(`^${two}: ${budget} \\(raise the budget`));
    assert.match(errorMessage(() => loadTensorFile(one, { maxMemoryBytes: 10_000 })), new RegExp(`^${one}: ${budget}`));
    assert.match(errorMessage(() => loadTensorFile(two, { maxMemoryBytes: 10_000 })), new RegExp(`^${two}: ${budget}`));
    assert.equal(loadTensorFile(one, { maxMemoryBytes: 36_000 }).data.length, 1000);
    assert.deepEqual(listSafetensors(two), [{ name: 'big', dtype: 'float32', shape: [1000] }, { name: 'small', dtype: 'float32', shape: [1] }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('listSafetensors: a file shorter than its length field, or than 8 bytes, is refused by the header check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-parts-'));
  try {
    const short = join(dir, 'short.safetensors');
    writeFileSync(short, new Uint8Array([1, 2, 3]));
    assert.match(errorMessage(() => listSafetensors(short)), new RegExp(`^${short}: `));
    const cut = join(dir, 'cut.safetensors');
    writeFileSync(cut, safetensors({ a: 1 }).subarray(0, 20));
    assert.match(errorMessage(() => listSafetensors(cut)), new RegExp(`^${cut}: `));
    assert.match(errorMessage(() => listSafetensors(join(dir, 'none.safetensors'))), /none\.safetensors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('{shape, data} tensors: dtype rounding, empty or misnamed objects, shapes that are not lists of integers', () => {
  const input = (v: unknown): Tensor => caseFromObject({ loss: 'MSELoss', input: v, target: [1, 3] }).input;
  // 1 + 2^-8 is a float16 value, and halfway between two bfloat16 values (rounds to even: 1)
  const bf = input({ shape: [2], data: [1.00390625, 3], dtype: 'bfloat16' });
  assert.deepEqual([bf.dtype, Array.from(bf.data)], ['bfloat16', [1, 3]]);
  assert.deepEqual(Array.from(input({ shape: [2], data: [1.00390625, 3], dtype: 'float16' }).data), [1.00390625, 3]);
  const FORMS = '(a tensor is nested arrays of numbers, {"shape": [...], "data": [...]}, {"npy": "file.npy"} or {"safetensors": "file.safetensors", "name": "..."})';
  const msg = (v: unknown): string => errorMessage(() => input(v));
  assert.equal(msg({}), `input: expected a tensor, found an empty object ${FORMS}`);
  assert.equal(msg({ shap: [2] }), `input: expected a tensor, found an object with key 'shap' (did you mean 'shape'?) ${FORMS}`);
  assert.equal(msg({ shape: 3, data: [1] }), 'input.shape: shape must be a list of integers, found the number 3 (e.g. "shape": [40, 30522]; [] for a scalar)');
  assert.equal(msg({ shape: '2', data: [1] }), 'input.shape: shape must be a list of integers, found a string "2" (e.g. "shape": [40, 30522]; [] for a scalar)');
  assert.equal(msg({ shape: [2, 1.5], data: [1] }), 'input.shape[1]: shape entries must be integers, found the number 1.5 (e.g. "shape": [40, 30522]; [] for a scalar)');
  assert.equal(msg({ shape: [2, -1], data: [1] }), 'input.shape[1]: dimension -1 is negative (dimensions must be non-negative integers)');
  assert.equal(errorMessage(() => parseCase('{"loss": "MSELoss", "input": {"shape": [1, 2.5], "data": [1]}, "target": [1]}')),
    'line 1:40: input.shape[1]: shape entries must be integers, found the number 2.5 (e.g. "shape": [40, 30522]; [] for a scalar)');
});

test('NpyRows: a missing file, or a folder, is refused naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-parts-'));
  try {
    const where = (f: string): string => {
      try { new NpyRows(f); } catch (e) { assert.ok(e instanceof LossDebuggerError, String(e)); return `${e.where.file} | ${e.message}`; }
      return 'no error';
    };
    const folder = join(dir, 'x.npy');
    mkdirSync(folder);
    assert.equal(where(folder), `${folder} | ${folder}: .npy file ${folder} is not a regular file (save the data to a file first)`);
    const none = join(dir, 'none.npy');
    assert.equal(where(none), `${none} | ${none}: .npy file not found: ${none}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openError: each system error code in words, the side-file hint only for side files', () => {
  const m = (code: string | undefined, what = 'side file'): string => {
    const e = openError(code === undefined ? new Error('x') : Object.assign(new Error('x'), { code }), what, '/abs/x.npy', 'x.npy');
    return `${e.code} | ${e.where.file} | ${e.detail} | ${e.hint}`;
  };
  assert.equal(m('ENOENT'), "file | x.npy | side file not found: /abs/x.npy | paths in a loss case are relative to the case file's folder");
  assert.equal(m('ENOTDIR'), "file | x.npy | side file not found: /abs/x.npy | paths in a loss case are relative to the case file's folder");
  for (const what of ['file', 'case file', 'tensor file']) assert.equal(m('ENOENT', what), `file | x.npy | ${what} not found: /abs/x.npy | undefined`);
  assert.equal(m('EACCES'), 'file | x.npy | side file /abs/x.npy is not readable (permission denied) | undefined');
  assert.equal(m('EPERM'), 'file | x.npy | side file /abs/x.npy is not readable (permission denied) | undefined');
  assert.equal(m('EISDIR'), 'file | x.npy | side file /abs/x.npy is a directory, not a file | undefined');
  assert.equal(m('ELOOP'), 'file | x.npy | side file /abs/x.npy is a symbolic link loop | undefined');
  assert.equal(m('EIO'), 'file | x.npy | cannot read side file /abs/x.npy (EIO) | undefined');
  assert.equal(m(undefined), 'file | x.npy | cannot read side file /abs/x.npy (I/O error) | undefined');
});

test('meta and history: each field\'s type named at its JSON path; other meta keys kept as plain keys', () => {
  const base = '"loss": "MSELoss", "input": [1], "target": [1]';
  const cases: Array<[string, string]> = [
    ['"meta": 3', 'line 1:58: meta: "meta" must be an object, found the number 3'],
    ['"meta": {"pad_token_id": 1.5}', 'line 1:75: meta.pad_token_id: pad_token_id must be an integer, found the number 1.5'],
    ['"meta": {"pad_token_id": "0"}', 'line 1:75: meta.pad_token_id: pad_token_id must be an integer, found a string "0"'],
    ['"meta": {"reported_loss": "1"}', 'line 1:76: meta.reported_loss: reported_loss must be a number, found a string "1" (the loss value your training printed, e.g. loss.item())'],
    ['"meta": {"class_names": "a"}', 'line 1:74: meta.class_names: class_names must be a list of strings, found a string "a"'],
    ['"meta": {"class_names": ["a", 2]}', 'line 1:74: meta.class_names[1]: class names must be strings, found the number 2'],
    ['"meta": {"task": 1}', 'line 1:67: meta.task: task must be a string, found the number 1'],
    ['"history": [1]', 'line 1:61: history: "history" must be an object like {"train": [...], "val": [...]}, found an array'],
    ['"history": {"train": "x"}', 'line 1:71: history.train: expected a list of numbers, found a string "x" (one loss value per step or epoch; NaN for a missing one)'],
    ['"history": {"train": [[1, 2]]}', 'line 1:71: history.train: expected a flat list of numbers, found nested arrays of shape (1, 2)'],
    ['"history": {"val": [true]}', 'line 1:69: history.val: expected numbers, found true/false'],
    ['"history": {"trian": [1]}', 'line 1:71: history.trian: unknown history series \'trian\' (did you mean \'train\'?) (history has "train" and "val": lists of losses per step or epoch)'],
    ['"history": {"tr": [1]}', 'line 1:68: history.tr: unknown history series \'tr\' (history has "train" and "val": lists of losses per step or epoch)'],
  ];
  for (const [part, msg] of cases) assert.equal(errorMessage(() => parseCase(`{${base}, ${part}}`)), msg, part);
  const c = parseCase(`{${base}, "meta": {"x": [1, 2], "__proto__": {"a": 1}, "pad_token_id": -1, "reported_loss": 1e-3, "class_names": ["a"], "task": "t"}, "history": {"train": [1, NaN], "val": []}}`);
  assert.equal(Object.getPrototypeOf(c.meta), Object.prototype);
  assert.deepEqual(Object.entries(c.meta), [['x', [1, 2]], ['__proto__', { a: 1 }], ['pad_token_id', -1], ['reported_loss', 0.001], ['class_names', ['a']], ['task', 't']]);
  assert.deepEqual(c.history, { train: [1, NaN], val: [] });
});

test('history from JS values takes typed arrays, as every other array of a case does (a DataView is refused)', () => {
  const o = caseFromObject({ loss: 'MSELoss', input: new Float32Array([1]), target: [1], history: { train: new Float32Array([0.5, 2]), val: new Int32Array([3]) } });
  assert.deepEqual(o.history, { train: [0.5, 2], val: [3] });
  assert.equal(errorMessage(() => caseFromObject({ loss: 'MSELoss', input: [1], target: [1], history: { train: new DataView(new ArrayBuffer(8)) } })),
    'history.train: expected a list of numbers, found a typed array (one loss value per step or epoch; NaN for a missing one)');
});

test('loss specs: every refusal word for word (unknown names, deprecated and foreign arguments, types, ranges on their edges)', () => {
  const cases: Array<[unknown, string]> = [
    ["CrossEntropyLos", "loss: unknown loss type 'CrossEntropyLos' (did you mean 'CrossEntropyLoss'?) (known losses: MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss)"],
    ["Foo", "loss: unknown loss type 'Foo' (known losses: MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss)"],
    [3, "loss: \"loss\" must be a loss name or an object with \"type\", found the number 3 (e.g. \"loss\": \"CrossEntropyLoss\" or \"loss\": {\"type\": \"CrossEntropyLoss\", \"ignore_index\": 0})"],
    [{}, "loss: the loss object has no \"type\" (add \"type\": one of MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss)"],
    [{"type":3}, "loss.type: loss type must be a string, found the number 3 (one of: MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss)"],
    [[1], "loss: \"loss\" must be a loss name or an object with \"type\", found an array (e.g. \"loss\": \"CrossEntropyLoss\" or \"loss\": {\"type\": \"CrossEntropyLoss\", \"ignore_index\": 0})"],
    [{"type":"MSELoss","size_average":true}, "loss.size_average: 'size_average' is deprecated in PyTorch and not supported (use \"reduction\": 'none' | 'mean' | 'sum' instead (size_average=False means 'sum'; reduce=False means 'none'))"],
    [{"type":"MSELoss","reduce":false}, "loss.reduce: 'reduce' is deprecated in PyTorch and not supported (use \"reduction\": 'none' | 'mean' | 'sum' instead (size_average=False means 'sum'; reduce=False means 'none'))"],
    [{"type":"MSELoss","weight":[1]}, "loss.weight: MSELoss has no argument 'weight' (MSELoss takes: reduction; 'weight' belongs to BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss)"],
    [{"type":"CrossEntropyLoss","ignore_indx":1}, "loss.ignore_indx: CrossEntropyLoss has no argument 'ignore_indx' (did you mean 'ignore_index'?) (CrossEntropyLoss takes: reduction, weight, ignore_index, label_smoothing, smoothing_mode)"],
    [{"type":"MSELoss","reduction":"batchmean"}, "loss.reduction: reduction 'batchmean' is only for KLDivLoss (use 'mean', 'sum' or 'none')"],
    [{"type":"MSELoss","reduction":"meen"}, "loss.reduction: reduction must be one of 'none', 'mean', 'sum', found a string \"meen\" (did you mean 'mean'?)"],
    [{"type":"MSELoss","reduction":1}, "loss.reduction: reduction must be one of 'none', 'mean', 'sum', found the number 1"],
    [{"type":"CrossEntropyLoss","ignore_index":1.5}, "loss.ignore_index: ignore_index must be an integer, found the number 1.5 (e.g. -100 (the default) or your padding id)"],
    [{"type":"CrossEntropyLoss","ignore_index":"1"}, "loss.ignore_index: ignore_index must be an integer, found a string \"1\" (e.g. -100 (the default) or your padding id)"],
    [{"type":"HuberLoss","delta":0}, "loss.delta: delta must be > 0, found 0 (threshold between quadratic and linear (default 1.0, > 0))"],
    [{"type":"HuberLoss","delta":-1}, "loss.delta: delta must be > 0, found -1 (threshold between quadratic and linear (default 1.0, > 0))"],
    [{"type":"HuberLoss","delta":NaN}, "loss.delta: delta must be a finite number, found the number NaN (threshold between quadratic and linear (default 1.0, > 0))"],
    [{"type":"CrossEntropyLoss","label_smoothing":1.5}, "loss.label_smoothing: label_smoothing must be in [0, 1], found 1.5 (ε in [0, 1] (default 0.0))"],
    [{"type":"CrossEntropyLoss","label_smoothing":-0.1}, "loss.label_smoothing: label_smoothing must be in [0, 1], found -0.1 (ε in [0, 1] (default 0.0))"],
    [{"type":"KLDivLoss","log_target":1}, "loss.log_target: log_target must be true or false, found the number 1"],
    [{"type":"CrossEntropyLoss","smoothing_mode":"x"}, "loss.smoothing_mode: smoothing_mode must be 'pytorch' or 'others', found a string \"x\" (Loss Debugger only: 'pytorch' (ε/K over all classes, default) or 'others' (ε/(K−1) over the other classes))"],
  ];
  for (const [loss, msg] of cases) assert.equal(errorMessage(() => caseFromObject({ loss, input: [[1, 2]], target: [0] })), msg, JSON.stringify(loss));
  const ok = (loss: unknown): LossSpec => caseFromObject({ loss, input: [[1, 2]], target: [0] }).loss;
  assert.equal(ok({ type: 'CrossEntropyLoss', label_smoothing: 1 }).label_smoothing, 1);
  assert.equal(ok({ type: 'CrossEntropyLoss', label_smoothing: 0 }).label_smoothing, 0);
  assert.equal(ok({ type: 'HuberLoss', delta: 1e-300 }).delta, 1e-300);
  assert.equal(ok({ type: 'KLDivLoss', reduction: 'batchmean' }).reduction, 'batchmean');
  assert.equal(ok({ type: 'MSELoss', size_average: null, reduce: null }).type, 'MSELoss');
  assert.match(errorMessage(() => ok({ type: 'MSELoss', constructor: 1 })), /^loss\.constructor: MSELoss has no argument 'constructor' \(MSELoss takes: reduction\)$/);
});

test('tensor files: listed in data order, named by extension or .npy magic, a huge claimed header never allocated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-parts-'));
  try {
    // header order b, a; data order a, b
    const hb = new TextEncoder().encode(JSON.stringify({ b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
    const rev = new Uint8Array(8 + hb.length + 8);
    new DataView(rev.buffer).setUint32(0, hb.length, true);
    rev.set(hb, 8);
    const st = join(dir, 'rev.safetensors');
    writeFileSync(st, rev);
    assert.deepEqual(listSafetensors(st).map((e) => e.name), ['a', 'b']);
    // only the extension at the end counts; .npy bytes are known by their magic under any name
    writeFileSync(join(dir, 'x.safetensors.bak'), rev);
    assert.equal(errorMessage(() => loadTensorFile(join(dir, 'x.safetensors.bak'))), `${join(dir, 'x.safetensors.bak')}: not a tensor file: expected a .npy or .safetensors file`);
    let h = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
    while ((10 + h.length + 1) % 64) h += ' ';
    h += '\n';
    const npy = new Uint8Array(10 + h.length + 16);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
    npy.set(new TextEncoder().encode(h), 10);
    new DataView(npy.buffer).setFloat64(10 + h.length + 8, 2.5, true);
    writeFileSync(join(dir, 'x.bin'), npy);
    assert.deepEqual(Array.from(loadTensorFile(join(dir, 'x.bin')).data), [0, 2.5]);
    // a length field claiming 2^40 bytes: refused by the header check, nothing that size allocated
    const huge = new Uint8Array(64);
    new DataView(huge.buffer).setUint32(4, 256, true);
    writeFileSync(join(dir, 'huge.safetensors'), huge);
    assert.match(errorMessage(() => listSafetensors(join(dir, 'huge.safetensors'))), /huge\.safetensors: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
