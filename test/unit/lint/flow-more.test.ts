/**
 * More of the dataflow (src/lint/flow.ts) across files and statements, findings as `rule@line:col
 * severity` rows: where defs are analysed, unpacking, activations in a row, layouts through transpose,
 * unknown torch functions, which names a wildcard import brings, relative imports of a local `torch`
 * module — and the silent programs beside each firing one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, lintTexts, rows } from './harness';

const CASES: { name: string; code: string; expect: string[] }[] = [
  {
    name: "defs inside for, while, elif, except and finally blocks are analysed (like those under if, with, try, else)",
    code: `import torch.nn.functional as F
for fold in range(5):
    def step(z, y):
        return F.cross_entropy(F.softmax(z, dim=1), y)
while False:
    def step2(z, y):
        return F.cross_entropy(z.softmax(1), y)
if __name__ == "__main__":
    pass
elif True:
    def step3(z, y):
        return F.nll_loss(F.softmax(z, dim=1), y)
try:
    pass
except ImportError:
    def step4(z, y):
        return F.cross_entropy(z.softmax(-1), y)
finally:
    def step5(z, y):
        return F.cross_entropy(F.softmax(z, 1), y)
`,
    expect: ["double-softmax@4:32 warning", "double-softmax@7:32 warning", "nll-expects-log-probabilities@12:27 warning", "double-softmax@17:32 warning", "double-softmax@20:32 warning"],
  },
  {
    name: "a decorated function is bound under its name: its softmax return reaches the loss at the call",
    code: `import torch
import torch.nn.functional as F
@torch.no_grad()
def probs(z):
    return F.softmax(z, dim=1)
def step(z, y):
    return F.cross_entropy(probs(z), y)
`,
    expect: ["double-softmax@5:12 warning"],
  },
  {
    name: "starred unpacking is not followed: neither the name before the star nor the one after it is known",
    code: `import torch.nn.functional as F
def f(z, y):
    p, *rest = F.softmax(z, dim=1), z
    *more, q = z, F.softmax(z, dim=1)
    return F.cross_entropy(p, y) + F.cross_entropy(q, y)
`,
    expect: [],
  },
  {
    name: "an activation of an activation of another kind is not a double activation (sigmoid then softmax, softmax then sigmoid, log_softmax then softmax)",
    code: `import torch
import torch.nn.functional as F
def f(z, y):
    p = torch.softmax(torch.sigmoid(z), dim=1)
    q = torch.sigmoid(torch.softmax(z, dim=1))
    r = torch.softmax(torch.log_softmax(z, dim=1), dim=1)
    return p, q, r
`,
    expect: [],
  },
  {
    name: "transpose of two axes that are not the class axis leaves it where it was: (N, C, H, W) swapped H/W then flattened is scrambled; classes last then H/W swapped is right",
    code: `import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 5, 3)
    def forward(self, x):
        return self.conv(x)
net = Net()
def scrambled(x, y):
    return F.cross_entropy(net(x).transpose(3, 2).reshape(-1, 5), y.view(-1))
def right(x, y):
    return F.cross_entropy(net(x).permute(0, 2, 3, 1).transpose(1, 2).reshape(-1, 5), y.view(-1))
`,
    expect: ["class-dim-misplaced@11:28 error"],
  },
  {
    name: "nn.Sequential activations in a row: softmax then softmax or log_softmax, sigmoid then sigmoid are double; any other pair is not",
    code: `import torch.nn as nn
a = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1), nn.Softmax(dim=1))
b = nn.Sequential(nn.Linear(8, 4), nn.Sigmoid(), nn.Softmax(dim=1))
c = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1), nn.Sigmoid())
d = nn.Sequential(nn.Linear(8, 4), nn.LogSoftmax(dim=1), nn.LogSoftmax(dim=1))
e = nn.Sequential(nn.Linear(8, 4), nn.Sigmoid(), nn.LogSoftmax(dim=1))
f = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1), nn.LogSoftmax(dim=1))
g = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid(), nn.Sigmoid())
outs = a(x), b(x), c(x), d(x), e(x), f(x), g(x)
`,
    expect: ["double-softmax@2:36 warning", "double-softmax@7:36 warning", "double-sigmoid@8:36 warning"],
  },
  {
    name: "an unknown torch function of tensors is batched when any of its tensors is: log_softmax over dim 0 of it fires; over a batch-free mean it does not",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x):
        return self.fc(x)
net = Net()
def over_batch(x, y):
    out = net(x)
    return F.nll_loss(F.log_softmax(torch.sub(out, out.mean()), dim=0), y)
def prior(x, y):
    return F.nll_loss(F.log_softmax(torch.abs(net(x).mean(0)), dim=0), y)
`,
    expect: ["class-dim-misplaced@13:23 error"],
  },
  {
    name: "scaler.scale(loss) alone is not a backward: reduction='sum' without backward stays silent",
    code: `import torch.nn as nn
crit = nn.NLLLoss(reduction='sum')
def step(logp, y, scaler):
    loss = crit(logp, y)
    scaled = scaler.scale(loss)
    print(scaled)
`,
    expect: [],
  },
  {
    name: "softmax (not only log_softmax) over dim 0 of a batched output into NLLLoss: class-dim-misplaced beside nll-expects-log-probabilities",
    code: `import torch.nn as nn
import torch.nn.functional as F
net = nn.Linear(16, 4)
def step(x, y):
    return F.nll_loss(F.softmax(net(x), dim=0), y)
`,
    expect: ["class-dim-misplaced@5:23 error", "nll-expects-log-probabilities@5:23 warning"],
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    assert.deepEqual(rows(await lintText(c.code)), c.expect);
  });
}

async function project(files: Record<string, string>): Promise<Record<string, string[]>> {
  const m = await lintTexts(files);
  return Object.fromEntries([...m].map(([k, r]) => [k, rows(r)]));
}

test('from models import *: the public names come over (nn too), names starting with _ do not', async () => {
  assert.deepEqual(await project({
    'models.py': 'import torch.nn as nn\nact = nn.Softmax(dim=1)\n_act = nn.Softmax(dim=1)\n',
    'train.py': 'from models import *\ncrit = nn.CrossEntropyLoss()\ndef step(z, y):\n    return crit(act(z), y) + crit(_act(z), y)\n',
  }), { 'models.py': [], 'train.py': ['double-softmax@4:17 warning'] });
});

test('from .torch import …: a relative import of the project\'s own torch.py is the project file, not PyTorch', async () => {
  assert.deepEqual(await project({
    'pkg/torch.py': 'import torch.nn.functional as F\ndef probs(z):\n    return F.softmax(z, dim=1)\n',
    'pkg/train.py': 'import torch.nn.functional as F\nfrom .torch import probs\ndef step(z, y):\n    return F.cross_entropy(probs(z), y)\n',
  }), { 'pkg/torch.py': ['double-softmax@3:12 warning'], 'pkg/train.py': [] });
});
