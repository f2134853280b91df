/**
 * The JSON parser against JSON.parse as the oracle: random JSON values laid out with random
 * whitespace give the same values; random edits of them (brackets, quotes, escapes, digits, signs,
 * letters dropped, doubled or swapped) are refused exactly when JSON.parse refuses them (or holds a
 * number beyond float64, which we refuse), else give its values. Numeric tensors in any layout (the
 * compact `[1,2]`, json.dumps' `, `, newlines, tabs; long rows, numbers near the end of the text)
 * pack to JSON.parse's numbers bit for bit, with the shape and kind their literals imply; ragged rows
 * and depth mismatches are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LossDebuggerError } from '../../../src/errors';
import { JsonParser, PackedArray, joinPath, parseJson, parseJsonWithSpans } from '../../../src/io/json';

const enc = new TextEncoder();
const WS = [' ', '  ', '\n', '\t', '\r\n', '\n    ', ''];

/** JSON text of `v` with whitespace chosen by `ws(i)` around every token. */
function layout(v: unknown, ws: (i: number) => string): string {
  let i = 0;
  const w = (): string => ws(i++);
  const go = (x: unknown): string => {
    if (Array.isArray(x)) return x.length ? `[${w()}${x.map((e) => go(e)).join(`${w()},${w()}`)}${w()}]` : `[${w()}]`;
    if (x !== null && typeof x === 'object') {
      const ks = Object.keys(x);
      return ks.length ? `{${w()}${ks.map((k) => `${JSON.stringify(k)}${w()}:${w()}${go((x as Record<string, unknown>)[k])}`).join(`${w()},${w()}`)}${w()}}` : `{${w()}}`;
    }
    return JSON.stringify(x);
  };
  return `${w()}${go(v)}${w()}`;
}

const anyValue = fc.jsonValue({ maxDepth: 4 });
const wsSeq = fc.array(fc.constantFrom(...WS), { minLength: 1, maxLength: 30 });

test('random JSON values in random layouts parse to what JSON.parse gives', () => {
  fc.assert(fc.property(anyValue, wsSeq, (v, ws) => {
    const text = layout(v, (i) => ws[i % ws.length]);
    assert.deepStrictEqual(parseJson(text), JSON.parse(text));
    assert.deepStrictEqual(parseJson(enc.encode(text)), JSON.parse(text));
  }), { numRuns: 400 });
});

function hasInfinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasInfinite);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasInfinite);
  return false;
}

/** Ours refuses (with a LossDebuggerError) exactly when JSON.parse does, or when a number overflows. */
function sameVerdict(text: string): void {
  let want: unknown;
  let refused = false;
  try { want = JSON.parse(text); } catch { refused = true; }
  // our extensions: bare NaN / Infinity / -Infinity; a leading byte-order mark
  if (refused && /NaN|Infinity/.test(text)) return;
  if (!refused && hasInfinite(want)) refused = true;
  let got: unknown;
  let err: unknown;
  try { got = parseJson(text); } catch (e) { err = e; }
  if (refused) {
    assert.ok(err instanceof LossDebuggerError, `accepted ${JSON.stringify(text)}: ${JSON.stringify(got)}`);
    assert.ok(!err.message.includes('\n'));
  } else {
    assert.equal(err, undefined, `refused ${JSON.stringify(text)}: ${String(err)}`);
    assert.deepStrictEqual(got, want, text);
  }
}

const EDIT_CHARS = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '1', '9', '-', '+', '.', 'e', 'E', 't', 'f', 'n', 'u', 'a', 'l', 'x', '/', 'b', '\t', '\u0001', '\u007f'];

test('random edits of valid JSON: refused exactly when JSON.parse refuses them, else the same values', () => {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'replace', 'delete', 'double'), fc.constantFrom(...EDIT_CHARS));
  fc.assert(fc.property(anyValue, wsSeq, fc.array(edit, { minLength: 1, maxLength: 3 }), (v, ws, edits) => {
    let text = layout(v, (i) => ws[i % ws.length]);
    for (const [at, kind, ch] of edits) {
      const p = text.length ? at % text.length : 0;
      if (kind === 'insert') text = text.slice(0, p) + ch + text.slice(p);
      else if (kind === 'replace') text = text.slice(0, p) + ch + text.slice(p + 1);
      else if (kind === 'delete') text = text.slice(0, p) + text.slice(p + 1);
      else text = text.slice(0, p + 1) + text.slice(p);
    }
    sameVerdict(text);
  }), { numRuns: 1500 });
});

