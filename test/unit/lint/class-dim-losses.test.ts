/**
 * class-dim-misplaced's (N, L, C) check is about the two losses that read the classes on dim 1,
 * CrossEntropyLoss and NLLLoss (also behind a log_softmax over the last axis). Every other loss takes
 * any shape and scores element by element: (N, L, C) scores with the classes last are healthy code
 * for them (multi-label tagging with BCEWithLogitsLoss, a KL divergence per position), so it stays silent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render, rows } from './harness';

const tagger = (loss: string): string => `import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(32, 64, batch_first=True)
        self.out = nn.Linear(64, 9)
    def forward(self, x, y):
        h, _ = self.rnn(x)
        z = self.out(h)
        return ${loss}
`;

test('(N, L, C) scores into NLLLoss, functional or module, after a log_softmax over the last axis: class-dim-misplaced, word for word', async () => {
  const r = await lintText(tagger('F.nll_loss(F.log_softmax(z, dim=-1), y)'));
  assert.deepEqual(render(r), [
    'class-dim-misplaced error @11:27-11:51 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md',
    '  message: F.nll_loss at main.py:11 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:10, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.',
    '  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"',
    '  related main.py@10:13-10:24: (N, L, 9) scores made here',
    '  related main.py@11:16-11:55: F.nll_loss reads the classes on dim 1',
  ]);
  assert.deepEqual(rows(await lintText(tagger('nn.NLLLoss()(z.log_softmax(-1), y)'))), ['class-dim-misplaced@11:29 error']);
  assert.deepEqual(rows(await lintText(tagger('F.nll_loss(z, y)'))), ['nll-expects-log-probabilities@11:16 warning', 'class-dim-misplaced@11:27 error']);
  assert.deepEqual(rows(await lintText(tagger('F.cross_entropy(z, y)'))), ['class-dim-misplaced@11:32 error']);
});

test('(N, L, C) scores into a loss that takes any shape: no class-dim-misplaced', async () => {
  for (const loss of [
    'F.binary_cross_entropy_with_logits(z, y)', 'nn.BCEWithLogitsLoss()(z, y)', 'F.binary_cross_entropy(z.sigmoid(), y)',
    'F.mse_loss(z, y)', 'F.l1_loss(z, y)', 'F.smooth_l1_loss(z, y)', 'nn.HuberLoss()(z, y)',
    'F.kl_div(F.log_softmax(z, dim=-1), y, reduction="batchmean")',
  ]) assert.deepEqual(rows(await lintText(tagger(loss))), [], loss);
});

const seg = (body: string): string => `import torch.nn as nn
import torch.nn.functional as F
class Seg(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(64, 21, kernel_size=1)
        self.head3 = nn.Conv3d(64, 5, kernel_size=1)
    def forward(self, x, y):
        z = self.head(x)
        v = self.head3(x)
        return ${body}
`;

test('image scores with the classes moved last, passed as they are: class-dim-misplaced naming a spatial axis, with a permute that puts the classes back on dim 1 (checked with PyTorch); flattened to (N·H·W, C) or left (N, C, H, W): silent', async () => {
  assert.deepEqual(render(await lintText(seg('F.cross_entropy(z.permute(0, 2, 3, 1), y)'))), [
    'class-dim-misplaced error @11:32-11:53 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md',
    '  message: F.cross_entropy at main.py:11 gets (N, d1, d2, 21) scores from nn.Conv2d(…, 21, …) at main.py:9, with the 21 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the first spatial axis for the classes: a shape error against the targets, or — when the sizes happen to match — a silently wrong loss. Flatten the scores to (−1, C) and the targets to (−1), or move the classes to dim 1.',
    '  fix: "loss = F.cross_entropy(logits.reshape(-1, 21), target.reshape(-1))\\n# or: F.cross_entropy(logits.permute(0, 3, 1, 2), target)   # the classes moved to dim 1"',
    '  related main.py@9:13-9:25: (N, d1, d2, 21) scores made here',
    '  related main.py@11:16-11:57: F.cross_entropy reads the classes on dim 1',
  ]);
  // F.cross_entropy(x.permute(0, 4, 1, 2, 3), t) equals the flattened loss for (2, 3, 4, 5, 5) scores in PyTorch 2.x
  assert.equal((await lintText(seg('F.cross_entropy(v.permute(0, 2, 3, 4, 1), y)'))).findings[0].fix,
    'loss = F.cross_entropy(logits.reshape(-1, 5), target.reshape(-1))\n# or: F.cross_entropy(logits.permute(0, 4, 1, 2, 3), target)   # the classes moved to dim 1');
  const related = async (body: string): Promise<string[]> => (await lintText(seg(body))).findings.flatMap((f) => (f.related ?? []).map((r) => r.message));
  assert.deepEqual(await related('F.cross_entropy(z.permute(0, 2, 3, 1), y)'), ['(N, d1, d2, 21) scores made here', 'F.cross_entropy reads the classes on dim 1']);
  assert.deepEqual(await related('F.cross_entropy(v.permute(0, 2, 3, 4, 1), y)'), ['(N, d1, d2, d3, 5) scores made here', 'F.cross_entropy reads the classes on dim 1']);
  assert.deepEqual(await related('F.cross_entropy(z.transpose(1, 3), y)'), ['(N, d1, d2, 21) scores made here', 'F.cross_entropy reads the classes on dim 1']);
  for (const ok of ['F.cross_entropy(z.permute(0, 2, 3, 1).reshape(-1, 21), y.reshape(-1))', 'F.cross_entropy(z, y)', 'F.cross_entropy(v, y)']) assert.deepEqual(rows(await lintText(seg(ok))), [], ok);
});
