/**
 * The dataflow (src/lint/flow.ts) through the code's own structure, fact by fact
 * (test/unit/lint/flow-b-facts.ts): nn.Sequential (items, nesting, the edit that deletes an activation
 * from the list), the project's functions and classes (parameters of every kind, defaults, `self`,
 * forward/__call__, returns joined), layers on inputs of known rank, the layout through
 * permute/transpose/view/reshape, values built of lists/dicts/comparisons, comprehensions and
 * lambdas (not followed), `match` (names bound inside forgotten) and log fixes across lines.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'nn.Sequential: an activation in the middle (deleted with the comma before it), first (deleted up to the next item), alone (no deletion); nested; a softmax after a softmax in the list; an unknown module; **kwargs; an instance of a project class inside',
    code: `${H}class Head(nn.Module):
    def forward(self, h):
        return torch.sigmoid(h)
crit = nn.MSELoss()
def f(x, y, kw, block):
    a = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
    b = nn.Sequential(nn.Sigmoid(), nn.Linear(4, 3))
    c = nn.Sequential(nn.Softmax(dim=-1))
    d = nn.Sequential(nn.Sequential(nn.Linear(4, 3), nn.ReLU()), nn.Dropout(0.1))
    e = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1), nn.LogSoftmax(dim=1))
    g = nn.Sequential(nn.Linear(4, 3), block)
    h = nn.Sequential(**kw)
    i = nn.Sequential(nn.Linear(4, 3), Head())
    j = nn.Sequential(nn.Sigmoid(), nn.Sigmoid())
    crit(a(x), y)
    crit(b(x), y)
    crit(c(x), y)
    crit(d(x), y)
    crit(e(x), y)
    crit(g(x), y)
    crit(h(x), y)
    crit(i(x), y)
    crit(j(x), y)
    crit(nn.Sequential(nn.Identity(), nn.Softmax(dim=1))(x.softmax(1).sum()), y)
    crit(nn.Sequential(nn.Sigmoid())(), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@18:5-18:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @18:10-18:14: act{softmax dim=1 "nn.Softmax(dim=1)" @9:40-9:57 batched drop=[@9:38-9:57→""] toLog=[@9:43-9:50→"LogSoftmax"]}
  target @18:16-18:17: 
loss MSELoss module "nn.MSELoss" call=@19:5-19:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @19:10-19:14: raw{"nn.Linear(…, 3)" @10:37-10:52}
  target @19:16-19:17: 
loss MSELoss module "nn.MSELoss" call=@20:5-20:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @20:10-20:14: act{softmax dim=-1 "nn.Softmax(dim=-1)" @11:23-11:41 batched drop=- toLog=[@11:26-11:33→"LogSoftmax"]}
  target @20:16-20:17: 
loss MSELoss module "nn.MSELoss" call=@21:5-21:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @21:10-21:14: 
  target @21:16-21:17: 
loss MSELoss module "nn.MSELoss" call=@22:5-22:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @22:10-22:14: act{log_softmax dim=1 "nn.LogSoftmax(dim=1)" @13:59-13:79 batched drop=[@13:57-13:79→""] toLog=-}
  target @22:16-22:17: 
loss MSELoss module "nn.MSELoss" call=@23:5-23:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @23:10-23:14: 
  target @23:16-23:17: 
loss MSELoss module "nn.MSELoss" call=@24:5-24:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @24:10-24:14: 
  target @24:16-24:17: 
loss MSELoss module "nn.MSELoss" call=@25:5-25:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @25:10-25:14: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"h"] toLog=-}
  target @25:16-25:17: 
loss MSELoss module "nn.MSELoss" call=@26:5-26:18 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @26:10-26:14: act{sigmoid dim=null "nn.Sigmoid()" @17:37-17:49 batched drop=[@17:35-17:49→""] toLog=-}
  target @26:16-26:17: 
loss MSELoss module "nn.MSELoss" call=@27:5-27:81 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @27:10-27:77: act{softmax dim=1 "nn.Softmax(dim=1)" @27:39-27:56 drop=[@27:37-27:56→""] toLog=[@27:42-27:49→"LogSoftmax"]}
  target @27:79-27:80: 
loss MSELoss module "nn.MSELoss" call=@28:5-28:43 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @28:10-28:39: act{sigmoid dim=null "nn.Sigmoid()" @28:24-28:36 batched drop=- toLog=-}
  target @28:41-28:42: 
op activation-of-activation @13:40-13:57 outer=@13:59-13:79 outerForm="nn.LogSoftmax(dim=1)" fix=-
  act softmax dim=1 "nn.Softmax(dim=1)" @13:40-13:57 batched drop=[@13:38-13:57→""] toLog=[@13:43-13:50→"LogSoftmax"]
op activation-of-activation @17:23-17:35 outer=@17:37-17:49 outerForm="nn.Sigmoid()" fix=-
  act sigmoid dim=null "nn.Sigmoid()" @17:23-17:35 batched drop=[@17:23-17:37→""] toLog=-
`,
  },
  {
    name: 'functions of the project: positional and keyword arguments, a default evaluated where the function is defined, typed and typed-default parameters, *args/**kwargs unknown, returns joined (same value kept, different values unknown), a recursive call',
    code: `${H}ACT = nn.Softmax(dim=1)
crit = nn.MSELoss()
def probs(x, act=ACT):
    return act(x)
def typed(x: torch.Tensor, scale: float = 1.0):
    return torch.sigmoid(x)
def star(*xs, **kw):
    return xs
def either(x, flag):
    if flag:
        return torch.sigmoid(x)
    return x
def same(x, flag):
    p = torch.sigmoid(x)
    if flag:
        return p
    return p
def rec(x):
    return rec(x)
def nothing(x):
    pass
def f(x, y):
    crit(probs(x), y)
    crit(probs(x, act=nn.Sigmoid()), y)
    crit(probs(x, nn.LogSoftmax(dim=1)), y)
    crit(typed(x), y)
    crit(star(x), y)
    crit(either(x, True), y)
    crit(same(x, True), y)
    crit(rec(x), y)
    crit(nothing(x), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@26:5-26:22 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @26:10-26:18: act{softmax dim=1 "nn.Softmax(dim=1)" @7:12-7:18 drop=[@7:12-7:18→"x"] toLog=[@4:10-4:17→"LogSoftmax"]}
  target @26:20-26:21: 
loss MSELoss module "nn.MSELoss" call=@27:5-27:40 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @27:10-27:36: act{sigmoid dim=null "nn.Sigmoid()" @7:12-7:18 drop=[@7:12-7:18→"x"] toLog=-}
  target @27:38-27:39: 
loss MSELoss module "nn.MSELoss" call=@28:5-28:44 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @28:10-28:40: act{log_softmax dim=1 "nn.LogSoftmax(dim=1)" @7:12-7:18 drop=[@7:12-7:18→"x"] toLog=-}
  target @28:42-28:43: 
loss MSELoss module "nn.MSELoss" call=@29:5-29:22 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @29:10-29:18: act{sigmoid dim=null "torch.sigmoid(…)" @9:12-9:28 drop=[@9:12-9:28→"x"] toLog=-}
  target @29:20-29:21: 
loss MSELoss module "nn.MSELoss" call=@30:5-30:21 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @30:10-30:17: 
  target @30:19-30:20: 
loss MSELoss module "nn.MSELoss" call=@31:5-31:29 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @31:10-31:25: 
  target @31:27-31:28: 
loss MSELoss module "nn.MSELoss" call=@32:5-32:27 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @32:10-32:23: act{sigmoid dim=null "torch.sigmoid(…)" @17:9-17:25 drop=[@17:9-17:25→"x"] toLog=-}
  target @32:25-32:26: 
loss MSELoss module "nn.MSELoss" call=@33:5-33:20 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @33:10-33:16: 
  target @33:18-33:19: 
loss MSELoss module "nn.MSELoss" call=@34:5-34:24 ctor=@5:8-5:20 rename=@5:11-5:18 insert=@5:19-5:19
  args: 
  input @34:10-34:20: 
  target @34:22-34:23: 
`,
  },
  {
    name: 'classes of the project: __init__ arguments by position and keyword stored on self, forward or else __call__, an instance without either is unknown, methods get the instance, forward inputs are batched',
    code: `${H}class Net(nn.Module):
    def __init__(self, n_in, n_out=2, act=None):
        super().__init__()
        self.fc = nn.Linear(n_in, n_out)
        self.act = act
    def forward(self, x):
        return self.act(self.fc(x))
class Called:
    def __init__(self):
        self.fc = nn.Linear(4, 3)
    def __call__(self, x):
        return self.fc(x)
class Plain:
    def __init__(self):
        self.fc = nn.Linear(4, 3)
    def run(self, x):
        return self.fc(x)
crit = nn.MSELoss()
def f(x, y):
    crit(Net(4, act=nn.Sigmoid())(x), y)
    crit(Net(4, 5, nn.Softmax(dim=1))(x), y)
    crit(Called()(x), y)
    crit(Plain()(x), y)
    crit(Plain().run(x), y)
    crit(Net.forward(Net(4, act=nn.Sigmoid()), x), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@23:5-23:41 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @23:10-23:37: act{sigmoid dim=null "nn.Sigmoid()" @10:16-10:36 batched drop=[@10:16-10:36→"self.fc(x)"] toLog=-}
  target @23:39-23:40: 
loss MSELoss module "nn.MSELoss" call=@24:5-24:45 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @24:10-24:41: act{softmax dim=1 "nn.Softmax(dim=1)" @10:16-10:36 batched drop=[@10:16-10:36→"self.fc(x)"] toLog=[@24:23-24:30→"LogSoftmax"]}
  target @24:43-24:44: 
loss MSELoss module "nn.MSELoss" call=@25:5-25:25 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @25:10-25:21: raw{"nn.Linear(…, 3)" @15:16-15:26}
  target @25:23-25:24: 
loss MSELoss module "nn.MSELoss" call=@26:5-26:24 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @26:10-26:20: 
  target @26:22-26:23: 
loss MSELoss module "nn.MSELoss" call=@27:5-27:28 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @27:10-27:24: raw{"nn.Linear(…, 3)" @20:16-20:26}
  target @27:26-27:27: 
loss MSELoss module "nn.MSELoss" call=@28:5-28:54 ctor=@21:8-21:20 rename=@21:11-21:18 insert=@21:19-21:19
  args: 
  input @28:10-28:50: act{sigmoid dim=null "nn.Sigmoid()" @10:16-10:36 batched drop=[@10:16-10:36→"self.fc(x)"] toLog=-}
  target @28:52-28:53: 
`,
  },
  {
    name: 'layouts: a Linear keeps the rank of an input of rank 3 or more (classes last), not of rank 2; a Conv gives (N, C, …) only on a batched input and with its out_channels known',
    code: `${H}class Net(nn.Module):
    def __init__(self, cfg, n_classes):
        super().__init__()
        self.rnn = nn.LSTM(8, 16, batch_first=True)
        self.conv = nn.Conv2d(3, n_classes, 1)
        self.conv_any = nn.Conv1d(*cfg)
        self.fc = nn.Linear(16, n_classes)
        self.fc2 = nn.Linear(n_classes, 4)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        h, _ = self.rnn(x)
        self.crit(self.fc(h), y)
        c = self.conv(x)
        self.crit(self.fc2(c), y)
        self.crit(self.fc2(c.view(-1, n_classes)), y)
        self.crit(self.conv_any(x), y)
        self.crit(self.conv(x[0].sum()), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:33 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @15:19-15:29: layout{rank=3 cls=2 classes=n_classes "nn.Linear(…, n_classes)" @15:19-15:29} raw{"nn.Linear(…, n_classes)" @15:19-15:29}
  target @15:31-15:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:34 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @17:19-17:30: layout{rank=4 cls=3 classes=4 "nn.Linear(…, 4)" @17:19-17:30} raw{"nn.Linear(…, 4)" @17:19-17:30}
  target @17:32-17:33: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:54 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @18:19-18:50: raw{"nn.Linear(…, 4)" @18:19-18:50}
  target @18:52-18:53: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:39 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @19:19-19:35: raw{"nn.Conv1d(…)" @19:19-19:35}
  target @19:37-19:38: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:44 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @20:19-20:40: raw{"nn.Conv2d(…, n_classes, …)" @20:19-20:40}
  target @20:42-20:43: 
`,
  },
  {
    name: 'permute moves the class axis (positive and negative dims, also given as one tuple); the wrong number of dims, a non-literal dim or an unknown class axis forget the layout',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, d):
        h = self.conv(x)
        self.crit(h.permute(0, 2, 1), y)
        self.crit(h.permute(0, -1, -2), y)
        self.crit(h.permute(1, 0, 2), y)
        self.crit(h.permute((0, 2, 1)), y)
        self.crit(h.permute(0, 2), y)
        self.crit(h.permute(0, d, 1), y)
        self.crit(h.view(2, 3, 4).permute(0, 2, 1), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:41 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @11:19-11:37: layout{rank=3 cls=2 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @11:39-11:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:43 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:39: layout{rank=3 cls=2 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @12:41-12:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:41 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @13:19-13:37: layout{rank=3 cls=0 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @13:39-13:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:43 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @14:19-14:39: layout{rank=3 cls=2 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @14:41-14:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:38 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @15:19-15:34: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @15:36-15:37: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:41 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @16:19-16:37: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @16:39-16:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:55 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @17:19-17:51: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @17:53-17:54: 
`,
  },
  {
    name: 'transpose swaps the class axis with the other dim (either way round, negative dims), leaves it when neither dim is it; one dim, keywords or a non-literal forget the layout',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, d):
        h = self.conv(x)
        self.crit(h.transpose(1, 3), y)
        self.crit(h.transpose(-1, 1), y)
        self.crit(h.transpose(2, 3), y)
        self.crit(h.transpose(1), y)
        self.crit(h.transpose(dim0=1, dim1=3), y)
        self.crit(h.transpose(1, d), y)
        self.crit(h.view(2, 3, 4).transpose(1, 2), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:40 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @11:19-11:36: layout{rank=4 cls=3 classes=6 "nn.Conv2d(…, 6, …)" @10:13-10:25} raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @11:38-11:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:41 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:37: layout{rank=4 cls=3 classes=6 "nn.Conv2d(…, 6, …)" @10:13-10:25} raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @12:39-12:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:40 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @13:19-13:36: layout{rank=4 cls=1 classes=6 "nn.Conv2d(…, 6, …)" @10:13-10:25} raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @13:38-13:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:37 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @14:19-14:33: raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @14:35-14:36: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:50 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @15:19-15:46: raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @15:48-15:49: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:40 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @16:19-16:36: raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @16:38-16:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:54 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @17:19-17:50: raw{"nn.Conv2d(…, 6, …)" @10:13-10:25}
  target @17:52-17:53: 
`,
  },
  {
    name: 'view/reshape to (-1, C): flattened (recorded where the classes were not last), the count matched as written or through self./cfg.; another count or a non -1 first size forget it; rows of C viewed again as (-1, C) keep their layout and its wrong flatten; three sizes give rank 3; *shape does not; casts keep the layout, squeeze does not',
    code: `${H}class Net(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.n_classes = n_classes
        self.conv = nn.Conv1d(4, n_classes, 1)
        self.rnn = nn.LSTM(8, 16, batch_first=True)
        self.fc = nn.Linear(16, n_classes)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, shape, b):
        h = self.conv(x)
        self.crit(h.view(-1, n_classes), y)
        self.crit(h.reshape(-1, self.n_classes), y)
        self.crit(h.view(-1, 7), y)
        self.crit(h.view(b, n_classes), y)
        self.crit(h.view(-1, n_classes).view(-1, n_classes), y)
        o, _ = self.rnn(x)
        z = self.fc(o)
        self.crit(z.view(-1, n_classes), y)
        self.crit(z.reshape(b, -1, n_classes), y)
        self.crit(z.view(*shape), y)
        self.crit(z.contiguous().float(), y)
        self.crit(z.squeeze(0), y)
        self.crit(z.view(-1, n_classes, 1), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:44 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @14:19-14:40: layout{rank=2 cls=1 classes=n_classes "nn.Conv1d(…, n_classes, …)" @13:13-13:25 flat{".view(-1, n_classes)" @14:19-14:40 rank=3 cls=1}} raw{"nn.Conv1d(…, n_classes, …)" @13:13-13:25}
  target @14:42-14:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:52 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @15:19-15:48: layout{rank=2 cls=1 classes=n_classes "nn.Conv1d(…, n_classes, …)" @13:13-13:25 flat{".reshape(-1, self.n_classes)" @15:19-15:48 rank=3 cls=1}} raw{"nn.Conv1d(…, n_classes, …)" @13:13-13:25}
  target @15:50-15:51: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:36 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @16:19-16:32: raw{"nn.Conv1d(…, n_classes, …)" @13:13-13:25}
  target @16:34-16:35: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:43 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @17:19-17:39: raw{"nn.Conv1d(…, n_classes, …)" @13:13-13:25}
  target @17:41-17:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:64 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @18:19-18:60: layout{rank=2 cls=1 classes=n_classes "nn.Conv1d(…, n_classes, …)" @13:13-13:25 flat{".view(-1, n_classes)" @18:19-18:40 rank=3 cls=1}} raw{"nn.Conv1d(…, n_classes, …)" @13:13-13:25}
  target @18:62-18:63: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:44 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @21:19-21:40: layout{rank=2 cls=1 classes=n_classes "nn.Linear(…, n_classes)" @20:13-20:23} raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @21:42-21:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:50 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @22:19-22:46: layout{rank=3 cls=undefined classes=undefined ".reshape(…)" @22:19-22:46} raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @22:48-22:49: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:37 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @23:19-23:33: raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @23:35-23:36: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:9-24:45 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @24:19-24:41: layout{rank=3 cls=2 classes=n_classes "nn.Linear(…, n_classes)" @20:13-20:23} raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @24:43-24:44: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@25:9-25:35 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @25:19-25:31: raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @25:33-25:34: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:9-26:47 ctor=@11:21-11:42 rename=@11:24-11:40 insert=@11:41-11:41
  args: 
  input @26:19-26:43: layout{rank=3 cls=undefined classes=undefined ".view(…)" @26:19-26:43} raw{"nn.Linear(…, n_classes)" @20:13-20:23}
  target @26:45-26:46: 
`,
  },
  {
    name: 'values built of lists, sets, dicts, comparisons, boolean and not operators are unknown but what is inside is evaluated (an implicit-dim softmax there is found); comprehensions and lambdas are not followed',
    code: `${H}async def f(x, y, xs, aw):
    a = [F.softmax(x)]
    b = {F.softmax(x)}
    c = {"p": F.softmax(x)}
    d = F.softmax(x) > 0.5
    e = F.softmax(x) and y
    g = not F.softmax(x)
    h = await F.softmax(x)
    i = [F.softmax(v) for v in xs]
    j = lambda: F.softmax(x)
    k = {v: F.softmax(v) for v in xs}
    return F.nll_loss(a, y), F.nll_loss(d, y), F.nll_loss(c, y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@15:12-15:28 ctor=@15:12-15:28 rename=@15:14-15:22 insert=@15:27-15:27,
  args: 
  input @15:23-15:24: 
  target @15:26-15:27: 
loss NLLLoss functional "F.nll_loss" call=@15:30-15:46 ctor=@15:30-15:46 rename=@15:32-15:40 insert=@15:45-15:45,
  args: 
  input @15:41-15:42: 
  target @15:44-15:45: 
loss NLLLoss functional "F.nll_loss" call=@15:48-15:64 ctor=@15:48-15:64 rename=@15:50-15:58 insert=@15:63-15:63,
  args: 
  input @15:59-15:60: 
  target @15:62-15:63: 
op softmax-no-dim @5:10-5:22 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @5:10-5:22 drop=[@5:10-5:22→"x"] toLog=[@5:12-5:19→"log_softmax"]
op softmax-no-dim @6:10-6:22 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @6:10-6:22 drop=[@6:10-6:22→"x"] toLog=[@6:12-6:19→"log_softmax"]
op softmax-no-dim @7:15-7:27 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @7:15-7:27 drop=[@7:15-7:27→"x"] toLog=[@7:17-7:24→"log_softmax"]
op softmax-no-dim @8:9-8:21 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @8:9-8:21 drop=[@8:9-8:21→"x"] toLog=[@8:11-8:18→"log_softmax"]
op softmax-no-dim @9:9-9:21 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @9:9-9:21 drop=[@9:9-9:21→"x"] toLog=[@9:11-9:18→"log_softmax"]
op softmax-no-dim @10:13-10:25 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @10:13-10:25 drop=[@10:13-10:25→"x"] toLog=[@10:15-10:22→"log_softmax"]
op softmax-no-dim @11:15-11:27 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @11:15-11:27 drop=[@11:15-11:27→"x"] toLog=[@11:17-11:24→"log_softmax"]
`,
  },
  {
    name: 'match: every plain name bound inside (by = or an augmented assignment, at any depth) is unknown after it, and so is every attribute of a name (self.s)',
    code: `${H}crit = nn.CrossEntropyLoss()
class T:
    def step(self, x, y, cmd):
        p = F.softmax(x, dim=1)
        q = F.softmax(x, dim=1)
        r = F.softmax(x, dim=1)
        self.s = F.softmax(x, dim=1)
        match cmd:
            case "a":
                p = x
            case "b":
                if y:
                    q += 1
            case _:
                self.s = x
        crit(p, y)
        crit(q, y)
        crit(r, y)
        crit(self.s, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:19 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @19:14-19:15: 
  target @19:17-19:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:19 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @20:14-20:15: 
  target @20:17-20:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:19 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @21:14-21:15: act{softmax dim=1 "F.softmax(…)" @9:13-9:32 drop=[@9:13-9:32→"x"] toLog=[@9:15-9:22→"log_softmax"]}
  target @21:17-21:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:24 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @22:14-22:20: 
  target @22:22-22:23: 
`,
  },
  {
    name: 'log of a softmax written right inside it, across lines: the fix spans the lines; a softmax of a name defined earlier gets none',
    code: `${H}def f(z):
    a = torch.log(
        F.softmax(
            z, dim=1))
    b = torch.log(F.softmax(z,
                            dim=1)).sum()
    p = F.softmax(z, dim=1)
    return torch.log(p)
`,
    expect: `op log-of-activation @5:9-7:23 outer=- outerForm="torch.log(…)" fix=[@5:9-7:23→"F.log_softmax(\\n            z, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @6:9-7:22 drop=[@6:9-7:22→"z"] toLog=[@6:11-6:18→"log_softmax"]
op log-of-activation @8:9-9:36 outer=- outerForm="torch.log(…)" fix=[@8:9-9:36→"F.log_softmax(z,\\n                            dim=1)"]
  act softmax dim=1 "F.softmax(…)" @8:19-9:35 drop=[@8:19-9:35→"z"] toLog=[@8:21-8:28→"log_softmax"]
op log-of-activation @11:12-11:24 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @10:9-10:28 drop=[@10:9-10:28→"z"] toLog=[@10:11-10:18→"log_softmax"]
`,
  },
  {
    name: 'parameters after *args or a bare * are keyword-only: positional arguments never reach them (typed *xs too, bound as unknown); after / they are positional as usual',
    code: `${H}XS = torch.sigmoid(torch.zeros(3))
def star(*xs, act=nn.Identity()):
    return act(xs[0])
def typed_star(*xs: torch.Tensor, act=nn.Identity()):
    return act(XS)
def typed_xs(*XS: torch.Tensor):
    return XS
def kwonly(x, *, act=nn.Identity()):
    return act(x)
def posonly(x, /, act=nn.Identity()):
    return act(x)
def f(z, y):
    F.mse_loss(star(nn.Sigmoid(), nn.Sigmoid()), y)
    F.mse_loss(typed_star(z, nn.Sigmoid()), y)
    F.mse_loss(typed_xs(z), y)
    F.mse_loss(kwonly(z, nn.Sigmoid()), y)
    F.mse_loss(kwonly(z, act=nn.Sigmoid()), y)
    F.mse_loss(posonly(z, nn.Sigmoid()), y)
`,
    expect: `loss MSELoss functional "F.mse_loss" call=@16:5-16:52 ctor=@16:5-16:52 rename=@16:7-16:15 insert=@16:51-16:51,
  args: 
  input @16:16-16:48: 
  target @16:50-16:51: 
loss MSELoss functional "F.mse_loss" call=@17:5-17:47 ctor=@17:5-17:47 rename=@17:7-17:15 insert=@17:46-17:46,
  args: 
  input @17:16-17:43: act{sigmoid dim=null "torch.sigmoid(…)" @4:6-4:35 drop=[@4:6-4:35→"torch.zeros(3)"] toLog=-}
  target @17:45-17:46: 
loss MSELoss functional "F.mse_loss" call=@18:5-18:31 ctor=@18:5-18:31 rename=@18:7-18:15 insert=@18:30-18:30,
  args: 
  input @18:16-18:27: 
  target @18:29-18:30: 
loss MSELoss functional "F.mse_loss" call=@19:5-19:43 ctor=@19:5-19:43 rename=@19:7-19:15 insert=@19:42-19:42,
  args: 
  input @19:16-19:39: 
  target @19:41-19:42: 
loss MSELoss functional "F.mse_loss" call=@20:5-20:47 ctor=@20:5-20:47 rename=@20:7-20:15 insert=@20:46-20:46,
  args: 
  input @20:16-20:43: act{sigmoid dim=null "nn.Sigmoid()" @12:12-12:18 drop=[@12:12-12:18→"x"] toLog=-}
  target @20:45-20:46: 
loss MSELoss functional "F.mse_loss" call=@21:5-21:44 ctor=@21:5-21:44 rename=@21:7-21:15 insert=@21:43-21:43,
  args: 
  input @21:16-21:40: act{sigmoid dim=null "nn.Sigmoid()" @14:12-14:18 drop=[@14:12-14:18→"x"] toLog=-}
  target @21:42-21:43: 
`,
  },
  {
    name: 'match: names bound inside by tuple and list unpacking (nested, starred), a for loop and := are unknown after it too; a name only read there (a + 1, f(b)) and subscript targets keep their values',
    code: `${H}crit = nn.CrossEntropyLoss()
def step(x, y, cmd, xs):
    a = F.softmax(x, dim=1)
    b = F.softmax(x, dim=1)
    c = F.softmax(x, dim=1)
    d = F.softmax(x, dim=1)
    e = F.softmax(x, dim=1)
    g = F.softmax(x, dim=1)
    h = F.softmax(x, dim=1)
    k = F.softmax(x, dim=1)
    m = F.softmax(x, dim=1)
    n = F.softmax(x, dim=1)
    match cmd:
        case 0:
            [n] = [x]
        case 1:
            a, (b, *c) = x, (x, x, x)
        case 2:
            for d in xs:
                pass
        case 3:
            if (e := x) is not None:
                print(g + 1, len(h))
                k[0] = x
                m.attr = x
    return crit(a, y), crit(b, y), crit(c, y), crit(d, y), crit(e, y), crit(g, y), crit(h, y), crit(k, y), crit(m, y), crit(n, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:12-29:22 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:17-29:18: 
  target @29:20-29:21: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:24-29:34 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:29-29:30: 
  target @29:32-29:33: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:36-29:46 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:41-29:42: 
  target @29:44-29:45: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:48-29:58 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:53-29:54: 
  target @29:56-29:57: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:60-29:70 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:65-29:66: 
  target @29:68-29:69: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:72-29:82 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:77-29:78: act{softmax dim=1 "F.softmax(…)" @11:9-11:28 drop=[@11:9-11:28→"x"] toLog=[@11:11-11:18→"log_softmax"]}
  target @29:80-29:81: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:84-29:94 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:89-29:90: act{softmax dim=1 "F.softmax(…)" @12:9-12:28 drop=[@12:9-12:28→"x"] toLog=[@12:11-12:18→"log_softmax"]}
  target @29:92-29:93: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:96-29:106 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:101-29:102: act{softmax dim=1 "F.softmax(…)" @13:9-13:28 drop=[@13:9-13:28→"x"] toLog=[@13:11-13:18→"log_softmax"]}
  target @29:104-29:105: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:108-29:118 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:113-29:114: act{softmax dim=1 "F.softmax(…)" @14:9-14:28 drop=[@14:9-14:28→"x"] toLog=[@14:11-14:18→"log_softmax"]}
  target @29:116-29:117: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:120-29:130 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:125-29:126: 
  target @29:128-29:129: 
`,
  },
];

table('flow facts (calls)', CASES, factsOf);