test('hand-picked near misses of JSON: refused or accepted as JSON.parse does', () => {
  for (const t of ['{"a":1,}', '[1,]', '[,1]', '{,}', '{"a"1}', '{"a"::1}', '[1 2]', '["a" "b"]', '[01]', '[-01]', '[1.]', '[.5]', '[1.e5]', '[1e]', '[1e+]', '[+1]',
    '[-]', '[--1]', '[1e5.5]', '[0x10]', '[1_000]', '["\\x"]', '["\\u12"]', '["\\u123g"]', '["a\u0001"]', '[tru]', '[nul]', '[fals]', '[True]', '[trueX]', '[true1]',
    '"abc', '"\\"', '{"a":{"b":[1,{"c":null}]}}', '{"a":[]}', '[[],[[]],{}]', '1 2', '[] []', '{}x', '[1]]', '[[1]', '{"a":1}}', ' ', '', '[1e309]', '[-1e309]',
    '[1e-400]', '[-0]', '[-0.0e-0]', '["\\/\\b\\f\\n\\r\\t\\"\\\\"]', '[1E+2, 1e-2, 1.5E2]', '{"__proto__": {"x": 1}}', '{"a": 1, "a": 2}']) {
    sameVerdict(t);
  }
});

/** Packs `text` (the value under "x") and returns the packed array. */
function packX(text: string): PackedArray {
  const r = new JsonParser(enc.encode(text), 'c.json').parseDocument({ pack: (p) => p === 'x' });
  const x = (r.value as { x: unknown }).x;
  assert.ok(x instanceof PackedArray, text);
  return x;
}

const literal = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.float({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([d, k]) => d.toFixed(k)),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 18 })).map(([d, k]) => d.toExponential(k)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.nat(30), fc.boolean()).map(([m, k, neg]) => {
    const s = m.toString().padStart(k + 1, '0');
    const lit = k ? `${s.slice(0, -k).replace(/^0+(?=\d)/, '')}.${s.slice(-k)}` : s;
    return neg ? `-${lit}` : lit;
  }),
  fc.constantFrom('0', '-0', '0.0', '-0.0', '1e22', '1e23', '9007199254740993', '0.1e-5', '12345678.12345678', '5e-324', '1.7976931348623157e308', 'NaN', 'Infinity', '-Infinity'),
).filter((l) => /^-?(NaN|Infinity)$/.test(l) || Number.isFinite(Number(l)));

/** Nested arrays of `dims` filled with literals. */
function nest(dims: readonly number[], lits: string[]): { text: (sep: () => string) => string; flat: string[] } {
  let k = 0;
  const flat: string[] = [];
  const build = (d: number): unknown => {
    if (d === dims.length) { const l = lits[k++ % lits.length]; flat.push(l); return l; }
    return Array.from({ length: dims[d] }, () => build(d + 1));
  };
  const tree = build(0);
  const text = (sep: () => string): string => {
    const go = (x: unknown): string => (Array.isArray(x) ? `[${x.map(go).join(sep())}]` : (x as string));
    return go(tree);
  };
  return { text, flat };
}

const reference = (lit: string): number => (lit === 'NaN' ? NaN : lit === 'Infinity' ? Infinity : lit === '-Infinity' ? -Infinity : JSON.parse(lit));

test('numeric tensors in any layout pack to JSON.parse\'s numbers bit for bit, with their shape and kind', () => {
  const dims = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).chain((d) => fc.oneof(fc.constant(d), fc.constant([...d.slice(0, -1), 40 + d[d.length - 1] * 7])));
  const seps = fc.array(fc.constantFrom(', ', ',', ' , ', ',\n', ',\n  ', ',\t', ',  ', ' ,'), { minLength: 1, maxLength: 4 });
  fc.assert(fc.property(dims, fc.array(literal, { minLength: 1, maxLength: 60 }), seps, fc.nat(100), (shape, lits, sepList, tailPad) => {
    let si = 0;
    const { text, flat } = nest([...shape], lits);
    const doc = `{"x": ${text(() => sepList[si++ % sepList.length])}${' '.repeat(tailPad)}}`;
    const got = packX(doc);
    assert.deepEqual(got.shape, shape);
    assert.equal(got.data.length, flat.length);
    for (let i = 0; i < flat.length; i++) assert.ok(Object.is(got.data[i], reference(flat[i])), `${flat[i]}: got ${got.data[i]}`);
    const float = flat.some((l) => /[.eEIN]/.test(l));
    assert.equal(got.kind, float ? 'float' : 'int', doc);
  }), { numRuns: 300 });
});

