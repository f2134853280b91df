/**
 * The statements of src/lint/flow.ts (#21, session 10), fact by fact (test/unit/lint/flow-b-facts.ts):
 * where defs are found and analysed (and which get batched parameters), __init__ found for a method
 * written before it or inherited, conditions/assert/raise/with items evaluated, with-aliases, try
 * (except, else, finally), loops (a body that may not run, a loop else), torch imports in every form.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "every def is analysed on its own wherever it stands: under if __name__, in a for/while body and else, in with, in try/except/else/finally, nested in a def, decorated, as a method (forward, training_step and validation_step get batched parameters; other methods and functions do not)",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
import functools
if __name__ == '__main__':
    def a(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
elif True:
    def a2(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
else:
    def a3(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
for _ in range(1):
    def b(x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
else:
    def b2(x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
while False:
    def c(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
with open('f') as fh:
    def d(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
try:
    def e(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
except ImportError:
    def e2(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
else:
    def e3(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
finally:
    def e4(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
def outer():
    def inner(x, y):
        return F.cross_entropy(F.softmax(x, dim=1), y)
    return inner
@functools.lru_cache
def deco(x, y):
    return F.cross_entropy(F.softmax(x, dim=1), y)
class Lit(nn.Module):
    def training_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    def validation_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    def forward(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    def predict_step(self, x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
    @staticmethod
    def helper(x, y):
        return F.nll_loss(F.log_softmax(x, dim=0), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@7:16-7:55 ctor=@7:16-7:55 rename=@7:18-7:31 insert=@7:54-7:54,
  args: 
  input @7:32-7:51: act{softmax dim=1 "F.softmax(…)" @7:32-7:51 drop=[@7:32-7:51→"x"] toLog=[@7:34-7:41→"log_softmax"]}
  target @7:53-7:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@10:16-10:55 ctor=@10:16-10:55 rename=@10:18-10:31 insert=@10:54-10:54,
  args: 
  input @10:32-10:51: act{softmax dim=1 "F.softmax(…)" @10:32-10:51 drop=[@10:32-10:51→"x"] toLog=[@10:34-10:41→"log_softmax"]}
  target @10:53-10:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:16-13:55 ctor=@13:16-13:55 rename=@13:18-13:31 insert=@13:54-13:54,
  args: 
  input @13:32-13:51: act{softmax dim=1 "F.softmax(…)" @13:32-13:51 drop=[@13:32-13:51→"x"] toLog=[@13:34-13:41→"log_softmax"]}
  target @13:53-13:54: 
loss NLLLoss functional "F.nll_loss" call=@16:16-16:54 ctor=@16:16-16:54 rename=@16:18-16:26 insert=@16:53-16:53,
  args: 
  input @16:27-16:50: act{log_softmax dim=0 "F.log_softmax(…)" @16:27-16:50 drop=[@16:27-16:50→"x"] toLog=-}
  target @16:52-16:53: 
loss NLLLoss functional "F.nll_loss" call=@19:16-19:54 ctor=@19:16-19:54 rename=@19:18-19:26 insert=@19:53-19:53,
  args: 
  input @19:27-19:50: act{log_softmax dim=0 "F.log_softmax(…)" @19:27-19:50 drop=[@19:27-19:50→"x"] toLog=-}
  target @19:52-19:53: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@22:16-22:55 ctor=@22:16-22:55 rename=@22:18-22:31 insert=@22:54-22:54,
  args: 
  input @22:32-22:51: act{softmax dim=1 "F.softmax(…)" @22:32-22:51 drop=[@22:32-22:51→"x"] toLog=[@22:34-22:41→"log_softmax"]}
  target @22:53-22:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@25:16-25:55 ctor=@25:16-25:55 rename=@25:18-25:31 insert=@25:54-25:54,
  args: 
  input @25:32-25:51: act{softmax dim=1 "F.softmax(…)" @25:32-25:51 drop=[@25:32-25:51→"x"] toLog=[@25:34-25:41→"log_softmax"]}
  target @25:53-25:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@28:16-28:55 ctor=@28:16-28:55 rename=@28:18-28:31 insert=@28:54-28:54,
  args: 
  input @28:32-28:51: act{softmax dim=1 "F.softmax(…)" @28:32-28:51 drop=[@28:32-28:51→"x"] toLog=[@28:34-28:41→"log_softmax"]}
  target @28:53-28:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@31:16-31:55 ctor=@31:16-31:55 rename=@31:18-31:31 insert=@31:54-31:54,
  args: 
  input @31:32-31:51: act{softmax dim=1 "F.softmax(…)" @31:32-31:51 drop=[@31:32-31:51→"x"] toLog=[@31:34-31:41→"log_softmax"]}
  target @31:53-31:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@34:16-34:55 ctor=@34:16-34:55 rename=@34:18-34:31 insert=@34:54-34:54,
  args: 
  input @34:32-34:51: act{softmax dim=1 "F.softmax(…)" @34:32-34:51 drop=[@34:32-34:51→"x"] toLog=[@34:34-34:41→"log_softmax"]}
  target @34:53-34:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@37:16-37:55 ctor=@37:16-37:55 rename=@37:18-37:31 insert=@37:54-37:54,
  args: 
  input @37:32-37:51: act{softmax dim=1 "F.softmax(…)" @37:32-37:51 drop=[@37:32-37:51→"x"] toLog=[@37:34-37:41→"log_softmax"]}
  target @37:53-37:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@40:16-40:55 ctor=@40:16-40:55 rename=@40:18-40:31 insert=@40:54-40:54,
  args: 
  input @40:32-40:51: act{softmax dim=1 "F.softmax(…)" @40:32-40:51 drop=[@40:32-40:51→"x"] toLog=[@40:34-40:41→"log_softmax"]}
  target @40:53-40:54: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@44:12-44:51 ctor=@44:12-44:51 rename=@44:14-44:27 insert=@44:50-44:50,
  args: 
  input @44:28-44:47: act{softmax dim=1 "F.softmax(…)" @44:28-44:47 drop=[@44:28-44:47→"x"] toLog=[@44:30-44:37→"log_softmax"]}
  target @44:49-44:50: 
loss NLLLoss functional "F.nll_loss" call=@47:16-47:54 ctor=@47:16-47:54 rename=@47:18-47:26 insert=@47:53-47:53,
  args: 
  input @47:27-47:50: act{log_softmax dim=0 "F.log_softmax(…)" @47:27-47:50 batched drop=[@47:27-47:50→"x"] toLog=-}
  target @47:52-47:53: 
loss NLLLoss functional "F.nll_loss" call=@49:16-49:54 ctor=@49:16-49:54 rename=@49:18-49:26 insert=@49:53-49:53,
  args: 
  input @49:27-49:50: act{log_softmax dim=0 "F.log_softmax(…)" @49:27-49:50 batched drop=[@49:27-49:50→"x"] toLog=-}
  target @49:52-49:53: 
loss NLLLoss functional "F.nll_loss" call=@51:16-51:54 ctor=@51:16-51:54 rename=@51:18-51:26 insert=@51:53-51:53,
  args: 
  input @51:27-51:50: act{log_softmax dim=0 "F.log_softmax(…)" @51:27-51:50 batched drop=[@51:27-51:50→"x"] toLog=-}
  target @51:52-51:53: 
loss NLLLoss functional "F.nll_loss" call=@53:16-53:54 ctor=@53:16-53:54 rename=@53:18-53:26 insert=@53:53-53:53,
  args: 
  input @53:27-53:50: act{log_softmax dim=0 "F.log_softmax(…)" @53:27-53:50 drop=[@53:27-53:50→"x"] toLog=-}
  target @53:52-53:53: 
loss NLLLoss functional "F.nll_loss" call=@56:16-56:54 ctor=@56:16-56:54 rename=@56:18-56:26 insert=@56:53-56:53,
  args: 
  input @56:27-56:50: act{log_softmax dim=0 "F.log_softmax(…)" @56:27-56:50 drop=[@56:27-56:50→"x"] toLog=-}
  target @56:52-56:53: 
`,
  },
  {
    name: "a method sees the attributes its class's __init__ set, even when it is written before __init__; an __init__ inherited from a base class counts; a class without __init__ has no attributes",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Early(nn.Module):
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
    def __init__(self):
        super().__init__()
        self.act = nn.Softmax(dim=1)
class Base(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.Softmax(dim=1)
class Child(Base):
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
class Plain(nn.Module):
    act = None
    def forward(self, x, y):
        return F.cross_entropy(self.act(x), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@6:16-6:47 ctor=@6:16-6:47 rename=@6:18-6:31 insert=@6:46-6:46,
  args: 
  input @6:32-6:43: act{softmax dim=1 "nn.Softmax(dim=1)" @6:32-6:43 batched drop=[@6:32-6:43→"x"] toLog=[@9:23-9:30→"LogSoftmax"]}
  target @6:45-6:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@16:16-16:47 ctor=@16:16-16:47 rename=@16:18-16:31 insert=@16:46-16:46,
  args: 
  input @16:32-16:43: act{softmax dim=1 "nn.Softmax(dim=1)" @16:32-16:43 batched drop=[@16:32-16:43→"x"] toLog=[@13:23-13:30→"LogSoftmax"]}
  target @16:45-16:46: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:16-20:47 ctor=@20:16-20:47 rename=@20:18-20:31 insert=@20:46-20:46,
  args: 
  input @20:32-20:43: 
  target @20:45-20:46: 
`,
  },
  {
    name: "statements: a return without a value, a loss inside an if/elif/while condition, an assert or raise, a with item without alias; a for loop's variable is unknown in the body; pass/global/del/break/continue change nothing",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
g = None
def f(x, y, xs):
    s = F.softmax(x, dim=1)
    if F.cross_entropy(s, y) > 0:
        pass
    elif F.nll_loss(s, y) > 0:
        pass
    while F.kl_div(s, y) > 0:
        break
    assert F.cross_entropy(s, y) > 0
    with torch.no_grad(), F.nll_loss(s, y):
        pass
    for s in xs:
        F.cross_entropy(s, y)
        continue
    global g
    del g
    raise ValueError(F.cross_entropy(F.softmax(x, dim=1), y))
    return
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@7:8-7:29 ctor=@7:8-7:29 rename=@7:10-7:23 insert=@7:28-7:28,
  args: 
  input @7:24-7:25: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @7:27-7:28: 
loss NLLLoss functional "F.nll_loss" call=@9:10-9:26 ctor=@9:10-9:26 rename=@9:12-9:20 insert=@9:25-9:25,
  args: 
  input @9:21-9:22: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @9:24-9:25: 
loss KLDivLoss functional "F.kl_div" call=@11:11-11:25 ctor=@11:11-11:25 rename=@11:13-11:19 insert=@11:24-11:24,
  args: 
  input @11:20-11:21: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @11:23-11:24: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:12-13:33 ctor=@13:12-13:33 rename=@13:14-13:27 insert=@13:32-13:32,
  args: 
  input @13:28-13:29: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @13:31-13:32: 
loss NLLLoss functional "F.nll_loss" call=@14:27-14:43 ctor=@14:27-14:43 rename=@14:29-14:37 insert=@14:42-14:42,
  args: 
  input @14:38-14:39: act{softmax dim=1 "F.softmax(…)" @6:9-6:28 drop=[@6:9-6:28→"x"] toLog=[@6:11-6:18→"log_softmax"]}
  target @14:41-14:42: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@17:9-17:30 ctor=@17:9-17:30 rename=@17:11-17:24 insert=@17:29-17:29,
  args: 
  input @17:25-17:26: 
  target @17:28-17:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@21:22-21:61 ctor=@21:22-21:61 rename=@21:24-21:37 insert=@21:60-21:60,
  args: 
  input @21:38-21:57: act{softmax dim=1 "F.softmax(…)" @21:38-21:57 drop=[@21:38-21:57→"x"] toLog=[@21:40-21:47→"log_softmax"]}
  target @21:59-21:60: 
`,
  },
  {
    name: "with … as name: a tensor value is bound to the alias, anything else (a context manager object) leaves it unknown; a tuple alias is unpacked to unknowns",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(x, y, ctx):
    with F.softmax(x, dim=1) as p:
        F.cross_entropy(p, y)
    crit = nn.CrossEntropyLoss()
    with crit as c:
        c(x, y)
    q = F.softmax(x, dim=1)
    with ctx() as q:
        F.cross_entropy(q, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@6:9-6:30 ctor=@6:9-6:30 rename=@6:11-6:24 insert=@6:29-6:29,
  args: 
  input @6:25-6:26: act{softmax dim=1 "F.softmax(…)" @5:10-5:29 drop=[@5:10-5:29→"x"] toLog=[@5:12-5:19→"log_softmax"]}
  target @6:28-6:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:9-12:30 ctor=@12:9-12:30 rename=@12:11-12:24 insert=@12:29-12:29,
  args: 
  input @12:25-12:26: 
  target @12:28-12:29: 
`,
  },
  {
    name: "try: the except branch starts from the value before the try (its alias is unknown), the else clause continues the body, finally runs after the join",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(x, y):
    a = F.softmax(x, dim=1)
    b = x
    c = x
    e = F.softmax(x, dim=1)
    try:
        b = F.softmax(x, dim=1)
    except ValueError as e:
        pass
    else:
        c = F.softmax(x, dim=1)
    finally:
        d = F.softmax(x, dim=1)
    F.cross_entropy(a, y)
    F.cross_entropy(b, y)
    F.cross_entropy(c, y)
    F.cross_entropy(d, y)
    F.cross_entropy(e, y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@17:5-17:26 ctor=@17:5-17:26 rename=@17:7-17:20 insert=@17:25-17:25,
  args: 
  input @17:21-17:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @17:24-17:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@18:5-18:26 ctor=@18:5-18:26 rename=@18:7-18:20 insert=@18:25-18:25,
  args: 
  input @18:21-18:22: 
  target @18:24-18:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@19:5-19:26 ctor=@19:5-19:26 rename=@19:7-19:20 insert=@19:25-19:25,
  args: 
  input @19:21-19:22: 
  target @19:24-19:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:5-20:26 ctor=@20:5-20:26 rename=@20:7-20:20 insert=@20:25-20:25,
  args: 
  input @20:21-20:22: act{softmax dim=1 "F.softmax(…)" @16:13-16:32 drop=[@16:13-16:32→"x"] toLog=[@16:15-16:22→"log_softmax"]}
  target @20:24-20:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@21:5-21:26 ctor=@21:5-21:26 rename=@21:7-21:20 insert=@21:25-21:25,
  args: 
  input @21:21-21:22: 
  target @21:24-21:25: 
`,
  },
  {
    name: "loops: a name rebound in the body is joined with its value before (the body may not run); a name first bound in the body keeps its value; a loop's else sees the body's values, and what it binds is unknown after the loop (a break skips it); a while condition and a for iterable are evaluated",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
def f(x, y, xs, n):
    s = F.softmax(x, dim=1)
    a = s
    b = x
    for i in range(n):
        b = s
        c = s
        a = s
    F.cross_entropy(a, y)
    F.cross_entropy(b, y)
    F.cross_entropy(c, y)
    while n:
        d = s
    else:
        F.cross_entropy(d, y)
        e = s
    F.cross_entropy(e, y)
    for _ in F.cross_entropy(F.softmax(x, dim=1), y):
        pass
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@12:5-12:26 ctor=@12:5-12:26 rename=@12:7-12:20 insert=@12:25-12:25,
  args: 
  input @12:21-12:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @12:24-12:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@13:5-13:26 ctor=@13:5-13:26 rename=@13:7-13:20 insert=@13:25-13:25,
  args: 
  input @13:21-13:22: 
  target @13:24-13:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@14:5-14:26 ctor=@14:5-14:26 rename=@14:7-14:20 insert=@14:25-14:25,
  args: 
  input @14:21-14:22: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @14:24-14:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@18:9-18:30 ctor=@18:9-18:30 rename=@18:11-18:24 insert=@18:29-18:29,
  args: 
  input @18:25-18:26: act{softmax dim=1 "F.softmax(…)" @5:9-5:28 drop=[@5:9-5:28→"x"] toLog=[@5:11-5:18→"log_softmax"]}
  target @18:28-18:29: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@20:5-20:26 ctor=@20:5-20:26 rename=@20:7-20:20 insert=@20:25-20:25,
  args: 
  input @20:21-20:22: 
  target @20:24-20:25: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@21:14-21:53 ctor=@21:14-21:53 rename=@21:16-21:29 insert=@21:52-21:52,
  args: 
  input @21:30-21:49: act{softmax dim=1 "F.softmax(…)" @21:30-21:49 drop=[@21:30-21:49→"x"] toLog=[@21:32-21:39→"log_softmax"]}
  target @21:51-21:52: 
`,
  },
  {
    name: "imports: import torch / import torch.nn.functional (binds torch) / import torch.nn.functional as F / from torch.nn import functional as F2 / from torch import nn as N; a function imported from an unknown module is unknown (its softmax is not torch's)",
    code: `import torch
import torch.nn.functional
import torch.nn.functional as F
from torch.nn import functional as F2, CrossEntropyLoss
from torch import nn as N
from mylib import softmax
def f(x, y):
    torch.nn.functional.cross_entropy(torch.softmax(x, dim=1), y)
    F.cross_entropy(F2.softmax(x, dim=1), y)
    CrossEntropyLoss()(N.functional.softmax(x, dim=1), y)
    N.CrossEntropyLoss()(x, y)
    F.cross_entropy(softmax(x, dim=1), y)
`,
    expect: `loss CrossEntropyLoss functional "F.cross_entropy" call=@8:5-8:66 ctor=@8:5-8:66 rename=@8:25-8:38 insert=@8:65-8:65,
  args: 
  input @8:39-8:62: act{softmax dim=1 "torch.softmax(…)" @8:39-8:62 drop=[@8:39-8:62→"x"] toLog=[@8:45-8:52→"log_softmax"]}
  target @8:64-8:65: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@9:5-9:45 ctor=@9:5-9:45 rename=@9:7-9:20 insert=@9:44-9:44,
  args: 
  input @9:21-9:41: act{softmax dim=1 "F.softmax(…)" @9:21-9:41 drop=[@9:21-9:41→"x"] toLog=[@9:24-9:31→"log_softmax"]}
  target @9:43-9:44: 
loss CrossEntropyLoss module "CrossEntropyLoss" call=@10:5-10:58 ctor=@10:5-10:23 rename=- insert=@10:22-10:22
  args: 
  input @10:24-10:54: act{softmax dim=1 "F.softmax(…)" @10:24-10:54 drop=[@10:24-10:54→"x"] toLog=[@10:37-10:44→"log_softmax"]}
  target @10:56-10:57: 
loss CrossEntropyLoss module "N.CrossEntropyLoss" call=@11:5-11:31 ctor=@11:5-11:25 rename=@11:7-11:23 insert=@11:24-11:24
  args: 
  input @11:26-11:27: 
  target @11:29-11:30: 
loss CrossEntropyLoss functional "F.cross_entropy" call=@12:5-12:42 ctor=@12:5-12:42 rename=@12:7-12:20 insert=@12:41-12:41,
  args: 
  input @12:21-12:38: 
  target @12:40-12:41: 
`,
  },
];

table("statements (flow-a)", CASES, (code) => factsOf(code));
