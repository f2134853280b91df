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
  action: Use F.logsigmoid
    main.py@6:12-6:37 → "nn.functional.logsigmoid(x)"
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
  {
    name: "softmax-implicit-dim: in a for loop's iterable and in a while loop's condition",
    code: `import torch.nn.functional as F
def f(scores, z):
    for p in F.softmax(scores):
        print(p)
    while F.softmax(z).max() < 0.9:
        z = z * 2
`,
    expect: `softmax-implicit-dim info @3:14-3:31 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @5:11-5:23 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "missing-ignore-index: a tokenizer attribute's encode_plus, its pad_token_id named through the owner",
    code: `import torch.nn.functional as F
class Trainer:
    def step(self, texts, z):
        enc = self.tokenizer.encode_plus(texts, padding="longest")
        return F.cross_entropy(z, enc["input_ids"])
def g(tok, texts, z):
    ids = tok.encode(texts, padding=True)
    return F.cross_entropy(z, ids)
`,
    expect: `missing-ignore-index warning @5:16-5:52 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:5 are padded by self.tokenizer(…, padding="longest") at main.py:4, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=self.tokenizer.pad_token_id)"
  related main.py@4:15-4:67: padding added here
  action: Add ignore_index=self.tokenizer.pad_token_id
    main.py@5:51-5:51 → ", ignore_index=self.tokenizer.pad_token_id"
`,
  },
  {
    name: "missing-ignore-index silent: padding=\"do_not_pad\", and a tokenizer that is not a plain name (no pad_token_id to name)",
    code: `import torch.nn.functional as F
def f(tok, load_tok, texts, z):
    a = tok(texts, padding="do_not_pad")
    b = load_tok()(texts, padding=True)
    return F.cross_entropy(z, a["input_ids"]) + F.cross_entropy(z, b["input_ids"])
`,
    expect: '',
  },
  {
    name: "double-softmax: an nn.Softmax module applied to a softmax output, then into F.cross_entropy (both softmaxes reported)",
    code: `import torch.nn as nn
import torch.nn.functional as F
sm = nn.Softmax(dim=1)
def f(z, y):
    return F.cross_entropy(sm(F.softmax(z, dim=1)), y)
`,
    expect: `double-softmax warning @5:28-5:51 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:5 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@5:12-5:55: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@5:28-5:51 → "F.softmax(z, dim=1)"
double-softmax warning @5:31-5:50 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) produces probabilities, and nn.Softmax(dim=1) at main.py:5 applies softmax to them again. Softmax of probabilities is nearly uniform (its inputs differ by at most 1), so the loss stalls at a floor and the gradient shrinks. Apply softmax/log_softmax once, to the logits.
  fix: "log_probs = F.log_softmax(logits, dim=1)   # once, on the logits"
  related main.py@5:28-5:51: second softmax
  action: Remove the first softmax
    main.py@5:31-5:50 → "z"
`,
  },
  {
    name: "log-of-softmax: the softmax on the next line inside torch.log( … ), rewritten across the lines",
    code: `import torch
import torch.nn.functional as F
def f(z):
    return torch.log(
        F.softmax(z, dim=1))
`,
    expect: `log-of-softmax warning @4:12-5:29 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@5:9-5:28: softmax here
  action: Use log_softmax
    main.py@4:12-5:29 → "F.log_softmax(z, dim=1)"
`,
  },
  {
    name: "log-of-softmax: a .softmax() method on the line after its receiver, inside torch.log: rewritten with the line break kept",
    code: `import torch
def f(z):
    return torch.log(z
                     .softmax(dim=1))
`,
    expect: `log-of-softmax warning @3:12-4:38 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of .softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@3:22-4:37: softmax here
  action: Use log_softmax
    main.py@3:12-4:38 → "z\\n                     .log_softmax(dim=1)"
`,
  },
];

for (const c of CASES) {
  test(`in full: ${c.name}`, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect ? c.expect.replace(/\n$/, '').split('\n') : []);
  });
}