test('a long row with one bad, overflowing or ragged place is refused at that place', () => {
  const row = Array.from({ length: 120 }, (_, i) => String(i * 0.37));
  for (const at of [0, 1, 50, 118, 119]) {
    for (const [bad, re] of [['1.', /invalid number: expected a digit after the decimal point/], ['00', /leading zeros/], ['1e', /expected a digit in the exponent/],
      ['2e400', /2e400 does not fit in float64/], ['-', /expected a digit after the minus sign/], ['x', /expected a number, found 'x'/], ['[1]', /expected a number but found an array/]] as const) {
      if (bad === '[1]' && at === 0) continue; // the first row sets the depth
      const r = [...row];
      r[at] = bad;
      const doc = `{"x": [${r.join(', ')}], "pad": "${'p'.repeat(80)}"}`;
      assert.throws(() => packX(doc), (e: unknown) => e instanceof LossDebuggerError && re.test(e.message) && e.where.path === `x[${at}]`, `${bad} at ${at}`);
    }
  }
  const rows = (lens: number[]) => `{"x": [${lens.map((n) => `[${Array.from({ length: n }, (_, i) => String(i + 0.5)).join(', ')}]`).join(', ')}], "pad": "${'p'.repeat(80)}"}`;
  // the error stands at the ragged row's closing bracket (the k-th ']' of the text)
  const closing = (doc: string, k: number): number => { let i = -1; for (let j = 0; j <= k; j++) i = doc.indexOf(']', i + 1); return i + 1; };
  const RAGGED = '(every row of a tensor must have the same length)';
  for (const [lens, k, what] of [[[100, 100, 101], 2, 'row has 101 values, row 0 had 100'], [[100, 99], 1, 'row has 99 values, row 0 had 100'],
    [[2, 1], 1, 'row has 1 value, row 0 had 2'], [[1, 2], 1, 'row has 2 values, row 0 had 1'], [[3, 3, 3, 0], 3, 'row has 0 values, row 0 had 3']] as const) {
    const doc = rows([...lens]);
    assert.throws(() => packX(doc), { message: `c.json:1:${closing(doc, k)}: x[${k}]: ragged array: ${what} ${RAGGED}` });
  }
  assert.throws(() => packX('{"x": [[[1, 2], [3, 4]], [[5, 6], [7]]]}'), { message: 'c.json:1:37: x[1][1]: ragged array: row has 1 value, x[0][0] had 2 (every row of a tensor must have the same length)' });
  assert.throws(() => packX('{"x": [[[1, 2], [3, 4]], [[5, 6]]]}'), { message: 'c.json:1:33: x[1]: ragged array: row has 1 value, row 0 had 2 (every row of a tensor must have the same length)' });
  assert.throws(() => packX('{"x": [[], [1]]}'), { message: 'c.json:1:14: x[1]: ragged array: row has 1 value, row 0 had 0 (every row of a tensor must have the same length)' });
});

test('empty rows: their shape keeps every known dimension, unknown ones are 0, the kind is float', () => {
  for (const [t, shape] of [['[]', [0]], ['[[]]', [1, 0]], ['[[], []]', [2, 0]], ['[[[]], [[]]]', [2, 1, 0]], ['[ ]', [0]], ['[\n[ ],\t[]\n]', [2, 0]]] as const) {
    const p = packX(`{"x": ${t}}`);
    assert.deepEqual(p.shape, shape, t);
    assert.equal(p.data.length, 0);
    assert.equal(p.kind, 'float');
  }
  const b = packX('{"x": [[true, false], [false, true]]}');
  assert.deepEqual([b.shape, b.kind, Array.from(b.data)], [[2, 2], 'bool', [1, 0, 0, 1]]);
});

/** The numbers of a rectangular nested array of finite numbers (or of booleans only), else undefined. */
function rectangular(v: unknown): { shape: number[]; flat: number[] } | undefined {
  const shape: number[] = [];
  for (let p: unknown = v; Array.isArray(p); p = p[0]) { shape.push(p.length); if (!p.length) break; }
  const flat: number[] = [];
  let bools = 0;
  const walk = (x: unknown, d: number): boolean => {
    if (d === shape.length) {
      if (typeof x === 'boolean') { bools++; flat.push(x ? 1 : 0); return true; }
      if (typeof x === 'number') { flat.push(x); return true; }
      return false;
    }
    return Array.isArray(x) && x.length === shape[d] && x.every((e) => walk(e, d + 1));
  };
  if (!walk(v, 0) || (bools && bools !== flat.length)) return undefined;
  // an empty row ends the shape there: deeper levels are unknown (0)
  return { shape, flat };
}

