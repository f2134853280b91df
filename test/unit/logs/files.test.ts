/**
 * Which files of a folder make a run (src/logs/files.ts), on folders built in a temp directory: rank
 * files first, then the walk (name order, hidden and bookkeeping folders skipped, four levels deep,
 * 256 files at most), the newest Hugging Face checkpoint, TensorBoard event files over other logs,
 * symlinks only inside the folder; and the errors and shown names of readRunPath.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { MAX_RUN_FILES, planRun, readHead, readRunPath } from '../../../src/logs/files';

const base = mkdtempSync(join(tmpdir(), 'lossdbg-files-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
/** A fresh folder holding these files (relative path → text). */
function tree(files: Record<string, string>): string {
  const root = join(base, `t${n++}`);
  mkdirSync(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}
const CSV = 'step,loss\n1,2\n';

test('a single file is read alone, from its folder', () => {
  const root = tree({ 'a/metrics.csv': CSV });
  assert.deepEqual(planRun(join(root, 'a', 'metrics.csv')), { root: join(root, 'a'), files: ['metrics.csv'], isDir: false });
});

test('our run folder: the rank files of the root in rank order, nothing else', () => {
  const root = tree({ 'rank10.jsonl': '', 'rank2.jsonl': '', 'rank0.jsonl': '', 'other.csv': CSV, 'sub/rank1.jsonl': '' });
  assert.deepEqual(planRun(root), { root, files: ['rank0.jsonl', 'rank2.jsonl', 'rank10.jsonl'], isDir: true });
});

test('the walk: log names only, in name order, hidden and bookkeeping folders skipped, four levels deep', () => {
  const root = tree({
    'b.csv': CSV, 'a.TSV': CSV, 'c.ndjson': '', 'd.log': '', 'e.jsonl': '', 'notes.txt': '', 'train.py': '', '.hidden.csv': CSV,
    '.git/x.csv': CSV, 'node_modules/x.csv': CSV, '__pycache__/x.csv': CSV, 'cases/x.csv': CSV, 'wandb/x.csv': CSV, '.ipynb_checkpoints/x.csv': CSV,
    '1/2/3/4/deep.csv': CSV, '1/2/3/4/5/deeper.csv': CSV, 'z/.h/x.csv': CSV,
  });
  assert.deepEqual(planRun(root).files, ['1/2/3/4/deep.csv', 'a.TSV', 'b.csv', 'c.ndjson', 'd.log', 'e.jsonl']);
});

test(`at most ${MAX_RUN_FILES} files, the first in name order`, () => {
  const files: Record<string, string> = {};
  for (let i = 0; i <= MAX_RUN_FILES; i++) files[`f${String(i).padStart(3, '0')}.csv`] = CSV;
  const plan = planRun(tree(files));
  assert.equal(plan.files.length, MAX_RUN_FILES);
  assert.equal(plan.files[MAX_RUN_FILES - 1], `f${String(MAX_RUN_FILES - 1).padStart(3, '0')}.csv`);
});

test('Hugging Face: output_dir/trainer_state.json first, else the checkpoint with the highest number', () => {
  assert.deepEqual(planRun(tree({ 'trainer_state.json': '{}', 'checkpoint-900/trainer_state.json': '{}', 'log.csv': CSV })).files, ['log.csv', 'trainer_state.json']);
  assert.deepEqual(planRun(tree({ 'checkpoint-900/trainer_state.json': '{}', 'checkpoint-1000/trainer_state.json': '{}', 'checkpoint-950/trainer_state.json': '{}' })).files, ['checkpoint-1000/trainer_state.json']);
  assert.deepEqual(planRun(tree({ 'checkpoint-5/trainer_state.json': '{}' })).files, ['checkpoint-5/trainer_state.json']);
});

test('TensorBoard event files beside other logs: the event files (and trainer_state.json) are the run', () => {
  assert.deepEqual(planRun(tree({ 'train/events.out.tfevents.1.h': '', 'metrics.csv': CSV, 'trainer_state.json': '{}' })).files, ['train/events.out.tfevents.1.h', 'trainer_state.json']);
});

test('symlinks: to a log inside the folder followed; out of it, or dangling, not', () => {
  const outside = tree({ 'secret.csv': CSV });
  const root = tree({ 'real/log.csv': CSV });
  symlinkSync(join(root, 'real', 'log.csv'), join(root, 'inside.csv'));
  symlinkSync(join(outside, 'secret.csv'), join(root, 'outside.csv'));
  symlinkSync(join(root, 'gone.csv'), join(root, 'dangling.csv'));
  assert.deepEqual(planRun(root).files, ['inside.csv', 'real/log.csv']);
});

test('errors: a missing path, a folder without logs (with the hint)', () => {
  const root = tree({ 'notes.txt': 'x' });
  assert.throws(() => planRun(join(root, 'nope')), (e: unknown) => e instanceof LossDebuggerError && e.detail === `not found: ${join(root, 'nope')}` && e.where.file === join(root, 'nope'));
  assert.throws(() => planRun(root), (e: unknown) => e instanceof LossDebuggerError && e.detail === `no training log found in ${root}`
    && e.hint === 'expected rank<k>.jsonl, events.out.tfevents.*, metrics.csv, trainer_state.json, *.csv or *.jsonl (see docs/runs.md)');
});

test('readRunPath: files shown under the path given; the root of a folder kept; a single file shown as given', () => {
  const root = tree({ 'a/log.csv': 'step,loss\n1,2\n2,x,3\n', 'b/log.csv': 'step,acc\n1,0.5\n' });
  const r = readRunPath(root);
  assert.equal(r.root, root);
  assert.deepEqual(r.notes.map((x) => [x.file, x.where]), [[join(root, 'a', 'log.csv'), 'line 3']]);
  assert.deepEqual(r.series.map((s) => s.name), ['a/loss', 'b/acc']);
  const one = readRunPath(join(root, 'a', 'log.csv'));
  assert.equal(one.root, undefined);
  assert.deepEqual(one.notes.map((x) => x.file), [join(root, 'a', 'log.csv')]);
  assert.throws(() => readRunPath(join(root, 'a', 'log.csv'), { maxFileBytes: 5 }), (e: unknown) => e instanceof LossDebuggerError && e.where.file === join(root, 'a', 'log.csv'));
});

test('readHead: the first n bytes, or the whole file when shorter', () => {
  const root = tree({ 'x.csv': '0123456789' });
  assert.equal(new TextDecoder().decode(readHead(join(root, 'x.csv'), 4)), '0123');
  assert.equal(new TextDecoder().decode(readHead(join(root, 'x.csv'))), '0123456789');
});
