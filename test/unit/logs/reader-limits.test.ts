/**
 * More reader edges: TensorBoard tensor scalars whose shape has size-1 dimensions (through the real
 * protobuf encoding), a TFRecord header of exactly the largest length whose CRC fails, a
 * trainer_state.json entry losing exactly three values, CSV rows of blanks and CSVs without a step
 * column on the quoted path, a folder's files in name order, a watched trainer_state.json re-read
 * alone or with the whole run, at most three snapshots tried for reference levels, and the levels
 * known from a class count alone.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { referenceFromClasses } from '../../../src/diagnostics/curves/reference';
import { planRun, readRunPath } from '../../../src/logs/files';
import { readRunFromBytes, type RunData } from '../../../src/logs/run';
import { runReference } from '../../../src/logs/snapshot-ref';
import { RunTailer } from '../../../src/logs/tail';
import { DT, encodeEvent } from '../../../src/logs/tb-proto';
import { encodeRecord, maskedCrc32c, MAX_RECORD_BYTES, TFRecordReader } from '../../../src/logs/tfrecord';

const enc = new TextEncoder();
const FIX = join(__dirname, '..', '..', 'fixtures', 'logs');
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-limits-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const read = (rel: string, bytes: Uint8Array | string): RunData => readRunFromBytes('run', [{ rel, shown: `shown/${rel}`, bytes: typeof bytes === 'string' ? enc.encode(bytes) : bytes }]);
const notes = (r: RunData): string[] => r.notes.map((n) => `${n.file} | ${n.where ?? '-'} | ${n.message}`);
const points = (r: RunData): string[] => r.series.map((x) => `${x.name}: ${Array.from(x.steps).map((s, i) => `${s}=${x.values[i]}`).join(' ')}`).sort();

test('TensorBoard: a tensor of shape (1,) or (1, 1) is a scalar, (3,) is not (encoded and decoded for real)', () => {
  const ev = (tag: string, step: number, dims: number[], vals: number[]): Uint8Array => encodeRecord(encodeEvent({
    wall_time: 100 + step, step,
    summary: { value: [{ tag, tensor: { dtype: DT.FLOAT, tensor_shape: { dim: dims.map((size) => ({ size })) }, float_val: vals } }] },
  }));
  const version = encodeRecord(encodeEvent({ wall_time: 99, file_version: 'brain.Event:2' }));
  // a dimension may carry a name (TensorShapeProto.Dim.name): read past it
  const named = encodeRecord(encodeEvent({
    wall_time: 101, step: 1,
    summary: { value: [{ tag: 'd', tensor: { dtype: DT.FLOAT, tensor_shape: { dim: [{ size: 1, name: 'batch' } as { size: number }] }, float_val: [0.5] } }] },
  }));
  const parts = [version, ev('a', 1, [1], [2.5]), ev('b', 1, [1, 1], [1.5]), ev('c', 1, [3], [1, 2, 3]), named];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { bytes.set(p, o); o += p.length; }
  assert.deepEqual(points(read('events.out.tfevents.1.host', bytes)), ['a: 1=2.5', 'b: 1=1.5', 'd: 1=0.5']);
});

test('TFRecord: a header of exactly the largest length whose CRC fails is a CRC failure, not an impossible length', () => {
  const notesOf = (lo: number): string[] => {
    const seen: string[] = [];
    const r = new TFRecordReader({ record: () => undefined, note: (message) => seen.push(message) });
    const h = new Uint8Array(12);
    const v = new DataView(h.buffer);
    v.setUint32(0, lo, true);
    v.setUint32(8, (maskedCrc32c(h.subarray(0, 8)) + 1) >>> 0, true);
    r.push(h);
    return seen;
  };
  assert.deepEqual(notesOf(MAX_RECORD_BYTES), ['record length fails its CRC check (corrupt framing); scanning for the next record']);
  assert.deepEqual(notesOf(MAX_RECORD_BYTES + 1), ['record header declares an impossible length (corrupt framing); scanning for the next record']);
});

test('trainer_state.json: an entry without a step names up to three lost values, "…" only beyond three', () => {
  const r = read('trainer_state.json', JSON.stringify({ log_history: [{ step: 1, loss: 2 }, { a: 1, b: 2, c: 3 }, { a: 1, b: 2, c: 3, d: 4 }] }));
  assert.deepEqual(notes(r), [
    'shown/trainer_state.json | log_history[1] | entry without a numeric step; skipped (a, b, c)',
    'shown/trainer_state.json | log_history[2] | entry without a numeric step; skipped (a, b, c, …)',
  ]);
});

test('CSV: a row of blanks is no row; without a step column the row number is the step (quoted rows too)', () => {
  assert.deepEqual(notes(read('log.csv', 'step,loss\n1,2\n   \n2,1\n')), []);
  assert.deepEqual(notes(read('log.csv', '"step","loss"\n"1","2"\n \t \n"2","1"\n')), []);
  for (const text of ['loss,acc\n2.5,0.1\n2.4,0.2\n', '"loss","acc"\n"2.5","0.1"\n"2.4","0.2"\n']) {
    const r = read('log.csv', text);
    assert.deepEqual(notes(r), [], text);
    assert.deepEqual(points(r), ['acc: 0=0.1 1=0.2', 'loss: 0=2.5 1=2.4'], text);
  }
});

test('a folder\'s log files are listed in name order, whatever order the folder gives them in', () => {
  const d = tmp();
  const names = ['m.csv', 'b.csv', 'z.csv', 'a.csv', 'q.csv', 'c.csv', 'y.csv', 'k.csv', 'e.csv', 'r.csv', 'g.csv', 'w.csv'];
  for (const n of names) writeFileSync(join(d, n), 'step,loss\n1,2\n');
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'h.csv'), 'step,loss\n1,2\n');
  assert.deepEqual(planRun(d).files, [...names, 'sub/h.csv'].sort(), 'a subfolder walked where its name sorts');
});

const state = (losses: number[]): string => JSON.stringify({ log_history: losses.map((loss, i) => ({ step: (i + 1) * 10, loss })) });

test('watching trainer_state.json: alone it is re-read in place; beside a CSV of its folder the run is read again', () => {
  const a = tmp();
  const f = join(a, 'trainer_state.json');
  writeFileSync(f, state([3, 2]));
  const alone = new RunTailer(f);
  alone.poll();
  assert.equal(alone.resets, 0);
  writeFileSync(f, state([3, 2, 1]));
  alone.poll();
  assert.equal(alone.resets, 0);
  assert.deepEqual(points(alone.data()), ['loss: 10=3 20=2 30=1']);

  const d = tmp();
  writeFileSync(join(d, 'trainer_state.json'), state([3, 2]));
  writeFileSync(join(d, 'metrics.csv'), 'step,acc\n1,0.5\n');
  const both = new RunTailer(d);
  both.poll();
  assert.equal(both.resets, 0, 'the first read is no re-read');
  assert.deepEqual(points(both.data()), ['acc: 1=0.5', 'loss: 10=3 20=2']);
  writeFileSync(join(d, 'trainer_state.json'), state([3, 2, 1]));
  both.poll();
  assert.equal(both.resets, 1);
  assert.deepEqual(points(both.data()), ['acc: 1=0.5', 'loss: 10=3 20=2 30=1']);
});

test('reference levels: at most three snapshots are tried', () => {
  const header = JSON.stringify({ type: 'header', format: 'lossdbg-run', version: 1, loss: 'CrossEntropyLoss', args: {}, rank: 0, world_size: 1, torch: '2.6', lossdbg: '0.1', start_time: 1 });
  const snap = (step: number): string => JSON.stringify({ type: 'snapshot', step, path: `cases/s${step}.losscase.json`, reason: 'periodic' });
  const runWith = (readable: number): RunData => {
    const d = tmp();
    mkdirSync(join(d, 'cases'));
    writeFileSync(join(d, 'rank0.jsonl'), [header, snap(1), snap(2), snap(3), snap(4)].join('\n') + '\n');
    for (const s of [1, 2, 3, 4]) {
      if (s === readable) copyFileSync(join(FIX, 'run-folder', 'cases', 'step_0.losscase.json'), join(d, 'cases', `s${s}.losscase.json`));
      else writeFileSync(join(d, 'cases', `s${s}.losscase.json`), '{');
    }
    return readRunPath(d);
  };
  const third = runWith(3);
  assert.equal(runReference(third, third.root)?.source, 'snapshot cases/s3.losscase.json');
  const fourth = runWith(4);
  assert.equal(runReference(fourth, fourth.root), undefined);
});

test('levels from a class count: the loss type only when known; the double-softmax floor for CrossEntropyLoss or an unknown loss', () => {
  const floor = Math.log(1 + 4 / Math.E);
  assert.deepEqual(referenceFromClasses(5, undefined, '--classes 5'), { numClasses: 5, logK: Math.log(5), source: '--classes 5', doubleSoftmaxFloor: floor });
  assert.equal('lossType' in referenceFromClasses(5, undefined, 'x'), false);
  assert.deepEqual(referenceFromClasses(5, 'CrossEntropyLoss', 'x'), { numClasses: 5, logK: Math.log(5), source: 'x', lossType: 'CrossEntropyLoss', doubleSoftmaxFloor: floor });
  assert.deepEqual(referenceFromClasses(5, 'NLLLoss', 'x'), { numClasses: 5, logK: Math.log(5), source: 'x', lossType: 'NLLLoss' });
});
