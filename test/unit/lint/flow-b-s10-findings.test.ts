/**
 * Findings the dataflow's call evaluation (src/lint/flow.ts, lines 731–end) leads to, each report
 * written out in full (flow-b-facts.ts findingsOf): bugs found in the second pass over those lines —
 * `dim=1j` taken for `dim=None`, Tensor.backward(gradient) taken to backpropagate its argument,
 * BatchEncoding.data and an RNN output made contiguous not followed — and the healthy code beside
 * each that must stay silent.
 */
import { findingsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'softmax with dim=None has no dim; a dim PyTorch would refuse (1j, 1e999) or a name is not known to be missing: silent',
    code: `${H}def f(x, y, d):
    a = F.nll_loss(torch.log_softmax(x, dim=None), y)
    b = F.nll_loss(torch.log_softmax(x, dim=1j), y)
    c = F.nll_loss(torch.log_softmax(x, 1e999), y)
    e = F.nll_loss(x.log_softmax(d), y)
    return a + b + c + e
`,
    expect: `softmax-implicit-dim info @5:20-5:50 "softmax without dim" docs/rules/softmax-implicit-dim.md
  message: torch.log_softmax(…) is called without dim. PyTorch warns ("Implicit dimension choice … has been deprecated") and guesses: dim=0 for 1-D and 3-D inputs, dim=1 otherwise, so a (B, L, V) sequence output is normalised across the batch. Name the class axis.
  fix: "probs = F.softmax(logits, dim=-1)   # the class axis"
`,
  },
  {
    name: "reduction='sum' backpropagated through a clamp fires; a loss given as the gradient argument of another tensor's backward() is not backpropagated: silent (was sum-reduction)",
    code: `${H}def f(x, y, out):
    F.cross_entropy(x, y, reduction='sum').clamp(max=1e4).backward()
    h = out.sigmoid()
    h.backward(F.mse_loss(x, y, reduction='sum'))
`,
    expect: `sum-reduction info @5:5-5:43 "reduction='sum' scales the loss and gradient with the batch size" docs/rules/sum-reduction.md
  message: F.cross_entropy uses reduction='sum' and the loss computed at main.py:5 is backpropagated without dividing by the batch size: the gradient grows with the batch (and sequence) size, so the learning rate that works depends on it. Use reduction='mean', or divide by the number of terms.
  fix: "criterion = nn.CrossEntropyLoss()            # reduction='mean'\\n# or: loss = criterion(logits, y) / y.numel()"
  related main.py@5:5-5:43: loss computed here, then backpropagated
`,
  },
  {
    name: "labels taken from a padded tokenizer batch's .data['input_ids'] are padded (missing-ignore-index, was missed); from its attention_mask they are not",
    code: `${H}from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained("gpt2")
def step(model, texts):
    enc = tok(texts, padding=True, return_tensors="pt")
    logits = model(**enc).logits
    labels = enc.data["input_ids"]
    a = F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1))
    b = F.cross_entropy(logits.view(-1, logits.size(-1)), enc.attention_mask.view(-1))
    return a + b
`,
    expect: `missing-ignore-index warning @10:9-10:75 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:10 are padded by tok(…, padding=True) at main.py:7, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_token_id)"
  related main.py@7:11-7:56: padding added here
  action: Add ignore_index=tok.pad_token_id
    main.py@10:74-10:74 → ", ignore_index=tok.pad_token_id"
`,
  },
  {
    name: "an LSTM's (L, N, H) output made contiguous, then transposed to (N, L, H), into a Linear and straight into cross_entropy: class-dim-misplaced (was missed); flattened to (N·L, C) first: silent",
    code: `${H}class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(32, 64)
        self.fc = nn.Linear(64, 9)
    def forward(self, x, tags):
        out, _ = self.lstm(x)
        logits = self.fc(out.contiguous().transpose(0, 1))
        bad = F.cross_entropy(logits, tags)
        good = F.cross_entropy(logits.reshape(-1, 9), tags.reshape(-1))
        return bad + good
`,
    expect: `class-dim-misplaced error @12:31-12:37 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: F.cross_entropy at main.py:12 gets (N, L, 9) scores from nn.Linear(…, 9) at main.py:11, with the 9 classes last. For inputs with more than two dimensions PyTorch reads the classes on dim 1, so it takes the sequence axis for the classes: a shape error against (N, L) targets, or — when the sizes happen to match — a silently wrong loss. Flatten to (N·L, C) or move the classes to dim 1.
  fix: "loss = F.cross_entropy(logits.reshape(-1, 9), target.reshape(-1))\\n# or: F.cross_entropy(logits.transpose(1, 2), target)   # (N, C, L) against (N, L)"
  related main.py@11:18-11:59: (N, L, 9) scores made here
  related main.py@12:15-12:44: F.cross_entropy reads the classes on dim 1
`,
  },
  {
    name: "a flatten that mixes positions ((N, C, L) viewed as (-1, C)) stays recorded when viewed as (-1, C) again (class-dim-misplaced, was missed); the right flatten (permute first) viewed again stays silent, as does a view to another count",
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(8, 5, 3)
    def forward(self, x, y):
        logits = self.conv(x)
        flat = logits.reshape(-1, 5)
        a = F.cross_entropy(flat.view(-1, 5), y.view(-1))
        good = logits.permute(0, 2, 1).reshape(-1, 5)
        b = F.cross_entropy(good.view(-1, 5), y.view(-1))
        c = F.cross_entropy(flat.view(-1, 10), y.view(-1))
        return a + b + c
`,
    expect: `class-dim-misplaced error @10:16-10:37 "Class dimension in the wrong place" docs/rules/class-dim-misplaced.md
  message: .reshape(-1, 5) flattens the (N, 5, L) scores of nn.Conv1d(…, 5, …) at main.py:9, whose classes are on dim 1, into rows of 5: each row takes 5 consecutive values along the last axis — one class's scores at 5 positions — not one position's 5 class scores. F.cross_entropy at main.py:11 trains on scrambled rows without any error. Move the classes last before flattening.
  fix: "logits = logits.permute(0, 2, 1).reshape(-1, 5)   # (N, C, L) → (N·L, C); (N, C, H, W): permute(0, 2, 3, 1)\\nloss = F.cross_entropy(logits, target.reshape(-1))\\n# or keep (N, C, L) and pass it as is: cross_entropy takes the classes on dim 1"
  related main.py@9:18-9:30: (N, 5, L) scores made here
  related main.py@11:13-11:58: F.cross_entropy consumes the flattened rows
`,
  },
  {
    name: "a model that computes its loss in forward (labels by keyword, as Hugging Face models do) gets the padded input_ids it is given as labels: missing-ignore-index in forward (was missed); labels masked with -100 first: silent",
    code: `${H}from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained("gpt2")
class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50257, 64)
        self.head = nn.Linear(64, 50257)
    def forward(self, input_ids, labels=None):
        logits = self.head(self.emb(input_ids))
        return F.cross_entropy(logits.view(-1, 50257), labels.view(-1))
model = LM()
def step(texts):
    enc = tok(texts, padding=True, return_tensors="pt")
    return model(enc["input_ids"], labels=enc["input_ids"])
def masked_step(texts):
    enc = tok(texts, padding=True, return_tensors="pt")
    labels = enc["input_ids"].masked_fill(enc["attention_mask"] == 0, -100)
    return model(enc["input_ids"], labels=labels)
`,
    expect: `missing-ignore-index warning @13:16-13:72 "Padding targets are counted in the loss" docs/rules/missing-ignore-index.md
  message: The targets of F.cross_entropy at main.py:13 are padded by tok(…, padding=True) at main.py:16, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.
  fix: "criterion = nn.CrossEntropyLoss(ignore_index=tok.pad_token_id)"
  related main.py@16:11-16:56: padding added here
  action: Add ignore_index=tok.pad_token_id
    main.py@13:71-13:71 → ", ignore_index=tok.pad_token_id"
`,
  },
];

table('flow findings (s10)', CASES, findingsOf);
