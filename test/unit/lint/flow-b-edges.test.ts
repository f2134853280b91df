/**
 * The dataflow (src/lint/flow.ts), fact by fact (test/unit/lint/flow-b-facts.ts), on the edges of the
 * call half left after the tables beside it: an activation of an activation in each form and order,
 * batchedness through layers, Sequential items, argmax, Embedding and tokenizers, masked_fill
 * keeping what it does not mask, losses carried by values that are not tensors, `*args` in calls,
 * transpose/permute edge dims, the depth of recursion, parameters by kind, and the helpers that
 * find the softmax inside a log.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'an activation of an activation: softmax or log_softmax of a softmax and sigmoid of a sigmoid are recorded (function, method and module forms, and in a Sequential); softmax of a sigmoid, sigmoid of a softmax, softmax of log_softmax are not; an activation keeps the layout of its input',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        F.softmax(F.softmax(x, 1), 1)
        F.log_softmax(x.softmax(1), dim=1)
        torch.sigmoid(torch.sigmoid(x))
        F.softmax(torch.sigmoid(x), 1)
        torch.sigmoid(F.softmax(x, 1))
        F.softmax(F.log_softmax(x, 1), 1)
        nn.Sequential(nn.Softmax(dim=1), nn.Softmax(dim=1))(x)
        nn.Sequential(nn.Sigmoid(), nn.Softmax(dim=1))(x)
        nn.Sequential(nn.Softmax(dim=1), nn.Sigmoid())(x)
        nn.Sequential(nn.LogSoftmax(dim=1), nn.Softmax(dim=1))(x)
        self.crit(self.conv(x).softmax(1), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:46 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @20:19-20:42: act{softmax dim=1 ".softmax(…)" @20:19-20:42 batched drop=[@20:19-20:42→"self.conv(x)"] toLog=[@20:32-20:39→"log_softmax"]} layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @20:19-20:31}
  target @20:44-20:45: 
op activation-of-activation @10:19-10:34 outer=@10:9-10:38 outerForm="F.softmax(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @10:19-10:34 batched drop=[@10:19-10:34→"x"] toLog=[@10:21-10:28→"log_softmax"]
op activation-of-activation @11:23-11:35 outer=@11:9-11:43 outerForm="F.log_softmax(…)" fix=-
  act softmax dim=1 ".softmax(…)" @11:23-11:35 batched drop=[@11:23-11:35→"x"] toLog=[@11:25-11:32→"log_softmax"]
op activation-of-activation @12:23-12:39 outer=@12:9-12:40 outerForm="torch.sigmoid(…)" fix=-
  act sigmoid dim=null "torch.sigmoid(…)" @12:23-12:39 batched drop=[@12:23-12:39→"x"] toLog=-
op activation-of-activation @16:23-16:40 outer=@16:42-16:59 outerForm="nn.Softmax(dim=1)" fix=-
  act softmax dim=1 "nn.Softmax(dim=1)" @16:23-16:40 batched drop=[@16:23-16:42→""] toLog=[@16:26-16:33→"LogSoftmax"]
`,
  },
  {
    name: 'batchedness: a layer, an unknown module in a Sequential and argmax keep an unbatched input unbatched and a batched one batched; a project module first in a Sequential gets the input as a forward argument; Embedding and tokenizer outputs are batched',
    code: `${H}class Head(nn.Module):
    def forward(self, h):
        return torch.sigmoid(h)
crit = nn.MSELoss()
fc = nn.Linear(4, 3)
emb = nn.Embedding(10, 4, padding_idx=0)
def f(x, y, tok, texts, ids):
    crit(fc(x.softmax(1).sum()).softmax(0), y)
    crit(nn.Sequential(nn.ReLU(), nn.Softmax(dim=0))(x.softmax(1).sum()), y)
    crit(torch.argmax(x.softmax(1).sum()).softmax(0), y)
    crit(nn.Sequential(Head())(x), y)
    crit(emb(ids).softmax(0), y)
    crit(ids.softmax(0), y)
    crit(tok(texts, padding=True).input_ids.softmax(0), y)
    crit(UNBOUND_IDS, y)
    emb(UNBOUND_IDS)
    crit(UNBOUND_IDS, y)
class Net(nn.Module):
    def forward(self, x, y):
        crit(nn.Sequential(nn.ReLU(), nn.Softmax(dim=0))(x), y)
        crit(torch.argmax(x).softmax(0), y)
        crit(nn.Sequential(nn.Linear(4, 3), nn.Dropout(0.1))(x), y)
        crit(nn.Sequential(nn.Sequential(nn.Linear(4, 3)))(x), y)
        crit(nn.Dropout(0.5)(nn.Conv1d(4, 6, 1)(x)), y)
        crit(nn.Flatten()(nn.Conv1d(4, 6, 1)(x)), y)
        crit(nn.Flatten()(y), y)
        crit(nn.Flatten()(), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@11:5-11:47 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @11:10-11:43: act{softmax dim=0 ".softmax(…)" @11:10-11:43 drop=[@11:10-11:43→"fc(x.softmax(1).sum())"] toLog=[@11:33-11:40→"log_softmax"]}
  target @11:45-11:46: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:77 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @12:10-12:73: act{softmax dim=0 "nn.Softmax(dim=0)" @12:35-12:52 drop=[@12:33-12:52→""] toLog=[@12:38-12:45→"LogSoftmax"]}
  target @12:75-12:76: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:57 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @13:10-13:53: act{softmax dim=0 ".softmax(…)" @13:10-13:53 drop=[@13:10-13:53→"torch.argmax(x.softmax(1).sum())"] toLog=[@13:43-13:50→"log_softmax"]}
  target @13:55-13:56: 
loss MSELoss module "nn.MSELoss" call=@14:5-14:38 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @14:10-14:34: act{sigmoid dim=null "torch.sigmoid(…)" @6:16-6:32 batched drop=[@6:16-6:32→"h"] toLog=-}
  target @14:36-14:37: 
loss MSELoss module "nn.MSELoss" call=@15:5-15:33 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @15:10-15:29: act{softmax dim=0 ".softmax(…)" @15:10-15:29 batched drop=[@15:10-15:29→"emb(ids)"] toLog=[@15:19-15:26→"log_softmax"]}
  target @15:31-15:32: 
loss MSELoss module "nn.MSELoss" call=@16:5-16:28 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @16:10-16:24: act{softmax dim=0 ".softmax(…)" @16:10-16:24 batched drop=[@16:10-16:24→"ids"] toLog=[@16:14-16:21→"log_softmax"]}
  target @16:26-16:27: 
loss MSELoss module "nn.MSELoss" call=@17:5-17:59 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @17:10-17:55: act{softmax dim=0 ".softmax(…)" @17:10-17:55 batched drop=[@17:10-17:55→"tok(texts, padding=True).input_ids"] toLog=[@17:45-17:52→"log_softmax"]}
  target @17:57-17:58: 
loss MSELoss module "nn.MSELoss" call=@18:5-18:25 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @18:10-18:21: 
  target @18:23-18:24: 
loss MSELoss module "nn.MSELoss" call=@20:5-20:25 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @20:10-20:21: pad{"0" 0 "nn.Embedding(…, padding_idx=0)" @9:7-9:41}
  target @20:23-20:24: 
loss MSELoss module "nn.MSELoss" call=@23:9-23:64 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @23:14-23:60: act{softmax dim=0 "nn.Softmax(dim=0)" @23:39-23:56 batched drop=[@23:37-23:56→""] toLog=[@23:42-23:49→"LogSoftmax"]}
  target @23:62-23:63: 
loss MSELoss module "nn.MSELoss" call=@24:9-24:44 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @24:14-24:40: act{softmax dim=0 ".softmax(…)" @24:14-24:40 batched drop=[@24:14-24:40→"torch.argmax(x)"] toLog=[@24:30-24:37→"log_softmax"]}
  target @24:42-24:43: 
loss MSELoss module "nn.MSELoss" call=@25:9-25:68 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @25:14-25:64: raw{"nn.Linear(…, 3)" @25:28-25:43}
  target @25:66-25:67: 
loss MSELoss module "nn.MSELoss" call=@26:9-26:66 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @26:14-26:62: raw{"nn.Linear(…, 3)" @26:42-26:57}
  target @26:64-26:65: 
loss MSELoss module "nn.MSELoss" call=@27:9-27:56 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @27:14-27:52: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @27:30-27:51} raw{"nn.Conv1d(…, 6, …)" @27:30-27:51}
  target @27:54-27:55: 
loss MSELoss module "nn.MSELoss" call=@28:9-28:53 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @28:14-28:49: raw{"nn.Conv1d(…, 6, …)" @28:27-28:48}
  target @28:51-28:52: 
loss MSELoss module "nn.MSELoss" call=@29:9-29:33 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @29:14-29:29: 
  target @29:31-29:32: 
loss MSELoss module "nn.MSELoss" call=@30:9-30:32 ctor=@7:8-7:20 rename=@7:11-7:18 insert=@7:19-7:19
  args: 
  input @30:14-30:28: 
  target @30:30-30:31: 
`,
  },
  {
    name: 'masked_fill keeps the raw scores or the activation it does not mask; a loss carried by a plain number (total += loss) is divided by .div, kept by torch functions, backpropagated; scaler.scale(loss) alone is no backward; *args in a loss call is opaque; a positional argument past the known ones is not recorded',
    code: `${H}crit = nn.CrossEntropyLoss(reduction='sum')
fc = nn.Linear(4, 3)
def f(z, y, n, mask, extra, scaler):
    crit(fc(z).masked_fill(mask, -1e9), y)
    crit(z.softmax(1).masked_fill(mask, 0.0), y)
    total = 0
    total += crit(z, y)
    total.div(n).backward()
    total2 = 0
    total2 += crit(z, y)
    torch.exp(total2).backward()
    scaler.scale(crit(z, y))
    F.nll_loss(z, y, *extra)
    F.mse_loss(z, y, None, None, 'sum', 'extra')
    F.cross_entropy(input=F.softmax(z, dim=1), target=y.argmax(1))
    crit()
    g(*F.softmax(z))
    total3 = 0
    total3 += crit(z, y)
    crit(total3.softmax(0), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:5-7:43 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @7:10-7:39: raw{"nn.Linear(…, 3)" @7:10-7:15}
  target @7:41-7:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:49 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:10-8:45: act{softmax dim=1 ".softmax(…)" @8:10-8:22 drop=[@8:10-8:22→"z"] toLog=[@8:12-8:19→"log_softmax"]}
  target @8:47-8:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:14-10:24 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:19-10:20: 
  target @10:22-10:23: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:15-13:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @13:20-13:21: 
  target @13:23-13:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:18-15:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @15:23-15:24: 
  target @15:26-15:27: 
loss NLLLoss functional "F.nll_loss" call=@16:5-16:29 ctor=@16:5-16:29 rename=@16:7-16:15 insert=@16:28-16:28,
  args: **="**kwargs":undefined@16:5-16:29
  input @16:16-16:17: 
  target @16:19-16:20: 
loss MSELoss functional "F.mse_loss" call=@17:5-17:49 ctor=@17:5-17:49 rename=@17:7-17:15 insert=@17:48-17:48,
  args: size_average="None":null@17:22-17:26 reduce="None":null@17:28-17:32 reduction="'sum'":"sum"@17:34-17:39
  input @17:16-17:17: 
  target @17:19-17:20: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@18:5-18:67 ctor=@18:5-18:67 rename=@18:7-18:20 insert=@18:66-18:66,
  args: input="F.softmax(z, dim=1)":undefined@18:27-18:46 target="y.argmax(1)":undefined@18:55-18:66
  input @18:27-18:46: act{softmax dim=1 "F.softmax(…)" @18:27-18:46 drop=[@18:27-18:46→"z"] toLog=[@18:29-18:36→"log_softmax"]}
  target @18:55-18:66: classIndex{".argmax(…)" @18:55-18:66}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:11 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @19:5-19:11: 
  target -: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:15-22:25 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @22:20-22:21: 
  target @22:23-22:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:5-23:31 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @23:10-23:27: act{softmax dim=0 ".softmax(…)" @23:10-23:27 drop=[@23:10-23:27→"total3"] toLog=[@23:17-23:24→"log_softmax"]}
  target @23:29-23:30: 
op softmax-no-dim @20:8-20:20 outer=- outerForm=undefined fix=-
  act softmax dim=null "F.softmax(…)" @20:8-20:20 drop=[@20:8-20:20→"z"] toLog=[@20:10-20:17→"log_softmax"]
`,
  },
  {
    name: 'transpose with dim 0, permute with a non-integer dim, permute given one tuple, view with a starred size among three, LazyLinear after an RNN, GRU and RNN with batch_first=True, a Sequential built from *layers, LazyLinear with no arguments',
    code: `${H}class Net(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.gru = nn.GRU(4, 8, batch_first=True)
        self.rnn = nn.RNN(4, 8, batch_first=True)
        self.lazy = nn.LazyLinear(5)
        self.seq = nn.Sequential(*layers)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y, rest):
        h = self.conv(x)
        self.crit(h.transpose(0, 1), y)
        self.crit(h.permute(0, 2.5, 1), y)
        self.crit(h.permute((0, 2, 1)), y)
        self.crit(h.view(2, *rest, 3), y)
        self.crit(self.lazy(self.gru(x)[0]), y)
        self.crit(self.lazy(self.rnn(x)[0]), y)
        self.crit(self.seq(x.softmax(1)), y)
        self.crit(nn.LazyLinear()(x), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:40 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @15:19-15:36: layout{rank=3 cls=0 classes=6 "nn.Conv1d(…, 6, …)" @14:13-14:25} raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @15:38-15:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:43 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @16:19-16:39: raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @16:41-16:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:43 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @17:19-17:39: layout{rank=3 cls=2 classes=6 "nn.Conv1d(…, 6, …)" @14:13-14:25} raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @17:41-17:42: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:42 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @18:19-18:38: raw{"nn.Conv1d(…, 6, …)" @14:13-14:25}
  target @18:40-18:41: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:48 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @19:19-19:44: layout{rank=3 cls=2 classes=5 "nn.LazyLinear(…, 5)" @19:19-19:44} raw{"nn.LazyLinear(…, 5)" @19:19-19:44}
  target @19:46-19:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:48 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @20:19-20:44: layout{rank=3 cls=2 classes=5 "nn.LazyLinear(…, 5)" @20:19-20:44} raw{"nn.LazyLinear(…, 5)" @20:19-20:44}
  target @20:46-20:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:45 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @21:19-21:41: 
  target @21:43-21:44: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:41 ctor=@12:21-12:42 rename=@12:24-12:40 insert=@12:41-12:41
  args: 
  input @22:19-22:37: raw{"nn.LazyLinear(…)" @22:19-22:37}
  target @22:39-22:40: 
`,
  },
  {
    name: 'a function that calls itself records its loss once; **kw and typed parameters are bound (not taken from outer names); a typed default is used; __init__ arguments are not batched; the in-place division and multiplication methods; log_softmax on a value known to be nothing',
    code: `${H}kw = F.softmax(torch.zeros(3), dim=1)
crit = nn.CrossEntropyLoss(reduction='sum')
def r(x, y):
    F.mse_loss(x, y)
    r(x, y)
def g(**kw):
    return kw
def typed(p: torch.Tensor):
    return p
def typed_default(x, act: nn.Module = nn.Sigmoid()):
    return act(x)
class Holder:
    def __init__(self, s):
        self.p = torch.softmax(s, 0)
def f(x, y, n, idx):
    crit(g(), y)
    crit(typed(x.softmax(1)), y)
    crit(typed_default(x), y)
    crit(Holder(x).p, y)
    crit(z, y).divide_(n).backward()
    crit(z, y).true_divide_(n).backward()
    crit(z, y).floor_divide_(n).backward()
    crit(z, y).multiply(1 / n).backward()
    crit(z, y).multiply_(1 / n).backward()
    crit(UNKNOWN2.log_softmax(1), y)
`,
    expect: `loss MSELoss functional "F.mse_loss" call=@7:5-7:21 ctor=@7:5-7:21 rename=@7:7-7:15 insert=@7:20-7:20,
  args: 
  input @7:16-7:17: 
  target @7:19-7:20: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:17 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43,
  args: reduction="'sum'":"sum"@5:38-5:43
  input @19:10-19:13: 
  target @19:15-19:16: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:5-20:33 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43,
  args: reduction="'sum'":"sum"@5:38-5:43
  input @20:10-20:29: act{softmax dim=1 ".softmax(…)" @20:16-20:28 drop=[@20:16-20:28→"x"] toLog=[@20:18-20:25→"log_softmax"]}
  target @20:31-20:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:5-21:30 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43,
  args: reduction="'sum'":"sum"@5:38-5:43
  input @21:10-21:26: act{sigmoid dim=null "nn.Sigmoid()" @14:12-14:18 drop=[@14:12-14:18→"x"] toLog=-}
  target @21:28-21:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:5-22:25 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43,
  args: reduction="'sum'":"sum"@5:38-5:43
  input @22:10-22:21: act{softmax dim=0 "torch.softmax(…)" @17:18-17:37 drop=[@17:18-17:37→"s"] toLog=[@17:24-17:31→"log_softmax"]}
  target @22:23-22:24: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:5-23:15 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43, divided backward
  args: reduction="'sum'":"sum"@5:38-5:43
  input @23:10-23:11: 
  target @23:13-23:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:5-24:15 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43, divided backward
  args: reduction="'sum'":"sum"@5:38-5:43
  input @24:10-24:11: 
  target @24:13-24:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@25:5-25:15 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43, divided backward
  args: reduction="'sum'":"sum"@5:38-5:43
  input @25:10-25:11: 
  target @25:13-25:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:5-26:15 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43, divided backward
  args: reduction="'sum'":"sum"@5:38-5:43
  input @26:10-26:11: 
  target @26:13-26:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@27:5-27:15 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43, divided backward
  args: reduction="'sum'":"sum"@5:38-5:43
  input @27:10-27:11: 
  target @27:13-27:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@28:5-28:37 ctor=@5:8-5:44 rename=@5:11-5:27 insert=@5:43-5:43,
  args: reduction="'sum'":"sum"@5:38-5:43
  input @28:10-28:33: act{log_softmax dim=1 ".log_softmax(…)" @28:10-28:33 drop=[@28:10-28:33→"UNKNOWN2"] toLog=-}
  target @28:35-28:36: 
`,
  },
  {
    name: 'log of a softmax written as a method (.log() on the softmax call) gets a fix; a softmax whose name is on the line after its receiver is found; match forgets names, not keyword-argument names',
    code: `${H}def f(z, y, cmd):
    a = F.softmax(z, dim=1).log()
    b = torch.log(F
                  .softmax(z, dim=1))
    k = F.softmax(z, dim=1)
    match cmd:
        case 1:
            print(z, k=1)
    return F.cross_entropy(k, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@12:12-12:33 ctor=@12:12-12:33 rename=@12:14-12:27 insert=@12:32-12:32,
  args: 
  input @12:28-12:29: act{softmax dim=1 "F.softmax(…)" @8:9-8:28 drop=[@8:9-8:28→"z"] toLog=[@8:11-8:18→"log_softmax"]}
  target @12:31-12:32: 
op log-of-activation @5:9-5:34 outer=- outerForm="F.softmax(z, dim=1).log()" fix=[@5:9-5:34→"F.log_softmax(z, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"z"] toLog=[@5:11-5:18→"log_softmax"]
op log-of-activation @6:9-7:38 outer=- outerForm="torch.log(…)" fix=[@6:9-7:38→"F\\n                  .log_softmax(z, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @6:19-7:37 drop=[@6:19-7:37→"z"] toLog=[@7:20-7:27→"log_softmax"]
`,
  },
  {
    name: 'torch.argmax of a value known to be nothing gives class indices; an Embedding called without ids rebinds nothing',
    code: `${H}emb = nn.Embedding(10, 4, padding_idx=0)
def f(z, y):
    emb()
    F.mse_loss(z, torch.argmax(UNKNOWN, dim=1))
    F.cross_entropy(z, y)
`,
    expect: `loss MSELoss functional "F.mse_loss" call=@7:5-7:48 ctor=@7:5-7:48 rename=@7:7-7:15 insert=@7:47-7:47,
  args: 
  input @7:16-7:17: 
  target @7:19-7:47: classIndex{"torch.argmax(…)" @7:19-7:47}
loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:26 ctor=@8:5-8:26 rename=@8:7-8:20 insert=@8:25-8:25,
  args: 
  input @8:21-8:22: 
  target @8:24-8:25: 
`,
  },
  {
    name: 'a list of layer sizes changed in place (append/extend/insert/pop/remove/clear/reverse/sort) no longer gives the class count of nn.Linear(*sizes); one only read (len, index) still does; a tuple has no such methods',
    code: `${H}crit = nn.CrossEntropyLoss()
def f(z, y):
    d0 = [8, 4]
    d0.append(5)
    crit(nn.Linear(*d0)(z), y)
    d1 = [8, 4]
    d1.extend([5])
    crit(nn.Linear(*d1)(z), y)
    d2 = [8, 4]
    d2.insert(0, 5)
    crit(nn.Linear(*d2)(z), y)
    d3 = [8, 4]
    d3.pop()
    crit(nn.Linear(*d3)(z), y)
    d4 = [8, 4]
    d4.remove(4)
    crit(nn.Linear(*d4)(z), y)
    d5 = [8, 4]
    d5.clear()
    crit(nn.Linear(*d5)(z), y)
    d6 = [8, 4]
    d6.reverse()
    crit(nn.Linear(*d6)(z), y)
    d7 = [8, 4]
    d7.sort()
    crit(nn.Linear(*d7)(z), y)
    d8 = [8, 4]
    len(d8), d8.index(4)
    crit(nn.Linear(*d8)(z), y)
    d9 = (8, 4)
    d9.count(4)
    crit(nn.Linear(*d9)(z), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @8:10-8:27: raw{"nn.Linear(…)" @8:10-8:27}
  target @8:29-8:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:5-11:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @11:10-11:27: raw{"nn.Linear(…)" @11:10-11:27}
  target @11:29-11:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:5-14:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @14:10-14:27: raw{"nn.Linear(…)" @14:10-14:27}
  target @14:29-14:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:5-17:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @17:10-17:27: raw{"nn.Linear(…)" @17:10-17:27}
  target @17:29-17:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:5-20:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @20:10-20:27: raw{"nn.Linear(…)" @20:10-20:27}
  target @20:29-20:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:5-23:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @23:10-23:27: raw{"nn.Linear(…)" @23:10-23:27}
  target @23:29-23:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:5-26:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @26:10-26:27: raw{"nn.Linear(…)" @26:10-26:27}
  target @26:29-26:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:5-29:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @29:10-29:27: raw{"nn.Linear(…)" @29:10-29:27}
  target @29:29-29:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@32:5-32:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @32:10-32:27: raw{"nn.Linear(…, 4)" @32:10-32:27}
  target @32:29-32:30: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@35:5-35:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @35:10-35:27: raw{"nn.Linear(…, 4)" @35:10-35:27}
  target @35:29-35:30: 
`,
  },
  {
    name: "an RNN without batch_first gives (L, N, H): transpose(0, 1)/(1, 0)/(-3, -2) and permute(1, 0, 2) make it (N, L, H), a rank-3 input for the Linear after it; other dims, keywords, permute of two dims and the untransposed output give no layout",
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(4, 8)
        self.fc = nn.Linear(8, 3)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        o, _ = self.rnn(x)
        self.crit(self.fc(o.transpose(0, 1)), y)
        self.crit(self.fc(o.transpose(1, 0)), y)
        self.crit(self.fc(o.transpose(-3, -2)), y)
        self.crit(self.fc(o.permute(1, 0, 2)), y)
        self.crit(self.fc(o.permute(-2, -3, -1)), y)
        self.crit(self.fc(o.transpose(0, 2)), y)
        self.crit(self.fc(o.transpose(1, 2)), y)
        self.crit(self.fc(o.permute(0, 1, 2)), y)
        self.crit(self.fc(o.permute(0, 1)), y)
        self.crit(self.fc(o.permute(1, 0)), y)
        self.crit(self.fc(o.transpose(dim0=0, dim1=1)), y)
        self.crit(self.fc(o.transpose(0, d)), y)
        self.crit(self.fc(o), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:49 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @12:19-12:45: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @12:19-12:45} raw{"nn.Linear(…, 3)" @12:19-12:45}
  target @12:47-12:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:49 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @13:19-13:45: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @13:19-13:45} raw{"nn.Linear(…, 3)" @13:19-13:45}
  target @13:47-13:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:51 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @14:19-14:47: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @14:19-14:47} raw{"nn.Linear(…, 3)" @14:19-14:47}
  target @14:49-14:50: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:50 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @15:19-15:46: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @15:19-15:46} raw{"nn.Linear(…, 3)" @15:19-15:46}
  target @15:48-15:49: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:9-16:53 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @16:19-16:49: layout{rank=3 cls=2 classes=3 "nn.Linear(…, 3)" @16:19-16:49} raw{"nn.Linear(…, 3)" @16:19-16:49}
  target @16:51-16:52: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:49 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @17:19-17:45: raw{"nn.Linear(…, 3)" @17:19-17:45}
  target @17:47-17:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:49 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @18:19-18:45: raw{"nn.Linear(…, 3)" @18:19-18:45}
  target @18:47-18:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:9-19:50 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @19:19-19:46: raw{"nn.Linear(…, 3)" @19:19-19:46}
  target @19:48-19:49: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:47 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @20:19-20:43: raw{"nn.Linear(…, 3)" @20:19-20:43}
  target @20:45-20:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:9-21:47 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @21:19-21:43: raw{"nn.Linear(…, 3)" @21:19-21:43}
  target @21:45-21:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:59 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @22:19-22:55: raw{"nn.Linear(…, 3)" @22:19-22:55}
  target @22:57-22:58: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:49 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @23:19-23:45: raw{"nn.Linear(…, 3)" @23:19-23:45}
  target @23:47-23:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:9-24:33 ctor=@9:21-9:42 rename=@9:24-9:40 insert=@9:41-9:41
  args: 
  input @24:19-24:29: raw{"nn.Linear(…, 3)" @24:19-24:29}
  target @24:31-24:32: 
`,
  },
  {
    name: 'pad_sequence with a padding value that is a string literal or a float keeps it as written, its value only when a number',
    code: `${H}from torch.nn.utils.rnn import pad_sequence
from torch.nn import CrossEntropyLoss as CE
def f(z, ts):
    CE()(z, pad_sequence(ts, padding_value="0"))
    CE()(z, pad_sequence(ts, padding_value=-1.0))
`,
    expect: `loss CrossEntropyLoss module "CE" call=@7:5-7:49 ctor=@7:5-7:9 rename=- insert=@7:8-7:8
  args: 
  input @7:10-7:11: 
  target @7:13-7:48: pad{"\\"0\\"" null "pad_sequence(…, padding_value=\\"0\\")" @7:13-7:48}
loss CrossEntropyLoss module "CE" call=@8:5-8:50 ctor=@8:5-8:9 rename=- insert=@8:8-8:8
  args: 
  input @8:10-8:11: 
  target @8:13-8:49: pad{"-1.0" -1 "pad_sequence(…, padding_value=-1.0)" @8:13-8:49}
`,
  },
  {
    name: 'log of an activation that cannot be rewritten in place gets no fix: a softmax imported by name (nothing to rename), activation modules called without an input',
    code: `${H}from torch.nn.functional import softmax
def f(z):
    a = torch.log(softmax(z, dim=1))
    b = torch.log(nn.Softmax(dim=1)())
    c = torch.log(nn.Sigmoid()())
    return a, b, c
`,
    expect: `op log-of-activation @6:9-6:37 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "F.softmax(…)" @6:19-6:36 drop=[@6:19-6:36→"z"] toLog=-
op log-of-activation @7:9-7:39 outer=- outerForm="torch.log(…)" fix=-
  act softmax dim=1 "nn.Softmax(dim=1)" @7:19-7:38 drop=- toLog=[@7:22-7:29→"LogSoftmax"]
op log-of-activation @8:9-8:34 outer=- outerForm="torch.log(…)" fix=-
  act sigmoid dim=null "nn.Sigmoid()" @8:19-8:33 drop=- toLog=-
`,
  },
  {
    name: 'a layer size after positional arguments and a *tuple: spelled out in order; a torch function of a tensor and a number is a tensor (batched as the tensor)',
    code: `${H}crit = nn.CrossEntropyLoss()
class Net(nn.Module):
    def forward(self, x, y):
        dims = (4,)
        none = ()
        crit(nn.Linear(16, *dims)(x), y)
        crit(nn.LazyLinear(7, *none)(x), y)
        crit(torch.add(x, 1).softmax(0), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:9-9:41 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @9:14-9:37: raw{"nn.Linear(…, 4)" @9:14-9:37}
  target @9:39-9:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:9-10:44 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @10:14-10:40: raw{"nn.LazyLinear(…, 7)" @10:14-10:40}
  target @10:42-10:43: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:44 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @11:14-11:40: act{softmax dim=0 ".softmax(…)" @11:14-11:40 batched drop=[@11:14-11:40→"torch.add(x, 1)"] toLog=[@11:30-11:37→"log_softmax"]}
  target @11:42-11:43: 
`,
  },
  {
    name: 'pad_sequence gives a batch of padded rows (batched)',
    code: `${H}from torch.nn.utils.rnn import pad_sequence
def f(ts, y):
    F.mse_loss(pad_sequence(ts).float().softmax(0), y)
`,
    expect: `loss MSELoss functional "F.mse_loss" call=@6:5-6:55 ctor=@6:5-6:55 rename=@6:7-6:15 insert=@6:54-6:54,
  args: 
  input @6:16-6:51: act{softmax dim=0 ".softmax(…)" @6:16-6:51 batched drop=[@6:16-6:51→"pad_sequence(ts).float()"] toLog=[@6:41-6:48→"log_softmax"]}
  target @6:53-6:54: 
`,
  },
];

table('flow facts (edges)', CASES, factsOf);
