/**
 * Live reading (Watch Training Run…): a job appends to its logs while we poll. Each poll reads only
 * the new bytes; partial lines wait; findings are announced once; rotation, rewrites and restarts
 * into new files are followed.
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LiveRun } from '../../../src/logs/live';
import { RunTailer } from '../../../src/logs/tail';

const FIX = join(__dirname, '..', '..', 'fixtures', 'logs');
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-live-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const header = (rank = 0): string => JSON.stringify({ type: 'header', format: 'lossdbg-run', version: 1, loss: 'CrossEntropyLoss', args: {}, rank, world_size: 1, torch: '2.6', lossdbg: '0.1', start_time: 1 }) + '\n';
const step = (s: number, loss: number | string): string => `{"type": "step", "step": ${s}, "time": ${s}, "loss": ${loss}, "scalars": {}}\n`;

test('a run folder grows poll by poll; partial lines wait; each poll reads only new bytes', () => {
  const d = tmp();
  const f = join(d, 'rank0.jsonl');
  writeFileSync(f, header() + step(0, 2.3));
  const live = new LiveRun(d);
  let u = live.poll(true);
  assert.ok(u);
  assert.equal(u.format, 'lossdbg-run');
  assert.deepEqual(u.series.map((s) => [s.name, s.summary.points]), [['loss', 1]]);
  assert.equal(live.poll(), undefined, 'nothing new');
  const line = step(1, 2.2);
  appendFileSync(f, line.slice(0, 20)); // the job is writing the line
  u = live.poll();
  assert.equal(u?.series[0].summary.points ?? 1, 1);
  appendFileSync(f, line.slice(20) + step(2, 2.1));
  u = live.poll();
  assert.ok(u);
  assert.equal(u.series[0].summary.points, 3);
  assert.equal(u.lastStep, 2);
  assert.equal(u.lastLoss, 2.1);
  assert.equal(live.tailer.offsets['rank0.jsonl'], readFileSync(f).length);
});

test('a NaN is announced once, at the poll that read it', () => {
  const d = tmp();
  const f = join(d, 'rank0.jsonl');
  writeFileSync(f, header());
  const live = new LiveRun(d);
  const announced: string[] = [];
  for (let s = 0; s < 120; s++) {
    appendFileSync(f, step(s, s < 100 ? 2.3 * Math.exp(-s / 30) * (1 + 0.03 * Math.sin(s * 7)) : 'NaN'));
    if (s % 10 === 9) {
      const u = live.poll();
      for (const a of u?.added ?? []) announced.push(`${s}:${a.rule}:${a.severity}`);
    }
  }
  assert.deepEqual(announced, ['109:non-finite-loss:error']);
});

test('rotation: the file replaced by a new one (new inode) is read again from the start', () => {
  const d = tmp();
  const f = join(d, 'rank0.jsonl');
  writeFileSync(f, header() + step(0, 2.3) + step(1, 2.2) + step(2, 2.1));
  const live = new LiveRun(d);
  assert.equal(live.poll(true)?.series[0].summary.points, 3);
  renameSync(f, join(d, 'old.jsonl.bak'));
  writeFileSync(f, header() + step(0, 1.0));
  const u = live.poll();
  assert.ok(u);
  assert.equal(u.resets, 1);
  assert.deepEqual(u.series.find((s) => s.name === 'loss')?.values, [1.0]);
});

test('truncated in place (job restarted and rewrote its log) is read again', () => {
  const d = tmp();
  const f = join(d, 'rank0.jsonl');
  writeFileSync(f, header() + step(0, 2.3) + step(1, 2.2) + step(2, 2.1));
  const live = new LiveRun(d);
  live.poll(true);
  writeFileSync(f, header() + step(0, 0.5));
  const u = live.poll();
  assert.equal(u?.resets, 1);
  assert.deepEqual(u?.series[0].values, [0.5]);
});

test('a resumed run appends steps from the checkpoint: the rewritten steps are replaced', () => {
  const d = tmp();
  const f = join(d, 'rank0.jsonl');
  writeFileSync(f, header() + [0, 1, 2, 3, 4].map((s) => step(s, 2 - s / 10)).join(''));
  const live = new LiveRun(d);
  live.poll(true);
  appendFileSync(f, header() + step(3, 9) + step(4, 9) + step(5, 9));
  const u = live.poll();
  assert.deepEqual(u?.series[0].values, [2, 1.9, 1.8, 9, 9, 9]);
});

test('a new rank file and a new TensorBoard event file are picked up', () => {
  const d = tmp();
  writeFileSync(join(d, 'rank0.jsonl'), header() + step(0, 2.3));
  const live = new LiveRun(d);
  live.poll(true);
  writeFileSync(join(d, 'rank1.jsonl'), header(1) + step(0, 2.4));
  let u;
  for (let i = 0; i < 5 && !u?.series.some((s) => s.name === 'rank1/loss'); i++) u = live.poll();
  assert.ok(u?.series.some((s) => s.name === 'rank1/loss'));

  const tb = tmp();
  const src = join(FIX, 'tb-pytorch', 'events.out.tfevents.1733130000.gpu-node.4242.0');
  const bytes = readFileSync(src);
  writeFileSync(join(tb, 'events.out.tfevents.1733130000.gpu-node.4242.0'), bytes.subarray(0, 5000));
  const t = new RunTailer(tb);
  t.poll();
  const first = t.data().series.find((s) => s.name === 'Loss/train')?.values.length ?? 0;
  appendFileSync(join(tb, 'events.out.tfevents.1733130000.gpu-node.4242.0'), bytes.subarray(5000));
  t.poll();
  assert.equal(t.data().series.find((s) => s.name === 'Loss/train')?.values.length, 300);
  assert.ok(first > 10 && first < 300, String(first));
  copyFileSync(src, join(tb, 'events.out.tfevents.1733139999.gpu-node.4243.0')); // restart: a second event file
  t.rescan();
  t.poll();
  assert.equal(t.data().series.find((s) => s.name === 'Loss/train')?.values.length, 300, 'the restart replaces steps, does not double them');
});

test('HF trainer_state.json rewritten at each save is re-read whole; Lightning rewriting its header too', () => {
  const d = tmp();
  mkdirSync(join(d, 'out'));
  const f = join(d, 'out', 'trainer_state.json');
  const state = (n: number): string => JSON.stringify({ log_history: Array.from({ length: n }, (_, i) => ({ loss: 2 - i / 100, step: (i + 1) * 10 })) }, null, 2);
  writeFileSync(f, state(5));
  const t = new RunTailer(join(d, 'out'));
  t.poll();
  assert.equal(t.data().series[0].values.length, 5);
  writeFileSync(f, state(9) + '\n');
  t.poll();
  assert.equal(t.data().series[0].values.length, 9);
  assert.equal(t.resets, 0);

  const m = join(d, 'metrics.csv');
  writeFileSync(m, 'epoch,step,train_loss\n0,9,2.0\n0,19,1.9\n');
  const l = new RunTailer(m);
  l.poll();
  writeFileSync(m, 'epoch,step,train_loss,val_loss\n0,9,2.0,\n0,19,1.9,\n0,19,,2.1\n');
  l.poll();
  assert.deepEqual(l.data().series.map((s) => [s.name, s.values.length]), [['train_loss', 2], ['val_loss', 1]]);
  assert.equal(l.resets, 1);
});
