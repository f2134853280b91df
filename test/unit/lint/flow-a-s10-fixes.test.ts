/**
 * Fixes of false alarms and misses in src/lint/flow.ts (#21, session 10): number literals that are no
 * finite double, attributes assigned on some paths only (if, try, loops, match), parenthesized targets.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "a number literal that is no finite double (a complex 1j, 1e999) is an unknown dim, not dim=None: no softmax-implicit-dim for it; a written dim=None and a missing dim still get one",
    code: `import torch.nn.functional as F
def step(x, y):
    a = F.softmax(x, dim=1j)
    b = F.softmax(x, dim=1e999)
    c = F.softmax(x, dim=None)
    d = x.softmax()
    e = F.softmax(x, dim=1_0)
    return a, b, c, d, e
`,
    expect: `softmax-implicit-dim info @5:9-5:31 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: F.softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
softmax-implicit-dim info @6:9-6:20 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: .softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "an attribute given a Softmax in one branch of an if (no else) is unknown after it: silent; given the same Softmax in every branch (if/elif/else, nested; or before an if/elif without else) it is known: double-softmax",
    code: `import torch.nn as nn
import torch.nn.functional as F
SM = nn.Softmax(dim=1)
ID = nn.Identity()
class OneBranch(nn.Module):
    def __init__(self, probs):
        super().__init__()
        self.act = ID
        if probs:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class NewInOneBranch(nn.Module):
    def __init__(self, probs):
        super().__init__()
        if probs:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class EveryBranch(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = ID
        if n > 1:
            if n > 2:
                self.act = SM
            else:
                self.act = SM
        elif n:
            self.act = SM
        else:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class ElifWithoutElse(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = SM
        if n > 1:
            self.act = SM
        elif n:
            self.act = ID
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class ElifAllSame(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = SM
        if n > 1:
            self.act = SM
        elif n:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
`,
    expect: `double-softmax warning @34:32-34:43 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:34 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@34:16-34:47: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@34:32-34:43 → "x"
double-softmax warning @54:32-54:43 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:54 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@54:16-54:47: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@54:32-54:43 → "x"
`,
  },
  {
    name: "an attribute rebound in a try body is unknown after it (an except path skips it), and in a loop body (which may not run) unless it rebinds the same value; a loop's else is skipped by a break: unknown; a try's finally always runs: known",
    code: `import torch.nn as nn
import torch.nn.functional as F
SM = nn.Softmax(dim=1)
ID = nn.Identity()
class Try(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = ID
        try:
            self.act = SM
        except ImportError:
            pass
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class Loop(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = ID
        for _ in range(n):
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class While(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = ID
        while n:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class LoopElse(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = ID
        for _ in range(n):
            self.act = ID
        else:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class Finally(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = ID
        try:
            pass
        finally:
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class LoopSame(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.act = SM
        for _ in range(n):
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
`,
    expect: `double-softmax warning @50:32-50:43 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:50 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@50:16-50:47: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@50:32-50:43 → "x"
double-softmax warning @58:32-58:43 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:58 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@58:16-58:47: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@58:32-58:43 → "x"
`,
  },
  {
    name: "match: an attribute of a name (self.act) assigned in a case is unknown after the match: silent; an attribute the match does not assign keeps its value: double-softmax",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.act = nn.Softmax(dim=1)
        self.keep = nn.Softmax(dim=1)
        match mode:
            case 'logits':
                self.act = nn.Identity()
            case _:
                other = 1
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y) + F.cross_entropy(self.keep(x), y)
`,
    expect: `double-softmax warning @14:66-14:78 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:14 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@14:50-14:82: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@14:66-14:78 → "x"
`,
  },
  {
    name: "a parenthesized target is the name itself: (a) = … and ((a)) = … bind a; (a,) = (…,) and [a] = […] unpack a one-item tuple or list; (a,) = a tensor leaves a unknown",
    code: `import torch.nn.functional as F
def paren(x, y):
    (a) = F.softmax(x, dim=1)
    return F.cross_entropy(a, y)
def twice(x, y):
    ((a)) = F.softmax(x, dim=1)
    return F.cross_entropy(a, y)
def one_tuple(x, y):
    (a,) = (F.softmax(x, dim=1),)
    return F.cross_entropy(a, y)
def one_list(x, y):
    [a] = [F.softmax(x, dim=1)]
    return F.cross_entropy(a, y)
def unpack_tensor(x, y):
    (a,) = F.softmax(x, dim=1)
    return F.cross_entropy(a, y)
`,
    expect: `double-softmax warning @3:11-3:30 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:4 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@4:12-4:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@3:11-3:30 → "x"
double-softmax warning @6:13-6:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:7 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@7:12-7:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@6:13-6:32 → "x"
double-softmax warning @9:13-9:32 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:10 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@10:12-10:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@9:13-9:32 → "x"
double-softmax warning @12:12-12:31 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:13 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@13:12-13:33: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@12:12-12:31 → "x"
`,
  },
  {
    name: "an attribute first set in a loop body keeps its value after the loop, with or without a loop else (as a name does); one written twice in one branch of an if without else is still joined with its value before the if",
    code: `import torch.nn as nn
import torch.nn.functional as F
SM = nn.Softmax(dim=1)
ID = nn.Identity()
class Loop(nn.Module):
    def __init__(self, n):
        super().__init__()
        for _ in range(n):
            self.a = SM
        for _ in range(n):
            self.b = SM
        else:
            pass
    def forward(self, x, y):
        return F.cross_entropy(self.a(x), y) + F.cross_entropy(self.b(x), y)
class Twice(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.act = ID
        if c:
            self.act = SM
            self.act = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
`,
    expect: `double-softmax warning @15:32-15:41 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:15 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@15:16-15:45: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@15:32-15:41 → "x"
double-softmax warning @15:64-15:73 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:15 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@15:48-15:77: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@15:64-15:73 → "x"
`,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
