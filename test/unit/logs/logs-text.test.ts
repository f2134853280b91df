/**
 * Number spellings that are not decimal numbers are no numbers in either case: `0B1` and `0O7` as
 * well as `0b1` and `0o7` (Number() reads all four as binary / octal), in a CSV cell (fast and
 * string paths) and in a JSON string value. Then NaN spelled inside JSON strings, and a JSONL file
 * whose last line is blanks only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunFromBytes } from '../../../src/logs/run';
import { parseJsonLenient, parseNumberCell, toNumber } from '../../../src/logs/text';

const enc = new TextEncoder();

test('parseNumberCell: hex, binary and octal prefixes in either case are no numbers; decimals with leading zeros are', () => {
  for (const s of ['0x1F', '0X1F', '0b1', '0B1', '0o7', '0O7', ' 0B1 ']) assert.equal(parseNumberCell(s), undefined, s);
  assert.deepEqual(['007', '0.5', '0', '-0', '0e3', '00.5'].map(parseNumberCell), [7, 0.5, 0, -0, 0, 0.5]);
  assert.equal(toNumber('0B11'), undefined);
});

test('a CSV column of 0B…/0O… cells makes no series; the same cells as decimals do', () => {
  const read = (text: string) => readRunFromBytes('m.csv', [{ rel: 'm.csv', shown: 'm.csv', bytes: enc.encode(text) }]).series.map((s) => [s.name, Array.from(s.values)]);
  assert.deepEqual(read('step,loss,code\n1,2,0B1\n2,1,0O7\n'), [['loss', [2, 1]]]);
  assert.deepEqual(read('step,loss,code\n1,2,"0B1"\n2,1,"0O7"\n'), [['loss', [2, 1]]]);
  assert.deepEqual(read('step,loss,code\n1,2,01\n2,1,07\n'), [['loss', [2, 1]], ['code', [1, 7]]]);
});

test('parseJsonLenient: NaN / Infinity spelled inside a string stay text, bare ones after it are numbers', () => {
  assert.deepEqual(parseJsonLenient('{"note": "xNaN", "v": NaN}'), { note: 'xNaN', v: NaN });
  assert.deepEqual(parseJsonLenient('{"note": "lr=Infinity?", "v": -Infinity, "w": "a\\"NaN"}'), { note: 'lr=Infinity?', v: -Infinity, w: 'a"NaN' });
  assert.deepEqual(parseJsonLenient('["ab", "-Infinity", Infinity]'), ['ab', '-Infinity', Infinity]);
});

test('JSONL: a last line of blanks only (no newline) is no incomplete line; real text without its newline is read or noted', () => {
  const run = (text: string) => readRunFromBytes('m.jsonl', [{ rel: 'm.jsonl', shown: 'm.jsonl', bytes: enc.encode(text) }]);
  const blank = run('{"step": 1, "loss": 2}\n   \t');
  assert.deepEqual([blank.notes, blank.series.map((s) => Array.from(s.values))], [[], [[2]]]);
  const cut = run('{"step": 1, "loss": 2}\n{"step": 2, "lo');
  assert.deepEqual(cut.notes, [{ file: 'm.jsonl', where: 'line 2', message: 'incomplete last line ignored (the job may still be writing it)' }]);
  const whole = run('{"step": 1, "loss": 2}\n{"step": 2, "loss": 1}');
  assert.deepEqual([whole.notes, whole.series.map((s) => Array.from(s.values))], [[], [[2, 1]]]);
});
