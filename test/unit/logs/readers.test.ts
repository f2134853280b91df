/**
 * The log readers on fixtures written the way each producer writes them (tools/gen_log_fixtures.py,
 * TensorBoard files by tools/tb_writer.py — an independent implementation of the record format),
 * plus truncated, corrupt and hostile files, and chunk-boundary independence.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isLossDebuggerError, LossDebuggerError } from '../../../src/errors';
import { detectFormat } from '../../../src/logs/detect';
import { planRun, readRunPath } from '../../../src/logs/files';
import { readRunFromBytes, RunReader, type RunData } from '../../../src/logs/run';
import { SeriesStore } from '../../../src/logs/series-store';
import { encodeEvent, decodeEvent } from '../../../src/logs/tb-proto';
import { tensorScalar } from '../../../src/logs/tensorboard';
import { encodeRecord, maskedCrc32c } from '../../../src/logs/tfrecord';
import { parseJsonLenient, parseNumberCell } from '../../../src/logs/text';

const FIX = join(__dirname, '..', '..', 'fixtures', 'logs');
const fx = (...p: string[]): string => join(FIX, ...p);

function series(r: RunData, name: string): { steps: number[]; values: number[] } {
  const s = r.series.find((x) => x.name === name);
  assert.ok(s, `no series '${name}' in ${r.series.map((x) => x.name).join(', ')}`);
  return { steps: Array.from(s.steps), values: Array.from(s.values) };
}
const names = (r: RunData): string[] => r.series.map((s) => s.name).sort();

test('TensorBoard, PyTorch SummaryWriter style (simple_value)', () => {
  const r = readRunPath(fx('tb-pytorch'));
  assert.equal(r.format, 'tensorboard');
  assert.deepEqual(names(r), ['Loss/train', 'Loss/val', 'lr']);
  const t = series(r, 'Loss/train');
  assert.equal(t.values.length, 300);
  assert.deepEqual(t.steps.slice(0, 3), [0, 1, 2]);
  assert.deepEqual(series(r, 'Loss/val').steps, [49, 99, 149, 199, 249, 299]);
  // float32 values: lr at step 19 is exactly fround(1e-3)
  assert.equal(series(r, 'lr').values[19], Math.fround(1e-3));
  assert.deepEqual(r.notes, []);
});

test('TensorBoard, TF2/Keras style (scalar tensors in train/ and validation/, histograms and graphs skipped)', () => {
  const r = readRunPath(fx('tb-keras'));
  assert.deepEqual(names(r), ['train/epoch_accuracy', 'train/epoch_loss', 'validation/epoch_accuracy', 'validation/epoch_loss']);
  assert.equal(series(r, 'train/epoch_loss').values.length, 20);
  assert.deepEqual(series(r, 'validation/epoch_loss').steps, [...Array(20).keys()]);
  assert.ok(series(r, 'train/epoch_loss').values[0] > 2 && series(r, 'train/epoch_loss').values[19] < 0.4);
});

test('TensorBoard: a truncated last record is the job still writing — read up to it, with a note', () => {
  const full = readRunPath(fx('tb-pytorch'));
  const r = readRunPath(fx('tb-truncated'));
  assert.equal(series(r, 'Loss/train').values.length, 300);
  assert.equal(series(r, 'Loss/val').values.length, 5); // the cut record was the last Loss/val
  assert.deepEqual(series(r, 'Loss/val').values, series(full, 'Loss/val').values.slice(0, 5));
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0].message, /incomplete last record/);
});

test('TensorBoard: a record with a bad data CRC is skipped, a bad length CRC resynchronises', () => {
  const r = readRunPath(fx('tb-corrupt'));
  const full = readRunPath(fx('tb-pytorch'));
  const total = (d: RunData): number => d.series.reduce((s, x) => s + x.values.length, 0);
  assert.equal(total(r), total(full) - 2);
  assert.deepEqual(r.notes.map((n) => n.where), ['record 10 (byte 436)', 'record 20 (byte 876)']);
  assert.match(r.notes[0].message, /data fails its CRC/);
  assert.match(r.notes[1].message, /length fails its CRC.*scanning/);
  for (const n of r.notes) assert.ok(!hasControlOrReplacement(n.message), n.message);
});

test('TensorBoard hostile files: a 2^40-byte length header does not allocate; garbage named tfevents is refused', () => {
  const r = readRunPath(fx('hostile', 'events.out.tfevents.huge'));
  assert.equal(r.series.length, 0);
  assert.match(r.notes[0].message, /impossible length/);
  assert.throws(() => readRunPath(fx('hostile', 'events.out.tfevents.garbage')), (e: unknown) => isLossDebuggerError(e) && /TFRecord CRC/.test(e.message));
});

test('TFRecord framing matches the independent Python writer byte for byte; masked CRC32C check value', () => {
  const bytes = new Uint8Array(readFileSync(fx('tb-pytorch', 'events.out.tfevents.1733130000.gpu-node.4242.0')));
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const data = bytes.subarray(12, 12 + len);
  assert.deepEqual(encodeRecord(data), bytes.subarray(0, 16 + len));
  assert.equal(decodeEvent(data).file_version, 'brain.Event:2');
  // crc32c("123456789") = 0xE3069283 (RFC 3720); masked per TensorFlow
  const c = 0xe3069283;
  assert.equal(maskedCrc32c(new TextEncoder().encode('123456789')), ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
});

test('TensorBoard scalar tensors: float_val, double_val, int, half and tensor_content', () => {
  assert.equal(tensorScalar({ dtype: 1, float_val: [0.5] }), 0.5);
  assert.equal(tensorScalar({ dtype: 2, double_val: [0.25] }), 0.25);
  assert.equal(tensorScalar({ dtype: 3, int_val: [7] }), 7);
  assert.equal(tensorScalar({ dtype: 19, half_val: [0x3c00] }), 1);
  const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, 1.5, true);
  assert.equal(tensorScalar({ dtype: 2, tensor_content: b }), 1.5);
  assert.equal(tensorScalar({ dtype: 1, tensor_shape: { dim: [{ size: 3 }] }, float_val: [1, 2, 3] }), undefined);
  // Event{step: 3, summary: {value: [{tag: 'zero', simple_value: 0.0}]}} as a writer puts it on the wire
  const raw = Uint8Array.from([0x10, 0x03, 0x2a, 0x0d, 0x0a, 0x0b, 0x0a, 0x04, 0x7a, 0x65, 0x72, 0x6f, 0x15, 0, 0, 0, 0]);
  assert.equal(decodeEvent(raw).summary?.value?.[0].simple_value, 0); // an explicit 0 is a value, not "absent"
  assert.equal(decodeEvent(encodeEvent({ step: 3, summary: { value: [{ tag: 'zero', simple_value: 0 }] } })).summary?.value?.[0].simple_value, 0)
});

test('Lightning CSVLogger metrics.csv: sparse rows become separate series at their steps', () => {
  const r = readRunPath(fx('lightning'));
  assert.equal(r.format, 'lightning-csv');
  assert.deepEqual(names(r), ['train_loss', 'val_acc', 'val_loss']);
  assert.equal(series(r, 'train_loss').values.length, 24);
  assert.deepEqual(series(r, 'val_loss').steps, [199, 399, 599, 799, 999, 1199]);
  assert.equal(series(r, 'val_acc').values[0], 0.5);
});

test('Hugging Face trainer_state.json: log_history by key, newest checkpoint, bare NaN', () => {
  const r = readRunPath(fx('hf'));
  assert.equal(r.format, 'hf-trainer-state');
  assert.ok(names(r).includes('loss') && names(r).includes('eval_loss') && names(r).includes('learning_rate'));
  assert.ok(!names(r).includes('epoch') && !names(r).includes('step'));
  assert.equal(series(r, 'loss').values.length, 40);
  assert.deepEqual(series(r, 'eval_loss').steps, [100, 200, 300, 400]);
  assert.deepEqual(series(r, 'train_loss').steps, [400]);
  const nan = readRunPath(fx('hf-nan'));
  const l = series(nan, 'loss');
  assert.ok(Number.isNaN(l.values[l.values.length - 1]));
  assert.equal(l.steps[l.steps.length - 1], 130);
});

test('trainer_state.json cut mid-write: the complete log_history entries are read, with a note', () => {
  const r = readRunPath(fx('hostile', 'trainer_state.json'));
  assert.deepEqual(series(r, 'loss'), { steps: [1], values: [1] });
  assert.match(r.notes[0].message, /incomplete file/);
});

test('Keras CSVLogger: epoch is the step', () => {
  const r = readRunPath(fx('keras', 'training.log'));
  assert.equal(r.format, 'keras-csv');
  assert.deepEqual(names(r), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.deepEqual(series(r, 'loss').steps, [...Array(15).keys()]);
});

test('generic CSV (quoted header, empty cells) and JSONL (nested names kept)', () => {
  const c = readRunPath(fx('generic', 'log.csv'));
  assert.equal(c.format, 'csv');
  assert.deepEqual(names(c), ['loss', 'lr', 'val loss']);
  assert.equal(series(c, 'val loss').values.length, 10);
  assert.equal(series(c, 'loss').steps[199], 199);
  const j = readRunPath(fx('generic', 'metrics.jsonl'));
  assert.equal(j.format, 'jsonl');
  assert.deepEqual(names(j), ['grad_norm', 'train/loss']);
});

test('our run folder (written by lossdbg.watch in a 2-rank gloo job, tools/gen_run_folder.py): all ranks, scalars lines, snapshots, NaN, truncated last line', () => {
  const r = readRunPath(fx('run-folder'));
  assert.equal(r.format, 'lossdbg-run');
  assert.deepEqual(names(r), ['loss', 'lr', 'rank1/loss', 'rank1/lr', 'val_loss']);
  assert.deepEqual(r.ranks, [0, 1]);
  assert.equal(r.header?.loss, 'CrossEntropyLoss');
  assert.equal(r.header?.worldSize, 2);
  assert.deepEqual(series(r, 'val_loss').steps, [19, 39, 59]);
  assert.ok(Number.isNaN(series(r, 'loss').values[57]));
  assert.deepEqual(r.snapshots.map((s) => [s.step, s.path, s.reason]), [[0, 'cases/step_0.losscase.json', 'first'], [57, 'cases/step_57.losscase.json', 'nonfinite']]);
  // rank 0's NaN reaches rank 1 through the gradient all-reduce one step later
  assert.ok(Number.isFinite(series(r, 'rank1/loss').values[57]));
  assert.ok(Number.isNaN(series(r, 'rank1/loss').values[58]));
  assert.equal(series(r, 'rank1/loss').values.length, 59); // its step 59 is still being written
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0].message, /incomplete last line/);
  assert.equal(r.notes[0].where, 'line 61'); // rank1: header + steps 0..58, then the cut line
});

test('bad input: clear errors naming the file, never raw bytes', () => {
  const cases: Array<[string, RegExp]> = [
    ['binary.csv', /binary content/],
    ['not-a-log.json', /without "log_history"/],
    ['numbers.csv', /without a header row/],
  ];
  for (const [f, re] of cases) {
    assert.throws(() => readRunPath(fx('hostile', f)), (e: unknown) => {
      assert.ok(e instanceof LossDebuggerError);
      assert.match(e.message, re);
      assert.ok(e.message.includes(f));
      assert.ok(!hasControlOrReplacement(e.message), e.message);
      return true;
    });
  }
  assert.throws(() => readRunPath(fx('does-not-exist')), /not found/);
  const broken = readRunPath(fx('hostile', 'broken.jsonl'));
  assert.deepEqual(series(broken, 'loss'), { steps: [1, 3], values: [2, 1.5] });
  assert.deepEqual(broken.notes.map((n) => n.where), ['line 2', 'line 4']);
});

test('a folder: unreadable members are notes, the rest is read', () => {
  const r = readRunPath(fx('hostile'));
  assert.equal(r.format, 'tensorboard'); // event files beside other files: the event files are the run
  assert.ok(r.notes.some((n) => /events\.out\.tfevents\.garbage$/.test(n.file) && /TFRecord CRC/.test(n.message)));
  assert.ok(r.notes.some((n) => /events\.out\.tfevents\.huge$/.test(n.file) && /impossible length/.test(n.message)));
});

test('planRun picks the newest HF checkpoint and skips cases/', () => {
  assert.deepEqual(planRun(fx('hf')).files, ['checkpoint-400/trainer_state.json']);
  assert.deepEqual(planRun(fx('run-folder')).files, ['rank0.jsonl', 'rank1.jsonl']);
});

test('detection by content beats the name', () => {
  const tb = new Uint8Array(readFileSync(fx('tb-pytorch', 'events.out.tfevents.1733130000.gpu-node.4242.0')));
  assert.deepEqual(detectFormat('renamed.bin', tb.subarray(0, 4096)), { format: 'tensorboard' });
  const enc = new TextEncoder();
  assert.deepEqual(detectFormat('train.log', enc.encode('{"step": 1, "loss": 2}\n')), { format: 'jsonl' });
  assert.deepEqual(detectFormat('x.txt', enc.encode('epoch,loss,val_loss\n0,1,2\n')), { format: 'keras-csv' });
  assert.deepEqual(detectFormat('metrics.csv', enc.encode('train_loss,step,epoch\n0.5,49,0\n')), { format: 'lightning-csv' });
  assert.deepEqual(detectFormat('rank3.jsonl', enc.encode('{"type": "step", "step": 1, "loss": 2}\n')), { format: 'lossdbg-run', rank: 3 });
});

test('chunking does not matter: any split of the bytes gives the same series (all formats)', () => {
  const files = [
    fx('tb-corrupt', 'events.out.tfevents.1733130000.gpu-node.4242.0'), fx('lightning', 'version_0', 'metrics.csv'),
    fx('run-folder', 'rank0.jsonl'), fx('generic', 'log.csv'), fx('keras', 'training.log'),
  ];
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const whole = readRunFromBytes('x', [{ rel: 'f', shown: file, bytes }]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }), (cuts) => {
      const r = new RunReader('x', ['f']);
      r.addFile('f', file, bytes.subarray(0, 8192));
      let off = 0;
      for (const c of cuts) { if (off >= bytes.length) break; r.push('f', bytes.subarray(off, off + c)); off += c; }
      if (off < bytes.length) r.push('f', bytes.subarray(off));
      r.end('f', true);
      const d = r.data();
      assert.deepEqual(d.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]),
        whole.series.map((s) => [s.name, Array.from(s.steps), Array.from(s.values)]));
    }), { numRuns: 25, seed: 42 });
  }
});

test('series store: a restart from a checkpoint replaces the steps it rewrites', () => {
  const s = new SeriesStore();
  for (let i = 0; i < 10; i++) s.add('loss', i, 10 - i);
  for (let i = 6; i < 12; i++) s.add('loss', i, 100 + i);
  const [x] = s.series();
  assert.deepEqual(Array.from(x.steps), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(Array.from(x.values).slice(5, 8), [5, 106, 107]);
  assert.equal(s.restarts(), 1);
});

test('number cells and lenient JSON', () => {
  assert.equal(parseNumberCell(' 1.5e-3 '), 0.0015);
  assert.ok(Number.isNaN(parseNumberCell('nan') as number));
  assert.equal(parseNumberCell('-inf'), -Infinity);
  assert.equal(parseNumberCell('tensor(0.2500, device=\'cuda:0\')'), 0.25);
  assert.equal(parseNumberCell(''), undefined);
  assert.equal(parseNumberCell('abc'), undefined);
  assert.equal(parseNumberCell('0x10'), undefined);
  assert.deepEqual(parseJsonLenient('{"a": NaN, "b": "NaN", "c": -Infinity, "d": "x\\"NaN"}'), { a: NaN, b: 'NaN', c: -Infinity, d: 'x"NaN' });
  assert.throws(() => parseJsonLenient('{"a": Nan}'), SyntaxError);
});

/** Raw bytes leaking into a message show up as control characters or U+FFFD. */
function hasControlOrReplacement(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 32 && c !== 10) || c === 0xfffd) return true;
  }
  return false;
}
