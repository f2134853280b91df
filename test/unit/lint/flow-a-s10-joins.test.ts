/**
 * What src/lint/flow.ts knows where two paths meet (#21, session 10), fact by fact
 * (test/unit/lint/flow-b-facts.ts): the same value on both paths, two tensors (each fact kept only from
 * one site; batched only when both are), numbers and strings, tuples and lists, loss objects, layouts,
 * a name bound on one path only, a loss carried by an unknown value.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "join of the same value on both paths: a module alias, a loss object, a function and an instance bound before the if and assigned in both branches stay known",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss()
def helper(t):
    return F.softmax(t, dim=1)
class Net(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x)
net = Net()
def step(x, y, c):
    if c:
        g, l, h, m = F, crit, helper, net
    else:
        g, l, h, m = F, crit, helper, net
    l(g.softmax(x, dim=1), y)
    F.binary_cross_entropy_with_logits(m(x), y)
    crit(h(x), y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:5-16:30 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @16:7-16:26: act{softmax dim=1 "F.softmax(…)" @16:7-16:26 drop=[@16:7-16:26→"x"] toLog=[@16:9-16:16→"log_softmax"]}
  target @16:28-16:29: 
loss BCEWithLogitsLoss functional "F.binary_cross_entropy_with_logits" call=@17:5-17:48 ctor=@17:5-17:48 rename=@17:7-17:39 insert=@17:47-17:47,
  args: 
  input @17:40-17:44: act{sigmoid dim=null "torch.sigmoid(…)" @9:16-9:32 batched drop=[@9:16-9:32→"x"] toLog=-}
  target @17:46-17:47: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:5-18:18 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @18:10-18:14: act{softmax dim=1 "F.softmax(…)" @6:12-6:31 drop=[@6:12-6:31→"t"] toLog=[@6:14-6:21→"log_softmax"]}
  target @18:16-18:17: 
`,
  },
  {
    name: "join of two tensors: each fact (act, pad, classIndex, layout) is kept only when both paths carry it from the same site; batched only when both are",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
mse = nn.MSELoss()
def step(x, y, seqs, w, c):
    s = F.softmax(x, dim=1)
    t = pad_sequence(seqs, batch_first=True, padding_value=0)
    k = torch.argmax(x, dim=1)
    if c:
        a, b, d = s.float(), t.long(), k.float()
        e = x.softmax(0)
        q = F.softmax(x, dim=1)
    else:
        a, b, d = s.cpu(), t.cpu(), k.cpu()
        e = w.softmax(0)
        q = F.softmax(x, dim=1)
    crit(a, b)
    mse(d, y)
    crit(q, y)
    crit(e, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:5-19:15 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @19:10-19:11: act{softmax dim=1 "F.softmax(…)" @8:9-8:28 drop=[@8:9-8:28→"x"] toLog=[@8:11-8:18→"log_softmax"]}
  target @19:13-19:14: pad{"0" 0 "pad_sequence(…, padding_value=0)" @9:9-9:62}
loss MSELoss module "nn.MSELoss" call=@20:5-20:14 ctor=@6:7-6:19 rename=@6:10-6:17 insert=@6:18-6:18
  args: 
  input @20:9-20:10: classIndex{"torch.argmax(…)" @10:9-10:31}
  target @20:12-20:13: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@21:5-21:15 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @21:10-21:11: 
  target @21:13-21:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:5-22:15 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @22:10-22:11: 
  target @22:13-22:14: 
`,
  },
  {
    name: "join of tensors in a forward: batched on both paths stays batched (a softmax over dim 0 of it is flagged); batched on one path only is not",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def forward(self, x, y, w, c):
        if c:
            h, g = x * 2, torch.sigmoid(x)
        else:
            h, g = x + 1, torch.sigmoid(self.w)
        return F.nll_loss(F.log_softmax(h, dim=0), y) + F.nll_loss(F.log_softmax(g, dim=0), y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@10:16-10:54 ctor=@10:16-10:54 rename=@10:18-10:26 insert=@10:53-10:53,
  args: 
  input @10:27-10:50: act{log_softmax dim=0 "F.log_softmax(…)" @10:27-10:50 batched drop=[@10:27-10:50→"h"] toLog=-}
  target @10:52-10:53: 
loss NLLLoss functional "F.nll_loss" call=@10:57-10:95 ctor=@10:57-10:95 rename=@10:59-10:67 insert=@10:94-10:94,
  args: 
  input @10:68-10:91: act{log_softmax dim=0 "F.log_softmax(…)" @10:68-10:91 drop=[@10:68-10:91→"g"] toLog=-}
  target @10:93-10:94: 
`,
  },
  {
    name: "join of numbers: equal values on both paths stay known (dim=0 is read), different ones are unknown; True/False and None alike; strings alike",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def forward(self, x, y, c):
        if c:
            d0, d1, n, r, r2 = 0, 0, None, 'sum', 'sum'
        else:
            d0, d1, n, r, r2 = 0, 1, None, 'mean', 'sum'
        F.nll_loss(F.log_softmax(x, dim=d0), y)
        F.nll_loss(F.log_softmax(x, dim=d1), y)
        F.nll_loss(F.log_softmax(x, dim=n), y)
        F.cross_entropy(x, y, reduction=r2)
        return F.cross_entropy(x, y, reduction=r)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@10:9-10:48 ctor=@10:9-10:48 rename=@10:11-10:19 insert=@10:47-10:47,
  args: 
  input @10:20-10:44: act{log_softmax dim=0 "F.log_softmax(…)" @10:20-10:44 batched drop=[@10:20-10:44→"x"] toLog=-}
  target @10:46-10:47: 
loss NLLLoss functional "F.nll_loss" call=@11:9-11:48 ctor=@11:9-11:48 rename=@11:11-11:19 insert=@11:47-11:47,
  args: 
  input @11:20-11:44: act{log_softmax dim=undefined "F.log_softmax(…)" @11:20-11:44 batched drop=[@11:20-11:44→"x"] toLog=-}
  target @11:46-11:47: 
loss NLLLoss functional "F.nll_loss" call=@12:9-12:47 ctor=@12:9-12:47 rename=@12:11-12:19 insert=@12:46-12:46,
  args: 
  input @12:20-12:43: act{log_softmax dim=null "F.log_softmax(…)" @12:20-12:43 batched drop=[@12:20-12:43→"x"] toLog=-}
  target @12:45-12:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:9-13:44 ctor=@13:9-13:44 rename=@13:11-13:24 insert=@13:43-13:43,
  args: reduction="r2":"sum"@13:41-13:43
  input @13:25-13:26: 
  target @13:28-13:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@14:16-14:50 ctor=@14:16-14:50 rename=@14:18-14:31 insert=@14:49-14:49,
  args: reduction="r":undefined@14:48-14:49
  input @14:32-14:33: 
  target @14:35-14:36: 
op softmax-no-dim @12:20-12:43 outer=- outerForm=undefined fix=-
  act log_softmax dim=null "F.log_softmax(…)" @12:20-12:43 batched drop=[@12:20-12:43→"x"] toLog=-
`,
  },
  {
    name: "join of tuples: of the same length, item by item (an item known on both paths stays known); of different lengths, unknown; a list on either path is a list",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def step(x, y, c):
    s = F.softmax(x, dim=1)
    if c:
        t = (s, y)
        u = (s, y)
        v = [s]
    else:
        t = (s, x)
        u = (s, y, x)
        v = (s,)
    a, b = t
    F.cross_entropy(a, b)
    p, q = u
    F.cross_entropy(p, y)
    (r,) = v
    F.cross_entropy(r, y)
    v.append(x)
    (r2,) = v
    F.cross_entropy(r2, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@15:5-15:26 ctor=@15:5-15:26 rename=@15:7-15:20 insert=@15:25-15:25,
  args: 
  input @15:21-15:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @15:24-15:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@17:5-17:26 ctor=@17:5-17:26 rename=@17:7-17:20 insert=@17:25-17:25,
  args: 
  input @17:21-17:22: 
  target @17:24-17:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@19:5-19:26 ctor=@19:5-19:26 rename=@19:7-19:20 insert=@19:25-19:25,
  args: 
  input @19:21-19:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @19:24-19:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@22:5-22:27 ctor=@22:5-22:27 rename=@22:7-22:20 insert=@22:26-22:26,
  args: 
  input @22:21-22:23: 
  target @22:25-22:26: 
`,
  },
  {
    name: "join of loss objects: built at the same site on both paths (a factory called in each branch) they stay known; built at two sites they are unknown",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def make():
    return nn.CrossEntropyLoss(reduction='sum')
def step(x, y, c):
    if c:
        crit = make()
        other = nn.CrossEntropyLoss(reduction='sum')
    else:
        crit = make()
        other = nn.CrossEntropyLoss(reduction='sum')
    crit(x, y).backward()
    other(x, y).backward()
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:5-13:15 ctor=@5:12-5:48 rename=@5:15-5:31 insert=@5:47-5:47, backward
  args: reduction="'sum'":"sum"@5:42-5:47
  input @13:10-13:11: 
  target @13:13-13:14: 
`,
  },
  {
    name: "a name bound on one path only (if without else, new name) is unknown after the if; a value that is no tensor on one path and carries a loss on the other keeps the loss (sum-reduction still sees it backpropagated undivided)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
crit = nn.CrossEntropyLoss(reduction='sum')
def step(x, y, c, n):
    if c:
        fresh = F.softmax(x, dim=1)
    F.cross_entropy(fresh, y)
    loss = 0
    if n:
        loss = crit(x, y)
    loss.backward()
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:30 ctor=@8:5-8:30 rename=@8:7-8:20 insert=@8:29-8:29,
  args: 
  input @8:21-8:26: 
  target @8:28-8:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:16-11:26 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @11:21-11:22: 
  target @11:24-11:25: 
`,
  },
  {
    name: "join of layouts: a Conv1d's (N, C, L) output on both paths keeps its layout when it comes from the same site (a transpose of it is then flagged), not when each path has its own conv call",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(8, 5, 3)
    def forward(self, x, y, c):
        h = self.conv(x)
        if c:
            a = h.float()
            b = self.conv(x)
        else:
            a = h.cpu()
            b = self.conv(x)
        return F.cross_entropy(a.transpose(1, 2), y) + F.cross_entropy(b.transpose(1, 2), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@16:16-16:53 ctor=@16:16-16:53 rename=@16:18-16:31 insert=@16:52-16:52,
  args: 
  input @16:32-16:49: layout{rank=3 cls=2 classes=5 "nn.Conv1d(…, 5, …)" @9:13-9:25} raw{"nn.Conv1d(…, 5, …)" @9:13-9:25}
  target @16:51-16:52: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@16:56-16:93 ctor=@16:56-16:93 rename=@16:58-16:71 insert=@16:92-16:92,
  args: 
  input @16:72-16:89: 
  target @16:91-16:92: 
`,
  },
];

table("joins (flow-a)", CASES, (code) => factsOf(code));
