/**
 * More of src/lint/flow.ts lines 1-730 (#21, session 10), fact by fact (test/unit/lint/flow-b-facts.ts):
 * values inside containers and operators, class bases and method lookup order, conditional expressions,
 * walrus names in if and elif conditions, names bound in some branches of an if.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "values inside containers and operators are evaluated (a loss in a dict, a set, a pair, a comparison, a boolean operator, not, await, a keyword argument is recorded) but the container is unknown; lambdas and comprehensions are not followed",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
async def f(x, y, log):
    s = F.softmax(x, dim=1)
    d = {'loss': F.cross_entropy(s, y)}
    st = {F.nll_loss(s, y)}
    ok = F.cross_entropy(s, y) > 0 and not F.nll_loss(s, y)
    r = await F.cross_entropy(s, y)
    log(value=F.nll_loss(s, y))
    g = lambda: F.cross_entropy(s, y)
    h = [F.cross_entropy(s, y) for _ in range(2)]
    d['loss'].backward()
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@6:18-6:39 ctor=@6:18-6:39 rename=@6:20-6:33 insert=@6:38-6:38,
  args: 
  input @6:34-6:35: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @6:37-6:38: 
loss NLLLoss functional "F.nll_loss" call=@7:11-7:27 ctor=@7:11-7:27 rename=@7:13-7:21 insert=@7:26-7:26,
  args: 
  input @7:22-7:23: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @7:25-7:26: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@8:10-8:31 ctor=@8:10-8:31 rename=@8:12-8:25 insert=@8:30-8:30,
  args: 
  input @8:26-8:27: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @8:29-8:30: 
loss NLLLoss functional "F.nll_loss" call=@8:44-8:60 ctor=@8:44-8:60 rename=@8:46-8:54 insert=@8:59-8:59,
  args: 
  input @8:55-8:56: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @8:58-8:59: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@9:15-9:36 ctor=@9:15-9:36 rename=@9:17-9:30 insert=@9:35-9:35,
  args: 
  input @9:31-9:32: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @9:34-9:35: 
loss NLLLoss functional "F.nll_loss" call=@10:15-10:31 ctor=@10:15-10:31 rename=@10:17-10:25 insert=@10:30-10:30,
  args: 
  input @10:26-10:27: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @10:29-10:30: 
`,
  },
  {
    name: "a class's bases are evaluated (a keyword such as metaclass= is skipped); a method is looked up through the bases in order (the first base that has it wins); a class whose name was rebound to something else is not analysed as a class; classes that inherit from each other through a rebound name do not loop",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.Softmax(dim=1)
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.Identity()
class AB(A, B, metaclass=type):
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class BA(B, A):
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class Gone(nn.Module):
    def forward(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
Gone = None
class P(nn.Module):
    pass
class Q(P):
    pass
P = Q
class R(P):
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@14:16-14:47 ctor=@14:16-14:47 rename=@14:18-14:31 insert=@14:46-14:46,
  args: 
  input @14:32-14:43: act{softmax dim=1 "nn.Softmax(dim=1)" @14:32-14:43 batched drop=[@14:32-14:43→"x"] toLog=[@7:23-7:30→"LogSoftmax"]}
  target @14:45-14:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@17:16-17:47 ctor=@17:16-17:47 rename=@17:18-17:31 insert=@17:46-17:46,
  args: 
  input @17:32-17:43: 
  target @17:45-17:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@29:16-29:47 ctor=@29:16-29:47 rename=@29:18-29:31 insert=@29:46-29:46,
  args: 
  input @29:32-29:43: 
  target @29:45-29:46: 
`,
  },
  {
    name: "a conditional expression joins its two values (the same softmax on both sides stays known, a softmax on one side only does not) and evaluates its condition; a parenthesized value is the value; a unary minus of a tensor keeps its batchedness but no facts",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(x, y, c):
    s = F.softmax(x, dim=1)
    F.cross_entropy(s if c else s, y)
    F.cross_entropy(s if c else x, y)
    F.cross_entropy(x if F.nll_loss(s, y) else x, y)
    F.cross_entropy((s), y)
    F.cross_entropy(-s, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@6:5-6:38 ctor=@6:5-6:38 rename=@6:7-6:20 insert=@6:37-6:37,
  args: 
  input @6:21-6:34: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @6:36-6:37: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@7:5-7:38 ctor=@7:5-7:38 rename=@7:7-7:20 insert=@7:37-7:37,
  args: 
  input @7:21-7:34: 
  target @7:36-7:37: 
loss NLLLoss functional "F.nll_loss" call=@8:26-8:42 ctor=@8:26-8:42 rename=@8:28-8:36 insert=@8:41-8:41,
  args: 
  input @8:37-8:38: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @8:40-8:41: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:53 ctor=@8:5-8:53 rename=@8:7-8:20 insert=@8:52-8:52,
  args: 
  input @8:21-8:49: 
  target @8:51-8:52: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@9:5-9:28 ctor=@9:5-9:28 rename=@9:7-9:20 insert=@9:27-9:27,
  args: 
  input @9:21-9:24: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @9:26-9:27: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@10:5-10:27 ctor=@10:5-10:27 rename=@10:7-10:20 insert=@10:26-10:26,
  args: 
  input @10:21-10:23: 
  target @10:25-10:26: 
`,
  },
  {
    name: "an if condition's walrus binds for after the if; an elif condition's walrus binds in its own branch only (unknown after the if); a name bound in every branch of if/else is known, in an if without else it is joined with its value before",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(x, y, c):
    s = F.softmax(x, dim=1)
    if (a := s) is None:
        pass
    F.cross_entropy(a, y)
    if c:
        pass
    elif (z := s) is not None:
        F.cross_entropy(z, y)
    F.cross_entropy(z, y)
    b = x
    if c:
        b = s
    else:
        b = s
    F.cross_entropy(b, y)
    d = x
    if c:
        d = s
    F.cross_entropy(d, y)
    e = s
    if c:
        e = s
    F.cross_entropy(e, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:26 ctor=@8:5-8:26 rename=@8:7-8:20 insert=@8:25-8:25,
  args: 
  input @8:21-8:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @8:24-8:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:9-12:30 ctor=@12:9-12:30 rename=@12:11-12:24 insert=@12:29-12:29,
  args: 
  input @12:25-12:26: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @12:28-12:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:5-13:26 ctor=@13:5-13:26 rename=@13:7-13:20 insert=@13:25-13:25,
  args: 
  input @13:21-13:22: 
  target @13:24-13:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@19:5-19:26 ctor=@19:5-19:26 rename=@19:7-19:20 insert=@19:25-19:25,
  args: 
  input @19:21-19:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @19:24-19:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@23:5-23:26 ctor=@23:5-23:26 rename=@23:7-23:20 insert=@23:25-23:25,
  args: 
  input @23:21-23:22: 
  target @23:24-23:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@27:5-27:26 ctor=@27:5-27:26 rename=@27:7-27:20 insert=@27:25-27:25,
  args: 
  input @27:21-27:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @27:24-27:25: 
`,
  },
];

table("more (flow-a)", CASES, (code) => factsOf(code));
