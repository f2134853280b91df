/**
 * A watched run's update beyond its curves: the snapshots it lists (only files inside the run folder,
 * resolved, with step, reason and rank; none for a single file), lastStep and lastLoss when there is
 * no training curve, the point budget per series; and trainer_state.json's own limits — the largest
 * document read, an empty document read as finished, chunks joined in order.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { MAX_TRAINER_STATE_BYTES, TrainerStateParser } from '../../../src/logs/hf';
import { readRunPath } from '../../../src/logs/files';
import { LiveRun } from '../../../src/logs/live';
import { RunSink } from '../../../src/logs/sink';
import { runReference } from '../../../src/logs/snapshot-ref';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-s10-more-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const enc = new TextEncoder();
const jl = (o: unknown[]): string => o.map((x) => JSON.stringify(x)).join('\n') + '\n';

test('a watched run folder lists the snapshots inside it, resolved (an absolute path under it); one pointing outside or at the folder itself is left out', () => {
  const d = tmp();
  writeFileSync(join(d, 'rank0.jsonl'), jl([
    { type: 'header', rank: 0, loss: 'CrossEntropyLoss' },
    { type: 'step', step: 0, loss: 2.3 },
    { type: 'snapshot', step: 0, path: 'cases/step_0.losscase.json', reason: 'first' },
    { type: 'snapshot', step: 5, path: '../elsewhere/step_5.losscase.json', reason: 'nonfinite' },
    { type: 'snapshot', step: 6, path: '/etc/step_6.losscase.json', reason: 'nonfinite' },
    { type: 'snapshot', step: 7, path: 'cases/../cases/step_7.losscase.json', reason: 'every' },
    { type: 'snapshot', step: 8, path: '.', reason: 'odd' },
    { type: 'step', step: 9, loss: 2.1 },
  ]));
  writeFileSync(join(d, 'rank1.jsonl'), jl([{ type: 'header', rank: 1 }, { type: 'snapshot', step: 3, path: 'cases/r1.losscase.json', reason: 'first' }]));
  const u = new LiveRun(d).poll(true);
  assert.ok(u);
  assert.deepEqual(u.snapshots, [
    { step: 0, reason: 'first', rank: 0, file: join(d, 'cases', 'step_0.losscase.json') },
    // an absolute path is taken inside the run folder too (joined to it, never outside)
    { step: 6, reason: 'nonfinite', rank: 0, file: join(d, 'etc', 'step_6.losscase.json') },
    { step: 7, reason: 'every', rank: 0, file: join(d, 'cases', 'step_7.losscase.json') },
    { step: 3, reason: 'first', rank: 1, file: join(d, 'cases', 'r1.losscase.json') },
  ]);
  assert.deepEqual([u.lastStep, u.lastLoss, u.format, u.source, u.resets], [9, 2.1, 'lossdbg-run', d, 0]);
  // the same log watched as a single file: no run folder, no snapshots
  const one = new LiveRun(join(d, 'rank0.jsonl')).poll(true);
  assert.deepEqual(one?.snapshots, []);
});

test('an update without a training curve: no last step or loss; each series within the point budget', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  writeFileSync(f, 'step,lr\n' + Array.from({ length: 50 }, (_, i) => `${i},${(50 - i) / 1000}`).join('\n') + '\n');
  const live = new LiveRun(f, { maxPoints: 10 });
  const u = live.poll();
  assert.ok(u, 'the first poll reads the file: an update');
  assert.deepEqual([u.lastStep, u.lastLoss], [null, null]);
  assert.equal(u.series[0].summary.points, 50);
  assert.ok(u.series[0].steps.length <= 10 && u.series[0].steps.length >= 5, String(u.series[0].steps.length));
  assert.equal(live.poll(), undefined, 'nothing new, not forced: no update');
  assert.ok(live.poll(true), 'forced: an update');
  // the default budget keeps 2000 points of a longer curve at most
  writeFileSync(f, 'step,loss\n' + Array.from({ length: 5000 }, (_, i) => `${i},${2 + Math.sin(i)}`).join('\n') + '\n');
  const big = new LiveRun(f).poll(true);
  assert.ok(big && big.series[0].steps.length <= 2000 && big.series[0].steps.length > 1000, String(big?.series[0].steps.length));
  assert.deepEqual([big.lastStep, big.lastLoss], [4999, 2 + Math.sin(4999)]);
});

test('trainer_state.json: the largest document accepted is MAX_TRAINER_STATE_BYTES, one more byte is an error naming the file', () => {
  assert.equal(MAX_TRAINER_STATE_BYTES, 256 * 1024 * 1024);
  const p = new TrainerStateParser({ sink: new RunSink(), file: 'out/trainer_state.json', prefix: '' });
  // sizes only: the parser counts bytes before it keeps a chunk (no 256 MB allocation in a test)
  const fake = (n: number): Uint8Array => ({ length: n }) as unknown as Uint8Array;
  p.push(fake(MAX_TRAINER_STATE_BYTES - 1));
  p.push(fake(1));
  assert.throws(() => p.push(fake(1)), (e: unknown) => e instanceof LossDebuggerError && e.code === 'file'
    && e.message === 'out/trainer_state.json: trainer_state.json is larger than 256 MB');
});

test('trainer_state.json read as finished: empty or blank is "not valid JSON (the file is empty)"; chunks are joined in order', () => {
  for (const text of ['', '  \n']) {
    const p = new TrainerStateParser({ sink: new RunSink(), file: 'out/trainer_state.json', prefix: '' });
    p.push(enc.encode(text));
    assert.throws(() => p.end(true), (e: unknown) => e instanceof LossDebuggerError && e.code === 'syntax'
      && e.detail === 'trainer_state.json is not valid JSON (the file is empty)' && e.where.file === 'out/trainer_state.json'
      && e.hint === 'the Trainer may have been writing it; read it again when the save has finished', JSON.stringify(text));
  }
  // not finished (watching): nothing, no error
  const w = new TrainerStateParser({ sink: new RunSink(), file: 't.json', prefix: '' });
  w.end(false);
  // in three chunks, with a prefix
  const sink = new RunSink();
  const p = new TrainerStateParser({ sink, file: 't.json', prefix: 'hf/' });
  const doc = JSON.stringify({ log_history: [{ step: 1, loss: 2, epoch: 0.5 }, { step: 2, loss: 1.5, epoch: 1 }] });
  for (const part of [doc.slice(0, 7), doc.slice(7, 30), doc.slice(30)]) p.push(enc.encode(part));
  p.end(true);
  assert.deepEqual(sink.store.series().map((s) => [s.name, Array.from(s.steps), Array.from(s.values), s.times, Array.from(s.epochs ?? [])]), [['hf/loss', [1, 2], [2, 1.5], undefined, [0.5, 1]]]);
  // read again from the same parser: the chunks were used up (nothing is read twice)
  assert.throws(() => p.end(true), /the file is empty/);
});

test('reference levels: the snapshot marked first, then the others by step (whatever their order in the log), three at most', () => {
  const FIX = join(__dirname, '..', '..', 'fixtures', 'logs', 'run-folder', 'cases', 'step_0.losscase.json');
  const snaps: Array<[number, string, string]> = [[9, 'periodic', 'cases/s9.json'], [3, 'periodic', 'cases/s3.json'], [5, 'first', 'cases/s5.json'], [1, 'periodic', 'cases/s1.json']];
  const source = (unreadable: number[], paths: Record<number, string> = {}): string | undefined => {
    const d = tmp();
    mkdirSync(join(d, 'cases'));
    const lines: unknown[] = [{ type: 'header', rank: 0, loss: 'CrossEntropyLoss' }];
    for (const [step, reason, path] of snaps) {
      lines.push({ type: 'snapshot', step, reason, path: paths[step] ?? path });
      if (unreadable.includes(step)) writeFileSync(join(d, path), '{');
      else copyFileSync(FIX, join(d, path));
    }
    writeFileSync(join(d, 'rank0.jsonl'), jl(lines));
    const run = readRunPath(d);
    return runReference(run, run.root)?.source;
  };
  assert.equal(source([]), 'snapshot cases/s5.json');
  assert.equal(source([5]), 'snapshot cases/s1.json');
  assert.equal(source([5, 1]), 'snapshot cases/s3.json');
  assert.equal(source([5, 1, 3]), undefined, 'the fourth (step 9) is not tried');
  // one pointing outside the folder is skipped, and counts as tried
  assert.equal(source([], { 5: '../s5.json' }), 'snapshot cases/s1.json');
  assert.equal(source([1, 3], { 5: '../s5.json' }), undefined);
});
