/**
 * More of the code rules' findings written out in full (rule, severity, place, message, fix text,
 * related places, code actions with their edits), for the branches the mutation runs showed without a
 * case: which activation modules get a rename to their log form, and the silent programs just beside
 * each firing one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "nll-expects-log-probabilities: an nn.Softmax module into NLLLoss, renamed to nn.LogSoftmax where it is built",
    code: `import torch.nn as nn
act = nn.Softmax(dim=1)
crit = nn.NLLLoss()
def step(z, y):
    return crit(act(z), y)
`,
    expect: `nll-expects-log-probabilities warning @5:17-5:23 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: nn.NLLLoss at main.py:5 expects log-probabilities, but its input comes from nn.Softmax(dim=1): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@5:12-5:27: nn.NLLLoss consumes it here
  action: Use log_softmax
    main.py@2:10-2:17 → "LogSoftmax"
`,
  },
  {
    name: "nll-expects-log-probabilities: a Softmax imported by name, or reached through another attribute name, has no rename",
    code: `from torch.nn import Softmax, NLLLoss
import torch.nn as nn
class Heads:
    Act = nn.Softmax
act = Softmax(dim=1)
act2 = Heads().Act(dim=1)
def step(z, y):
    return NLLLoss()(act(z), y) + NLLLoss()(act2(z), y)
`,
    expect: `nll-expects-log-probabilities warning @8:22-8:28 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: NLLLoss at main.py:8 expects log-probabilities, but its input comes from nn.Softmax(dim=1): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@8:12-8:32: NLLLoss consumes it here
nll-expects-log-probabilities warning @8:45-8:52 "NLLLoss given probabilities or logits instead of log-probabilities" docs/rules/nll-expects-log-probabilities.md
  message: NLLLoss at main.py:8 expects log-probabilities, but its input comes from nn.Softmax(dim=1): probabilities in [0, 1]. NLLLoss only negates the picked entry, so the loss is −p_y (between −1 and 0), not −log p_y, and its gradient does not train the model properly. Use log_softmax.
  fix: "log_probs = F.log_softmax(logits, dim=1)\\nloss = F.nll_loss(log_probs, target)      # or F.cross_entropy(logits, target)"
  related main.py@8:35-8:56: NLLLoss consumes it here
`,
  },
  {
    name: "log-of-softmax: a sigmoid module under an attribute named Softmax is not renamed to LogSoftmax",
    code: `import torch
import torch.nn as nn
class K:
    Softmax = nn.Sigmoid
def f(x):
    return torch.log(K.Softmax()(x))
`,
    expect: `log-of-softmax warning @6:12-6:37 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of nn.Sigmoid(): sigmoid rounds to exactly 0 for a logit below about −88 (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. F.logsigmoid computes the same values stably.
  fix: "log_p = F.logsigmoid(logits)"
  related main.py@6:22-6:36: sigmoid here
`,
  },
  {
    name: "missing-ignore-index: pad_sequence's padding_value given by position (third argument)",
    code: `import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
def step(z, ts):
    return crit(z, pad_sequence(ts, True, 1))
`,
    expect: `missing-ignore-index warning @3:8-3:29 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:5 are padded by pad_sequence(…, padding_value=1) at main.py:5, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=1)"
  related main.py@5:20-5:45: padding added here
  related main.py@5:12-5:46: padded targets consumed here
  action: Add ignore_index=1
    main.py@3:28-3:28 → "ignore_index=1"
`,
  },
  {
    name: "missing-ignore-index silent: padding with −100 by position, or through a module constant",
    code: `import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
PAD = -100
def step(z, ts, us):
    a = crit(z, pad_sequence(ts, True, -100))
    b = crit(z, pad_sequence(us, batch_first=True, padding_value=PAD))
    return a + b
`,
    expect: '',
  },
  {
    name: "missing-ignore-index: one constructor reached on both branches (a factory called twice) is still known after the if",
    code: `import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
def make():
    return nn.CrossEntropyLoss()
def step(z, ts, c):
    if c:
        crit = make()
    else:
        crit = make()
    return crit(z, pad_sequence(ts, batch_first=True, padding_value=0))
`,
    expect: `missing-ignore-index warning @4:12-4:33 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:10 are padded by pad_sequence(…, padding_value=0) at main.py:10, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@10:20-10:71: padding added here
  related main.py@10:12-10:72: padded targets consumed here
  action: Add ignore_index=0
    main.py@4:32-4:32 → "ignore_index=0"
`,
  },
  {
    name: "missing-ignore-index silent: two different constructors on the two branches leave the criterion unknown",
    code: `import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
def step(z, ts, c):
    if c:
        crit = nn.CrossEntropyLoss()
    else:
        crit = nn.CrossEntropyLoss(ignore_index=0)
    return crit(z, pad_sequence(ts, batch_first=True, padding_value=0))
`,
    expect: '',
  },
];

for (const c of CASES) {
  test(`in full: ${c.name}`, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect ? c.expect.replace(/\n$/, '').split('\n') : []);
  });
}
