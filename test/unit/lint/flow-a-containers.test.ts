/**
 * Containers changed in place in src/lint/flow.ts (#21, seed-80 survivors): an nn.Sequential whose
 * item is replaced or that is popped/appended is forgotten (its old items would be stale: a removed
 * Softmax still "reaching" the loss), one only moved with .eval()/.to() is kept; a method of an RNN's
 * (L, N, H) output other than transpose/permute is an ordinary tensor method.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "an nn.Sequential changed in place (an item replaced, pop, append) is no longer known (silent); one only moved with .eval()/.to() is (fires); a method of the (L, N, H) RNN output other than transpose/permute is a tensor method (its softmax reaches the loss)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def replaced(x, y):
    m = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1))
    m[1] = nn.Identity()
    return F.cross_entropy(m(x), y)
def popped(x, y):
    m = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1))
    m.pop(1)
    return F.cross_entropy(m(x), y)
def moved(x, y, dev):
    m = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1))
    m.eval()
    m.to(dev)
    return F.cross_entropy(m(x), y)
rnn = nn.GRU(8, 16)
def seq_softmax(x, y):
    out, _ = rnn(x)
    return F.cross_entropy(out.softmax(dim=-1), y)
`,
    expect: `double-softmax warning @13:40-13:57 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:16 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@16:12-16:36: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@13:38-13:57 → ""
double-softmax warning @20:28-20:47 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: .softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:20 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@20:12-20:51: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@20:28-20:47 → "out"
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
