/**
 * Scopes in src/lint/flow.ts (#21, session 10): a method does not see its class body's names, a def
 * nested in another is analysed with the outer def's locals unknown, and an attribute another method
 * rebinds is not taken as set before forward (false alarms before).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, render } from './harness';

const CASES: { name: string; code: string; expect: string }[] = [
  {
    name: "a method does not see its class body's names (Python skips class scopes): a class attribute act = nn.Softmax(dim=1) does not make the global act of forward a softmax, called through an instance or analysed on its own; a global Softmax behind a class attribute of the same name still is one",
    code: `import torch.nn as nn
import torch.nn.functional as F
act = nn.Identity()
sm = nn.Softmax(dim=1)
class Net(nn.Module):
    act = nn.Softmax(dim=1)
    sm = nn.Identity()
    if True:
        def helper(self, x, y):
            return F.cross_entropy(act(x), y)
    def forward(self, x, y):
        return F.cross_entropy(act(x), y) + F.cross_entropy(sm(x), y)
net = Net()
def step(x, y):
    return net(x, y) + net.helper(x, y)
`,
    expect: `double-softmax warning @12:61-12:66 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:12 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@12:45-12:70: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@12:61-12:66 → "x"
`,
  },
  {
    name: "a def nested in another is analysed with the outer def's parameters and local names unknown, not the module names they hide (an LBFGS closure reading the step's out); a module name the outer def does not rebind is still seen",
    code: `import torch
import torch.nn.functional as F
out = F.softmax(torch.randn(4, 3), dim=1)
probs = F.softmax(torch.randn(4, 3), dim=1)
def train(model, x, y, opt):
    out = model(x)
    def closure():
        return F.cross_entropy(out, y)
    opt.step(closure)
def by_param(out, y):
    def closure():
        return F.cross_entropy(out, y)
    return closure
def by_default(y, out=None, *probs, **kw):
    def closure():
        return F.cross_entropy(out, y) + F.cross_entropy(probs, y)
    return closure
def by_loop(batches, y):
    for out in batches:
        pass
    def closure():
        return F.cross_entropy(out, y)
    return closure
def not_hidden(y):
    def closure():
        return F.cross_entropy(probs, y)
    return closure
`,
    expect: `double-softmax warning @4:9-4:44 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: F.softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:26 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@26:16-26:41: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@4:9-4:44 → "torch.randn(4, 3)"
`,
  },
  {
    name: "a method other than __init__ may not have run before forward: an attribute it rebinds (export_probs setting act to a Softmax) is unknown in forward, not a softmax; one it alone sets (a setup hook) keeps its value, and so does one it rebinds to itself",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Export(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.Identity()
    def export_probs(self):
        self.act = nn.Softmax(dim=1)
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class Hooked(nn.Module):
    def __init__(self):
        super().__init__()
        self.keep = nn.Softmax(dim=1)
    def setup(self, stage):
        self.head = nn.Softmax(dim=1)
        self.keep = self.keep
    def training_step(self, x, y):
        return F.cross_entropy(self.head(x), y) + F.cross_entropy(self.keep(x), y)
`,
    expect: `double-softmax warning @19:32-19:44 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:19 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@19:16-19:48: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@19:32-19:44 → "x"
double-softmax warning @19:67-19:79 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: nn.Softmax(dim=1) turns the logits into probabilities, and F.cross_entropy at main.py:19 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@19:51-19:83: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@19:67-19:79 → "x"
`,
  },
  {
    name: "the outer def's parameters of every kind hide module names from its nested defs: typed, typed with a default, *args; a def in a loop of a class body does not see the class body's names either",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
out = F.softmax(torch.randn(4, 3), dim=1)
act = nn.Identity()
def typed(out: torch.Tensor, y):
    def closure():
        return F.cross_entropy(out, y)
    return closure
def typed_default(y, out: torch.Tensor = None):
    def closure():
        return F.cross_entropy(out, y)
    return closure
def star(y, *out):
    def closure():
        return F.cross_entropy(out, y)
    return closure
class Net(nn.Module):
    act = nn.Softmax(dim=1)
    for _ in range(1):
        def forward(self, x, y):
            return F.cross_entropy(act(x), y)
net = Net()
def step(x, y):
    return net(x, y)
`,
    expect: ``,
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = render(await lintText(c.code));
    assert.deepEqual(got, c.expect.split('\n').filter((l) => l !== ''));
  });
}
