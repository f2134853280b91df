/** The byte-level JSON parser: values, Python's NaN/Infinity, errors with line:column and path, spans, depth. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LossDebuggerError } from '../../../src/errors';
import { parseJson, parseJsonWithSpans } from '../../../src/io';
import { JsonParser, PackedArray } from '../../../src/io/json';

function fails(src: string | Uint8Array, re: RegExp, file = 'case.json'): LossDebuggerError {
  try {
    parseJson(src, { file });
  } catch (e) {
    assert.ok(e instanceof LossDebuggerError, `not a LossDebuggerError: ${String(e)}`);
    assert.match(e.message, re);
    return e;
  }
  assert.fail(`no error for ${String(src).slice(0, 80)}`);
}

test('parses like JSON.parse on ordinary documents', () => {
  const docs = ['{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\n\\"y"], "b": {}, "c": [], "d": {"e": [[]]}}', '"\\ud83d\\ude00 é ü"', '0', '[-0]', '{"__proto__": 1}'];
  for (const d of docs) assert.deepEqual(parseJson(d), JSON.parse(d));
  const p = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
  assert.deepEqual(Object.keys(p), ['__proto__']);
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
});

test('any JSON value round-trips through our parser', () => {
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
    const s = JSON.stringify(v);
    assert.deepEqual(parseJson(s), JSON.parse(s));
    assert.deepEqual(parseJson(new TextEncoder().encode(JSON.stringify(v, null, 2))), JSON.parse(s));
  }), { numRuns: 300 });
});

test("accepts Python's NaN, Infinity and -Infinity", () => {
  const v = parseJson('[NaN, Infinity, -Infinity, 1]') as number[];
  assert.ok(Number.isNaN(v[0]));
  assert.equal(v[1], Infinity);
  assert.equal(v[2], -Infinity);
});

test('syntax errors carry file:line:column and the JSON path', () => {
  const e = fails('{\n  "input": [[1, 2],\n    [3, 4}\n}', /^case\.json:3:10: input\[1\]\[1\]: expected ',' or '\]' but found '\}'$/);
  assert.equal(e.where.line, 3);
  assert.equal(e.where.column, 10);
  fails('{"loss": "MSELoss", "input": [1, 2', /case\.json:1:35: input\[1\]: unexpected end of file: the file looks truncated/);
  fails('{"a": [1, 2', /unexpected end of file/);
  fails('{"a": tru', /unexpected end of file/);
  fails('{"a" 1}', /case\.json:1:6: a: expected ':' after the key but found a number/);
  fails('{"a": 1,}', /expected a key in double quotes but found '\}' \(remove the trailing comma\)/);
  fails('{"a": [1, 2,]}', /a\[2\]: expected a value but found '\]' \(remove the trailing comma\)/);
  fails('{"a": "x\ny"}', /control character 0x0A inside a string/);
  fails('{"a": "\\q"}', /invalid escape/);
  fails('{"a": 1} x', /after the end of the JSON value/);
  fails('{"é": "ü", "b": ?}', /case\.json:1:17: b: expected a value but found a character that cannot start a JSON value/); // columns count characters
  fails('\ufeff{"a": ?}', /case\.json:1:7: a: expected a value/); // a BOM is not a column
  fails('{"é": "ü\u0001"}', /case\.json:1:9: é: control character 0x01/);
  fails('', /the file is empty/);
  fails('  \n ', /only whitespace/);
  fails(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), /file is not JSON text: it starts with bytes 0x93 0x4E 0x55 \(is this a \.npy file\? point to it .*\{"npy": /);
  fails(new Uint8Array([0x22, 0xff, 0xfe, 0x22]), /invalid UTF-8/);
});

test('1e400 overflows with its path; tiny values underflow to 0', () => {
  fails('{"input": [[1, 2, 3], [0.5, 1, 1e400]]}', /input\[1\]\[2\]: 1e400 does not fit in float64/);
  fails('{"x": -1e999}', /x: -1e999 does not fit in float64/);
  assert.deepEqual(parseJson('[1e-400]'), [0]);
});

test('200 000 nesting levels give a clear error, not a stack overflow', () => {
  const deep = '['.repeat(200000) + ']'.repeat(200000);
  fails(deep, /nesting deeper than 1000 levels/);
  const ok = '['.repeat(999) + ']'.repeat(999);
  assert.ok(Array.isArray(parseJson(ok)));
});

test('spans: line, column and byte offsets of values to depth 2', () => {
  const src = '{\n  "loss": {"type": "CrossEntropyLoss", "ignore_index": 0},\n  "input": [[1, 2]],\n  "target": [1]\n}';
  const { spans } = parseJsonWithSpans(src);
  assert.deepEqual(spans.loss, { line: 2, column: 11, start: 12, end: 59 });
  assert.equal(src.slice(spans.loss.start, spans.loss.end), '{"type": "CrossEntropyLoss", "ignore_index": 0}');
  assert.equal(src.slice(spans['loss.ignore_index'].start, spans['loss.ignore_index'].end), '0');
  assert.equal(spans['loss.ignore_index'].line, 2);
  assert.equal(src.slice(spans.input.start, spans.input.end), '[[1, 2]]');
  assert.equal(spans.target.line, 4);
  assert.equal(spans.target.column, 13);
});

test('packed arrays: shape, kind and raggedness', () => {
  const pack = (s: string): PackedArray => {
    const r = new JsonParser(`{"t": ${s}}`, 'c.json').parseDocument({ pack: (p) => p === 't' });
    return (r.value as { t: PackedArray }).t;
  };
  let p = pack('[[1, 2, 3], [4, 5, 6]]');
  assert.deepEqual(p.shape, [2, 3]);
  assert.equal(p.kind, 'int');
  assert.deepEqual(Array.from(p.data), [1, 2, 3, 4, 5, 6]);
  p = pack('[[1.0, NaN], [-Infinity, 2e3]]');
  assert.equal(p.kind, 'float');
  assert.ok(Number.isNaN(p.data[1]));
  assert.equal(p.data[2], -Infinity);
  assert.deepEqual(pack('[true, false]').kind, 'bool');
  assert.deepEqual(pack('[]').shape, [0]);
  assert.deepEqual(pack('[[], []]').shape, [2, 0]);
  assert.deepEqual(pack('[[[1], [2]], [[3], [4]], [[5], [6]]]').shape, [3, 2, 1]);
  const big = Array.from({ length: 3000 }, (_, i) => i / 7);
  assert.deepEqual(Array.from(pack(JSON.stringify(big)).data), big);
  const err = (s: string, re: RegExp): void => {
    assert.throws(() => pack(s), (e: unknown) => e instanceof LossDebuggerError && re.test(e.message));
  };
  err('[[1, 2, 3], [4, 5]]', /c\.json:1:\d+: t\[1\]: ragged array: row has 2 values, row 0 had 3/);
  err('[[[1, 2], [3, 4]], [[5, 6], [7]]]', /t\[1\]\[1\]: ragged array: row has 1 value, t\[0\]\[0\] had 2/);
  err('[[1, 2], 3]', /t\[1\]: expected an array but found the number 3/);
  err('[1, [2]]', /t\[1\]: expected a number but found an array/);
  err('[1, "abc"]', /t\[1\]: expected a number, found a string "abc"/);
  err('[1, null]', /t\[1\]: expected a number, found null \(use NaN/);
  err('[1, true]', /mixes booleans and numbers/);
  err('[[1, 2], [3, 4}', /t\[1\]\[1\]: expected ',' or '\]' but found '\}'/);
  err('['.repeat(70) + ']'.repeat(70), /more than 64 levels/);
  // the fast `, <number>` run hands unusual elements back to the general loop
  err('[0.5, 1, 2, 1e400, 3]', /t\[3\]: 1e400 does not fit in float64/);
  err('[1, 2, -, 3]', /t\[2\]: invalid number: expected a digit after the minus sign/);
  err('[1, 2, 3.]', /invalid number: expected a digit after the decimal point/);
  err('[1,2,3 4]', /t\[2\]: expected ',' or '\]' but found a number/);
  const mixed = pack('[1,2, NaN,3,-Infinity, -4.5e-3,\n 7]');
  assert.deepEqual(Array.from(mixed.data).map(String), ['1', '2', 'NaN', '3', '-Infinity', '-0.0045', '7']);
  assert.equal(mixed.kind, 'float');
  assert.equal(pack('[1, 2, 3, 4, 5]').kind, 'int');
  assert.equal(pack('[1, 2, 3, 4.0, 5]').kind, 'float');
});

test('packed arrays of random doubles (json.dumps layout and compact) equal JSON.parse', () => {
  const pyRepr = (d: number): string => {
    const s = String(d);
    if (s.includes('e')) return s.replace(/e([+-])(\d)$/, 'e$10$2');
    return Number.isInteger(d) && !Object.is(d, -0) ? `${s}.0` : Object.is(d, -0) ? '-0.0' : s;
  };
  const values = fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.float({ noNaN: true, noDefaultInfinity: true }).map((f) => f), fc.integer({ min: -1e6, max: 1e6 })), { minLength: 1, maxLength: 40 });
  fc.assert(fc.property(values, fc.boolean(), (vals, py) => {
    const text = `[${vals.map((v) => (py ? pyRepr(v) : String(v))).join(py ? ', ' : ',')}]`;
    const r = new JsonParser(`{"t": ${text}}`, 'c.json').parseDocument({ pack: (p) => p === 't' });
    const got = Array.from((r.value as { t: PackedArray }).t.data);
    const want = JSON.parse(text) as number[];
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${text}: [${i}] ${got[i]} vs ${want[i]}`);
  }), { numRuns: 1500 });
  for (const bad of ['[1, 5., 2]', '[1, 0.e1]', '[1, 01]', '[1, -]', '[1, 2.5e]']) {
    assert.throws(() => new JsonParser(`{"t": ${bad}}`, 'c.json').parseDocument({ pack: (p) => p === 't' }), /invalid number/, bad);
  }
});

test('truncated packed arrays report the end of file', () => {
  assert.throws(() => new JsonParser('{"t": [[1, 2], [3', 'c.json').parseDocument({ pack: (p) => p === 't' }), /c\.json:1:18: t\[1\]: unexpected end of file/);
});

test('pretty-printed arrays: lines are counted inside packed arrays', () => {
  const src = '{"t": [\n  1,\n  2,\n  "x"\n]}';
  assert.throws(() => new JsonParser(src, 'c.json').parseDocument({ pack: (p) => p === 't' }), /c\.json:4:3: t\[2\]/);
});
