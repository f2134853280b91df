/**
 * Behaviour around the lines of the seed-88 sample of src/lint/flow.ts lines 1-730 (#21, session 10), fact
 * by fact (test/unit/lint/flow-b-facts.ts): joins where one path only carries a fact, attributes written
 * in different branches, a try's else clause, import of a dotted torch path, annotations.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "join where only one path carries a fact (either order): an activation, padding, a class index, a layout and a raw layer output are all dropped",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
mse = nn.MSELoss()
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(8, 5, 3)
    def forward(self, x, y, seqs, c):
        s = F.softmax(x, dim=1)
        t = pad_sequence(seqs, batch_first=True, padding_value=0)
        k = torch.argmax(x, dim=1)
        h = self.conv(x)
        if c:
            a1, a2, p1, p2, k1, k2, h1, h2 = x.float(), s.float(), y.long(), t.long(), x.float(), k.float(), x.float(), h.float()
        else:
            a1, a2, p1, p2, k1, k2, h1, h2 = s.float(), x.float(), t.long(), y.long(), k.float(), x.float(), h.float(), x.float()
        F.cross_entropy(a1, p1)
        F.cross_entropy(a2, p2)
        mse(k1, y)
        mse(k2, y)
        F.cross_entropy(h1.transpose(1, 2), y)
        return F.cross_entropy(h2.transpose(1, 2), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@19:9-19:32 ctor=@19:9-19:32 rename=@19:11-19:24 insert=@19:31-19:31,
  args: 
  input @19:25-19:27: 
  target @19:29-19:31: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:9-20:32 ctor=@20:9-20:32 rename=@20:11-20:24 insert=@20:31-20:31,
  args: 
  input @20:25-20:27: 
  target @20:29-20:31: 
loss MSELoss module "nn.MSELoss" call=@21:9-21:19 ctor=@5:7-5:19 rename=@5:10-5:17 insert=@5:18-5:18
  args: 
  input @21:13-21:15: 
  target @21:17-21:18: 
loss MSELoss module "nn.MSELoss" call=@22:9-22:19 ctor=@5:7-5:19 rename=@5:10-5:17 insert=@5:18-5:18
  args: 
  input @22:13-22:15: 
  target @22:17-22:18: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@23:9-23:47 ctor=@23:9-23:47 rename=@23:11-23:24 insert=@23:46-23:46,
  args: 
  input @23:25-23:43: 
  target @23:45-23:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@24:16-24:54 ctor=@24:16-24:54 rename=@24:18-24:31 insert=@24:53-24:53,
  args: 
  input @24:32-24:50: 
  target @24:52-24:53: 
`,
  },
  {
    name: "an attribute written in the first branch of an if/else and not in the second, while the second writes another attribute of the same instance, is unknown after the if; the other attribute too",
    code: `import torch.nn as nn
import torch.nn.functional as F
SM = nn.Softmax(dim=1)
class Net(nn.Module):
    def __init__(self, c):
        super().__init__()
        if c:
            self.act = SM
        else:
            self.other = SM
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y) + F.cross_entropy(self.other(x), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@12:16-12:47 ctor=@12:16-12:47 rename=@12:18-12:31 insert=@12:46-12:46,
  args: 
  input @12:32-12:43: 
  target @12:45-12:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:50-12:83 ctor=@12:50-12:83 rename=@12:52-12:65 insert=@12:82-12:82,
  args: 
  input @12:66-12:79: 
  target @12:81-12:82: 
`,
  },
  {
    name: "a try's else clause runs (a loss inside it is recorded) and continues the body: a name given the same value in the else clause and in every except clause is known after the try",
    code: `import torch
import torch.nn.functional as F
def f(x, y):
    s = F.softmax(x, dim=1)
    try:
        c = x
    except ValueError:
        c = s
    else:
        c = s
        F.nll_loss(F.log_softmax(x, dim=1), y)
    F.cross_entropy(c, y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@11:9-11:47 ctor=@11:9-11:47 rename=@11:11-11:19 insert=@11:46-11:46,
  args: 
  input @11:20-11:43: act{log_softmax dim=1 "F.log_softmax(…)" @11:20-11:43 drop=[@11:20-11:43→"x"] toLog=-}
  target @11:45-11:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:5-12:26 ctor=@12:5-12:26 rename=@12:7-12:20 insert=@12:25-12:25,
  args: 
  input @12:21-12:22: act{softmax dim=1 "F.softmax(…)" @4:9-4:28 drop=[@4:9-4:28→"x"] toLog=[@4:11-4:18→"log_softmax"]}
  target @12:24-12:25: 
`,
  },
  {
    name: "import torch.nn.functional alone binds torch (the first name of the dotted path); a bare annotation (a: int) makes a name unknown, an annotated assignment binds its value",
    code: `import torch.nn.functional
def f(x, y):
    a = torch.nn.functional.softmax(x, dim=1)
    b = torch.nn.functional.softmax(x, dim=1)
    a: int
    c: torch.Tensor = torch.nn.functional.softmax(x, dim=1)
    torch.nn.functional.cross_entropy(a, y)
    torch.nn.functional.cross_entropy(b, y)
    torch.nn.functional.cross_entropy(c, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@7:5-7:44 ctor=@7:5-7:44 rename=@7:25-7:38 insert=@7:43-7:43,
  args: 
  input @7:39-7:40: 
  target @7:42-7:43: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:44 ctor=@8:5-8:44 rename=@8:25-8:38 insert=@8:43-8:43,
  args: 
  input @8:39-8:40: act{softmax dim=1 "F.softmax(…)" @4:9-4:46 drop=[@4:9-4:46→"x"] toLog=[@4:29-4:36→"log_softmax"]}
  target @8:42-8:43: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@9:5-9:44 ctor=@9:5-9:44 rename=@9:25-9:38 insert=@9:43-9:43,
  args: 
  input @9:39-9:40: act{softmax dim=1 "F.softmax(…)" @6:23-6:60 drop=[@6:23-6:60→"x"] toLog=[@6:43-6:50→"log_softmax"]}
  target @9:42-9:43: 
`,
  },
  {
    name: "join of layouts from one site that differ: the class axis (a conv output and its transpose), the class count or the rank (two layers through one helper), the flatten (two views of one conv output): the layout is dropped, the raw output kept when its site agrees",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def run(layer, x):
    return layer(x)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c5 = nn.Conv1d(8, 5, 3)
        self.c7 = nn.Conv1d(8, 7, 3)
        self.d5 = nn.Conv2d(8, 5, 3)
    def forward(self, x, y, c):
        h = self.c5(x)
        if c:
            a, b, d, e, g = h, run(self.c5, x), run(self.c5, x), h.view(-1, 5), run(self.c5, x)
        else:
            a, b, d, e, g = h.transpose(1, 2), run(self.c7, x), run(self.d5, x), h.view(-1, 5), run(self.c5, x)
        F.cross_entropy(a, y)
        F.cross_entropy(b, y)
        F.cross_entropy(d, y)
        F.cross_entropy(e, y)
        return F.cross_entropy(g, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@18:9-18:30 ctor=@18:9-18:30 rename=@18:11-18:24 insert=@18:29-18:29,
  args: 
  input @18:25-18:26: raw{"nn.Conv1d(…, 5, …)" @13:13-13:23}
  target @18:28-18:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@19:9-19:30 ctor=@19:9-19:30 rename=@19:11-19:24 insert=@19:29-19:29,
  args: 
  input @19:25-19:26: raw{"nn.Conv1d(…, 5, …)" @5:12-5:20}
  target @19:28-19:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:9-20:30 ctor=@20:9-20:30 rename=@20:11-20:24 insert=@20:29-20:29,
  args: 
  input @20:25-20:26: raw{"nn.Conv1d(…, 5, …)" @5:12-5:20}
  target @20:28-20:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@21:9-21:30 ctor=@21:9-21:30 rename=@21:11-21:24 insert=@21:29-21:29,
  args: 
  input @21:25-21:26: raw{"nn.Conv1d(…, 5, …)" @13:13-13:23}
  target @21:28-21:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@22:16-22:37 ctor=@22:16-22:37 rename=@22:18-22:31 insert=@22:36-22:36,
  args: 
  input @22:32-22:33: layout{rank=3 cls=1 classes=5 "nn.Conv1d(…, 5, …)" @5:12-5:20} raw{"nn.Conv1d(…, 5, …)" @5:12-5:20}
  target @22:35-22:36: 
`,
  },
];

table("seed 88 (flow-a)", CASES, (code) => factsOf(code));
