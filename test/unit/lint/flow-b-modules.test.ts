/**
 * The dataflow (src/lint/flow.ts) on modules as values, fact by fact (test/unit/lint/flow-b-facts.ts):
 * the methods that return the module itself on every kind of module, `.forward` on every kind,
 * the shape-keeping methods that keep or forget a layout, Embedding ids that are already tensors,
 * a tokenizer's encoding moved to a device, the depth limit of calls, modules of the project
 * reached by `import`, and imports that loop back.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'to/cuda/cpu/train/eval/float/double/half/bfloat16/requires_grad_/share_memory return the module (a project model); other methods of it are unknown',
    code: `${H}class Net(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x)
crit = nn.MSELoss()
def f(x, y, dev):
    m = Net()
    crit(m.to(dev)(x), y)
    crit(m.cuda()(x), y)
    crit(m.cpu()(x), y)
    crit(m.train()(x), y)
    crit(m.eval()(x), y)
    crit(m.float()(x), y)
    crit(m.double()(x), y)
    crit(m.half()(x), y)
    crit(m.requires_grad_(False)(x), y)
    crit(m.share_memory()(x), y)
    crit(m.parameters()(x), y)
    crit(m.bfloat16()(x), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@10:5-10:26 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @10:10-10:22: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @10:24-10:25: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:25 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @11:10-11:21: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @11:23-11:24: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:24 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @12:10-12:20: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @12:22-12:23: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:26 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @13:10-13:22: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @13:24-13:25: 
loss MSELoss module "nn.MSELoss" call=@14:5-14:25 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @14:10-14:21: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @14:23-14:24: 
loss MSELoss module "nn.MSELoss" call=@15:5-15:26 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @15:10-15:22: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @15:24-15:25: 
loss MSELoss module "nn.MSELoss" call=@16:5-16:27 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @16:10-16:23: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @16:25-16:26: 
loss MSELoss module "nn.MSELoss" call=@17:5-17:25 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @17:10-17:21: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @17:23-17:24: 
loss MSELoss module "nn.MSELoss" call=@18:5-18:40 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @18:10-18:36: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @18:38-18:39: 
loss MSELoss module "nn.MSELoss" call=@19:5-19:33 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @19:10-19:29: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @19:31-19:32: 
loss MSELoss module "nn.MSELoss" call=@20:5-20:31 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @20:10-20:27: 
  target @20:29-20:30: 
loss MSELoss module "nn.MSELoss" call=@21:5-21:29 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @21:10-21:25: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"x"] toLog=-}
  target @21:27-21:28: 
`,
  },
  {
    name: '.to(device) and .forward on a layer, a pass-through module, an Embedding, an RNN, a Sequential; a class itself has no .to',
    code: `${H}class Net(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x)
crit = nn.CrossEntropyLoss()
class M(nn.Module):
    def forward(self, x, ids, y, dev):
        crit(nn.Linear(4, 3).to(dev)(x), y)
        crit(nn.Dropout(0.1).to(dev)(x.softmax(1)), y)
        crit(nn.Linear(4, 3)(nn.LSTM(4, 8, batch_first=True).to(dev)(x)[0]), y)
        crit(nn.Linear(4, 3)(nn.LSTM(4, 8, batch_first=True).forward(x)[0]), y)
        nn.Embedding(10, 4, padding_idx=1).to(dev)(ids)
        crit(x, ids)
        nn.Embedding(10, 4, padding_idx=2).forward(y)
        crit(x, y)
        crit(nn.Sequential(nn.Linear(4, 3)).to(dev)(x), y)
        crit(Net.to(dev)(x), y)
        crit(Net.forward(x), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:9-10:44 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @10:14-10:40: raw{"nn.Linear(…, 3)" @10:14-10:40}
  target @10:42-10:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:55 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @11:14-11:51: act{softmax dim=1 ".softmax(…)" @11:38-11:50 batched drop=[@11:38-11:50→"x"] toLog=[@11:40-11:47→"log_softmax"]}
  target @11:53-11:54: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:80 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @12:14-12:76: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @12:14-12:76} raw{"nn.Linear(…, 3)" @12:14-12:76}
  target @12:78-12:79: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:80 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @13:14-13:76: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @13:14-13:76} raw{"nn.Linear(…, 3)" @13:14-13:76}
  target @13:78-13:79: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:21 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @15:14-15:15: 
  target @15:17-15:20: pad{"1" 1 "nn.Embedding(…, padding_idx=1)" @14:9-14:43}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:19 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @17:14-17:15: 
  target @17:17-17:18: pad{"2" 2 "nn.Embedding(…, padding_idx=2)" @16:9-16:43}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:59 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @18:14-18:55: raw{"nn.Linear(…, 3)" @18:28-18:43}
  target @18:57-18:58: pad{"2" 2 "nn.Embedding(…, padding_idx=2)" @16:9-16:43}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:32 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @19:14-19:28: 
  target @19:30-19:31: pad{"2" 2 "nn.Embedding(…, padding_idx=2)" @16:9-16:43}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:32 ctor=@7:8-7:29 rename=@7:11-7:27 insert=@7:28-7:28
  args: 
  input @20:14-20:28: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 drop=[@6:16-6:32→"x"] toLog=-}
  target @20:30-20:31: pad{"2" 2 "nn.Embedding(…, padding_idx=2)" @16:9-16:43}
`,
  },
  {
    name: 'shape methods on a (N, C, L) conv output: contiguous/to/cuda/cpu/float/double/half/bfloat16/detach/type/type_as/clone keep the layout; view_as/reshape_as/unsqueeze/flatten/long/int keep the raw scores only',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, dev):
        h = self.conv(x)
        self.crit(h.contiguous(), y)
        self.crit(h.to(dev), y)
        self.crit(h.cuda(), y)
        self.crit(h.cpu(), y)
        self.crit(h.double(), y)
        self.crit(h.half(), y)
        self.crit(h.bfloat16(), y)
        self.crit(h.detach(), y)
        self.crit(h.type(torch.float32), y)
        self.crit(h.type_as(x), y)
        self.crit(h.clone(), y)
        self.crit(h.view_as(x), y)
        self.crit(h.reshape_as(x), y)
        self.crit(h.unsqueeze(0), y)
        self.crit(h.flatten(1), y)
        self.crit(h.long(), y)
        self.crit(h.int(), y)
        self.crit(h.view(2, *x.shape), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:37 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @11:19-11:33: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @11:35-11:36: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:32 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:28: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @12:30-12:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:31 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @13:19-13:27: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @13:29-13:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:30 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @14:19-14:26: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @14:28-14:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:33 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @15:19-15:29: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @15:31-15:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:31 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @16:19-16:27: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @16:29-16:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:35 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @17:19-17:31: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @17:33-17:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:33 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @18:19-18:29: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @18:31-18:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:44 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @19:19-19:40: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @19:42-19:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:35 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @20:19-20:31: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @20:33-20:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:32 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @21:19-21:28: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @21:30-21:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:35 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @22:19-22:31: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @22:33-22:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:38 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @23:19-23:34: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @23:36-23:37: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:9-24:37 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @24:19-24:33: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @24:35-24:36: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@25:9-25:35 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @25:19-25:31: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @25:33-25:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:9-26:31 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @26:19-26:27: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @26:29-26:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@27:9-27:30 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @27:19-27:26: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @27:28-27:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@28:9-28:42 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @28:19-28:38: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @28:40-28:41: 
`,
  },
  {
    name: 'Embedding ids that are already tensors keep their facts and gain the padding; a tokenizer encoding moved with .to(device) keeps its padded input_ids (not with .cuda())',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(100, 8, padding_idx=0)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, z):
        ids = x.argmax(1)
        self.emb(ids)
        self.crit(z, ids)
        self.emb(z)
        self.crit(z, x)
def g(tok, texts, z, dev):
    crit = nn.CrossEntropyLoss()
    enc = tok(texts, padding=True, return_tensors="pt").to(dev)
    crit(z, enc["input_ids"])
    crit(z, enc.input_ids.clone())
    enc2 = tok(texts, padding=True).cuda()
    crit(z, enc2.input_ids)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:26 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:20: 
  target @12:22-12:25: pad{"0" 0 "nn.Embedding(…, padding_idx=0)" @7:20-7:55} classIndex{".argmax(…)" @10:15-10:26}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:24 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @14:19-14:20: pad{"0" 0 "nn.Embedding(…, padding_idx=0)" @7:20-7:55}
  target @14:22-14:23: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:5-18:30 ctor=@16:12-16:33 rename=@16:15-16:31 insert=@16:32-16:32
  args: 
  input @18:10-18:11: 
  target @18:13-18:29: pad{"tok.pad_token_id" null "tok(…, padding=True)" @17:11-17:56}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:35 ctor=@16:12-16:33 rename=@16:15-16:31 insert=@16:32-16:32
  args: 
  input @19:10-19:11: 
  target @19:13-19:34: pad{"tok.pad_token_id" null "tok(…, padding=True)" @17:11-17:56}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:5-21:28 ctor=@16:12-16:33 rename=@16:15-16:31 insert=@16:32-16:32
  args: 
  input @21:10-21:11: 
  target @21:13-21:27: 
`,
  },
  {
    name: 'calls nest up to six deep: a sigmoid six calls down is known, seven calls down is not; a function calling itself is cut',
    code: `${H}def g1(x):
    return g2(x)
def g2(x):
    return g3(x)
def g3(x):
    return g4(x)
def g4(x):
    return g5(x)
def g5(x):
    return g6(x)
def g6(x):
    return g7(x)
def g7(x):
    return torch.sigmoid(x)
def f(x, y):
    F.mse_loss(g2(x), y)
    F.mse_loss(g1(x), y)
`,
    expect: `loss MSELoss functional "F.mse_loss" call=@19:5-19:25 ctor=@19:5-19:25 rename=@19:7-19:15 insert=@19:24-19:24,
  args: 
  input @19:16-19:21: act{sigmoid dim=null "torch.sigmoid(…)" @17:12-17:28 drop=[@17:12-17:28→"x"] toLog=-}
  target @19:23-19:24: 
loss MSELoss functional "F.mse_loss" call=@20:5-20:25 ctor=@20:5-20:25 rename=@20:7-20:15 insert=@20:24-20:24,
  args: 
  input @20:16-20:21: 
  target @20:23-20:24: 
`,
  },
  {
    name: 'a Sequential ending in an instance without forward is unknown; one starting with it still applies what follows',
    code: `${H}class Plain:
    pass
crit = nn.MSELoss()
def f(x, y):
    crit(nn.Sequential(nn.Linear(4, 3), Plain())(x), y)
    crit(nn.Sequential(Plain(), nn.Sigmoid())(x), y)
    crit(nn.Sequential(Plain(), nn.Linear(4, 3))(x.softmax(1).sum()), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:5-8:56 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @8:10-8:52: 
  target @8:54-8:55: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:53 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @9:10-9:49: act{sigmoid dim=null "nn.Sigmoid()" @9:33-9:45 batched drop=[@9:31-9:45→""] toLog=-}
  target @9:51-9:52: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:73 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @10:10-10:69: raw{"nn.Linear(…, 3)" @10:33-10:48}
  target @10:71-10:72: 
`,
  },
  {
    name: 'operators on a reduction=sum loss: /=, //, / and a product with a quotient (either side, in parentheses) divide it; *= n, * n, - n, a loss as divisor, mul()/torch.mul without a second argument do not; += keeps both losses',
    code: `${H}crit = nn.CrossEntropyLoss(reduction='sum')
def f(z, y, n):
    a = crit(z, y)
    a /= n
    b = crit(z, y)
    b *= 1.0 / n
    c = crit(z, y)
    c *= n
    d = crit(z, y)
    d += crit(z, y)
    for v in (a, b, c, d):
        v.backward()
    (crit(z, y) // n).backward()
    (crit(z, y) * (1 / n)).backward()
    ((1.0 / n) * crit(z, y)).backward()
    (crit(z, y) * n).backward()
    (crit(z, y) - n).backward()
    (n / crit(z, y)).backward()
    crit(z, y).mul().backward()
    torch.mul(crit(z, y)).backward()
    a.backward()
    b.backward()
    c.backward()
    d.backward()
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:9-6:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @6:14-6:15: 
  target @6:17-6:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:9-8:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:14-8:15: 
  target @8:17-8:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:9-10:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:14-10:15: 
  target @10:17-10:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @12:14-12:15: 
  target @12:17-12:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:10-13:20 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @13:15-13:16: 
  target @13:18-13:19: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:6-16:16 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @16:11-16:12: 
  target @16:14-16:15: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:6-17:16 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @17:11-17:12: 
  target @17:14-17:15: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:18-18:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @18:23-18:24: 
  target @18:26-18:27: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:6-19:16 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @19:11-19:12: 
  target @19:14-19:15: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:6-20:16 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @20:11-20:12: 
  target @20:14-20:15: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:10-21:20 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @21:15-21:16: 
  target @21:18-21:19: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:5-22:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @22:10-22:11: 
  target @22:13-22:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:15-23:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @23:20-23:21: 
  target @23:23-23:24: 
`,
  },
  {
    name: 'a product with log_softmax or log(softmax) (either side) is a hand-written loss; with softmax or a plain tensor it is not',
    code: `${H}class Net(nn.Module):
    def forward(self, z, y):
        a = -(y * F.log_softmax(z, dim=0)).sum()
        b = -(torch.log(F.softmax(z, dim=1)) * y).sum()
        c = (y * F.softmax(z, dim=0)).sum()
        d = (y * z).sum()
        return a + b + c + d
`,
    expect: `op hand-written-loss @6:15-6:42 outer=- outerForm="*" fix=-
  act log_softmax dim=0 "F.log_softmax(…)" @6:19-6:42 batched drop=[@6:19-6:42→"z"] toLog=-
op log-of-activation @7:15-7:45 outer=- outerForm="torch.log(…)" fix=[@7:15-7:45→"F.log_softmax(z, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @7:25-7:44 batched drop=[@7:25-7:44→"z"] toLog=[@7:27-7:34→"log_softmax"]
op hand-written-loss @7:15-7:49 outer=- outerForm="*" fix=-
  act log_of_softmax dim=1 "torch.log(…)" @7:15-7:45 batched drop=- toLog=-
`,
  },
];

table('flow facts (modules)', CASES, factsOf);

const MODELS = `import torch.nn as nn
import torch.nn.functional as F
CRIT = nn.NLLLoss()
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)
import loop
LOOP_BACK = loop.BACK
`;
const LOOP = `import models
import torch
def use(x, y):
    return models.CRIT(torch.sigmoid(x), y)
BACK = models.CRIT
`;

table('flow facts (project modules)', [
  {
    name: 'import models: its classes and objects by attribute; a name it lacks is unknown; a module that imports back a module still loading gets nothing from it',
    code: `import models
import loop
def f(x, y):
    models.CRIT(models.Net()(x), y)
    models.Missing(x, y)
    loop.BACK(x, y)
`,
    expect: `loss NLLLoss module "nn.NLLLoss" call=@4:5-4:36 ctor=models.py@3:8-3:20 rename=models.py@3:11-3:18 insert=models.py@3:19-3:19
  args: 
  input @4:17-4:32: act{softmax dim=1 "F.softmax(…)" models.py@9:16-9:44 batched drop=[models.py@9:16-9:44→"self.fc(x)"] toLog=[models.py@9:18-9:25→"log_softmax"]}
  target @4:34-4:35: 
`,
  },
], (code) => factsOf(code, { 'models.py': MODELS, 'loop.py': LOOP }));
