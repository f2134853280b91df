/** Loss-case validation: structure, loss specs, tensor forms, semantic checks, caseFromObject. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { caseFromObject, didYouMean, parseCase, parseLossSpec, validateCase } from '../../../src/io';
import { makeSpec } from '../../../src/engine/losses/spec';
import { tensor } from '../../../src/engine/tensor';
import { LOSS_ARGS, LOSS_TYPES } from '../../../src/engine/losses/spec';

function rejects(src: string | object | null, re: RegExp, code?: string): LossDebuggerError {
  try {
    if (typeof src === 'string') parseCase(src, { file: 'c.json' });
    else caseFromObject(src);
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, `not a LossDebuggerError: ${String(e)}`);
    assert.match(e.message, re);
    if (code) assert.equal(e.code, code);
    return e;
  }
  assert.fail(`accepted: ${JSON.stringify(src).slice(0, 100)}`);
}

const base = (loss: unknown, input: unknown = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], target: unknown = [0, 1]): string =>
  JSON.stringify({ loss, input, target });

test('a minimal case: defaults, dtypes inferred per literal, spans', () => {
  const c = parseCase('{"loss": "CrossEntropyLoss", "input": [[2.0, 1, 0.1]], "target": [0]}', { file: 'c.json' });
  assert.equal(c.loss.type, 'CrossEntropyLoss');
  assert.equal(c.loss.reduction, 'mean');
  assert.equal(c.loss.ignore_index, -100);
  assert.equal(c.input.dtype, 'float64');
  assert.deepEqual([...c.input.shape], [1, 3]);
  assert.equal(c.target.dtype, 'int64');
  assert.deepEqual(c.meta, {});
  assert.equal(c.history, undefined);
  assert.equal(c.file, 'c.json');
  for (const k of ['loss', 'input', 'target']) assert.ok(c.spans[k], k);
  assert.equal(parseCase('{"loss": "BCELoss", "input": [0.5], "target": [true]}').target.dtype, 'bool');
  assert.equal(parseCase('{"loss": "MSELoss", "input": 2.5, "target": 1}').input.shape.length, 0);
});

test('loss objects: every documented argument is accepted with its value', () => {
  const c = parseCase(base({ type: 'CrossEntropyLoss', reduction: 'sum', ignore_index: 0, label_smoothing: 0.1, smoothing_mode: 'others', weight: [1, 2, 3] }));
  assert.equal(c.loss.reduction, 'sum');
  assert.equal(c.loss.ignore_index, 0);
  assert.equal(c.loss.label_smoothing, 0.1);
  assert.equal(c.loss.smoothing_mode, 'others');
  assert.deepEqual(Array.from(c.loss.weight?.data ?? []), [1, 2, 3]);
  assert.equal(c.loss.weight?.dtype, 'float64');
  assert.ok(c.spans['loss.label_smoothing'] && c.spans['loss.weight']);
  const k = parseCase(base({ type: 'KLDivLoss', reduction: 'batchmean', log_target: true }, [[-1, -2]], [[-1, -2]]));
  assert.equal(k.loss.reduction, 'batchmean');
  assert.equal(k.loss.log_target, true);
  const h = parseCase(base({ type: 'HuberLoss', delta: 0.5 }, [1.0], [0.0]));
  assert.equal(h.loss.delta, 0.5);
  const s = parseCase(base({ type: 'SmoothL1Loss', beta: 0 }, [1.0], [0.0]));
  assert.equal(s.loss.beta, 0);
  const b = parseCase(base({ type: 'BCEWithLogitsLoss', pos_weight: [2, 3], weight: { shape: [1, 2], data: [1, 1] } }, [[0.1, 0.2]], [[0.0, 1.0]]));
  assert.deepEqual(Array.from(b.loss.pos_weight?.data ?? []), [2, 3]);
  assert.deepEqual(b.loss.weight?.shape, [1, 2]);
  assert.equal(parseCase(base({ type: 'NLLLoss', weight: null })).loss.weight, undefined);
  // Dumpers that copy every attribute write PyTorch's None defaults, deprecated ones included.
  assert.equal(parseCase(base({ type: 'MSELoss', size_average: null, reduce: null, reduction: 'sum' })).loss.reduction, 'sum');
});

test('loss errors: unknown types and arguments with suggestions, bad values with ranges', () => {
  rejects(base('crossentropyloss'), /c\.json:1:9: loss: unknown loss type 'crossentropyloss' \(did you mean 'CrossEntropyLoss'\?\)/, 'unknown-loss');
  rejects(base('nn.BCEWithLogitsLoss'), /did you mean 'BCEWithLogitsLoss'/);
  rejects(base('MSE'), /did you mean 'MSELoss'/);
  rejects(base('F.binary_cross_entropy_with_logits'), /did you mean 'BCEWithLogitsLoss'/);
  rejects(base('torch.nn.functional.nll_loss'), /did you mean 'NLLLoss'/);
  rejects(base('Softmax'), /unknown loss type 'Softmax' \(known losses: MSELoss/);
  rejects(base({ type: 'CrossEntropyLoss', labelsmoothing: 0.1 }), /loss\.labelsmoothing: CrossEntropyLoss has no argument 'labelsmoothing' \(did you mean 'label_smoothing'\?\)/, 'unknown-arg');
  rejects(base({ type: 'MSELoss', ignore_index: 0 }), /MSELoss has no argument 'ignore_index'.*belongs to CrossEntropyLoss, NLLLoss/);
  rejects(base({ type: 'MSELoss', reduce: false }), /'reduce' is deprecated.*use "reduction"/);
  rejects(base({ type: 'CrossEntropyLoss', label_smoothing: -0.1 }), /label_smoothing must be in \[0, 1\], found -0\.1/, 'value');
  rejects(base({ type: 'HuberLoss', delta: 0 }), /delta must be > 0, found 0/);
  rejects(base({ type: 'SmoothL1Loss', beta: -1 }), /beta must be >= 0, found -1/);
  rejects(base({ type: 'L1Loss', reduction: 'summ' }), /reduction must be one of 'none', 'mean', 'sum', found a string "summ" \(did you mean 'sum'\?\)/);
  rejects(base({ type: 'BCELoss', reduction: 'batchmean' }), /'batchmean' is only for KLDivLoss/);
  rejects(base({ type: 'NLLLoss', ignore_index: '-100' }), /ignore_index must be an integer, found a string "-100"/);
  rejects(base({ type: 'KLDivLoss', log_target: 1 }), /log_target must be true or false/);
  rejects(base({ type: 'CrossEntropyLoss', smoothing_mode: 'other' }), /smoothing_mode must be 'pytorch' or 'others'/);
  rejects(base({ reduction: 'sum' }), /the loss object has no "type"/);
  rejects(base(42), /"loss" must be a loss name or an object/);
  rejects(base({ type: 7 }), /loss\.type: loss type must be a string/);
});

test('parseLossSpec on plain values', () => {
  const s = parseLossSpec({ type: 'NLLLoss', ignore_index: 3 }, 'loss');
  assert.equal(s.ignore_index, 3);
  assert.throws(() => parseLossSpec('Foo', 'x.loss', 'f.json'), /f\.json: x\.loss: unknown loss type 'Foo'/);
});

test('structure errors', () => {
  rejects('[1]', /a loss case must be a JSON object, found an array/, 'structure');
  rejects('"x"', /found a string/);
  rejects('{"input": [1], "target": [1]}', /missing "loss"/);
  rejects('{"loss": "MSELoss", "target": [1]}', /missing "input"/);
  rejects('{"loss": "MSELoss", "input": [1], "target": [1], "targets": 1}', /unknown field 'targets' \(did you mean 'target'\?\)/);
  assert.ok(parseCase('{"$schema": "x", "name": "n", "loss": "MSELoss", "input": [1], "target": [1]}'));
  rejects('{"loss": "MSELoss", "input": "abc", "target": [1]}', /input: expected a tensor, found a string "abc"/);
  rejects('{"loss": "MSELoss", "input": {"shap": [1], "data": [1]}, "target": [1]}', /did you mean 'shape'/);
  rejects('{"loss": "MSELoss", "input": {"data": [1]}, "target": [1]}', /missing "shape"/);
  rejects('{"loss": "MSELoss", "input": {}, "target": [1]}', /empty object/);
  rejects('{"loss": "MSELoss", "input": {"npy": 3}, "target": [1]}', /input\.npy: expected a file path/);
});

test('{shape, data, dtype}: counts, dtypes, rounding, limits', () => {
  const c = parseCase('{"loss": "MSELoss", "input": {"shape": [2, 2], "data": [0.1, 2, 3, 4], "dtype": "float32"}, "target": {"shape": [2, 2], "data": [1, 2, 3, 4], "dtype": "int32"}}');
  assert.ok(c.input.data instanceof Float32Array);
  assert.equal(c.input.data[0], Math.fround(0.1));
  assert.equal(c.target.dtype, 'int32');
  const h = parseCase('{"loss": "MSELoss", "input": {"shape": [1], "data": [0.1], "dtype": "float16"}, "target": [1]}');
  assert.equal(h.input.data[0], 0.0999755859375);
  assert.equal(parseCase('{"loss": "MSELoss", "input": {"shape": [], "data": [3.5]}, "target": 1}').input.shape.length, 0);
  // lossdbg_dump.py writes data nested, as tolist() does
  const nested = parseCase('{"loss": "MSELoss", "input": {"shape": [2, 2], "dtype": "float32", "data": [[1.5, 2], [3, 4]]}, "target": [1]}');
  assert.deepEqual(Array.from(nested.input.data), [1.5, 2, 3, 4]);
  assert.deepEqual(nested.input.shape, [2, 2]);
  rejects('{"loss": "MSELoss", "input": {"shape": [2, 2], "data": [[1, 2], [3]]}, "target": [1]}', /input\.data\[1\]: ragged array/);
  rejects('{"loss": "MSELoss", "input": {"shape": [2, 3], "data": [1, 2]}, "target": [1]}', /c\.json:1:30: input: shape \(2, 3\) holds 6 values but "data" has 2/, 'shape');
  rejects('{"loss": "MSELoss", "input": {"shape": [-1], "data": []}, "target": [1]}', /input\.shape\[0\]: dimension -1 is negative/);
  rejects('{"loss": "MSELoss", "input": {"shape": [1e12, 1e12], "data": []}, "target": [1]}', /more than 2\^53 values/);
  rejects('{"loss": "MSELoss", "input": {"shape": [1.5], "data": []}, "target": [1]}', /shape entries must be integers/);
  rejects('{"loss": "MSELoss", "input": {"shape": [2], "data": [1, 2], "dtype": "float"}, "target": [1]}', /unknown dtype 'float' \(did you mean 'float32'\?\)/);
  rejects('{"loss": "MSELoss", "input": {"shape": [2], "data": [1, 2.5], "dtype": "int64"}, "target": [1]}', /input\.data\[1\]: 2\.5 is not an integer, but the dtype is int64/);
  rejects('{"loss": "MSELoss", "input": {"shape": [1], "data": [300], "dtype": "uint8"}, "target": [1]}', /300 is outside the uint8 range/);
  rejects('{"loss": "MSELoss", "input": {"shape": [1], "data": [2], "dtype": "bool"}, "target": [1]}', /outside the bool range/);
});

test('meta and history', () => {
  const c = parseCase('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"pad_token_id": 0, "class_names": ["a"], "reported_loss": NaN, "task": "t", "extra": [1, 2]}, "history": {"train": [1.5, NaN, 2], "val": []}}');
  assert.equal(c.meta.pad_token_id, 0);
  assert.deepEqual(c.meta.class_names, ['a']);
  assert.ok(Number.isNaN(c.meta.reported_loss as number));
  assert.deepEqual(c.meta.extra, [1, 2]);
  assert.deepEqual(c.history?.train?.slice(0, 1), [1.5]);
  assert.ok(Number.isNaN(c.history?.train?.[1] as number));
  assert.deepEqual(c.history?.val, []);
  assert.ok(c.spans.meta && c.spans.history && c.spans['history.train']);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": 3}', /"meta" must be an object/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"pad_token_id": 1.5}}', /c\.json:1:\d+: meta\.pad_token_id: pad_token_id must be an integer/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"reported_loss": "1.2"}}', /reported_loss must be a number/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"class_names": ["a", 1]}}', /meta\.class_names\[1\]: class names must be strings/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "history": {"train": [1, null]}}', /history\.train\[1\]: expected a number, found null \(use NaN/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "history": {"valid": [1]}}', /unknown history series 'valid' \(did you mean 'val'\?\)/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "history": {"train": [[1]]}}', /expected a flat list/);
  rejects('{"loss": "MSELoss", "input": [1.0], "target": [1.0], "history": [1, 2]}', /"history" must be an object/);
});

test('semantic checks PyTorch would raise on', () => {
  rejects(base({ type: 'CrossEntropyLoss', weight: [1, 2] }), /loss\.weight: weight has shape \(2,\) but the input has C = 3 classes \(input\.shape\[1\]\)/, 'shape');
  rejects(base({ type: 'NLLLoss', weight: [1, 2, 3, 4] }, [0.1, 0.2, 0.3], 0), /C = 3 classes \(input\.shape\[0\]\)/);
  rejects(base({ type: 'NLLLoss', weight: [[1, 2, 3]] }), /weight has shape \(1, 3\)/);
  rejects(base('CrossEntropyLoss', [[1, 2, 3]], [0.5]), /target\[0\] is 0\.5, but CrossEntropyLoss class targets must be integer class indices/);
  rejects(base('NLLLoss', [[1, 2, 3], [1, 2, 3]], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]), /target\[0\]\[0\] is 0\.2, but NLLLoss/);
  rejects(base({ type: 'BCEWithLogitsLoss', pos_weight: [1, 2] }, [[0.1, 0.2, 0.3]], [[0.0, 1.0, 1.0]]), /loss\.pos_weight: pos_weight of shape \(2,\) does not broadcast/);
  rejects(base({ type: 'BCELoss', weight: [[1], [2], [3]] }, [[0.1, 0.2]], [[0.0, 1.0]]), /loss\.weight: weight of shape \(3, 1\) does not broadcast/);
  rejects(base('KLDivLoss', [[1, 2, 3]], [[1, 2]]), /target shape \(1, 2\) does not broadcast/);
  // accepted: findings for the diagnostics, not load errors
  assert.ok(parseCase(base('CrossEntropyLoss', [[0.1, 0.2, 0.7]], [[0.0, 0.0, 1.0]]))); // probability target
  assert.ok(parseCase(base('CrossEntropyLoss', [[0.1, 0.2, 0.7]], [1.0]))); // integral float targets
  assert.ok(parseCase(base('CrossEntropyLoss', [[0.1, 0.2, 0.7]], [7]))); // out of range target
  assert.ok(parseCase(base('CrossEntropyLoss', [[0.1, 0.2, 0.7]], [0, 1]))); // batch mismatch
  assert.ok(parseCase(base('BCELoss', [1.5, -0.5], [1, 0]))); // outside [0, 1]
  assert.ok(parseCase('{"loss": "MSELoss", "input": [NaN, Infinity], "target": [1, 2]}'));
  assert.ok(parseCase(base({ type: 'BCEWithLogitsLoss', pos_weight: [2], weight: [1, 1, 1] }, [[0.1, 0.2, 0.3]], [[0, 1, 1]])));
});

test('validateCase: the same semantic checks for a case built from parts', () => {
  const input = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  const target = tensor([0, 2], [2], 'int64');
  validateCase({ loss: makeSpec('CrossEntropyLoss', { weight: tensor([1, 1, 1]) }), input, target });
  assert.throws(() => validateCase({ loss: makeSpec('CrossEntropyLoss', { weight: tensor([1, 1]) }), input, target, file: 'x.npy' }),
    /x\.npy: loss\.weight: weight has shape \(2,\) but the input has C = 3 classes/);
  assert.throws(() => validateCase({ loss: makeSpec('NLLLoss'), input, target: tensor([0.5, 1], [2]) }), /target\[0\] is 0\.5/);
});

test('caseFromObject: plain JS values, typed arrays, NaN as numbers, same validation', () => {
  const c = caseFromObject({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: [[1, 2], [NaN, 0.5]], target: new Float64Array([1, 0]) });
  assert.equal(c.loss.ignore_index, 0);
  assert.ok(Number.isNaN(c.input.data[2]));
  assert.equal(c.input.dtype, 'float64');
  assert.deepEqual(c.spans, {});
  const t = caseFromObject({ loss: 'MSELoss', input: { shape: [2], data: new Float32Array([1, 2]), dtype: 'float32' }, target: [1, 2] });
  assert.ok(t.input.data instanceof Float32Array);
  const f = caseFromObject({ loss: 'MSELoss', input: new Float32Array([0.5, 1.5]), target: [1, 2] });
  assert.equal(f.input.dtype, 'float32');
  assert.ok(f.input.data instanceof Float32Array);
  rejects({ loss: 'MSELoss', input: [[1, 2], [3]], target: [1] }, /input\[1\]: ragged array: row has 1 value, row 0 had 2/, 'ragged');
  rejects({ loss: 'MSELoss', input: [[1, 2], [3, 'x']], target: [1] }, /input\[1\]\[1\]: expected a number, found a string "x"/);
  rejects({ loss: 'MSELoss', input: [[[1]], [2]], target: [1] }, /input\[1\]\[0\]: expected an array/);
  rejects({ loss: 'crossentropy', input: [1], target: [1] }, /did you mean 'CrossEntropyLoss'/);
  rejects(null, /must be a JSON object, found null/);
});

test('didYouMean: edit distance and case-insensitive matches', () => {
  assert.equal(didYouMean('crossentropyloss', LOSS_TYPES), 'CrossEntropyLoss');
  assert.equal(didYouMean('MSELos', LOSS_TYPES), 'MSELoss');
  assert.equal(didYouMean('ignore_idx', Object.keys(LOSS_ARGS.CrossEntropyLoss)), 'ignore_index');
  assert.equal(didYouMean('weigth', Object.keys(LOSS_ARGS.CrossEntropyLoss)), 'weight');
  assert.equal(didYouMean('zzzzzz', LOSS_TYPES), undefined);
  assert.equal(didYouMean('', LOSS_TYPES), undefined);
});
