/**
 * Behaviour around the survivors of the seed-87 sample of src/lint/flow.ts (#21, session 10), fact by
 * fact (test/unit/lint/flow-b-facts.ts): which softmax calls can be renamed to log_softmax.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const CASES: Case[] = [
  {
    name: "a softmax function reached through an attribute of another name (self.norm = F.softmax, self.softmax = torch.sigmoid) offers no rename to log_softmax: only an attribute spelled softmax of a softmax can be renamed",
    code: `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = F.softmax
        self.softmax = torch.sigmoid
    def forward(self, x, y):
        a = F.nll_loss(self.norm(x, dim=1), y)
        b = F.nll_loss(self.softmax(x), y)
        return F.nll_loss(F.softmax(x, dim=1), y)
`,
    expect: `loss NLLLoss functional "F.nll_loss" call=@10:13-10:47 ctor=@10:13-10:47 rename=@10:15-10:23 insert=@10:46-10:46,
  args: 
  input @10:24-10:43: act{softmax dim=1 "F.softmax(…)" @10:24-10:43 batched drop=[@10:24-10:43→"x"] toLog=-}
  target @10:45-10:46: 
loss NLLLoss functional "F.nll_loss" call=@11:13-11:43 ctor=@11:13-11:43 rename=@11:15-11:23 insert=@11:42-11:42,
  args: 
  input @11:24-11:39: act{sigmoid dim=null "torch.sigmoid(…)" @11:24-11:39 batched drop=[@11:24-11:39→"x"] toLog=-}
  target @11:41-11:42: 
loss NLLLoss functional "F.nll_loss" call=@12:16-12:50 ctor=@12:16-12:50 rename=@12:18-12:26 insert=@12:49-12:49,
  args: 
  input @12:27-12:46: act{softmax dim=1 "F.softmax(…)" @12:27-12:46 batched drop=[@12:27-12:46→"x"] toLog=[@12:29-12:36→"log_softmax"]}
  target @12:48-12:49: 
`,
  },
];

table("seed 87 (flow-a)", CASES, (code) => factsOf(code));
