/**
 * The x-axes a run can be drawn against besides its steps: wall time (our run folders' `time`,
 * TensorBoard's wall_time, a CSV/JSONL time column) as seconds since the run's first logged time,
 * and the epoch (Lightning's and the HF Trainer's `epoch`). Expected values are read from the
 * fixtures here, independently of the readers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LiveRun } from '../../../src/logs/live';

const FIX = join(__dirname, '..', '..', 'fixtures', 'logs');
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-axes-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function update(path: string) {
  const u = new LiveRun(path).poll(true);
  assert.ok(u);
  return u;
}

test('a run folder: each step\'s time as seconds since the first logged time of any rank', () => {
  const u = update(join(FIX, 'run-folder'));
  // Python writes a bare NaN, and rank 1's last line is cut: read the complete fields with a pattern
  const read = (f: string) => readFileSync(join(FIX, 'run-folder', f), 'utf8').split('\n').map((l) => /"type":"(step|scalars)","step":(\d+),"time":([\d.]+),/.exec(l)).filter((m) => m !== null).map((m) => ({ type: m[1], step: Number(m[2]), time: Number(m[3]) }));
  const t0 = Math.min(...[...read('rank0.jsonl'), ...read('rank1.jsonl')].map((l) => l.time));
  const byStep = new Map(read('rank0.jsonl').filter((l) => l.type === 'step').map((l) => [l.step, l.time]));
  const loss = u.series.find((s) => s.name === 'loss');
  assert.ok(loss?.times, 'the loss carries times');
  assert.equal(loss.times.length, loss.steps.length);
  loss.steps.forEach((s, i) => assert.ok(Math.abs((loss.times?.[i] as number) - ((byStep.get(s) as number) - t0)) < 1e-3, `step ${s}: ${loss.times?.[i]} vs ${(byStep.get(s) as number) - t0}`));
  assert.ok(Math.min(...loss.times.map(Number)) >= 0);
  assert.equal(loss.epochs, undefined, 'no epochs in a run folder');
});

test('TensorBoard: the events\' wall_time', () => {
  const u = update(join(FIX, 'tb-pytorch'));
  for (const s of u.series) {
    assert.ok(s.times, s.name);
    assert.equal(s.times.length, s.steps.length);
    assert.ok(s.times.every((t) => t !== null && t >= 0), s.name);
  }
  assert.equal(Math.min(...u.series.flatMap((s) => s.times as number[])), 0, 'relative to the first event');
});

test('Lightning and the HF Trainer: the epoch of each step; no times where none are logged', () => {
  const csv = readFileSync(join(FIX, 'lightning', 'version_0', 'metrics.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const u = update(join(FIX, 'lightning', 'version_0', 'metrics.csv'));
  const train = u.series.find((s) => s.name === 'train_loss');
  assert.ok(train?.epochs);
  const want = new Map(csv.filter((c) => c[2] !== '').map((c) => [Number(c[1]), Number(c[0])]));
  assert.deepEqual(train.epochs, train.steps.map((s) => want.get(s)));
  assert.equal(train.times, undefined);
  const hf = update(join(FIX, 'hf'));
  const hist = (JSON.parse(readFileSync(join(FIX, 'hf', 'checkpoint-400', 'trainer_state.json'), 'utf8')) as { log_history: Array<{ step: number; epoch: number; loss?: number }> }).log_history;
  const loss = hf.series.find((s) => s.name === 'loss');
  assert.ok(loss?.epochs);
  assert.deepEqual(loss.epochs, loss.steps.map((s) => hist.find((h) => h.step === s && h.loss !== undefined)?.epoch));
});

test('CSV and JSONL time columns; a row without a time has none; no column, no times', () => {
  const d = tmp();
  writeFileSync(join(d, 'log.csv'), 'step,loss,wall_time,epoch\n0,2.0,100.5,0\n1,1.5,,0\n2,1.0,103.0,1\n');
  const c = update(join(d, 'log.csv')).series[0];
  assert.deepEqual(c.times, [0, null, 2.5]);
  assert.deepEqual(c.epochs, [0, 0, 1]);
  writeFileSync(join(d, 'log.jsonl'), '{"step": 5, "loss": 2, "_runtime": 1.25}\n{"step": 6, "loss": 1, "_runtime": 3.5}\n');
  assert.deepEqual(update(join(d, 'log.jsonl')).series[0].times, [0, 2.25]);
  const plain = update(join(FIX, 'generic', 'metrics.jsonl'));
  assert.ok(plain.series.every((s) => s.times === undefined && s.epochs === undefined));
});
