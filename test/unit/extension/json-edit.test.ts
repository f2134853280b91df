import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlannedEdit, formatJsonValue, planJsonEdit } from '../../../src/extension/json-edit';

function edit(text: string, path: string[], value: unknown, hint?: number): string {
  const e = planJsonEdit(text, path, value, hint === undefined ? {} : { hint });
  assert.ok(e, `no edit planned for ${path.join('.')}`);
  return applyPlannedEdit(text, e);
}

test('adds a missing key to a multi-line loss object with the same indentation', () => {
  const text = '{\n  "loss": {\n    "type": "CrossEntropyLoss",\n    "reduction": "mean"\n  },\n  "input": [[1, 2]],\n  "target": [0]\n}\n';
  const out = edit(text, ['loss', 'ignore_index'], 0);
  assert.equal(out, '{\n  "loss": {\n    "type": "CrossEntropyLoss",\n    "reduction": "mean",\n    "ignore_index": 0\n  },\n  "input": [[1, 2]],\n  "target": [0]\n}\n');
  assert.deepEqual(JSON.parse(out).loss, { type: 'CrossEntropyLoss', reduction: 'mean', ignore_index: 0 });
});

test('adds a key to an inline loss object', () => {
  const text = '{"loss": {"type": "BCEWithLogitsLoss"}, "input": [0.1], "target": [1]}';
  const out = edit(text, ['loss', 'pos_weight'], [9.5]);
  assert.equal(out, '{"loss": {"type": "BCEWithLogitsLoss", "pos_weight": [9.5]}, "input": [0.1], "target": [1]}');
});

test('replaces an existing value, leaving the rest untouched', () => {
  const text = '{"input": [[0.2, 0.8]], "loss": {"type": "CrossEntropyLoss", "ignore_index": -100, "weight": [1, 1]}, "target": [1]}';
  const out = edit(text, ['loss', 'ignore_index'], 0);
  assert.equal(out, text.replace('"ignore_index": -100', '"ignore_index": 0'));
  const out2 = edit(text, ['loss', 'weight'], [0.25, 4]);
  assert.deepEqual(JSON.parse(out2).loss.weight, [0.25, 4]);
});

test('turns the loss shorthand string into an object', () => {
  const text = '{\n  "loss": "CrossEntropyLoss",\n  "input": [[1, 2]],\n  "target": [0]\n}';
  const out = edit(text, ['loss', 'ignore_index'], 0);
  assert.deepEqual(JSON.parse(out).loss, { type: 'CrossEntropyLoss', ignore_index: 0 });
  assert.ok(out.includes('"loss": {"type": "CrossEntropyLoss", "ignore_index": 0},'));
});

test('creates missing parents and fills empty objects', () => {
  assert.deepEqual(JSON.parse(edit('{"loss": "MSELoss", "input": [1], "target": [1]}', ['meta', 'pad_token_id'], 0)).meta, { pad_token_id: 0 });
  assert.deepEqual(JSON.parse(edit('{"meta": {}, "loss": "L1Loss"}', ['meta', 'task'], 'x')).meta, { task: 'x' });
  assert.deepEqual(JSON.parse(edit('{}', ['loss', 'type'], 'L1Loss')), { loss: { type: 'L1Loss' } });
});

test('strings with braces, quotes and escapes do not confuse the scanner', () => {
  const text = '{"meta": {"note": "a } tricky \\" [ string"}, "loss": {"type": "NLLLoss"}}';
  const out = edit(text, ['loss', 'ignore_index'], 0);
  assert.deepEqual(JSON.parse(out), { meta: { note: 'a } tricky " [ string' }, loss: { type: 'NLLLoss', ignore_index: 0 } });
});

test('keeps CRLF line endings', () => {
  const text = '{\r\n  "loss": {\r\n    "type": "CrossEntropyLoss"\r\n  }\r\n}';
  const out = edit(text, ['loss', 'ignore_index'], 0);
  assert.equal(out, '{\r\n  "loss": {\r\n    "type": "CrossEntropyLoss",\r\n    "ignore_index": 0\r\n  }\r\n}');
});

