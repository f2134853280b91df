/**
 * More statements and expressions of src/lint/flow.ts pinned (#21): assert/raise/del/global/break,
 * conditions and indices evaluated, decorated functions and methods, a bare return, string literals
 * by prefix and quoting, unary minus of numbers and losses, a criterion moved with .to() and called
 * through .forward — every finding written out in full.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "statements that evaluate their expressions: assert and raise (a softmax without dim there is reported), a conditional expression's condition, a subscript's index, a keyword argument, del/global/pass/break/continue change nothing",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def step(z, y, xs):
    global G
    assert F.softmax(z).sum() > 0
    p = F.softmax(z, dim=1)
    for x in xs:
        if x:
            break
        continue
    del xs
    pass
    v = z if F.softmax(z)[0] > 0 else y
    w = xs[F.softmax(z).argmax()]
    if p is None:
        raise ValueError(F.softmax(z))
    return F.cross_entropy(input=p, target=y)
`,
    expect: `softmax-implicit-dim info @6:12-6:24 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
double-softmax warning @7:9-7:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:18 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@18:12-18:46: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@7:9-7:28 → "z"
softmax-implicit-dim info @14:14-14:26 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @15:12-15:24 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @17:26-17:38 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "decorated functions and methods are analysed (and bound under their name), a return without value is unknown, a def's body is analysed once per call with the caller's arguments",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
@torch.no_grad()
def probs(z):
    return F.softmax(z, dim=1)
def nothing(z):
    return
class Net(nn.Module):
    @staticmethod
    def helper(z, y):
        return F.cross_entropy(F.softmax(z, dim=1), y)
def step(z, y):
    a = F.cross_entropy(probs(z), y)
    b = F.cross_entropy(nothing(z), y)
    return a + b
`,
    expect: `double-softmax warning @6:12-6:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:9-14:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:12-6:31 → "z"
double-softmax warning @12:32-12:51 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:12 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@12:16-12:55: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@12:32-12:51 → "z"
`,
  },
  {
    name: "strings: only a plain one-line literal is a value (prefixes r, b, u in either case); a string with a quote or escape inside, a triple-quoted or f-string is unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
ca = nn.CrossEntropyLoss(reduction=b'sum')
cb = nn.CrossEntropyLoss(reduction=U"sum")
cc = nn.CrossEntropyLoss(reduction="su'm")
cd = nn.CrossEntropyLoss(reduction='''sum''')
ce = nn.CrossEntropyLoss(reduction=R'sum')
def step(z, y):
    ca(z, y).backward()
    cb(z, y).backward()
    cc(z, y).backward()
    cd(z, y).backward()
    ce(z, y).backward()
`,
    expect: `sum-reduction info @4:6-4:43 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:10 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@10:5-10:13: loss computed here, then backpropagated
sum-reduction info @5:6-5:43 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:11 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@11:5-11:13: loss computed here, then backpropagated
sum-reduction info @8:6-8:43 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:14 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@14:5-14:13: loss computed here, then backpropagated
`,
  },
  {
    name: "unary operators: -n of a number is a number (dim=-1 is a dim: no softmax-implicit-dim), +1 is not a negation; a loss negated keeps its loss (sum-reduction fires), so does one negated twice",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
ca = nn.CrossEntropyLoss(reduction='sum')
cb = nn.CrossEntropyLoss(reduction='sum')
def step(z, y):
    a = F.softmax(z, dim=-1)
    b = F.softmax(z, dim=+1)
    (-ca(z, y)).backward()
    (-(-cb(z, y))).backward()
    return a, b
`,
    expect: `sum-reduction info @4:6-4:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:9 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@9:7-9:15: loss computed here, then backpropagated
sum-reduction info @5:6-5:42 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:10 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@10:9-10:17: loss computed here, then backpropagated
`,
  },
  {
    name: "a criterion after .to(device), called through .forward, is the criterion (its loss reaches backward); a user class's own to() is called instead",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss(reduction='sum')
class Box(nn.Module):
    def to(self, device):
        return None
def step(z, y, dev):
    crit.to(dev).forward(z, y).backward()
    b = Box().to(dev)
    return b
`,
    expect: `sum-reduction info @4:8-4:44 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: nn.CrossEntropyLoss uses reduction='sum' and the loss computed at main.py:9 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@9:5-9:31: loss computed here, then backpropagated
`,
  },
  {
    name: "nested branches: a name bound the same way on every path of an if inside an if keeps its value (fires); rebound on one inner path it does not (silent); a name bound in a loop body keeps its value through the loop's else clause (fires); a parenthesized with-alias binds its name",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def same(z, y, a, b):
    p = F.softmax(z, dim=1)
    if a:
        if b:
            q = p
        else:
            q = p
    else:
        q = p
    return F.cross_entropy(q, y)
def inner_differs(z, y, a, b):
    p = F.softmax(z, dim=1)
    q = p
    if a:
        if b:
            q = z
    return F.cross_entropy(q, y)
def inner_untouched(z, y, a, b):
    p = F.softmax(z, dim=1)
    q = p
    if a:
        if b:
            r = z
    return F.cross_entropy(q, y)
def loop_else(z, y, xs):
    p = F.softmax(z, dim=1)
    for x in xs:
        q = p
    else:
        r = x
    return F.cross_entropy(q, y)
def paren(z, y):
    with F.softmax(z, dim=1) as (s):
        return F.cross_entropy(s, y)
`,
    expect: `double-softmax warning @5:9-5:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:13 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@13:12-13:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@5:9-5:28 → "z"
double-softmax warning @22:9-22:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:27 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@27:12-27:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@22:9-22:28 → "z"
double-softmax warning @29:9-29:28 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:34 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@34:12-34:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@29:9-29:28 → "z"
double-softmax warning @36:10-36:29 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:37 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@37:16-37:37: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@36:10-36:29 → "z"
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
