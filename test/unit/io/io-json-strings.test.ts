/**
 * JSON strings and the start of a document, branch by branch: every escape JSON has (and the hex
 * digits of \u in each case and position), strings just under and over 32 ASCII bytes (two decoding
 * paths), non-ASCII text before and after an escape, control bytes refused with their hex code at their
 * column, invalid UTF-8 on both paths, cut-off escapes as truncated files, and empty or
 * whitespace-only files (with and without a byte-order mark).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../src/io/json';
import { errorMessage } from './error-message';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const p = (s: string) => () => parseJson(s, { file: 'c.json' });
const EOF = 'unexpected end of file: the file looks truncated (check that the whole file was written (e.g. the writing process finished and flushed))';

test('every JSON escape decodes to its character, alone and between text', () => {
  const table: Array<[string, string]> = [
    ['\\"', '"'], ['\\\\', '\\'], ['\\/', '/'], ['\\b', '\b'], ['\\f', '\f'], ['\\n', '\n'], ['\\r', '\r'], ['\\t', '\t'],
    ['\\u0041', 'A'], ['\\u00e9', 'é'], ['\\u00E9', 'é'], ['\\uABCD', '\uabcd'], ['\\uabcd', '\uabcd'], ['\\u0000', '\u0000'],
    ['\\u09af', '\u09af'], ['\\uF0fF', '\uf0ff'], ['\\ud83d\\ude00', '😀'],
  ];
  for (const [esc, ch] of table) {
    assert.equal(parseJson(`"${esc}"`), ch, esc);
    assert.equal(parseJson(`"ab${esc}cd"`), `ab${ch}cd`, esc);
    assert.equal(parseJson(`"é${esc}ü"`), `é${ch}ü`, esc);
    assert.deepEqual(parseJson(`{"k${esc}": "${esc}${esc}"}`), { [`k${ch}`]: `${ch}${ch}` }, esc);
  }
});

test('a \\u escape needs four hex digits: a bad one at each of the four places is refused at its column', () => {
  for (let i = 0; i < 4; i++) {
    for (const bad of ['g', 'G', '/', ':', '@', '`', ' ', '"']) {
      const digits = '00e9'.slice(0, i) + bad + '00e9'.slice(i + 1);
      assert.equal(errorMessage(p(`["\\u${digits}xxxx"]`)), `c.json:1:${5 + i}: [0]: invalid \\u escape: expected 4 hex digits`, digits);
    }
  }
  // cut off by the end of the file: truncated, wherever it stops
  for (const cut of ['"\\u', '"\\u0', '"\\u00', '"\\u00e', '"\\', '"ab\\']) assert.equal(errorMessage(p(cut)), `c.json:1:${cut.length + 1}: ${EOF}`, cut);
  assert.equal(parseJson('"\\u00e9"'), 'é');
});

test('an escape JSON does not have is refused at its backslash, without quoting the byte after it', () => {
  const HINT = 'after a backslash JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits';
  for (const e of ['x', 'a', "'", '0', 'U', 'N', 'e', '\u0007', ' ']) {
    assert.equal(errorMessage(p(`{"k": "abc\\${e}d"}`)), `c.json:1:11: k: invalid escape in a string (${HINT})`, JSON.stringify(e));
  }
  assert.equal(errorMessage(p('{"k\\q": 1}')), `c.json:1:4: invalid escape in a string (${HINT})`);
});

test('strings of 31, 32 and 33 ASCII bytes, and long ones, decode the same on both paths', () => {
  for (const n of [0, 1, 31, 32, 33, 64, 1000]) {
    const s = 'abcdefghij'.repeat(100).slice(0, n);
    assert.equal(parseJson(`"${s}"`), s, String(n));
    assert.deepEqual(parseJson(`{"${s}": "${s}é"}`), { [s]: `${s}é` }, String(n));
  }
});

test('a control byte inside a string is refused with its hex code at its column, on the plain and the escape path', () => {
  for (const [c, code] of [[0x00, '0x00'], [0x01, '0x01'], [0x0a, '0x0A'], [0x09, '0x09'], [0x1f, '0x1F']] as const) {
    const ch = String.fromCharCode(c);
    const want = (col: number, path: string) => `c.json:1:${col}: ${path}control character ${code} inside a string (write it as an escape like \\n)`;
    assert.equal(errorMessage(p(`{"k": "ab${ch}"}`)), want(10, 'k: '));
    assert.equal(errorMessage(p(`{"k": "\\nab${ch}"}`)), want(12, 'k: '));
    assert.equal(errorMessage(p(`["x", "${ch}"]`)), want(8, '[1]: '));
  }
  // DEL (0x7f) and space are allowed inside a string
  assert.equal(parseJson('"a\u007f b"'), 'a\u007f b');
});

test('invalid UTF-8 inside a string: refused where the string starts (plain) or where the bad stretch starts (after an escape)', () => {
  const HINT = '(save the file as UTF-8)';
  assert.equal(errorMessage(() => parseJson(bytes('{"k": "ab\xff"}'), { file: 'c.json' })), `c.json:1:8: k: invalid UTF-8 inside a string ${HINT}`);
  assert.equal(errorMessage(() => parseJson(bytes('{"k": "ab\\n\xc3("}'), { file: 'c.json' })), `c.json:1:12: k: invalid UTF-8 inside a string ${HINT}`);
  assert.equal(errorMessage(() => parseJson(bytes('{"k": "\xc3\xa9\\n\xe9"}'), { file: 'c.json' })), `c.json:1:11: k: invalid UTF-8 inside a string ${HINT}`);
  // a valid two-byte character is one column: the error after it is placed in characters
  assert.equal(errorMessage(() => parseJson(bytes('{"\xc3\xa9": tru}'), { file: 'c.json' })),
    'c.json:1:7: é: expected a value but found a character that cannot start a JSON value');
});

test('an unterminated string is a truncated file, on either path', () => {
  assert.equal(errorMessage(p('{"k": "abc')), `c.json:1:11: k: ${EOF}`);
  assert.equal(errorMessage(p('{"k": "a\\nbc')), `c.json:1:13: k: ${EOF}`);
  assert.equal(errorMessage(p('{"k')), `c.json:1:4: ${EOF}`);
});

test('empty, whitespace-only and BOM-only files; a BOM is skipped before the value', () => {
  const HINT = '(a loss case is a JSON object like {"loss": "CrossEntropyLoss", "input": [[...]], "target": [...]})';
  assert.equal(errorMessage(p('')), `c.json: the file is empty ${HINT}`);
  for (const ws of [' ', '\n', '\t\r\n ', '   \n\n']) assert.equal(errorMessage(p(ws)), `c.json: the file contains only whitespace ${HINT}`, JSON.stringify(ws));
  assert.equal(errorMessage(() => parseJson(bytes('\xef\xbb\xbf'), { file: 'c.json' })), `c.json: the file contains only whitespace ${HINT}`);
  assert.equal(errorMessage(() => parseJson(bytes('\xef\xbb\xbf \n'), { file: 'c.json' })), `c.json: the file contains only whitespace ${HINT}`);
  assert.equal(parseJson(bytes('\xef\xbb\xbf\n 7 ')), 7);
  // only a whole BOM is skipped
  assert.equal(errorMessage(() => parseJson(bytes('\xef\xbb{}'), { file: 'c.json' })), 'c.json: file is not JSON text: it starts with bytes 0xEF 0xBB 0x7B');
  // a BOM on a later line is not one: it is a byte that is not ASCII
  assert.equal(errorMessage(() => parseJson(bytes('[1,\n\xef\xbb\xbf2]'), { file: 'c.json' })), 'c.json:2:1: [1]: expected a value but found a byte that is not ASCII');
});

test('hints for the usual hand-written mistakes: single quotes, trailing commas', () => {
  assert.equal(errorMessage(p("{'a': 1}")), "c.json:1:2: expected a key in double quotes but found a character that cannot start a JSON value (JSON needs double quotes around keys and strings)");
  assert.equal(errorMessage(p('{"a": 1, }')), "c.json:1:10: expected a key in double quotes but found '}' (remove the trailing comma)");
  assert.equal(errorMessage(p('{"a": 1, 2}')), 'c.json:1:10: expected a key in double quotes but found a number');
  assert.equal(errorMessage(p('{"o": {"a": 1,\n}}')), "c.json:2:1: o: expected a key in double quotes but found '}' (remove the trailing comma)");
  assert.equal(errorMessage(p('[1, ]')), "c.json:1:5: [1]: expected a value but found ']' (remove the trailing comma)");
  assert.equal(errorMessage(p('{"a": }')), "c.json:1:7: a: expected a value but found '}' (remove the trailing comma)");
  assert.equal(errorMessage(p("{\"a\": 'x'}")), 'c.json:1:7: a: expected a value but found a character that cannot start a JSON value (JSON needs double quotes around strings)');
  assert.equal(errorMessage(p('{"a": ,}')), "c.json:1:7: a: expected a value but found ','");
  assert.equal(errorMessage(p('{"a" : 1 "b": 2}')), "c.json:1:10: a: expected ',' or '}' but found a string");
  assert.equal(errorMessage(p('{"a"')), `c.json:1:5: a: ${EOF}`);
  assert.equal(errorMessage(p('{"a" ')), `c.json:1:6: a: ${EOF}`);
  assert.equal(errorMessage(p('{"a":')), `c.json:1:6: a: ${EOF}`);
  assert.equal(errorMessage(p('{"a": 1')), `c.json:1:8: a: ${EOF}`);
  assert.equal(errorMessage(p('{')), `c.json:1:2: ${EOF}`);
  assert.equal(errorMessage(p('[')), `c.json:1:2: [0]: ${EOF}`);
  assert.equal(errorMessage(p('[1')), `c.json:1:3: [0]: ${EOF}`);
  assert.equal(errorMessage(p('[1,')), `c.json:1:4: [1]: ${EOF}`);
});
