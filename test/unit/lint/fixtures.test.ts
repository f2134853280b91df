/**
 * The realistic fixture files (model classes + training loops, cross-file imports, notebooks,
 * aliases, suppressions): what fires where, with the severity written literally, and what stays silent.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIX, lintFiles, rows } from './harness';

const FIRING: Record<string, string[]> = {
  'concise_softmax_regression.py': ['double-softmax@9:71 warning'],
  'binary_functional.py': ['bce-expects-probabilities@25:16 error', 'double-sigmoid@33:17 warning'],
  'digits_mse.py': ['softmax-implicit-dim@19:16 info', 'mse-on-class-labels@30:20 warning'],
  'distill.py': ['kl-div-expects-log-probabilities@8:20 warning', 'nll-expects-log-probabilities@21:16 warning'],
  'handwritten.py': ['class-dim-misplaced@20:23 error', 'log-of-softmax@25:25 warning', 'sum-reduction@29:12 info'],
  'lightning_module.py': ['double-softmax@25:17 warning'],
  'seq2seq_padding.py': ['missing-ignore-index@16:15 warning'],
  'seq_tagger_shapes.py': ['class-dim-misplaced@40:32 error', 'class-dim-misplaced@52:21 error'],
  'suppressed.py': ['double-softmax@10:13 warning'],
  'notebook.ipynb': ['cell2:double-softmax@7:16 warning'],
};

test('firing fixtures: each planted bug, at its place, with its severity', async () => {
  const dir = path.join(FIX, 'firing');
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, Object.keys(FIRING).sort(), 'every firing fixture has an expectation');
  for (const f of files) {
    const [r] = await lintFiles([path.join(dir, f)]);
    assert.equal(r.error, undefined, f);
    assert.deepEqual(rows(r), FIRING[f], f);
  }
});

test('silent fixtures: metrics-only softmax, log_softmax into NLL/KL, ambiguous branches, handled padding, right BCE forms', async () => {
  const dir = path.join(FIX, 'silent');
  const files = readdirSync(dir).sort();
  assert.ok(files.length >= 5);
  for (const f of files) {
    const [r] = await lintFiles([path.join(dir, f)]);
    assert.equal(r.error, undefined, f);
    assert.deepEqual(rows(r), [], f);
    assert.deepEqual(r.notes, [], f);
  }
});

test('a project: the model imported from models.py / pkg.nets (relative import) is followed into the training script', async () => {
  const dir = path.join(FIX, 'project');
  const files = ['models.py', 'train.py', 'pkg_train.py', 'pkg/nets.py', 'pkg/layers.py', 'pkg/__init__.py'].map((f) => path.join(dir, f));
  const reports = await lintFiles(files, [dir]);
  const by = new Map(reports.map((r) => [path.relative(dir, r.path), r]));
  assert.deepEqual(rows(by.get('models.py')!), ['double-softmax@12:9 warning']);
  assert.deepEqual(rows(by.get('pkg/layers.py')!), ['double-sigmoid@11:16 warning']);
  assert.deepEqual(rows(by.get('train.py')!), []);
  const ds = by.get('models.py')!.findings[0];
  assert.equal(ds.related?.[0].site.file, path.join(dir, 'train.py'));
  assert.equal(ds.related?.[0].site.span.line + 1, 20);
  assert.match(ds.message, /train\.py:20/);
  // The nn.Softmax is removed from the Sequential list, comma included.
  assert.deepEqual(ds.fixes?.[0].edits.map((e) => [e.span.line + 1, e.span.column + 1, e.span.endLine + 1, e.span.endColumn + 1, e.newText]), [[11, 37, 12, 26, '']]);
});

test('without the folder as a root, imports are not followed (never read outside what was given)', async () => {
  const dir = path.join(FIX, 'project');
  const [r] = await lintFiles([path.join(dir, 'models.py')]);
  assert.deepEqual(rows(r), []);
});

test('the clean loss-wrapper project turns into the bug when one line is broken: padding not ignored, (N, L, C) not flattened', async () => {
  const { lintText } = await import('./harness');
  const { readFileSync } = await import('node:fs');
  const clean = readFileSync(path.join(FIX, 'silent', 'seq_loss_wrapper.py'), 'utf8');
  const noIgnore = clean.replace('nn.CrossEntropyLoss(ignore_index=pad_idx)', 'nn.CrossEntropyLoss()');
  assert.deepEqual(rows(await lintText(noIgnore)), ['missing-ignore-index@14:26 warning']);
  const noFlatten = clean.replace('        y_pred = y_pred.contiguous().view(-1, y_pred.size(-1))\n', '');
  assert.deepEqual(rows(await lintText(noFlatten)), ['class-dim-misplaced@18:31 error']);
  const permuted = clean.replace('view(-1, y_pred.size(-1))', 'permute(0, 2, 1)').replace('targets.contiguous().view(-1)', 'targets');
  assert.deepEqual(rows(await lintText(permuted)), [], '(N, C, L) against (N, L) targets is right');
});
