/**
 * The values of src/lint/flow.ts (#21, session 10), fact by fact (test/unit/lint/flow-b-facts.ts):
 * unpacking, item assignment (padding masked, lists and nn.Sequential forgotten), literals, losses
 * divided or not (sum-reduction), subscripts of tensors, tuples and tokenizer batches, products with
 * log_softmax (hand-written losses) and the batchedness of an operator's result.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "unpacking: a tuple into as many names, item by item; into a different number of names, or with a star, every name is unknown; nested patterns; [a, b] = …; a name unpacked from a tensor is unknown",
    code: `import torch
import torch.nn.functional as F
def f(x, y):
    s = F.softmax(x, dim=1)
    a, b = s, y
    c, d, e = s, y
    g, *h = s, y
    (i, j), k = (s, y), x
    [l, m] = [s, y]
    n, o = s
    F.cross_entropy(a, b)
    F.cross_entropy(c, y)
    F.cross_entropy(g, y)
    F.cross_entropy(i, y)
    F.cross_entropy(l, y)
    F.cross_entropy(n, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@11:5-11:26 ctor=@11:5-11:26 rename=@11:7-11:20 insert=@11:25-11:25,
  args: 
  input @11:21-11:22: act{softmax dim=1 "F.softmax(…)" @4:9-4:28 drop=[@4:9-4:28→"x"] toLog=[@4:11-4:18→"log_softmax"]}
  target @11:24-11:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:5-12:26 ctor=@12:5-12:26 rename=@12:7-12:20 insert=@12:25-12:25,
  args: 
  input @12:21-12:22: 
  target @12:24-12:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:5-13:26 ctor=@13:5-13:26 rename=@13:7-13:20 insert=@13:25-13:25,
  args: 
  input @13:21-13:22: 
  target @13:24-13:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@14:5-14:26 ctor=@14:5-14:26 rename=@14:7-14:20 insert=@14:25-14:25,
  args: 
  input @14:21-14:22: act{softmax dim=1 "F.softmax(…)" @4:9-4:28 drop=[@4:9-4:28→"x"] toLog=[@4:11-4:18→"log_softmax"]}
  target @14:24-14:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@15:5-15:26 ctor=@15:5-15:26 rename=@15:7-15:20 insert=@15:25-15:25,
  args: 
  input @15:21-15:22: act{softmax dim=1 "F.softmax(…)" @4:9-4:28 drop=[@4:9-4:28→"x"] toLog=[@4:11-4:18→"log_softmax"]}
  target @15:24-15:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@16:5-16:26 ctor=@16:5-16:26 rename=@16:7-16:20 insert=@16:25-16:25,
  args: 
  input @16:21-16:22: 
  target @16:24-16:25: 
`,
  },
  {
    name: "item assignment masks the padding of a tensor name or of self.attr (not of another instance's attribute read through an unknown object); it forgets a list or an nn.Sequential changed in place, and leaves any other value (a tuple, a module) as it was",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
SM = nn.Softmax(dim=1)
class Net(nn.Module):
    def __init__(self, seqs):
        super().__init__()
        self.t = pad_sequence(seqs, batch_first=True, padding_value=0)
        self.u = pad_sequence(seqs, batch_first=True, padding_value=0)
        self.t[self.t == 0] = -100
    def forward(self, x, seqs, other):
        crit(x, self.t)
        crit(x, self.u)
        a = pad_sequence(seqs, batch_first=True, padding_value=0)
        a[a == 0] = -100
        crit(x, a)
        other.u[0] = 1
        crit(x, self.u)
        m = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
        m[1] = nn.Identity()
        crit(m(x), a)
        m2 = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
        crit(m2(x), a)
        fs = [SM]
        fs[0] = nn.Identity()
        (f0,) = fs
        crit(f0(x), a)
        tup = (SM,)
        tup[0] = 1
        (t0,) = tup
        crit(t0(x), a)
        d = SM
        d[0] = 1
        crit(d(x), a)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:24 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @14:14-14:15: 
  target @14:17-14:23: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:24 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @15:14-15:15: 
  target @15:17-15:23: pad{"0" 0 "pad_sequence(…, padding_value=0)" @11:18-11:71}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:9-18:19 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @18:14-18:15: 
  target @18:17-18:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:24 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @20:14-20:15: 
  target @20:17-20:23: pad{"0" 0 "pad_sequence(…, padding_value=0)" @11:18-11:71}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@23:9-23:22 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @23:14-23:18: 
  target @23:20-23:21: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@25:9-25:23 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @25:14-25:19: act{softmax dim=1 "nn.Softmax(dim=1)" @24:45-24:62 batched drop=[@24:43-24:62→""] toLog=[@24:48-24:55→"LogSoftmax"]}
  target @25:21-25:22: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@29:9-29:23 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @29:14-29:19: 
  target @29:21-29:22: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@33:9-33:23 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @33:14-33:19: act{softmax dim=1 "nn.Softmax(dim=1)" @33:14-33:19 batched drop=[@33:14-33:19→"x"] toLog=[@6:9-6:16→"LogSoftmax"]}
  target @33:21-33:22: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@36:9-36:22 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @36:14-36:18: act{softmax dim=1 "nn.Softmax(dim=1)" @36:14-36:18 batched drop=[@36:14-36:18→"x"] toLog=[@6:9-6:16→"LogSoftmax"]}
  target @36:20-36:21: 
`,
  },
  {
    name: "literals: integers with underscores, hex, negative numbers (a unary minus), True/False/None, plain and prefixed strings are known values; a string with an escape or an f-string is not",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss(ignore_index=-1_00)
def f(x, y):
    nn.CrossEntropyLoss(ignore_index=0x10)(x, y)
    nn.CrossEntropyLoss(ignore_index=-5)(x, y)
    nn.CrossEntropyLoss(ignore_index=+5)(x, y)
    nn.CrossEntropyLoss(reduction=r'sum')(x, y)
    nn.CrossEntropyLoss(reduction="sum")(x, y)
    nn.CrossEntropyLoss(reduction=b'sum')(x, y)
    nn.CrossEntropyLoss(reduction='s\\um')(x, y)
    nn.CrossEntropyLoss(reduction=f'sum')(x, y)
    nn.CrossEntropyLoss(reduction='''sum''')(x, y)
    nn.KLDivLoss(log_target=True)(x, y)
    nn.KLDivLoss(log_target=False)(x, y)
    nn.KLDivLoss(log_target=None)(x, y)
    nn.CrossEntropyLoss(ignore_index=-y)(x, y)
    nn.CrossEntropyLoss(ignore_index=2.5)(x, y)
    crit(x, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:5-6:49 ctor=@6:5-6:43 rename=@6:8-6:24 insert=@6:42-6:42,
  args: ignore_index="0x10":16@6:38-6:42
  input @6:44-6:45: 
  target @6:47-6:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:5-7:47 ctor=@7:5-7:41 rename=@7:8-7:24 insert=@7:40-7:40,
  args: ignore_index="-5":-5@7:38-7:40
  input @7:42-7:43: 
  target @7:45-7:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:47 ctor=@8:5-8:41 rename=@8:8-8:24 insert=@8:40-8:40,
  args: ignore_index="+5":undefined@8:38-8:40
  input @8:42-8:43: 
  target @8:45-8:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:5-9:48 ctor=@9:5-9:42 rename=@9:8-9:24 insert=@9:41-9:41,
  args: reduction="r'sum'":"sum"@9:35-9:41
  input @9:43-9:44: 
  target @9:46-9:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:5-10:47 ctor=@10:5-10:41 rename=@10:8-10:24 insert=@10:40-10:40,
  args: reduction="\\"sum\\"":"sum"@10:35-10:40
  input @10:42-10:43: 
  target @10:45-10:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:5-11:48 ctor=@11:5-11:42 rename=@11:8-11:24 insert=@11:41-11:41,
  args: reduction="b'sum'":"sum"@11:35-11:41
  input @11:43-11:44: 
  target @11:46-11:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:5-12:48 ctor=@12:5-12:42 rename=@12:8-12:24 insert=@12:41-12:41,
  args: reduction="'s\\\\um'":undefined@12:35-12:41
  input @12:43-12:44: 
  target @12:46-12:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:5-13:48 ctor=@13:5-13:42 rename=@13:8-13:24 insert=@13:41-13:41,
  args: reduction="f'sum'":undefined@13:35-13:41
  input @13:43-13:44: 
  target @13:46-13:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:5-14:51 ctor=@14:5-14:45 rename=@14:8-14:24 insert=@14:44-14:44,
  args: reduction="'''sum'''":undefined@14:35-14:44
  input @14:46-14:47: 
  target @14:49-14:50: 
loss KLDivLoss module "nn.KLDivLoss" call=@15:5-15:40 ctor=@15:5-15:34 rename=@15:8-15:17 insert=@15:33-15:33,
  args: log_target="True":true@15:29-15:33
  input @15:35-15:36: 
  target @15:38-15:39: 
loss KLDivLoss module "nn.KLDivLoss" call=@16:5-16:41 ctor=@16:5-16:35 rename=@16:8-16:17 insert=@16:34-16:34,
  args: log_target="False":false@16:29-16:34
  input @16:36-16:37: 
  target @16:39-16:40: 
loss KLDivLoss module "nn.KLDivLoss" call=@17:5-17:40 ctor=@17:5-17:34 rename=@17:8-17:17 insert=@17:33-17:33,
  args: log_target="None":null@17:29-17:33
  input @17:35-17:36: 
  target @17:38-17:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:5-18:47 ctor=@18:5-18:41 rename=@18:8-18:24 insert=@18:40-18:40,
  args: ignore_index="-y":undefined@18:38-18:40
  input @18:42-18:43: 
  target @18:45-18:46: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:48 ctor=@19:5-19:42 rename=@19:8-19:24 insert=@19:41-19:41,
  args: ignore_index="2.5":2.5@19:38-19:41
  input @19:43-19:44: 
  target @19:46-19:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:5-20:15 ctor=@4:8-4:47 rename=@4:11-4:27 insert=@4:46-4:46,
  args: ignore_index="-1_00":-100@4:41-4:46
  input @20:10-20:11: 
  target @20:13-20:14: 
`,
  },
  {
    name: "sum-reduction: a loss divided (/, //, /=, * 1.0/n on either side, *= 1.0/n) is not flagged; multiplied by a plain number, added to, negated, or divided into (n / loss) it still is; a loss carried through a tuple item, a conditional expression, a walrus and a chained assignment keeps its backward",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss(reduction='sum')
def f(x, y, n, c):
    a = crit(x, y)
    (a / n).backward()
    b = crit(x, y)
    (b // n).backward()
    d = crit(x, y)
    d /= n
    d.backward()
    e = crit(x, y)
    (e * (1.0 / n)).backward()
    g = crit(x, y)
    ((1.0 / n) * g).backward()
    h = crit(x, y)
    h *= 1.0 / n
    h.backward()
    i = crit(x, y)
    (i * 2).backward()
    j = crit(x, y)
    (j + 1).backward()
    k = crit(x, y)
    (-k).backward()
    l = crit(x, y)
    (n / l).backward()
    m = crit(x, y)
    m *= n
    m.backward()
    o = crit(x, y)
    (o - n).backward()
    t = (crit(x, y), 1)
    t[0].backward()
    (crit(x, y) if c else crit(x, y)).backward()
    (w := crit(x, y)).backward()
    p = q = crit(x, y)
    q.backward()
    r = crit(x, y)
    r -= n
    r.backward()
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:9-6:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @6:14-6:15: 
  target @6:17-6:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:9-8:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:14-8:15: 
  target @8:17-8:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:9-10:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:14-10:15: 
  target @10:17-10:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @13:14-13:15: 
  target @13:17-13:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @15:14-15:15: 
  target @15:17-15:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:9-17:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @17:14-17:15: 
  target @17:17-17:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:9-20:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @20:14-20:15: 
  target @20:17-20:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @22:14-22:15: 
  target @22:17-22:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@24:9-24:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @24:14-24:15: 
  target @24:17-24:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@26:9-26:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @26:14-26:15: 
  target @26:17-26:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@28:9-28:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @28:14-28:15: 
  target @28:17-28:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@31:9-31:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @31:14-31:15: 
  target @31:17-31:18: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@33:10-33:20 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @33:15-33:16: 
  target @33:18-33:19: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@35:6-35:16 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @35:11-35:12: 
  target @35:14-35:15: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@35:27-35:37 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @35:32-35:33: 
  target @35:35-35:36: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@36:11-36:21 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @36:16-36:17: 
  target @36:19-36:20: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@37:13-37:23 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @37:18-37:19: 
  target @37:21-37:22: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@39:9-39:19 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @39:14-39:15: 
  target @39:17-39:18: 
`,
  },
  {
    name: "subscripts: indexing a tensor keeps its activation and padding but drops its class-index and layout facts; a tuple item by a positive or negative index (out of range: unknown); a string or slice key on a tuple is unknown; a tokenizer batch's ['input_ids'] is a padded batched tensor, any other key is unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
mse = nn.MSELoss()
def f(x, y, tok, texts):
    s = F.softmax(x, dim=1)
    k = torch.argmax(x, dim=1)
    F.cross_entropy(s[:, :3], y)
    mse(k[0], y)
    t = (s, y, k)
    F.cross_entropy(t[0], y)
    F.cross_entropy(t[-3], y)
    F.cross_entropy(t[3], y)
    F.cross_entropy(t[-4], y)
    F.cross_entropy(t['a'], y)
    F.cross_entropy(t[0:1], y)
    F.cross_entropy(t[0, 1], y)
    mse(t[2], y)
    b = tok(texts, padding=True)
    F.cross_entropy(x, b['input_ids'])
    F.cross_entropy(x, b['attention_mask'])
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:33 ctor=@8:5-8:33 rename=@8:7-8:20 insert=@8:32-8:32,
  args: 
  input @8:21-8:29: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @8:31-8:32: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:17 ctor=@4:7-4:19 rename=@4:10-4:17 insert=@4:18-4:18
  args: 
  input @9:9-9:13: 
  target @9:15-9:16: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@11:5-11:29 ctor=@11:5-11:29 rename=@11:7-11:20 insert=@11:28-11:28,
  args: 
  input @11:21-11:25: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @11:27-11:28: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:5-12:30 ctor=@12:5-12:30 rename=@12:7-12:20 insert=@12:29-12:29,
  args: 
  input @12:21-12:26: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @12:28-12:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:5-13:29 ctor=@13:5-13:29 rename=@13:7-13:20 insert=@13:28-13:28,
  args: 
  input @13:21-13:25: 
  target @13:27-13:28: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@14:5-14:30 ctor=@14:5-14:30 rename=@14:7-14:20 insert=@14:29-14:29,
  args: 
  input @14:21-14:26: 
  target @14:28-14:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@15:5-15:31 ctor=@15:5-15:31 rename=@15:7-15:20 insert=@15:30-15:30,
  args: 
  input @15:21-15:27: 
  target @15:29-15:30: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@16:5-16:31 ctor=@16:5-16:31 rename=@16:7-16:20 insert=@16:30-16:30,
  args: 
  input @16:21-16:27: 
  target @16:29-16:30: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@17:5-17:32 ctor=@17:5-17:32 rename=@17:7-17:20 insert=@17:31-17:31,
  args: 
  input @17:21-17:28: 
  target @17:30-17:31: 
loss MSELoss module "nn.MSELoss" call=@18:5-18:17 ctor=@4:7-4:19 rename=@4:10-4:17 insert=@4:18-4:18
  args: 
  input @18:9-18:13: classIndex{"torch.argmax(…)" @7:9-7:31}
  target @18:15-18:16: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:5-20:39 ctor=@20:5-20:39 rename=@20:7-20:20 insert=@20:38-20:38,
  args: 
  input @20:21-20:22: 
  target @20:24-20:38: pad{"tok.pad_token_id" null "tok(…, padding=True)" @19:9-19:33}
loss CrossEntropyLoss functional "F.cross_entropy" call=@21:5-21:44 ctor=@21:5-21:44 rename=@21:7-21:20 insert=@21:43-21:43,
  args: 
  input @21:21-21:22: 
  target @21:24-21:43: 
`,
  },
  {
    name: "a product with log_softmax is a hand-written loss (either side, also of log(softmax)); with a sigmoid or a log_sigmoid it is not; a tensor operated on with anything is a tensor without facts, batched when either side is batched",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def forward(self, x, y):
        a = (y * F.log_softmax(x, dim=1)).sum()
        b = (torch.log(F.softmax(x, dim=1)) * y).sum()
        c = (y * torch.sigmoid(x)).sum()
        d = (y * F.logsigmoid(x)).sum()
        e = F.log_softmax(x * 2, dim=0)
        g = F.log_softmax(2 * x, dim=0)
        h = F.log_softmax(x @ self.w, dim=0)
        i = F.log_softmax(self.w + self.v, dim=0)
        j = F.log_softmax(-x, dim=0)
        k = F.log_softmax(torch.sigmoid(self.w) - 1, dim=0)
        l = F.log_softmax(1 - torch.sigmoid(self.w), dim=0)
        m = F.log_softmax(torch.sigmoid(self.w) + torch.sigmoid(x), dim=0)
        o = F.log_softmax(torch.sigmoid(x) + torch.sigmoid(self.w), dim=0)
        p = F.log_softmax(-torch.sigmoid(self.w), dim=0)
        return F.nll_loss(e, y) + F.nll_loss(g, y) + F.nll_loss(h, y) + F.nll_loss(i, y) + F.nll_loss(j, y) + F.nll_loss(k, y) + F.nll_loss(l, y) + F.nll_loss(m, y) + F.nll_loss(o, y) + F.nll_loss(p, y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@20:16-20:32 ctor=@20:16-20:32 rename=@20:18-20:26 insert=@20:31-20:31,
  args: 
  input @20:27-20:28: act{log_softmax dim=0 "F.log_softmax(…)" @10:13-10:40 batched drop=[@10:13-10:40→"x * 2"] toLog=-}
  target @20:30-20:31: 
loss NLLLoss functional "F.nll_loss" call=@20:35-20:51 ctor=@20:35-20:51 rename=@20:37-20:45 insert=@20:50-20:50,
  args: 
  input @20:46-20:47: act{log_softmax dim=0 "F.log_softmax(…)" @11:13-11:40 batched drop=[@11:13-11:40→"2 * x"] toLog=-}
  target @20:49-20:50: 
loss NLLLoss functional "F.nll_loss" call=@20:54-20:70 ctor=@20:54-20:70 rename=@20:56-20:64 insert=@20:69-20:69,
  args: 
  input @20:65-20:66: act{log_softmax dim=0 "F.log_softmax(…)" @12:13-12:45 batched drop=[@12:13-12:45→"x @ self.w"] toLog=-}
  target @20:68-20:69: 
loss NLLLoss functional "F.nll_loss" call=@20:73-20:89 ctor=@20:73-20:89 rename=@20:75-20:83 insert=@20:88-20:88,
  args: 
  input @20:84-20:85: act{log_softmax dim=0 "F.log_softmax(…)" @13:13-13:50 drop=[@13:13-13:50→"self.w + self.v"] toLog=-}
  target @20:87-20:88: 
loss NLLLoss functional "F.nll_loss" call=@20:92-20:108 ctor=@20:92-20:108 rename=@20:94-20:102 insert=@20:107-20:107,
  args: 
  input @20:103-20:104: act{log_softmax dim=0 "F.log_softmax(…)" @14:13-14:37 batched drop=[@14:13-14:37→"-x"] toLog=-}
  target @20:106-20:107: 
loss NLLLoss functional "F.nll_loss" call=@20:111-20:127 ctor=@20:111-20:127 rename=@20:113-20:121 insert=@20:126-20:126,
  args: 
  input @20:122-20:123: act{log_softmax dim=0 "F.log_softmax(…)" @15:13-15:60 drop=[@15:13-15:60→"torch.sigmoid(self.w) - 1"] toLog=-}
  target @20:125-20:126: 
loss NLLLoss functional "F.nll_loss" call=@20:130-20:146 ctor=@20:130-20:146 rename=@20:132-20:140 insert=@20:145-20:145,
  args: 
  input @20:141-20:142: act{log_softmax dim=0 "F.log_softmax(…)" @16:13-16:60 drop=[@16:13-16:60→"1 - torch.sigmoid(self.w)"] toLog=-}
  target @20:144-20:145: 
loss NLLLoss functional "F.nll_loss" call=@20:149-20:165 ctor=@20:149-20:165 rename=@20:151-20:159 insert=@20:164-20:164,
  args: 
  input @20:160-20:161: act{log_softmax dim=0 "F.log_softmax(…)" @17:13-17:75 batched drop=[@17:13-17:75→"torch.sigmoid(self.w) + torch.sigmoid(x)"] toLog=-}
  target @20:163-20:164: 
loss NLLLoss functional "F.nll_loss" call=@20:168-20:184 ctor=@20:168-20:184 rename=@20:170-20:178 insert=@20:183-20:183,
  args: 
  input @20:179-20:180: act{log_softmax dim=0 "F.log_softmax(…)" @18:13-18:75 batched drop=[@18:13-18:75→"torch.sigmoid(x) + torch.sigmoid(self.w)"] toLog=-}
  target @20:182-20:183: 
loss NLLLoss functional "F.nll_loss" call=@20:187-20:203 ctor=@20:187-20:203 rename=@20:189-20:197 insert=@20:202-20:202,
  args: 
  input @20:198-20:199: act{log_softmax dim=0 "F.log_softmax(…)" @19:13-19:57 drop=[@19:13-19:57→"-torch.sigmoid(self.w)"] toLog=-}
  target @20:201-20:202: 
op hand-written-loss @6:14-6:41 outer=- outerForm="*" fix=-
  act log_softmax dim=1 "F.log_softmax(…)" @6:18-6:41 batched drop=[@6:18-6:41→"x"] toLog=-
op log-of-activation @7:14-7:44 outer=- outerForm="torch.log(…)" fix=[@7:14-7:44→"F.log_softmax(x, dim=1)"]
  act softmax dim=1 "F.softmax(…)" @7:24-7:43 batched drop=[@7:24-7:43→"x"] toLog=[@7:26-7:33→"log_softmax"]
op hand-written-loss @7:14-7:48 outer=- outerForm="*" fix=-
  act log_of_softmax dim=1 "torch.log(…)" @7:14-7:44 batched drop=- toLog=-
`,
  },
];

table("values (flow-a)", CASES, (code) => factsOf(code));
