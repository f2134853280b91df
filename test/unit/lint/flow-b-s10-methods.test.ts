/**
 * The dataflow (src/lint/flow.ts) on method calls, fact by fact (test/unit/lint/flow-b-facts.ts),
 * second pass over lines 731–end: which receivers a list method forgets (only list literals and
 * Sequentials held by a plain name, never a module such as `torch` after `torch.sort`), the
 * batchedness every method keeps or drops, the losses carried through `.T`, clamps and other methods,
 * attributes of modules other than `.forward`, tokenizer owners that are not a dotted name, the
 * (L, N, H) output of an RNN through shape-keeping methods, and module methods that return the
 * module only on modules (a project module's `train()` is its function).
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'list methods forget a list literal or a Sequential held by a name, not a module called through a method of the same name (torch.sort, a project module)',
    code: `${H}def f(x, y, s):
    vals, idx = torch.sort(s)
    F.nll_loss(torch.softmax(x), y)
    dims = [4, 3]
    dims.sort()
    F.nll_loss(nn.Linear(*dims)(x), y)
    F.nll_loss(nn.Sequential(nn.Sigmoid()).pop()(x), y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@6:5-6:36 ctor=@6:5-6:36 rename=@6:7-6:15 insert=@6:35-6:35,
  args: 
  input @6:16-6:32: act{softmax dim=null "torch.softmax(…)" @6:16-6:32 drop=[@6:16-6:32→"x"] toLog=[@6:22-6:29→"log_softmax"]}
  target @6:34-6:35: 
loss NLLLoss functional "F.nll_loss" call=@9:5-9:39 ctor=@9:5-9:39 rename=@9:7-9:15 insert=@9:38-9:38,
  args: 
  input @9:16-9:35: raw{"nn.Linear(…)" @9:16-9:35}
  target @9:37-9:38: 
loss NLLLoss functional "F.nll_loss" call=@10:5-10:56 ctor=@10:5-10:56 rename=@10:7-10:15 insert=@10:55-10:55,
  args: 
  input @10:16-10:52: 
  target @10:54-10:55: 
op softmax-no-dim @6:16-6:32 outer=- outerForm=undefined fix=-
  act softmax dim=null "torch.softmax(…)" @6:16-6:32 drop=[@6:16-6:32→"x"] toLog=[@6:22-6:29→"log_softmax"]
`,
  },
  {
    name: 'batchedness through methods: argmax, clamp, masked_fill, .T/.mT/.data, casts and any other method keep the receiver batched or not; item/mean/sum give an unbatched value',
    code: `${H}crit = nn.MSELoss()
class Net(nn.Module):
    def forward(self, x, m, y):
        crit(torch.sigmoid(x.argmax(1).float()), y)
        crit(torch.sigmoid(x.clamp(min=0)), y)
        crit(torch.sigmoid(x.masked_fill(m, 0)), y)
        crit(torch.sigmoid(x.T), y)
        crit(torch.sigmoid(x.data), y)
        crit(torch.sigmoid(x.abs()), y)
        crit(torch.sigmoid(x.mean()), y)
def g(z, m, y):
    p = z.softmax(1)
    crit(torch.sigmoid(p.argmax(1).float()), y)
    crit(torch.sigmoid(p.clamp(min=0)), y)
    crit(torch.sigmoid(p.masked_fill(m, 0)), y)
    crit(torch.sigmoid(p.mT), y)
    crit(torch.sigmoid(p.abs()), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:9-7:52 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:14-7:48: act{sigmoid dim=null "torch.sigmoid(…)" @7:14-7:48 batched drop=[@7:14-7:48→"x.argmax(1).float()"] toLog=-}
  target @7:50-7:51: 
loss MSELoss module "nn.MSELoss" call=@8:9-8:47 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:14-8:43: act{sigmoid dim=null "torch.sigmoid(…)" @8:14-8:43 batched drop=[@8:14-8:43→"x.clamp(min=0)"] toLog=-}
  target @8:45-8:46: 
loss MSELoss module "nn.MSELoss" call=@9:9-9:52 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:14-9:48: act{sigmoid dim=null "torch.sigmoid(…)" @9:14-9:48 batched drop=[@9:14-9:48→"x.masked_fill(m, 0)"] toLog=-}
  target @9:50-9:51: 
loss MSELoss module "nn.MSELoss" call=@10:9-10:36 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @10:14-10:32: act{sigmoid dim=null "torch.sigmoid(…)" @10:14-10:32 batched drop=[@10:14-10:32→"x.T"] toLog=-}
  target @10:34-10:35: 
loss MSELoss module "nn.MSELoss" call=@11:9-11:39 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:14-11:35: act{sigmoid dim=null "torch.sigmoid(…)" @11:14-11:35 batched drop=[@11:14-11:35→"x.data"] toLog=-}
  target @11:37-11:38: 
loss MSELoss module "nn.MSELoss" call=@12:9-12:40 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @12:14-12:36: act{sigmoid dim=null "torch.sigmoid(…)" @12:14-12:36 batched drop=[@12:14-12:36→"x.abs()"] toLog=-}
  target @12:38-12:39: 
loss MSELoss module "nn.MSELoss" call=@13:9-13:41 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @13:14-13:37: act{sigmoid dim=null "torch.sigmoid(…)" @13:14-13:37 drop=[@13:14-13:37→"x.mean()"] toLog=-}
  target @13:39-13:40: 
loss MSELoss module "nn.MSELoss" call=@16:5-16:48 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @16:10-16:44: act{sigmoid dim=null "torch.sigmoid(…)" @16:10-16:44 drop=[@16:10-16:44→"p.argmax(1).float()"] toLog=-}
  target @16:46-16:47: 
loss MSELoss module "nn.MSELoss" call=@17:5-17:43 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @17:10-17:39: act{sigmoid dim=null "torch.sigmoid(…)" @17:10-17:39 drop=[@17:10-17:39→"p.clamp(min=0)"] toLog=-}
  target @17:41-17:42: 
loss MSELoss module "nn.MSELoss" call=@18:5-18:48 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @18:10-18:44: act{sigmoid dim=null "torch.sigmoid(…)" @18:10-18:44 drop=[@18:10-18:44→"p.masked_fill(m, 0)"] toLog=-}
  target @18:46-18:47: 
loss MSELoss module "nn.MSELoss" call=@19:5-19:33 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @19:10-19:29: act{sigmoid dim=null "torch.sigmoid(…)" @19:10-19:29 drop=[@19:10-19:29→"p.mT"] toLog=-}
  target @19:31-19:32: 
loss MSELoss module "nn.MSELoss" call=@20:5-20:36 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @20:10-20:32: act{sigmoid dim=null "torch.sigmoid(…)" @20:10-20:32 drop=[@20:10-20:32→"p.abs()"] toLog=-}
  target @20:34-20:35: 
`,
  },
  {
    name: 'losses carried through .T, a clamp and any other method reach backward(); Tensor.backward(gradient) backpropagates its receiver, not its gradient argument; an object known as nothing (accelerator) backpropagates its arguments',
    code: `${H}def f(x, y, out, accelerator):
    F.cross_entropy(x, y, reduction='sum').clamp(max=1e4).backward()
    F.mse_loss(x, y, reduction='none').T.sum().backward()
    F.l1_loss(x, y, reduction='sum').abs().backward()
    h = out.sigmoid()
    h.backward(F.smooth_l1_loss(x, y, reduction='sum'))
    accelerator.backward(F.huber_loss(x, y, reduction='sum'))
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@5:5-5:43 ctor=@5:5-5:43 rename=@5:7-5:20 insert=@5:42-5:42, backward
  args: reduction="'sum'":"sum"@5:37-5:42
  input @5:21-5:22: 
  target @5:24-5:25: 
loss MSELoss functional "F.mse_loss" call=@6:5-6:39 ctor=@6:5-6:39 rename=@6:7-6:15 insert=@6:38-6:38, backward
  args: reduction="'none'":"none"@6:32-6:38
  input @6:16-6:17: 
  target @6:19-6:20: 
loss L1Loss functional "F.l1_loss" call=@7:5-7:37 ctor=@7:5-7:37 rename=@7:7-7:14 insert=@7:36-7:36, backward
  args: reduction="'sum'":"sum"@7:31-7:36
  input @7:15-7:16: 
  target @7:18-7:19: 
loss SmoothL1Loss functional "F.smooth_l1_loss" call=@9:16-9:55 ctor=@9:16-9:55 rename=@9:18-9:32 insert=@9:54-9:54,
  args: reduction="'sum'":"sum"@9:49-9:54
  input @9:33-9:34: 
  target @9:36-9:37: 
loss HuberLoss functional "F.huber_loss" call=@10:26-10:61 ctor=@10:26-10:61 rename=@10:28-10:38 insert=@10:60-10:60, backward
  args: reduction="'sum'":"sum"@10:55-10:60
  input @10:39-10:40: 
  target @10:42-10:43: 
`,
  },
  {
    name: 'attributes of a module other than .forward are unknown (a layer\'s weight is not the layer); a tokenizer reached through a subscript is not named; BatchEncoding.data holds the padded input_ids',
    code: `${H}class Net(nn.Module):
    def __init__(self, toks, tok):
        super().__init__()
        self.fc = nn.Linear(8, 3)
        self.toks = toks
        self.tok = tok
    def forward(self, x, texts):
        crit = nn.CrossEntropyLoss()
        crit(self.fc.weight.sigmoid(), x)
        crit(self.fc.forward(x), x)
        a = self.toks["en"].tokenizer(texts, padding=True)
        crit(x, a["input_ids"])
        b = self.tok(texts, padding=True)
        crit(x, b.data["input_ids"])
        crit(x, b.attention_mask)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:42 ctor=@11:16-11:37 rename=@11:19-11:35 insert=@11:36-11:36
  args: 
  input @12:14-12:38: act{sigmoid dim=null ".sigmoid()" @12:14-12:38 drop=[@12:14-12:38→"self.fc.weight"] toLog=-}
  target @12:40-12:41: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:36 ctor=@11:16-11:37 rename=@11:19-11:35 insert=@11:36-11:36
  args: 
  input @13:14-13:32: raw{"nn.Linear(…, 3)" @13:14-13:32}
  target @13:34-13:35: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:32 ctor=@11:16-11:37 rename=@11:19-11:35 insert=@11:36-11:36
  args: 
  input @15:14-15:15: 
  target @15:17-15:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:37 ctor=@11:16-11:37 rename=@11:19-11:35 insert=@11:36-11:36
  args: 
  input @17:14-17:15: 
  target @17:17-17:36: pad{"self.tok.pad_token_id" null "self.tok(…, padding=True)" @16:13-16:42}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:34 ctor=@11:16-11:37 rename=@11:19-11:35 insert=@11:36-11:36
  args: 
  input @18:14-18:15: 
  target @18:17-18:33: 
`,
  },
  {
    name: "an RNN's (L, N, H) output stays (L, N, H) through .contiguous()/.to(device) and is a batched (N, L, H) tensor once its first two axes are swapped",
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(8, 16)
        self.fc = nn.Linear(16, 5)
    def forward(self, x, y, dev):
        out, _ = self.rnn(x)
        a = self.fc(out.contiguous().transpose(0, 1))
        b = self.fc(out.to(dev).permute(1, 0, 2))
        d = self.fc(out.abs().transpose(0, 1))
        F.cross_entropy(a, y)
        F.cross_entropy(b, y)
        F.nll_loss(F.log_softmax(out.transpose(0, 1), dim=0), y)
        F.cross_entropy(d, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@14:9-14:30 ctor=@14:9-14:30 rename=@14:11-14:24 insert=@14:29-14:29,
  args: 
  input @14:25-14:26: layout{rank=3 cls=2 classes=5 "nn.Linear(…, 5)" @11:13-11:54} raw{"nn.Linear(…, 5)" @11:13-11:54}
  target @14:28-14:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@15:9-15:30 ctor=@15:9-15:30 rename=@15:11-15:24 insert=@15:29-15:29,
  args: 
  input @15:25-15:26: layout{rank=3 cls=2 classes=5 "nn.Linear(…, 5)" @12:13-12:50} raw{"nn.Linear(…, 5)" @12:13-12:50}
  target @15:28-15:29: 
loss NLLLoss functional "F.nll_loss" call=@16:9-16:65 ctor=@16:9-16:65 rename=@16:11-16:19 insert=@16:64-16:64,
  args: 
  input @16:20-16:61: act{log_softmax dim=0 "F.log_softmax(…)" @16:20-16:61 batched drop=[@16:20-16:61→"out.transpose(0, 1)"] toLog=-} layout{rank=3 cls=undefined classes=undefined "out.transpose(…)" @16:34-16:53}
  target @16:63-16:64: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@17:9-17:30 ctor=@17:9-17:30 rename=@17:11-17:24 insert=@17:29-17:29,
  args: 
  input @17:25-17:26: raw{"nn.Linear(…, 5)" @13:13-13:47}
  target @17:28-17:29: 
`,
  },
  {
    name: "module methods return the module only for modules: a project module's train()/eval() are its functions, run with their arguments",
    code: `${H}import engine
def main(model, x, y):
    engine.train(model, x, y)
    engine.eval(model, x, y)
    model.train()
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=engine.py@3:12-3:58 ctor=engine.py@3:12-3:58 rename=engine.py@3:14-3:27 insert=engine.py@3:57-3:57,
  args: 
  input engine.py@3:28-3:54: act{softmax dim=1 "F.softmax(…)" engine.py@3:28-3:54 drop=[engine.py@3:28-3:54→"model(x)"] toLog=[engine.py@3:30-3:37→"log_softmax"]}
  target engine.py@3:56-3:57: 
loss NLLLoss functional "F.nll_loss" call=engine.py@5:12-5:38 ctor=engine.py@5:12-5:38 rename=engine.py@5:14-5:22 insert=engine.py@5:37-5:37,
  args: 
  input engine.py@5:23-5:34: act{sigmoid dim=null ".sigmoid()" engine.py@5:23-5:34 drop=[engine.py@5:23-5:34→"x"] toLog=-}
  target engine.py@5:36-5:37: 
`,
  },
  {
    name: 'log keeps the batchedness of its input: of a plain tensor, of a clamped softmax (log_of_softmax, no finding); the log of a value known as nothing is unknown (a layer on it is batched, as on any unknown input)',
    code: `${H}crit = nn.MSELoss()
fc = nn.Linear(4, 3)
class Net(nn.Module):
    def forward(self, x, y):
        crit(torch.sigmoid(torch.log(x)), y)
        crit(torch.sigmoid(torch.log(x.softmax(1).clamp(min=1e-7))), y)
def g(z, y, u):
    crit(torch.sigmoid(torch.log(z.sigmoid().abs())), y)
    crit(torch.sigmoid(torch.log(z.softmax(1).clamp(min=1e-7))), y)
    crit(F.log_softmax(fc(torch.log(u)), dim=1), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:9-8:45 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:14-8:41: act{sigmoid dim=null "torch.sigmoid(…)" @8:14-8:41 batched drop=[@8:14-8:41→"torch.log(x)"] toLog=-}
  target @8:43-8:44: 
loss MSELoss module "nn.MSELoss" call=@9:9-9:72 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:14-9:68: act{sigmoid dim=null "torch.sigmoid(…)" @9:14-9:68 batched drop=[@9:14-9:68→"torch.log(x.softmax(1).clamp(min=1e-7))"] toLog=-}
  target @9:70-9:71: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:57 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:10-11:53: act{sigmoid dim=null "torch.sigmoid(…)" @11:10-11:53 drop=[@11:10-11:53→"torch.log(z.sigmoid().abs())"] toLog=-}
  target @11:55-11:56: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:68 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @12:10-12:64: act{sigmoid dim=null "torch.sigmoid(…)" @12:10-12:64 drop=[@12:10-12:64→"torch.log(z.softmax(1).clamp(min=1e-7))"] toLog=-}
  target @12:66-12:67: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:52 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @13:10-13:48: act{log_softmax dim=1 "F.log_softmax(…)" @13:10-13:48 batched drop=[@13:10-13:48→"fc(torch.log(u))"] toLog=-}
  target @13:50-13:51: 
`,
  },
  {
    name: 'the log-of-softmax fix is offered only when the softmax call itself is the operand: not for a walrus around it (same line, or across lines with the call under the name), nor a cast after it that ends in the same column on the next line',
    code: `${H}def f(x, y):
    a = F.nll_loss(torch.log(q := F.softmax(x, dim=1)), y)
    b = F.nll_loss(torch.log(r :=
                             F.softmax(x, dim=1)), y)
    c = F.nll_loss(torch.log(F.softmax(x, dim=1)
                                        .float()), y)
    d = F.nll_loss(torch.log(F.softmax(x, dim=1)), y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@5:9-5:59 ctor=@5:9-5:59 rename=@5:11-5:19 insert=@5:58-5:58,
  args: 
  input @5:20-5:55: act{log_of_softmax dim=1 "torch.log(…)" @5:20-5:55 drop=- toLog=-}
  target @5:57-5:58: 
loss NLLLoss functional "F.nll_loss" call=@6:9-7:54 ctor=@6:9-7:54 rename=@6:11-6:19 insert=@7:53-7:53,
  args: 
  input @6:20-7:50: act{log_of_softmax dim=1 "torch.log(…)" @6:20-7:50 drop=- toLog=-}
  target @7:52-7:53: 
loss NLLLoss functional "F.nll_loss" call=@8:9-9:54 ctor=@8:9-9:54 rename=@8:11-8:19 insert=@9:53-9:53,
  args: 
  input @8:20-9:50: act{log_of_softmax dim=1 "torch.log(…)" @8:20-9:50 drop=- toLog=-}
  target @9:52-9:53: 
loss NLLLoss functional "F.nll_loss" call=@10:9-10:54 ctor=@10:9-10:54 rename=@10:11-10:19 insert=@10:53-10:53,
  args: 
  input @10:20-10:50: act{log_of_softmax dim=1 "torch.log(…)" @10:20-10:50 drop=- toLog=-}
  target @10:52-10:53: 
op log-of-activation @5:20-5:55 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @5:35-5:54 drop=[@5:35-5:54→"x"] toLog=[@5:37-5:44→"log_softmax"]
op log-of-activation @6:20-7:50 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @7:30-7:49 drop=[@7:30-7:49→"x"] toLog=[@7:32-7:39→"log_softmax"]
op log-of-activation @8:20-9:50 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @8:30-8:49 drop=[@8:30-8:49→"x"] toLog=[@8:32-8:39→"log_softmax"]
op log-of-activation @10:20-10:50 outer=- outerForm="torch.log(…)" fix=[@10:20-10:50→"F.log_softmax(x, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @10:30-10:49 drop=[@10:30-10:49→"x"] toLog=[@10:32-10:39→"log_softmax"]
`,
  },
  {
    name: 'modules keep an unbatched input unbatched: an RNN with batch_first=True on a tensor not known as a batch gives an unbatched output with no layout',
    code: `${H}crit = nn.MSELoss()
rnn = nn.LSTM(4, 8, batch_first=True)
def g(z, y):
    p = z.softmax(1)
    crit(torch.sigmoid(rnn(p)[0]), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:5-8:38 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:34: act{sigmoid dim=null "torch.sigmoid(…)" @8:10-8:34 drop=[@8:10-8:34→"rnn(p)[0]"] toLog=-}
  target @8:36-8:37: 
`,
  },
  {
    name: 'a layer size given beside **kwargs is known (the kwargs cannot give it again), by position or by keyword; a size left to **kwargs is not',
    code: `${H}crit = nn.MSELoss()
rnn = nn.LSTM(8, 64, batch_first=True)
def f(x, y, factory_kwargs):
    h, _ = rnn(x)
    crit(nn.Linear(64, 9, **factory_kwargs)(h), y)
    crit(nn.Linear(64, out_features=7, **factory_kwargs)(h), y)
    crit(nn.Linear(64, **factory_kwargs)(h), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:5-8:51 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:47: layout{rank=3 cls=2 classes=9 "nn.Linear(…, 9)" @8:10-8:47} raw{"nn.Linear(…, 9)" @8:10-8:47}
  target @8:49-8:50: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:64 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:10-9:60: layout{rank=3 cls=2 classes=7 "nn.Linear(…, 7)" @9:10-9:60} raw{"nn.Linear(…, 7)" @9:10-9:60}
  target @9:62-9:63: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:48 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @10:10-10:44: raw{"nn.Linear(…)" @10:10-10:44}
  target @10:46-10:47: 
`,
  },
  {
    name: "softmax reached under another name (a project module's alias of F.softmax or nn.Softmax) is a softmax, but its name is not renamed to log_softmax/LogSoftmax",
    code: `${H}import ops
def f(x, y):
    F.nll_loss(torch.log(ops.sm(x, dim=1)), y)
    F.nll_loss(torch.log(ops.SM(dim=1)(x)), y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@6:5-6:47 ctor=@6:5-6:47 rename=@6:7-6:15 insert=@6:46-6:46,
  args: 
  input @6:16-6:43: act{log_of_softmax dim=1 "torch.log(…)" @6:16-6:43 drop=- toLog=-}
  target @6:45-6:46: 
loss NLLLoss functional "F.nll_loss" call=@7:5-7:47 ctor=@7:5-7:47 rename=@7:7-7:15 insert=@7:46-7:46,
  args: 
  input @7:16-7:43: act{log_of_softmax dim=1 "torch.log(…)" @7:16-7:43 drop=- toLog=-}
  target @7:45-7:46: 
op log-of-activation @6:16-6:43 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @6:26-6:42 drop=[@6:26-6:42→"x"] toLog=-
op log-of-activation @7:16-7:43 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "nn.Softmax(dim=1)" @7:26-7:42 drop=[@7:26-7:42→"x"] toLog=-
`,
  },
  {
    name: 'torch.clamp and shape functions (torch.squeeze) keep a loss (backpropagated after them) and the batchedness of their input',
    code: `${H}crit = nn.MSELoss()
class Net(nn.Module):
    def forward(self, x, y):
        crit(torch.sigmoid(torch.clamp(x, 0, 1)), y)
        crit(torch.sigmoid(torch.squeeze(x)), y)
def g(z, y):
    p = z.softmax(1)
    crit(torch.sigmoid(torch.clamp(p, 0, 1)), y)
    crit(torch.sigmoid(torch.squeeze(p)), y)
    torch.clamp(F.cross_entropy(z, y, reduction='sum'), max=1e4).backward()
    torch.squeeze(F.l1_loss(z, y, reduction='sum')).backward()
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:9-7:53 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:14-7:49: act{sigmoid dim=null "torch.sigmoid(…)" @7:14-7:49 batched drop=[@7:14-7:49→"torch.clamp(x, 0, 1)"] toLog=-}
  target @7:51-7:52: 
loss MSELoss module "nn.MSELoss" call=@8:9-8:49 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:14-8:45: act{sigmoid dim=null "torch.sigmoid(…)" @8:14-8:45 batched drop=[@8:14-8:45→"torch.squeeze(x)"] toLog=-}
  target @8:47-8:48: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:49 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:10-11:45: act{sigmoid dim=null "torch.sigmoid(…)" @11:10-11:45 drop=[@11:10-11:45→"torch.clamp(p, 0, 1)"] toLog=-}
  target @11:47-11:48: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:45 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @12:10-12:41: act{sigmoid dim=null "torch.sigmoid(…)" @12:10-12:41 drop=[@12:10-12:41→"torch.squeeze(p)"] toLog=-}
  target @12:43-12:44: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:17-13:55 ctor=@13:17-13:55 rename=@13:19-13:32 insert=@13:54-13:54, backward
  args: reduction="'sum'":"sum"@13:49-13:54
  input @13:33-13:34: 
  target @13:36-13:37: 
loss L1Loss functional "F.l1_loss" call=@14:19-14:51 ctor=@14:19-14:51 rename=@14:21-14:28 insert=@14:50-14:50, backward
  args: reduction="'sum'":"sum"@14:45-14:50
  input @14:29-14:30: 
  target @14:32-14:33: 
`,
  },
  {
    name: 'an activation module given to nn.Sequential by name is placed at the name in the list (where the deletion applies)',
    code: `${H}crit = nn.MSELoss()
act = nn.Sigmoid()
head = nn.Sequential(nn.Linear(4, 1), act)
def g(x, y):
    crit(head(x), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:5-8:21 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:17: act{sigmoid dim=null "nn.Sigmoid()" @6:39-6:42 batched drop=[@6:37-6:42→""] toLog=-}
  target @8:19-8:20: 
`,
  },
  {
    name: "a loss value is not a batch, even per sample (reduction='none'): an activation of it (sample weights) is unbatched, inside forward too",
    code: `${H}crit = nn.MSELoss()
class Net(nn.Module):
    def forward(self, x, y, t):
        per = F.cross_entropy(x, y, reduction='none')
        crit(torch.sigmoid(per), t)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@7:15-7:54 ctor=@7:15-7:54 rename=@7:17-7:30 insert=@7:53-7:53,
  args: reduction="'none'":"none"@7:47-7:53
  input @7:31-7:32: 
  target @7:34-7:35: 
loss MSELoss module "nn.MSELoss" call=@8:9-8:36 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:14-8:32: act{sigmoid dim=null "torch.sigmoid(…)" @8:14-8:32 drop=[@8:14-8:32→"per"] toLog=-}
  target @8:34-8:35: 
`,
  },
  {
    name: 'a class attribute that is not a function (a loss function stored on the class) is the same value on every read: read on both paths of an if it is still known after them',
    code: `${H}class Trainer:
    criterion = F.cross_entropy
    def step(self, model, x, y, train):
        if train:
            fn = self.criterion
        else:
            fn = self.criterion
        return fn(F.softmax(model(x), dim=1), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@11:16-11:49 ctor=@11:16-11:49 rename=- insert=@11:48-11:48,
  args: 
  input @11:19-11:45: act{softmax dim=1 "F.softmax(…)" @11:19-11:45 drop=[@11:19-11:45→"model(x)"] toLog=[@11:21-11:28→"log_softmax"]}
  target @11:47-11:48: 
`,
  },
];

table('flow facts (s10 methods)', CASES, (code) => factsOf(code, {
  'ops.py': 'from torch.nn.functional import softmax as sm\nfrom torch.nn import Softmax as SM\n',
  'engine.py': `import torch.nn.functional as F
def train(model, x, y):
    return F.cross_entropy(F.softmax(model(x), dim=1), y)
def eval(model, x, y):
    return F.nll_loss(x.sigmoid(), y)
`,
}));