test('random edits of a packed tensor: refused when JSON.parse refuses or the result is no rectangular tensor, else the same numbers', () => {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'replace', 'delete', 'double'), fc.constantFrom(...EDIT_CHARS));
  const base = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.array(literal.filter((l) => !/N|I/.test(l)), { minLength: 1, maxLength: 20 }), fc.constantFrom(', ', ',', ',\n '));
  fc.assert(fc.property(base, fc.array(edit, { minLength: 1, maxLength: 2 }), ([rows, cols, lits, sep], edits) => {
    const { text } = nest([rows, cols], lits);
    const head = '{"x": ';
    let t = text(() => sep);
    for (const [at, kind, ch] of edits) {
      const p = at % t.length;
      if (kind === 'insert') t = t.slice(0, p) + ch + t.slice(p);
      else if (kind === 'replace') t = t.slice(0, p) + ch + t.slice(p + 1);
      else if (kind === 'delete') t = t.slice(0, p) + t.slice(p + 1);
      else t = t.slice(0, p + 1) + t.slice(p);
    }
    const doc = `${head}${t}, "pad": "${'p'.repeat(70)}"}`;
    let want: unknown;
    try { want = (JSON.parse(doc) as { x: unknown }).x; } catch { want = undefined; }
    const rect = want === undefined || hasInfinite(want) ? undefined : rectangular(want);
    let got: PackedArray | undefined;
    let err: unknown;
    try { got = packX(doc); } catch (e) { err = e; }
    if (!rect) {
      assert.ok(err instanceof LossDebuggerError, `accepted ${doc}`);
    } else {
      assert.equal(err, undefined, `refused ${doc}: ${String(err)}`);
      assert.deepEqual(got?.shape.slice(0, rect.shape.length), rect.shape, doc);
      assert.equal(got?.data.length, rect.flat.length);
      rect.flat.forEach((x, i) => assert.ok(Object.is(got?.data[i], x), `${doc}: [${i}] ${got?.data[i]} vs ${x}`));
    }
  }), { numRuns: 1500 });
});

/** Line and column (in characters) of a byte offset, counted from scratch; after a BOM on line 1 columns start after it. */
function lineColOf(b: Uint8Array, offset: number, bom: boolean): { line: number; column: number } {
  let line = 1;
  let ls = bom ? 3 : 0;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) { line++; ls = i + 1; }
  let column = 1;
  for (let i = ls; i < offset; i++) if ((b[i] & 0xc0) !== 0x80) column++;
  return { line, column };
}

test('spans of random documents (non-ASCII keys and strings, any layout, with or without a BOM): each covers its value exactly, at its line and character column', () => {
  const key = fc.constantFrom('a', 'loss', 'é', 'ключ', '😀', 'a b', 'x\ny', '', 'input', '"q"', '日本');
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('é', 'ü€😀', 'a\\b', 'line\nbreak', 12.5, -0.001, 'NaN'));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
  })).v;
  const depth = fc.constantFrom(undefined, 0, 1, 2, 3);
  fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 4 }), wsSeq, fc.boolean(), depth, (doc, ws, bom, spanDepth) => {
    const text = layout(doc, (i) => ws[i % ws.length]);
    const body = enc.encode(text);
    const b = bom ? Uint8Array.of(0xef, 0xbb, 0xbf, ...body) : body;
    const r = parseJsonWithSpans(b, { spanDepth });
    const want = JSON.parse(text);
    assert.deepStrictEqual(r.value, want);
    const limit = spanDepth ?? 2;
    // every value down to the span depth, by path
    const expected = new Map<string, unknown>();
    const walk = (v: unknown, path: string, d: number): void => {
      if (d > limit) return;
      expected.set(path, v);
      if (Array.isArray(v)) v.forEach((e, i) => walk(e, joinPath(path, i), d + 1));
      else if (v !== null && typeof v === 'object') for (const [k, e] of Object.entries(v)) walk(e, joinPath(path, k), d + 1);
    };
    walk(want, '', 0);
    assert.deepEqual(Object.keys(r.spans).sort(), [...expected.keys()].sort());
    const dec = new TextDecoder();
    for (const [path, v] of expected) {
      const s = r.spans[path];
      assert.deepStrictEqual(JSON.parse(dec.decode(b.subarray(s.start, s.end))), v, path);
      const lc = lineColOf(b, s.start, bom);
      assert.deepEqual([s.line, s.column], [lc.line, lc.column], `${path} in ${JSON.stringify(text)}`);
    }
  }), { numRuns: 300 });
});
