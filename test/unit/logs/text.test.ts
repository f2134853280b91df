/**
 * The text helpers of the line-based readers (src/logs/text.ts): lines handed out whole whatever the
 * chunks (CRLF, UTF-8 characters cut between chunks), the byte ranges of pushRaw, the line-length
 * limit on its edge with its message, and every number spelling a CSV cell or JSON value may use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { LineSplitter, MAX_LINE_BYTES, parseJsonLenient, parseNumberCell, toNumber } from '../../../src/logs/text';

const enc = new TextEncoder();

function lines(chunks: Uint8Array[]): { got: [number, string][]; s: LineSplitter } {
  const s = new LineSplitter('f.log');
  const got: [number, string][] = [];
  for (const c of chunks) s.push(c, (l, no) => got.push([no, l]));
  return { got, s };
}

test('LineSplitter.push: whole lines whatever the chunks, CR before LF dropped, the rest held back and counted', () => {
  const bytes = enc.encode('a,b\r\nδ1\n\nlast');
  const whole = lines([bytes]);
  assert.deepEqual(whole.got, [[1, 'a,b'], [2, 'δ1'], [3, '']]);
  assert.deepEqual([whole.s.lines, whole.s.consumed, whole.s.pending], [3, 10, 4]);
  assert.equal(whole.s.takeRest(), 'last');
  assert.equal(whole.s.takeRest(), undefined, 'taken once');
  const byByte = lines(Array.from(bytes, (b) => new Uint8Array([b])));
  assert.deepEqual(byByte.got, whole.got, 'one byte at a time (δ cut in two)');
  const cr = lines([enc.encode('x\ny\r')]);
  assert.equal(cr.s.takeRest(), 'y', 'a CR ending the unfinished last line is dropped too');
});

test('LineSplitter.pushRaw: byte ranges without the newline or a CR before it', () => {
  const s = new LineSplitter('f.csv');
  const got: [number, string][] = [];
  const dec = new TextDecoder();
  s.pushRaw(enc.encode('ab\r\n\r\n'), (b, start, end, no) => got.push([no, dec.decode(b.subarray(start, end))]));
  s.pushRaw(enc.encode('cd'), () => assert.fail('no line yet'));
  s.pushRaw(enc.encode('\r'), () => assert.fail('no line yet'));
  s.pushRaw(enc.encode('\nef\n'), (b, start, end, no) => got.push([no, dec.decode(b.subarray(start, end))]));
  assert.deepEqual(got, [[1, 'ab'], [2, ''], [3, 'cd'], [4, 'ef']]);
  assert.deepEqual([s.lines, s.consumed, s.pending], [4, 13, 0]);
});

test(`a line of exactly ${MAX_LINE_BYTES} bytes is held; one more byte is not a line-based log (file, line number, hint)`, () => {
  const s = new LineSplitter('big.csv');
  s.push(enc.encode('a\nb\n'), () => undefined);
  s.push(new Uint8Array(MAX_LINE_BYTES).fill(0x61), () => assert.fail('not a line yet'));
  assert.equal(s.pending, MAX_LINE_BYTES);
  assert.throws(() => s.push(new Uint8Array([0x61]), () => undefined), (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError);
    assert.equal(e.detail, 'line 3 is longer than 4 MB: not a line-based log');
    assert.deepEqual([e.where.file, e.where.line], ['big.csv', 3]);
    assert.equal(e.hint, 'point lossdbg at a CSV, JSONL, TensorBoard or trainer_state.json log');
    return true;
  });
  const t = new LineSplitter('big.csv');
  assert.throws(() => t.push(new Uint8Array(MAX_LINE_BYTES + 3).fill(0x61).fill(0x0a, 1, 2), () => undefined), /big\.csv:2: line 2 is longer than 4 MB/, 'the rest after the last newline is what counts, numbered after the lines before it');
});

test('parseNumberCell: decimals and exponents, every nan/inf spelling, tensor(…) prints; hex, binary, octal and words are no numbers', () => {
  const cases: [string, number | undefined][] = [
    ['1', 1], [' -2.5e-3 ', -0.0025], ['.5', 0.5], ['+3', 3], ['1_000', undefined],
    ['inf', Infinity], ['+inf', Infinity], ['INF', Infinity], ['Infinity', Infinity], ['+Infinity', Infinity], ['-inf', -Infinity], ['-Infinity', -Infinity],
    ['0x1F', undefined], ['0X1F', undefined], ['0b1', undefined], ['0o7', undefined], ['abc', undefined], ['', undefined], ['   ', undefined],
    ['tensor(0.25)', 0.25], ['tensor( -1.5e2 , device=\'cuda:0\')', -150], ['tensor(inf)', Infinity], ['tensor(-inf)', -Infinity], ['TENSOR(2)', 2],
    ['tensor(0.25', undefined], ['tensor(abc)', undefined], ['x tensor(1)', undefined],
  ];
  for (const [s, want] of cases) assert.deepEqual(parseNumberCell(s), want, JSON.stringify(s));
  for (const s of ['nan', 'NaN', '+nan', '-nan', 'tensor(nan)']) assert.ok(Number.isNaN(parseNumberCell(s)), s);
});

test('toNumber: numbers as they are, numeric strings parsed, booleans, null and objects are no numbers', () => {
  assert.deepEqual([toNumber(2.5), toNumber('2.5'), toNumber('nan'), toNumber(true), toNumber(false), toNumber(null), toNumber({}), toNumber([1]), toNumber(undefined)],
    [2.5, 2.5, NaN, undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('parseJsonLenient: bare NaN/±Infinity outside strings only, escapes inside strings respected', () => {
  assert.deepEqual(parseJsonLenient('[NaN, Infinity, -Infinity, "NaN", "a\\\\", NaN]'), [NaN, Infinity, -Infinity, 'NaN', 'a\\', NaN]);
  assert.deepEqual(parseJsonLenient('{"Infinity": -Infinity, "x": "\\"Infinity"}'), { Infinity: -Infinity, x: '"Infinity' });
  assert.deepEqual(parseJsonLenient('{"a": 1}'), { a: 1 });
  assert.throws(() => parseJsonLenient('[NaN, }'), SyntaxError);
  assert.throws(() => parseJsonLenient('{"a": 1'), SyntaxError);
});
