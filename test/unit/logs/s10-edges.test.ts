/**
 * Edges of detection and decimation that the format tables leave open: a header that reads like a
 * log message (a level word after a space or a tab) is a CSV when it has a step column, wherever the
 * step column stands; decimation with buckets that hold no finite value (a stretch of NaN losses),
 * the bucket size at and around `max`, and the lowest and highest point of each bucket in step order;
 * detectron2's metrics.json (JSON lines under a .json name), which was refused as "a JSON document
 * without log_history" and not looked for in a folder, and whose `time` (seconds per iteration) was
 * drawn as a wall-time axis.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decimate, decimateIndex } from '../../../src/logs/decimate';
import { detectFormat } from '../../../src/logs/detect';
import { planRun, readRunPath } from '../../../src/logs/files';
import { drawable, LiveRun } from '../../../src/logs/live';

const enc = new TextEncoder();
const TEXT_LOG = { unknown: 'a text log (console or logging-module output), not a CSV: its first line is a message, not a header' };

test('a header with a level word between separators: a CSV when it has a step column (first or later), else a text log', () => {
  const cases: [string, unknown][] = [
    ['step\tloss\tERROR count\n1\t2\t0\n', { format: 'csv' }],
    ['iter, loss, WARN count\n1,2,0\n', { format: 'csv' }],
    ['loss, INFO gain, iteration\n2,0,1\n', { format: 'csv' }],
    ['loss, INFO gain, train_loss\n2,0,1\n', TEXT_LOG],
    ['Step\tDEBUG\n1\t2\n', { format: 'csv' }],
    ['lr\tDEBUG\n1\t2\n', TEXT_LOG],
  ];
  for (const [text, want] of cases) assert.deepEqual(detectFormat('x.csv', enc.encode(text)), want, text);
});

test('decimateIndex: a bucket without a finite value gives no point; the others keep their lowest and highest', () => {
  // 8 points, max 4: buckets of ⌈16/4⌉ = 4
  assert.deepEqual(decimateIndex([NaN, NaN, NaN, NaN, 3, 1, 4, 2], 4), [5, 6]);
  assert.deepEqual(decimateIndex([3, 1, 4, 2, NaN, Infinity, -Infinity, NaN], 4), [1, 2]);
  assert.deepEqual(decimateIndex([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN], 4), []);
  assert.deepEqual(decimate([1, 2, 3, 4, 5, 6, 7, 8], [NaN, NaN, NaN, NaN, 2, 2, 5, NaN], 4), { steps: [5, 7], values: [2, 5] });
  // a non-finite value first in a bucket does not become its low or high
  assert.deepEqual(decimateIndex([NaN, 5, 1, 3, -Infinity, 2, 9, 4], 4), [1, 2, 5, 6]);
  // the highest before the lowest stays in step order; ties keep the first
  assert.deepEqual(decimateIndex([9, 1, 9, 1, 2, 2, 2, 2], 4), [0, 1, 4]);
  // a last, shorter bucket: 9 points, max 4 → buckets of 5, the last of 4
  assert.deepEqual(decimateIndex([5, 4, 3, 2, 1, 7, 6, 8, 0], 4), [0, 4, 7, 8]);
  // max 3 on 4 points: buckets of ⌈8/3⌉ = 3
  assert.deepEqual(decimateIndex([1, 3, 2, 0], 3), [0, 1, 3]);
  // 2 values at max 1 → buckets of ⌈4/2⌉ = 2: both
  assert.deepEqual(decimateIndex([2, 1], 1), [0, 1]);
});

// detectron2's JSONWriter appends json.dumps(metrics, sort_keys=True) per logged iteration to
// output_dir/metrics.json (JSON lines under a .json name), the evaluation results as a line of
// their own at the same iteration. Numbers made up, shape as written.
const D2_LINES = [
  { data_time: 0.0021, eta_seconds: 310.2, 'fast_rcnn/cls_accuracy': 0.71, iteration: 19, loss_box_reg: 0.41, loss_cls: 0.62, lr: 0.000399, rank_data_time: 0.0021, time: 0.31, total_loss: 1.52 },
  { data_time: 0.0019, eta_seconds: 301.7, 'fast_rcnn/cls_accuracy': 0.78, iteration: 39, loss_box_reg: 0.38, loss_cls: 0.51, lr: 0.000799, rank_data_time: 0.0019, time: 0.30, total_loss: 1.31 },
  { 'bbox/AP': 12.5, 'bbox/AP50': 27.25, iteration: 39 },
];
const D2 = D2_LINES.map((o) => JSON.stringify(o)).join('\n') + '\n';

test('detectron2\'s metrics.json (JSON lines under a .json name) is JSON lines; a JSON document of that name is not', () => {
  const cases: [string, string, unknown][] = [
    ['output/metrics.json', D2, { format: 'jsonl' }],
    ['metrics.json', JSON.stringify(D2_LINES[0]), { format: 'jsonl' }],
    ['metrics.json', JSON.stringify(D2_LINES[0]) + '\n', { format: 'jsonl' }],
    ['x.JSON', '{"loss": 2}\n{"loss": 1}\n', { format: 'jsonl' }],
    ['x.json', '{"loss": NaN}\n  {"loss": 1}', { format: 'jsonl' }],
    // one object without a step field, a pretty-printed document, a first line that is no object
    ['metrics.json', '{"accuracy": 0.91, "f1": 0.88}\n', { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' }],
    ['metrics.json', JSON.stringify({ accuracy: 0.91, iteration: 9 }, null, 2), { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' }],
    ['metrics.json', '{"a": [1, 2}\n{"b": 1}\n', { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' }],
    ['metrics.json', '{"a": 1}, {"b": 2}\n', { unknown: 'a JSON document without "log_history" (not a Hugging Face trainer_state.json)' }],
  ];
  for (const [name, text, want] of cases) assert.deepEqual(detectFormat(name, enc.encode(text)), want, `${name}: ${text}`);
});

test('detectron2\'s output folder: metrics.json is read (iteration as the step); beside event files the event files are the run', () => {
  const d = mkdtempSync(join(tmpdir(), 'lossdbg-d2-'));
  try {
    writeFileSync(join(d, 'metrics.json'), D2);
    writeFileSync(join(d, 'log.txt'), '[04/12 17:27:26 d2.engine.train_loop]: Starting training from iteration 0\n');
    writeFileSync(join(d, 'config.json'), '{"lr": 0.1}\n');
    const r = readRunPath(d);
    assert.equal(r.format, 'jsonl');
    assert.deepEqual(r.notes, []);
    const s = (name: string): [number[], number[]] => {
      const x = r.series.find((y) => y.name === name);
      assert.ok(x, name);
      return [Array.from(x.steps), Array.from(x.values)];
    };
    assert.deepEqual(s('total_loss'), [[19, 39], [1.52, 1.31]]);
    assert.deepEqual(s('bbox/AP'), [[39], [12.5]]);
    assert.deepEqual(r.series.map((x) => x.name), ['data_time', 'eta_seconds', 'fast_rcnn/cls_accuracy', 'loss_box_reg', 'loss_cls', 'lr', 'rank_data_time', 'total_loss', 'bbox/AP', 'bbox/AP50']);
    writeFileSync(join(d, 'events.out.tfevents.1.host'), '');
    assert.deepEqual(planRun(d).files, ['events.out.tfevents.1.host']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('drawing: times that go back are no clock (detectron2\'s seconds per iteration): no times for that series, nor from it for the others', () => {
  const F = (a: number[]): Float64Array => Float64Array.from(a);
  const out = drawable([
    { name: 'total_loss', steps: F([19, 39, 59]), values: F([1.5, 1.3, 1.2]), times: F([0.31, 0.30, 0.32]) },
    { name: 'clock', steps: F([1, 2, 3]), values: F([3, 2, 1]), times: F([1000, NaN, 1002.5]) },
    { name: 'flat', steps: F([1, 2]), values: F([3, 2]), times: F([1001, 1001]) },
    { name: 'back after NaN', steps: F([1, 2, 3]), values: F([3, 2, 1]), times: F([1005, NaN, 1003]) },
  ], 10);
  assert.deepEqual(out.map((s) => [s.name, s.times]), [['total_loss', undefined], ['clock', [0, null, 2.5]], ['flat', [1, 1]], ['back after NaN', undefined]]);
  // read from a file: detectron2's metrics.json gives no times at all
  const d = mkdtempSync(join(tmpdir(), 'lossdbg-d2-'));
  try {
    writeFileSync(join(d, 'metrics.json'), D2);
    const u = new LiveRun(d).poll(true);
    assert.ok(u);
    assert.deepEqual(u.series.filter((s) => s.times !== undefined).map((s) => s.name), []);
    assert.deepEqual(u.series.find((s) => s.name === 'total_loss')?.steps, [19, 39]);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
