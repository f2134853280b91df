/**
 * The dataflow (src/lint/flow.ts) on calls of PyTorch by name, fact by fact (test/unit/lint/flow-b-facts.ts
 * writes out every field of every loss use and flagged operation): activation functions and
 * modules, torch.log, functional losses and loss constructors with their positional and keyword
 * arguments, layers (Linear, LazyLinear, Bilinear, Conv), pass-through modules, RNNs, Embedding,
 * pad_sequence, clamp, the shape functions, argmax, torch.div/mul and any other torch function.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'activation functions: torch/F/special softmax, sigmoid, expit and log_softmax, dim positional (2nd), keyword, absent or not a literal; input positional or input=',
    code: `${H}from torch import special
from torch.nn.functional import softmax as sm
crit = nn.MSELoss()
def f(x, y, d):
    crit(torch.softmax(x, 1), y)
    crit(F.softmax(input=x, dim=-1), y)
    crit(special.softmax(x, dim=0), y)
    crit(torch.sigmoid(x), y)
    crit(torch.special.expit(x, 1), y)
    crit(F.log_softmax(x), y)
    crit(torch.softmax(x, dim=d), y)
    crit(sm(x, 1.5), y)
    crit(torch.log_softmax(x, None), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@8:5-8:33 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @8:10-8:29: act{softmax dim=1 "torch.softmax(…)" @8:10-8:29 drop=[@8:10-8:29→"x"] toLog=[@8:16-8:23→"log_softmax"]}
  target @8:31-8:32: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:40 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @9:10-9:36: act{softmax dim=-1 "F.softmax(…)" @9:10-9:36 drop=[@9:10-9:36→"x"] toLog=[@9:12-9:19→"log_softmax"]}
  target @9:38-9:39: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:39 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @10:10-10:35: act{softmax dim=0 "torch.special.softmax(…)" @10:10-10:35 drop=[@10:10-10:35→"x"] toLog=[@10:18-10:25→"log_softmax"]}
  target @10:37-10:38: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:30 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @11:10-11:26: act{sigmoid dim=null "torch.sigmoid(…)" @11:10-11:26 drop=[@11:10-11:26→"x"] toLog=-}
  target @11:28-11:29: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:39 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @12:10-12:35: act{sigmoid dim=1 "torch.special.expit(…)" @12:10-12:35 drop=[@12:10-12:35→"x"] toLog=-}
  target @12:37-12:38: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:30 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @13:10-13:26: act{log_softmax dim=null "F.log_softmax(…)" @13:10-13:26 drop=[@13:10-13:26→"x"] toLog=-}
  target @13:28-13:29: 
loss MSELoss module "nn.MSELoss" call=@14:5-14:37 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @14:10-14:33: act{softmax dim=undefined "torch.softmax(…)" @14:10-14:33 drop=[@14:10-14:33→"x"] toLog=[@14:16-14:23→"log_softmax"]}
  target @14:35-14:36: 
loss MSELoss module "nn.MSELoss" call=@15:5-15:24 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @15:10-15:20: act{softmax dim=undefined "F.softmax(…)" @15:10-15:20 drop=[@15:10-15:20→"x"] toLog=-}
  target @15:22-15:23: 
loss MSELoss module "nn.MSELoss" call=@16:5-16:40 ctor=@6:8-6:20 rename=@6:11-6:18 insert=@6:19-6:19
  args: 
  input @16:10-16:36: act{log_softmax dim=null "torch.log_softmax(…)" @16:10-16:36 drop=[@16:10-16:36→"x"] toLog=-}
  target @16:38-16:39: 
op softmax-no-dim @13:10-13:26 outer=- outerForm=undefined fix=-
  act log_softmax dim=null "F.log_softmax(…)" @13:10-13:26 drop=[@13:10-13:26→"x"] toLog=-
op softmax-no-dim @16:10-16:36 outer=- outerForm=undefined fix=-
  act log_softmax dim=null "torch.log_softmax(…)" @16:10-16:36 drop=[@16:10-16:36→"x"] toLog=-
`,
  },
  {
    name: 'torch.log of a softmax, a sigmoid, a log_softmax, a clamped softmax, a non-tensor; input= keyword',
    code: `${H}crit = nn.MSELoss()
def f(x, y, k):
    p = torch.softmax(x, 1)
    crit(torch.log(p), y)
    crit(torch.log(input=torch.sigmoid(x)), y)
    crit(torch.log(F.log_softmax(x, dim=1)), y)
    crit(torch.log(torch.clamp(p, min=1e-8)), y)
    crit(torch.log(k), y)
    crit(torch.log(x), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:5-7:26 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:10-7:22: act{log_of_softmax dim=1 "torch.log(…)" @7:10-7:22 drop=- toLog=-}
  target @7:24-7:25: 
loss MSELoss module "nn.MSELoss" call=@8:5-8:47 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:43: act{log_of_sigmoid dim=null "torch.log(…)" @8:10-8:43 drop=- toLog=-}
  target @8:45-8:46: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:48 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:10-9:44: 
  target @9:46-9:47: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:49 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @10:10-10:45: act{log_of_softmax dim=1 "torch.log(…)" @10:10-10:45 drop=- toLog=-}
  target @10:47-10:48: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:26 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:10-11:22: 
  target @11:24-11:25: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:26 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @12:10-12:22: 
  target @12:24-12:25: 
op log-of-activation @7:10-7:22 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "torch.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:15-6:22→"log_softmax"]
op log-of-activation @8:10-8:43 outer=- outerForm="torch.log(…)" fix=-
  act sigmoid dim=null "torch.sigmoid(…)" @8:26-8:42 drop=[@8:26-8:42→"x"] toLog=-
`,
  },
  {
    name: 'functional losses: arguments after (input, target) by position and keyword, **kwargs, a trailing comma, input=/target= keywords, an alias import without a name to rename',
    code: `${H}from torch.nn.functional import cross_entropy as ce
def f(z, y, w, kw):
    F.cross_entropy(z, y, w, None, 0, None, 'sum', 0.1)
    F.nll_loss(z, y, ignore_index=-1,)
    F.binary_cross_entropy_with_logits(z, y, **kw)
    ce(target=y, input=z)
    F.kl_div(z, y, None, None, 'batchmean', True)
    F.huber_loss(z, y, 'mean', 2.0)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@6:5-6:56 ctor=@6:5-6:56 rename=@6:7-6:20 insert=@6:55-6:55,
  args: weight="w":undefined@6:27-6:28 size_average="None":null@6:30-6:34 ignore_index="0":0@6:36-6:37 reduce="None":null@6:39-6:43 reduction="'sum'":"sum"@6:45-6:50 label_smoothing="0.1":0.1@6:52-6:55
  input @6:21-6:22: 
  target @6:24-6:25: 
loss NLLLoss functional "F.nll_loss" call=@7:5-7:39 ctor=@7:5-7:39 rename=@7:7-7:15 insert=@7:37-7:37,
  args: ignore_index="-1":-1@7:35-7:37
  input @7:16-7:17: 
  target @7:19-7:20: 
loss BCEWithLogitsLoss functional "F.binary_cross_entropy_with_logits" call=@8:5-8:51 ctor=@8:5-8:51 rename=@8:7-8:39 insert=@8:50-8:50,
  args: **="**kwargs":undefined@8:5-8:51
  input @8:40-8:41: 
  target @8:43-8:44: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@9:5-9:26 ctor=@9:5-9:26 rename=- insert=@9:25-9:25,
  args: target="y":undefined@9:15-9:16 input="z":undefined@9:24-9:25
  input @9:24-9:25: 
  target @9:15-9:16: 
loss KLDivLoss functional "F.kl_div" call=@10:5-10:50 ctor=@10:5-10:50 rename=@10:7-10:13 insert=@10:49-10:49,
  args: size_average="None":null@10:20-10:24 reduce="None":null@10:26-10:30 reduction="'batchmean'":"batchmean"@10:32-10:43 log_target="True":true@10:45-10:49
  input @10:14-10:15: 
  target @10:17-10:18: 
loss HuberLoss functional "F.huber_loss" call=@11:5-11:36 ctor=@11:5-11:36 rename=@11:7-11:17 insert=@11:35-11:35,
  args: reduction="'mean'":"mean"@11:24-11:30 delta="2.0":2@11:32-11:35
  input @11:18-11:19: 
  target @11:21-11:22: 
`,
  },
  {
    name: "loss constructors: positional arguments in the class's order, keywords, **kwargs, empty parentheses, a name imported from torch.nn; the criterion called with keywords",
    code: `${H}from torch.nn import BCELoss
def f(z, y, w, kw):
    nn.CrossEntropyLoss(w, None, -1)(z, y)
    nn.KLDivLoss(None, None, 'batchmean', True)(z, y)
    nn.SmoothL1Loss(reduction='sum', beta=0.5)(z, target=y)
    nn.HuberLoss(**kw)(input=z, target=y)
    BCELoss()(z, y)
    nn.MSELoss(
        reduction='none',
    )(z, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:5-6:43 ctor=@6:5-6:37 rename=@6:8-6:24 insert=@6:36-6:36,
  args: weight="w":undefined@6:25-6:26 size_average="None":null@6:28-6:32 ignore_index="-1":-1@6:34-6:36
  input @6:38-6:39: 
  target @6:41-6:42: 
loss KLDivLoss module "nn.KLDivLoss" call=@7:5-7:54 ctor=@7:5-7:48 rename=@7:8-7:17 insert=@7:47-7:47,
  args: size_average="None":null@7:18-7:22 reduce="None":null@7:24-7:28 reduction="'batchmean'":"batchmean"@7:30-7:41 log_target="True":true@7:43-7:47
  input @7:49-7:50: 
  target @7:52-7:53: 
loss SmoothL1Loss module "nn.SmoothL1Loss" call=@8:5-8:60 ctor=@8:5-8:47 rename=@8:8-8:20 insert=@8:46-8:46,
  args: reduction="'sum'":"sum"@8:31-8:36 beta="0.5":0.5@8:43-8:46
  input @8:48-8:49: 
  target @8:58-8:59: 
loss HuberLoss module "nn.HuberLoss" call=@9:5-9:42 ctor=@9:5-9:23 rename=@9:8-9:17 insert=@9:22-9:22,
  args: **="**kwargs":undefined@9:5-9:42
  input @9:30-9:31: 
  target @9:40-9:41: 
loss BCELoss module "BCELoss" call=@10:5-10:20 ctor=@10:5-10:14 rename=- insert=@10:13-10:13
  args: 
  input @10:15-10:16: 
  target @10:18-10:19: 
loss MSELoss module "nn.MSELoss" call=@11:5-13:12 ctor=@11:5-13:6 rename=@11:8-11:15 insert=@12:25-12:25,
  args: reduction="'none'":"none"@12:19-12:25
  input @13:7-13:8: 
  target @13:10-13:11: 
`,
  },
  {
    name: 'activation modules: nn.Softmax(dim=1), nn.Softmax() (no implicit-dim op: the module form), nn.Softmax(1), nn.LogSoftmax(dim=-1), nn.Sigmoid(), Softmax imported by name (no rename)',
    code: `${H}from torch.nn import Softmax
crit = nn.MSELoss()
def f(x, y):
    crit(nn.Softmax(dim=1)(x), y)
    crit(nn.Softmax()(x), y)
    crit(nn.Softmax(1)(x), y)
    crit(nn.LogSoftmax(dim=-1)(x), y)
    crit(nn.Sigmoid()(x), y)
    crit(Softmax(dim=1)(x), y)
    crit(nn.Softmax(dim=1)(), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:5-7:34 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @7:10-7:30: act{softmax dim=1 "nn.Softmax(dim=1)" @7:10-7:30 drop=[@7:10-7:30→"x"] toLog=[@7:13-7:20→"LogSoftmax"]}
  target @7:32-7:33: 
loss MSELoss module "nn.MSELoss" call=@8:5-8:29 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @8:10-8:25: act{softmax dim=null "nn.Softmax()" @8:10-8:25 drop=[@8:10-8:25→"x"] toLog=[@8:13-8:20→"LogSoftmax"]}
  target @8:27-8:28: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:30 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @9:10-9:26: act{softmax dim=1 "nn.Softmax(1)" @9:10-9:26 drop=[@9:10-9:26→"x"] toLog=[@9:13-9:20→"LogSoftmax"]}
  target @9:28-9:29: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:38 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @10:10-10:34: act{log_softmax dim=-1 "nn.LogSoftmax(dim=-1)" @10:10-10:34 drop=[@10:10-10:34→"x"] toLog=-}
  target @10:36-10:37: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:29 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @11:10-11:25: act{sigmoid dim=null "nn.Sigmoid()" @11:10-11:25 drop=[@11:10-11:25→"x"] toLog=-}
  target @11:27-11:28: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:31 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @12:10-12:27: act{softmax dim=1 "nn.Softmax(dim=1)" @12:10-12:27 drop=[@12:10-12:27→"x"] toLog=-}
  target @12:29-12:30: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:33 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @13:10-13:29: act{softmax dim=1 "nn.Softmax(dim=1)" @13:10-13:29 drop=- toLog=[@13:13-13:20→"LogSoftmax"]}
  target @13:31-13:32: 
`,
  },
  {
    name: 'layers: Linear out_features by position and keyword, LazyLinear, Bilinear, Conv1d/2d/3d out_channels, a layer built from *args (no class count), applied to batched and unbatched input',
    code: `${H}class Net(nn.Module):
    def __init__(self, n, dims):
        super().__init__()
        self.a = nn.Linear(8, 4)
        self.b = nn.Linear(8, out_features=n)
        self.c = nn.LazyLinear(10)
        self.d = nn.Bilinear(16, 16, 5)
        self.e = nn.Conv1d(3, 7, 3)
        self.g = nn.Conv2d(in_channels=3, out_channels=n, kernel_size=1)
        self.h = nn.Conv3d(1, 2, 3)
        self.i = nn.Linear(*dims)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        self.crit(self.a(x), y)
        self.crit(self.b(x), y)
        self.crit(self.c(x), y)
        self.crit(self.d(x, x), y)
        self.crit(self.e(x), y)
        self.crit(self.g(x), y)
        self.crit(self.h(x), y)
        self.crit(self.i(x), y)
        self.crit(self.e(x.mean()), y)
        self.crit(self.a(), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @17:19-17:28: raw{"nn.Linear(…, 4)" @17:19-17:28}
  target @17:30-17:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @18:19-18:28: raw{"nn.Linear(…, n)" @18:19-18:28}
  target @18:30-18:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @19:19-19:28: raw{"nn.LazyLinear(…, 10)" @19:19-19:28}
  target @19:30-19:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:35 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @20:19-20:31: raw{"nn.Bilinear(…, 5)" @20:19-20:31}
  target @20:33-20:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @21:19-21:28: layout{rank=3 cls=1 classes=7 "nn.Conv1d(…, 7, …)" @21:19-21:28} raw{"nn.Conv1d(…, 7, …)" @21:19-21:28}
  target @21:30-21:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @22:19-22:28: layout{rank=4 cls=1 classes=n "nn.Conv2d(…, n, …)" @22:19-22:28} raw{"nn.Conv2d(…, n, …)" @22:19-22:28}
  target @22:30-22:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @23:19-23:28: layout{rank=5 cls=1 classes=2 "nn.Conv3d(…, 2, …)" @23:19-23:28} raw{"nn.Conv3d(…, 2, …)" @23:19-23:28}
  target @23:30-23:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:9-24:32 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @24:19-24:28: raw{"nn.Linear(…)" @24:19-24:28}
  target @24:30-24:31: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@25:9-25:39 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @25:19-25:35: raw{"nn.Conv1d(…, 7, …)" @25:19-25:35}
  target @25:37-25:38: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:9-26:31 ctor=@15:21-15:42 rename=@15:24-15:40 insert=@15:41-15:41
  args: 
  input @26:19-26:27: raw{"nn.Linear(…, 4)" @26:19-26:27}
  target @26:29-26:30: 
`,
  },
  {
    name: 'Dropout/Identity/Flatten pass their input through; an RNN with batch_first=True gives (N, L, H) output (a tuple), not with batch_first=False, from **kwargs or on an unbatched input',
    code: `${H}class Net(nn.Module):
    def __init__(self, kw):
        super().__init__()
        self.drop = nn.Dropout(0.1)
        self.lstm = nn.LSTM(32, 64, batch_first=True)
        self.gru = nn.GRU(32, 64, batch_first=False)
        self.rnn = nn.RNN(32, 64, batch_first=True, **kw)
        self.plain = nn.GRU(32, 64)
        self.fc = nn.Linear(64, 9)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        self.crit(self.drop(self.fc(x)), y)
        self.crit(nn.Identity()(torch.softmax(x, 1)), y)
        self.crit(self.fc(self.lstm(x)[0]), y)
        self.crit(self.fc(self.gru(x)[0]), y)
        self.crit(self.fc(self.rnn(x)[0]), y)
        self.crit(self.fc(self.plain(x)[0]), y)
        self.crit(self.fc(self.lstm(x.sum())[0]), y)
        self.crit(self.fc(self.lstm()[0]), y)
        self.crit(self.drop(), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:44 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @15:19-15:40: raw{"nn.Linear(…, 9)" @15:29-15:39}
  target @15:42-15:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:57 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @16:19-16:53: act{softmax dim=1 "torch.softmax(…)" @16:33-16:52 batched drop=[@16:33-16:52→"x"] toLog=[@16:39-16:46→"log_softmax"]}
  target @16:55-16:56: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:47 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @17:19-17:43: layout{rank=3 cls=2 classes=9 "nn.Linear(…, 9)" @17:19-17:43} raw{"nn.Linear(…, 9)" @17:19-17:43}
  target @17:45-17:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:46 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @18:19-18:42: raw{"nn.Linear(…, 9)" @18:19-18:42}
  target @18:44-18:45: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:46 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @19:19-19:42: raw{"nn.Linear(…, 9)" @19:19-19:42}
  target @19:44-19:45: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:48 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @20:19-20:44: raw{"nn.Linear(…, 9)" @20:19-20:44}
  target @20:46-20:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:53 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @21:19-21:49: raw{"nn.Linear(…, 9)" @21:19-21:49}
  target @21:51-21:52: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:46 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @22:19-22:42: layout{rank=3 cls=2 classes=9 "nn.Linear(…, 9)" @22:19-22:42} raw{"nn.Linear(…, 9)" @22:19-22:42}
  target @22:44-22:45: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:34 ctor=@13:21-13:42 rename=@13:24-13:40 insert=@13:41-13:41
  args: 
  input @23:19-23:30: 
  target @23:32-23:33: 
`,
  },
  {
    name: 'Embedding: padding_idx literal, a name, None and absent; the ids given to it carry the padding (a name of unknown value, a tensor, not a number)',
    code: `${H}PAD = 3
emb = nn.Embedding(100, 16, padding_idx=0)
emb2 = nn.Embedding(100, 16, padding_idx=PAD_ID)
emb3 = nn.Embedding(100, 16, padding_idx=None)
emb4 = nn.Embedding(100, 16)
crit = nn.CrossEntropyLoss()
def f(z, ids, ids2, ids3):
    emb(ids)
    crit(z, ids)
    t = ids2.long()
    emb2(t)
    crit(z, t)
    emb3(ids3)
    crit(z, ids3)
    emb4(ids3)
    crit(z, ids3)
    k = 7
    emb(k)
    crit(z, k)
    emb(ids3[0])
    crit(z, ids3)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:5-12:17 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @12:10-12:11: 
  target @12:13-12:16: pad{"0" 0 "nn.Embedding(…, padding_idx=0)" @5:7-5:43}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:5-15:15 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @15:10-15:11: 
  target @15:13-15:14: pad{"PAD_ID" null "nn.Embedding(…, padding_idx=PAD_ID)" @6:8-6:49}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:5-17:18 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @17:10-17:11: 
  target @17:13-17:17: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:18 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @19:10-19:11: 
  target @19:13-19:17: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:5-22:15 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @22:10-22:11: 
  target @22:13-22:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:5-24:18 ctor=@9:8-9:29 rename=@9:11-9:27 insert=@9:28-9:28
  args: 
  input @24:10-24:11: 
  target @24:13-24:17: 
`,
  },
  {
    name: 'pad_sequence: padding_value by keyword, by position (3rd), absent (0), not a literal number',
    code: `${H}from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
def f(z, ts, pad):
    crit(z, pad_sequence(ts, batch_first=True, padding_value=-1))
    crit(z, pad_sequence(ts, True, 5))
    crit(z, pad_sequence(ts))
    crit(z, pad_sequence(ts, padding_value=pad))
    crit(z, pad_sequence(ts, padding_value=1.5))
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:5-7:66 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @7:10-7:11: 
  target @7:13-7:65: pad{"-1" -1 "pad_sequence(…, padding_value=-1)" @7:13-7:65}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:39 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @8:10-8:11: 
  target @8:13-8:38: pad{"5" 5 "pad_sequence(…, padding_value=5)" @8:13-8:38}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:5-9:30 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @9:10-9:11: 
  target @9:13-9:29: pad{"0" 0 "pad_sequence(…) (padding_value defaults to 0)" @9:13-9:29}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:5-10:49 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @10:10-10:11: 
  target @10:13-10:48: pad{"pad" null "pad_sequence(…, padding_value=pad)" @10:13-10:48}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:5-11:49 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @11:10-11:11: 
  target @11:13-11:48: pad{"1.5" 1.5 "pad_sequence(…, padding_value=1.5)" @11:13-11:48}
`,
  },
  {
    name: 'clamp/clip keep the facts and guard a log; squeeze/flatten/reshape/transpose/permute functions keep facts but not the layout; argmax gives class indices of a tensor or an unknown value; on a number they are unknown',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, k):
        p = torch.softmax(x, 1)
        torch.log(torch.clip(p, 1e-6, 1.0))
        self.crit(torch.clamp(p, 0, 1), y)
        self.crit(torch.clamp(3, 0, 1).softmax(1), y)
        h = self.conv(x)
        self.crit(torch.squeeze(h), torch.argmax(h, 1))
        self.crit(torch.flatten(p), torch.argmax(k))
        self.crit(torch.flatten(3).softmax(1), torch.argmax(3))
        self.crit(h, torch.argmax(x.sum(), 1))
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:43 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:39: act{softmax dim=1 "torch.softmax(…)" @10:13-10:32 batched drop=[@10:13-10:32→"x"] toLog=[@10:19-10:26→"log_softmax"]}
  target @12:41-12:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:54 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @13:19-13:50: act{softmax dim=1 ".softmax(…)" @13:19-13:50 drop=[@13:19-13:50→"torch.clamp(3, 0, 1)"] toLog=[@13:40-13:47→"log_softmax"]}
  target @13:52-13:53: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:56 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @15:19-15:35: raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @15:37-15:55: classIndex{"torch.argmax(…)" @15:37-15:55}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:53 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @16:19-16:35: act{softmax dim=1 "torch.softmax(…)" @10:13-10:32 batched drop=[@10:13-10:32→"x"] toLog=[@10:19-10:26→"log_softmax"]}
  target @16:37-16:52: classIndex{"torch.argmax(…)" @16:37-16:52}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:64 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @17:19-17:46: act{softmax dim=1 ".softmax(…)" @17:19-17:46 drop=[@17:19-17:46→"torch.flatten(3)"] toLog=[@17:36-17:43→"log_softmax"]}
  target @17:48-17:63: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:47 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @18:19-18:20: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @14:13-14:25} raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @18:22-18:46: classIndex{"torch.argmax(…)" @18:22-18:46}
`,
  },
  {
    name: 'torch.div/divide/true_divide/floor_divide divide a loss; torch.mul/multiply only by a quotient; other torch functions of tensors give a tensor carrying the losses, batched when any argument is',
    code: `${H}crit = nn.CrossEntropyLoss(reduction='sum')
def f(z, y, n):
    torch.div(crit(z, y), n).backward()
    torch.divide(crit(z, y), n).backward()
    torch.true_divide(crit(z, y), n).backward()
    torch.floor_divide(crit(z, y), n).backward()
    torch.mul(crit(z, y), 1.0 / n).backward()
    torch.multiply(crit(z, y), (1 / n)).backward()
    torch.mul(crit(z, y), n).backward()
    torch.mul(crit(z, y), n // 2).backward()
    torch.stack([crit(z, y)]).backward()
    torch.add(crit(z, y), z).backward()
    torch.exp(crit(z, y)).backward()
class Net(nn.Module):
    def forward(self, x, y):
        crit(torch.cat(x, y.float()).softmax(1), y)
        crit(torch.exp(y.float()).softmax(1), y)
        crit(torch.exp(x.sum()).softmax(1), y)
        crit(torch.zeros(3).softmax(1), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:15-6:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @6:20-6:21: 
  target @6:23-6:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:18-7:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @7:23-7:24: 
  target @7:26-7:27: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:23-8:33 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:28-8:29: 
  target @8:31-8:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:24-9:34 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @9:29-9:30: 
  target @9:32-9:33: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:15-10:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:20-10:21: 
  target @10:23-10:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:20-11:30 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @11:25-11:26: 
  target @11:28-11:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:15-12:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @12:20-12:21: 
  target @12:23-12:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:15-13:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @13:20-13:21: 
  target @13:23-13:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:18-14:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @14:23-14:24: 
  target @14:26-14:27: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:15-15:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @15:20-15:21: 
  target @15:23-15:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:15-16:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @16:20-16:21: 
  target @16:23-16:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:52 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @19:14-19:48: act{softmax dim=1 ".softmax(…)" @19:14-19:48 batched drop=[@19:14-19:48→"torch.cat(x, y.float())"] toLog=[@19:38-19:45→"log_softmax"]}
  target @19:50-19:51: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:49 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @20:14-20:45: act{softmax dim=1 ".softmax(…)" @20:14-20:45 batched drop=[@20:14-20:45→"torch.exp(y.float())"] toLog=[@20:35-20:42→"log_softmax"]}
  target @20:47-20:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:47 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @21:14-21:43: act{softmax dim=1 ".softmax(…)" @21:14-21:43 drop=[@21:14-21:43→"torch.exp(x.sum())"] toLog=[@21:33-21:40→"log_softmax"]}
  target @21:45-21:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:43 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @22:14-22:39: act{softmax dim=1 ".softmax(…)" @22:14-22:39 drop=[@22:14-22:39→"torch.zeros(3)"] toLog=[@22:29-22:36→"log_softmax"]}
  target @22:41-22:42: 
`,
  },
];

table('flow facts (torch calls)', CASES, factsOf);