test('uses a correct hint and ignores a wrong one', () => {
  const text = '{"input": [[1, 2], [3, 4]], "loss": {"type": "CrossEntropyLoss"}, "target": [0, 1]}';
  const at = text.indexOf('{"type"');
  assert.deepEqual(JSON.parse(edit(text, ['loss', 'ignore_index'], 0, at)).loss, { type: 'CrossEntropyLoss', ignore_index: 0 });
  // A stale hint pointing into the input array falls back to scanning.
  assert.deepEqual(JSON.parse(edit(text, ['loss', 'ignore_index'], 0, 12)).loss, { type: 'CrossEntropyLoss', ignore_index: 0 });
});

test('refuses what it cannot edit', () => {
  assert.equal(planJsonEdit('[1, 2]', ['loss'], 1), undefined);
  assert.equal(planJsonEdit('{"loss": 3}', ['loss', 'x'], 1), undefined);
  assert.equal(planJsonEdit('{"loss": {"type": ', ['loss', 'x'], 1), undefined);
  assert.equal(planJsonEdit('{"a": 1}', [], 1), undefined);
});

test('formats values compactly, non-finite numbers as null', () => {
  assert.equal(formatJsonValue([1, 2.5, -3e-7]), '[1, 2.5, -3e-7]');
  assert.equal(formatJsonValue({ a: [true, null], 'b"': 'x' }), '{"a": [true, null], "b\\"": "x"}');
  assert.equal(formatJsonValue(Number.NaN), 'null');
});

test('locates fields, array elements and the closest existing parent', async () => {
  const { locateJsonField, parseFieldPath } = await import('../../../src/extension/json-edit');
  const text = '{"loss": {"type": "CrossEntropyLoss", "weight": [1, 2]},\n "input": [[0.1, 0.9], [2, -1]], "target": [1, 0]}';
  assert.deepEqual(parseFieldPath('input[1][0]'), ['input', 1, 0]);
  const slice = (f: string): string | undefined => {
    const r = locateJsonField(text, f);
    return r && text.slice(r.start, r.end) + (r.exact ? '' : ' (parent)');
  };
  assert.equal(slice('loss.type'), '"CrossEntropyLoss"');
  assert.equal(slice('loss.weight'), '[1, 2]');
  assert.equal(slice('input[1][0]'), '2');
  assert.equal(slice('input[1]'), '[2, -1]');
  assert.equal(slice('loss.ignore_index'), '{"type": "CrossEntropyLoss", "weight": [1, 2]} (parent)');
  assert.equal(slice('target[5]'), '[1, 0] (parent)');
  assert.equal(slice('history'), undefined);
  // Only what precedes the field is scanned: a field before a huge (here: unfinished) value is found.
  const head = '{"loss": {"type": "NLLLoss", "ignore_index": 0}, "input": [[0.5, ';
  const r = locateJsonField(head, 'loss.ignore_index');
  assert.equal(r && head.slice(r.start, r.end), '0');
});

test('with duplicate keys the quick fix edits the key the parser used (the last)', () => {
  const text = '{"loss": {"type": "CrossEntropyLoss"}, "input": [[1, 2]], "target": [0], "loss": {"type": "CrossEntropyLoss", "label_smoothing": 0.1}}';
  const e = planJsonEdit(text, ['loss', 'ignore_index'], 0);
  assert.ok(e);
  const out = applyPlannedEdit(text, e);
  // the first "loss" is untouched; the last one gets the argument
  assert.ok(out.startsWith('{"loss": {"type": "CrossEntropyLoss"}, "input"'), out);
  assert.match(out, /"loss": \{"type": "CrossEntropyLoss", "label_smoothing": 0\.1, "ignore_index": 0\}\}$/);
});
