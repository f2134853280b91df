/** The host's debug trace of a panel's way to its first content (src/extension/trace.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTrace, Trace, traceNow, Tracer, type TraceRecord } from '../../../src/extension/trace';

test('a trace keeps the first mark of each name and goes to its sink once, when it ends', () => {
  const got: TraceRecord[] = [];
  const t = new Trace('inspect a.json', (r) => got.push(r));
  t.mark('command', 1000);
  t.mark('result', 1200);
  t.mark('result', 1300);
  assert.equal(got.length, 0, 'nothing is written before the end');
  t.end('posted');
  t.end('posted');
  t.mark('late', 5000);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].marks.map((m) => m.name), ['command', 'result', 'posted']);
  assert.equal(got[0].marks[1].at, 1200);
  assert.ok(got[0].marks[2].at >= 1300, 'end marks the current time');
  assert.equal(got[0].label, 'inspect a.json');
});

test('formatTrace shows each mark in ms from the command, in time order (startup marks before it are negative)', () => {
  const line = formatTrace({ label: 'inspect a.json', marks: [{ name: 'activate', at: 960 }, { name: 'command', at: 1000 }, { name: 'posted', at: 1412.6 }, { name: 'result', at: 1100 }] });
  assert.equal(line, 'trace inspect a.json: activate -40, command 0, result 100, posted 413 (ms from the command)');
});

test("the extension's start marks go into the next trace only, which begins with 'command'", () => {
  const got: TraceRecord[] = [];
  const tracer = new Tracer((r) => got.push(r));
  tracer.startupMarks([{ name: 'activate', at: 10 }, { name: 'activated', at: 12 }]);
  const before = traceNow();
  tracer.begin('first').end();
  tracer.begin('second').end();
  assert.deepEqual(got[0].marks.map((m) => m.name), ['activate', 'activated', 'command']);
  assert.ok(got[0].marks[2].at >= before);
  assert.deepEqual(got[1].marks.map((m) => m.name), ['command']);
});
