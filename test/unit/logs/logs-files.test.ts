/**
 * planRun's remaining edges: a path that is neither a file nor a folder, name order by code unit
 * (upper case before lower case), a checkpoint folder without a number ranked below numbered ones,
 * a symlink named like a log that points at a folder, rank files beside a walkable tree.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { planRun } from '../../../src/logs/files';

const base = mkdtempSync(join(tmpdir(), 'lossdbg-files2-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
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

test('a device is neither a file nor a folder: said so, with the path', () => {
  assert.throws(() => planRun('/dev/null'), (e: unknown) => e instanceof LossDebuggerError && e.detail === '/dev/null is neither a file nor a folder' && e.where.file === '/dev/null');
});

test('name order by code unit: upper case first, then digits and lower case as they sort', () => {
  assert.deepEqual(planRun(tree({ 'b.csv': CSV, 'B.csv': CSV, 'a.csv': CSV, '_x.csv': CSV, '1.csv': CSV })).files, ['1.csv', 'B.csv', '_x.csv', 'a.csv', 'b.csv']);
});

test('Hugging Face checkpoints: a folder name without a number ranks below every numbered one', () => {
  assert.deepEqual(planRun(tree({ 'checkpoint-best/trainer_state.json': '{}', 'checkpoint-7/trainer_state.json': '{}' })).files, ['checkpoint-7/trainer_state.json']);
  assert.deepEqual(planRun(tree({ 'checkpoint-best/trainer_state.json': '{}', 'last/trainer_state.json': '{}' })).files, ['checkpoint-best/trainer_state.json']);
});

test('a symlink named like a log that points at a folder is not a log; rank files win over everything else', () => {
  const root = tree({ 'real/log.csv': CSV });
  symlinkSync(join(root, 'real'), join(root, 'folder.csv'));
  assert.deepEqual(planRun(root).files, ['real/log.csv']);
  const ranks = tree({ 'rank0.jsonl': '', 'events.out.tfevents.1.h': '', 'trainer_state.json': '{}' });
  assert.deepEqual(planRun(ranks).files, ['rank0.jsonl']);
});
