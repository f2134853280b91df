/**
 * Findings the dataflow's calls lead to (src/lint/flow.ts, lines of call and layer evaluation), each
 * report written out in full: bugs found by reading those branches (nn.Flatten taken for a layer
 * that keeps the shape, nn.Bilinear's class count read from its second input size), and healthy
 * training code of the common shapes that must stay silent.
 */
import { table, type Case } from './flow-b-facts';
import { lintText, render } from './harness';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'a CNN classifier whose conv output goes through nn.Flatten (in a Sequential or as a module) into a Linear is (N, C) scores: silent (was class-dim-misplaced on (N, d1, d2, 10)); the same Linear after a Dropout keeps the (N, L, C) layout and fires',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4 * 26 * 26, 10))
        self.conv = nn.Conv1d(8, 16, 3)
        self.flat = nn.Flatten()
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(16, 10)
    def forward(self, x, y, z):
        a = F.cross_entropy(self.net(x), y)
        b = F.cross_entropy(self.fc(self.flat(self.conv(z))), y)
        c = F.cross_entropy(self.fc(self.drop(self.conv(z).transpose(1, 2))), y)
        return a + b + c
`,
    expect: `class-dim-misplaced error @15:29-15:77 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:15 gets (N, L, 10) scores from nn.Linear(…, 10) at main.py:15, with the 10 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 10), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@15:29-15:77: (N, L, 10) scores made here
  related main.py@15:13-15:81: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "nn.Bilinear's class count is its third argument (out_features), not its second input size",
    code: `${H}class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.score = nn.Bilinear(16, 32, 1)
        self.score2 = nn.Bilinear(16, 32, out_features=1)
    def forward(self, a, b, y):
        return nn.BCELoss()(self.score(a, b), y) + F.binary_cross_entropy(self.score2(a, b), y)
`,
    expect: `bce-expects-probabilities error @10:16-10:49 "BCELoss given values outside [0, 1]" docs/rules/bce-expects-probabilities.md
  message: nn.BCELoss expects probabilities in [0, 1], but its input comes straight from nn.Bilinear(…, 1) at main.py:10 with no sigmoid after it: raw scores. PyTorch raises on values outside [0, 1] (or, on GPU, asserts). Use BCEWithLogitsLoss on the raw scores: it applies sigmoid inside, in a numerically stable way.
  fix: "criterion = nn.BCEWithLogitsLoss()        # takes raw logits\\nloss = criterion(logits, target.float())"
  related main.py@10:29-10:45: raw scores come from here
  related main.py@10:16-10:28: nn.BCELoss constructed here
  action: Use BCEWithLogitsLoss (it applies sigmoid itself)
    main.py@10:19-10:26 → "BCEWithLogitsLoss"
bce-expects-probabilities error @10:52-10:96 "BCELoss given values outside [0, 1]" docs/rules/bce-expects-probabilities.md
  message: F.binary_cross_entropy expects probabilities in [0, 1], but its input comes straight from nn.Bilinear(…, 1) at main.py:10 with no sigmoid after it: raw scores. PyTorch raises on values outside [0, 1] (or, on GPU, asserts). Use BCEWithLogitsLoss on the raw scores: it applies sigmoid inside, in a numerically stable way.
  fix: "criterion = nn.BCEWithLogitsLoss()        # takes raw logits\\nloss = criterion(logits, target.float())"
  related main.py@10:75-10:92: raw scores come from here
  action: Use binary_cross_entropy_with_logits (it applies sigmoid itself)
    main.py@10:54-10:74 → "binary_cross_entropy_with_logits"
`,
  },
  {
    name: 'a tokenizer batch moved with .to(device) still has padded input_ids: labels taken from them without masking fire missing-ignore-index; masked with -100 they are silent',
    code: `${H}def step(model, tok, texts, device):
    enc = tok(texts, padding=True, return_tensors="pt").to(device)
    logits = model(enc["input_ids"]).logits
    labels = enc["input_ids"]
    return F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1))
def step_ok(model, tok, texts, device):
    enc = tok(texts, padding=True, return_tensors="pt").to(device)
    labels = enc["input_ids"].clone()
    labels[labels == tok.pad_token_id] = -100
    logits = model(enc["input_ids"]).logits
    return F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1))
`,
    expect: `missing-ignore-index warning @8:12-8:78 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:8 are padded by tok(…, padding=True) at main.py:5, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_token_id)"
  related main.py@5:11-5:56: padding added here
  action: Add ignore_index=tok.pad_token_id
    main.py@8:77-8:77 → ", ignore_index=tok.pad_token_id"
`,
  },
  {
    name: 'the ignore_index quick fix in a constructor whose parentheses hold only a comment adds no comma before it; after an argument followed by a comment it adds one after the argument',
    code: `${H}from torch.nn.utils.rnn import pad_sequence
def f(z, ts):
    crit = nn.CrossEntropyLoss(  # weights later
    )
    return crit(z, pad_sequence(ts, batch_first=True))
def g(z, ts):
    crit = nn.CrossEntropyLoss(reduction="mean"  # or "sum"
    )
    return crit(z, pad_sequence(ts, batch_first=True))
`,
    expect: `missing-ignore-index warning @6:12-7:6 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:8 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:8, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@8:20-8:54: padding added here
  related main.py@8:12-8:55: padded targets consumed here
  action: Add ignore_index=0
    main.py@6:32-6:32 → "ignore_index=0"
missing-ignore-index warning @10:12-11:6 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of nn.CrossEntropyLoss at main.py:12 are padded by pad_sequence(…) (padding_value defaults to 0) at main.py:12, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=0)"
  related main.py@12:20-12:54: padding added here
  related main.py@12:12-12:55: padded targets consumed here
  action: Add ignore_index=0
    main.py@10:48-10:48 → ", ignore_index=0"
`,
  },
  {
    name: 'probabilities clamped in place (clamp_/clip_ on the name) are guarded before log: silent (was log-of-softmax); a clamp whose result is dropped guards nothing',
    code: `${H}def f(z, y):
    p = F.softmax(z, dim=1)
    p.clamp_(min=1e-7)
    a = F.nll_loss(torch.log(p), y)
    q = F.softmax(z, dim=1)
    q.clamp(min=1e-7)
    b = F.nll_loss(torch.log(q), y)
    r = F.softmax(z, dim=1)
    r.clip_(1e-7, 1.0)
    c = F.nll_loss(r.log(), y)
    return a + b + c
`,
    expect: `log-of-softmax warning @10:20-10:32 "log of softmax/sigmoid instead of log_softmax/logsigmoid" docs/rules/log-of-softmax.md
  message: torch.log(…) of F.softmax(…): softmax rounds to exactly 0 for a logit about 104 below the largest (float32), and log(0) = −inf, which turns the loss and the gradients into NaN. log_softmax computes the same values stably.
  fix: "log_probs = F.log_softmax(logits, dim=1)"
  related main.py@8:9-8:28: softmax here
`,
  },
];

table('flow findings (calls)', CASES, async (code) => render(await lintText(code)).map((l) => `${l}\n`).join(''));
