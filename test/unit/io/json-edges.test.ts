/**
 * Edges of the JSON parser the other tests leave: files that are not JSON text (UTF-16, .npy,
 * .safetensors, zip, pickle: each named with its first bytes and a hint), columns after a BOM, a bad
 * \u escape, and values over `maxValueBytesAt` (scanned, not built: exactly at the cap parsed, one
 * byte over skipped, line numbers kept, brackets inside strings ignored, unbalanced or cut-off
 * values refused at the right place).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage } from './error-message';
import { parseJson } from '../../../src/io';
import { JsonParser, SKIPPED } from '../../../src/io/json';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));


test('not JSON text: UTF-16, and binary files named by their first bytes with a hint where we know the format', () => {
  const parse = (s: string) => () => parseJson(bytes(s), { file: 'c.json' });
  assert.equal(errorMessage(parse('\xff\xfe{\x00')), 'c.json: the file is UTF-16 encoded (save it as UTF-8)');
  assert.equal(errorMessage(parse('\xfe\xff\x00{')), 'c.json: the file is UTF-16 encoded (save it as UTF-8)');
  assert.equal(errorMessage(parse('\x93NUMPY\x01\x00')), 'c.json: file is not JSON text: it starts with bytes 0x93 0x4E 0x55 (is this a .npy file? point to it from a loss case with {"npy": "file.npy"})');
  assert.equal(errorMessage(parse('\x10\x00\x00\x00\x00\x00\x00\x00{"a"')), 'c.json: file is not JSON text: it starts with bytes 0x10 0x00 0x00 (is this a .safetensors file? point to it from a loss case with {"safetensors": "file.safetensors", "name": "..."})');
  assert.equal(errorMessage(parse('PK\x03\x04')), 'c.json: file is not JSON text: it starts with bytes 0x50 0x4B 0x03 (is this a zip file (e.g. a torch.save .pt file)? save tensors with numpy.save or safetensors instead)');
  assert.equal(errorMessage(parse('\x80\x02c')), 'c.json: file is not JSON text: it starts with bytes 0x80 0x02 0x63 (is this a pickle (e.g. a torch.save file)? save tensors with numpy.save or safetensors instead)');
  assert.equal(errorMessage(parse('zzz')), 'c.json: file is not JSON text: it starts with bytes 0x7A 0x7A 0x7A');
  // a short file that only looks like a safetensors length is not called one
  assert.equal(errorMessage(parse('\x10\x00\x00\x00\x00\x00\x00\x00{')), 'c.json: file is not JSON text: it starts with bytes 0x10 0x00 0x00');
  // every byte that can start a JSON value (or NaN/Infinity) is let through to the parser
  for (const s of ['{}', '[]', '"x"', '-1', '0', '9', 'true', 'false', 'null', 'NaN', 'Infinity']) assert.doesNotThrow(parse(s), s);
});

test('columns count from after a byte-order mark; a \\u escape needs four hex digits', () => {
  assert.equal(errorMessage(() => parseJson(bytes('\xef\xbb\xbf  {"a": tru}'), { file: 'c.json' })), 'c.json:1:9: a: expected a value but found a character that cannot start a JSON value');
  assert.deepEqual(parseJson(bytes('\xef\xbb\xbf{"a": 1}')), { a: 1 });
  assert.equal(errorMessage(() => parseJson('"\\u12G4"', { file: 'c.json' })), 'c.json:1:6: invalid \\u escape: expected 4 hex digits');
  assert.equal(errorMessage(() => parseJson('["\\u12"]', { file: 'c.json' })), 'c.json:1:7: [0]: invalid \\u escape: expected 4 hex digits');
  assert.deepEqual(parseJson('"\\u00e9\\u00C9"'), 'éÉ');
});

const parseCapped = (s: string, cap: number): unknown => new JsonParser(s, 'c.json').parseDocument({ maxValueBytesAt: (p) => (p === 'meta.big' ? cap : undefined) }).value;

test('maxValueBytesAt: a value of exactly the cap is parsed, one byte more is skipped unbuilt', () => {
  const doc = '{"meta": {"big": [1, 2, 3], "s": {"t": [4]}}}';
  assert.deepEqual(parseCapped(doc, 9), { meta: { big: [1, 2, 3], s: { t: [4] } } });
  const skipped = parseCapped(doc, 8) as { meta: { big: unknown; s: unknown } };
  assert.equal(skipped.meta.big, SKIPPED);
  assert.deepEqual(skipped.meta.s, { t: [4] });
  // scalars are never skipped
  assert.deepEqual(parseCapped('{"meta": {"big": 123456789}}', 2), { meta: { big: 123456789 } });
  assert.deepEqual(parseCapped('{"meta": {"big": {"a": [1, {"b": 2}]}}}', 3), { meta: { big: SKIPPED } });
});

test('a skipped value: brackets inside its strings ignored, lines still counted, unbalanced or cut-off values refused where they break', () => {
  assert.deepEqual(parseCapped('{"meta": {"big": ["]\\"]", 1, 2, 3, 4, 5], "k": 2}}', 5), { meta: { big: SKIPPED, k: 2 } });
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": [1,\n2,\n3,\n4]},\n "x": tru}', 5)), 'c.json:5:7: x: expected a value but found a character that cannot start a JSON value');
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": [1, 2, 3}]}}', 5)), 'c.json:1:26: meta.big: unbalanced \'}\'');
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": {"a": [1, 2]]}}', 5)), 'c.json:1:30: meta.big: unbalanced \']\'');
  const eof = 'unexpected end of file: the file looks truncated (check that the whole file was written (e.g. the writing process finished and flushed))';
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": [1, 2, 3, 4', 5)), `c.json:1:29: meta.big: ${eof}`);
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": "abc\\"', 2)), `c.json:1:24: meta.big: ${eof}`);
  assert.equal(errorMessage(() => parseCapped('{"meta": {"big": ["ab', 2)), `c.json:1:22: meta.big: ${eof}`);
});
