/**
 * The dataflow (src/lint/flow.ts) on method calls and attributes, fact by fact
 * (test/unit/lint/flow-b-facts.ts): activation methods, .log(), .argmax(), clamp, the methods that
 * keep a tensor's meaning, .gather on log-probabilities, masked_fill, .item()/.mean()/.sum(),
 * division and multiplication methods, backward (on a loss, through AMP's scaler, accelerator and
 * manual_backward), tokenizers with padding, module methods that return the module, `.forward`,
 * and the tensor attributes .data/.T/.mT.
 */
import { factsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'activation methods: softmax with dim positional, keyword, absent; log_softmax; sigmoid; on a batched tensor and on a value known to be nothing (it has the method, so it is a tensor); the drop keeps the receiver as written',
    code: `${H}crit = nn.MSELoss()
class Net(nn.Module):
    def forward(self, x, y):
        crit(x.softmax(1), y)
        crit(x.softmax(dim=-1), y)
        crit(x.log_softmax(1), y)
        crit(x.sigmoid(), y)
        crit((x + 1).softmax(), y)
def f(z, y):
    crit(z.softmax(1), y)
    crit(z.sigmoid(), y)
    crit(z.log_softmax(), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:9-7:30 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:14-7:26: act{softmax dim=1 ".softmax(…)" @7:14-7:26 batched drop=[@7:14-7:26→"x"] toLog=[@7:16-7:23→"log_softmax"]}
  target @7:28-7:29: 
loss MSELoss module "nn.MSELoss" call=@8:9-8:35 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:14-8:31: act{softmax dim=-1 ".softmax(…)" @8:14-8:31 batched drop=[@8:14-8:31→"x"] toLog=[@8:16-8:23→"log_softmax"]}
  target @8:33-8:34: 
loss MSELoss module "nn.MSELoss" call=@9:9-9:34 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:14-9:30: act{log_softmax dim=1 ".log_softmax(…)" @9:14-9:30 batched drop=[@9:14-9:30→"x"] toLog=-}
  target @9:32-9:33: 
loss MSELoss module "nn.MSELoss" call=@10:9-10:29 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @10:14-10:25: act{sigmoid dim=null ".sigmoid()" @10:14-10:25 batched drop=[@10:14-10:25→"x"] toLog=-}
  target @10:27-10:28: 
loss MSELoss module "nn.MSELoss" call=@11:9-11:35 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:14-11:31: act{softmax dim=null ".softmax(…)" @11:14-11:31 batched drop=[@11:14-11:31→"(x + 1)"] toLog=[@11:22-11:29→"log_softmax"]}
  target @11:33-11:34: 
loss MSELoss module "nn.MSELoss" call=@13:5-13:26 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @13:10-13:22: act{softmax dim=1 ".softmax(…)" @13:10-13:22 drop=[@13:10-13:22→"z"] toLog=[@13:12-13:19→"log_softmax"]}
  target @13:24-13:25: 
loss MSELoss module "nn.MSELoss" call=@14:5-14:25 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @14:10-14:21: act{sigmoid dim=null ".sigmoid()" @14:10-14:21 drop=[@14:10-14:21→"z"] toLog=-}
  target @14:23-14:24: 
loss MSELoss module "nn.MSELoss" call=@15:5-15:29 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @15:10-15:25: act{log_softmax dim=null ".log_softmax(…)" @15:10-15:25 drop=[@15:10-15:25→"z"] toLog=-}
  target @15:27-15:28: 
op softmax-no-dim @11:14-11:31 outer=- outerForm=undefined fix=-
  act softmax dim=null ".softmax(…)" @11:14-11:31 batched drop=[@11:14-11:31→"(x + 1)"] toLog=[@11:22-11:29→"log_softmax"]
op softmax-no-dim @15:10-15:25 outer=- outerForm=undefined fix=-
  act log_softmax dim=null ".log_softmax(…)" @15:10-15:25 drop=[@15:10-15:25→"z"] toLog=-
`,
  },
  {
    name: '.log() of a softmax and of a sigmoid (its form is the receiver as written), of a clamped softmax (through casts), of log_softmax, of a number',
    code: `${H}crit = nn.MSELoss()
def f(z, y):
    p = z.softmax(1)
    crit(p.log(), y)
    crit(z.sigmoid().log(), y)
    crit(p.clamp(min=1e-6).float().log(), y)
    crit(p.clip_(1e-6, 1.0).log(), y)
    crit(z.log_softmax(1).log(), y)
    crit(p.clamp(1e-6).exp().log(), y)
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:5-7:21 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:10-7:17: act{log_of_softmax dim=1 "p.log()" @7:10-7:17 drop=- toLog=-}
  target @7:19-7:20: 
loss MSELoss module "nn.MSELoss" call=@8:5-8:31 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:27: act{log_of_sigmoid dim=null "z.sigmoid().log()" @8:10-8:27 drop=- toLog=-}
  target @8:29-8:30: 
loss MSELoss module "nn.MSELoss" call=@9:5-9:45 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @9:10-9:41: act{log_of_softmax dim=1 "p.clamp(min=1e-6).float().log()" @9:10-9:41 drop=- toLog=-}
  target @9:43-9:44: 
loss MSELoss module "nn.MSELoss" call=@10:5-10:38 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @10:10-10:34: act{log_of_softmax dim=1 "p.clip_(1e-6, 1.0).log()" @10:10-10:34 drop=- toLog=-}
  target @10:36-10:37: 
loss MSELoss module "nn.MSELoss" call=@11:5-11:36 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @11:10-11:32: 
  target @11:34-11:35: 
loss MSELoss module "nn.MSELoss" call=@12:5-12:39 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @12:10-12:35: 
  target @12:37-12:38: 
op log-of-activation @7:10-7:17 outer=- outerForm="p.log()" fix=-
  act softmax dim=1 ".softmax(…)" @6:9-6:21 drop=[@6:9-6:21→"z"] toLog=[@6:11-6:18→"log_softmax"]
op log-of-activation @8:10-8:27 outer=- outerForm="z.sigmoid().log()" fix=[@8:10-8:27→"F.logsigmoid(z)"]
  act sigmoid dim=null ".sigmoid()" @8:10-8:21 drop=[@8:10-8:21→"z"] toLog=-
`,
  },
  {
    name: '.argmax() gives class indices (batched or not); casts and reshapes keep class indices, padding and raw scores; .gather on log_softmax / log(softmax) is a hand-written loss, not on softmax',
    code: `${H}crit = nn.MSELoss()
fc = nn.Linear(4, 3)
def f(z, y):
    crit(fc(z).float(), z.argmax(1).float())
    crit(fc(z).view(-1), z.argmax(dim=1).long().unsqueeze(1))
    lp = F.log_softmax(z, dim=1)
    lp.gather(1, y)
    torch.log(z.softmax(1)).gather(1, y)
    z.softmax(1).gather(1, y)
    z.gather(1, y)
class Net(nn.Module):
    def forward(self, x, y):
        crit(x, x.argmax(1))
`,
    expect: `loss MSELoss module "nn.MSELoss" call=@7:5-7:45 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @7:10-7:23: raw{"nn.Linear(…, 3)" @7:10-7:15}
  target @7:25-7:44: classIndex{".argmax(…)" @7:25-7:36}
loss MSELoss module "nn.MSELoss" call=@8:5-8:62 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @8:10-8:24: raw{"nn.Linear(…, 3)" @8:10-8:15}
  target @8:26-8:61: classIndex{".argmax(…)" @8:26-8:41}
loss MSELoss module "nn.MSELoss" call=@16:9-16:29 ctor=@4:8-4:20 rename=@4:11-4:18 insert=@4:19-4:19
  args: 
  input @16:14-16:15: 
  target @16:17-16:28: classIndex{".argmax(…)" @16:17-16:28}
op hand-written-loss @10:5-10:20 outer=- outerForm=".gather" fix=-
  act log_softmax dim=1 "F.log_softmax(…)" @9:10-9:33 drop=[@9:10-9:33→"z"] toLog=-
op log-of-activation @11:5-11:28 outer=- outerForm="torch.log(…)" fix=[@11:5-11:28→"z.log_softmax(1)"]
  act softmax dim=1 ".softmax(…)" @11:15-11:27 drop=[@11:15-11:27→"z"] toLog=[@11:17-11:24→"log_softmax"]
op hand-written-loss @11:5-11:41 outer=- outerForm=".gather" fix=-
  act log_of_softmax dim=1 "torch.log(…)" @11:5-11:28 drop=- toLog=-
`,
  },
  {
    name: 'masked_fill drops the padding of its result; masked_fill_ on a name also unpads the name; other methods give a plain tensor with the losses',
    code: `${H}from torch.nn.utils.rnn import pad_sequence
crit = nn.CrossEntropyLoss()
def f(z, ts, pad):
    a = pad_sequence(ts)
    crit(z, a.masked_fill(a == 0, -100))
    crit(z, a)
    b = pad_sequence(ts)
    b.masked_fill_(b == 0, -100)
    crit(z, b)
    c = pad_sequence(ts)
    crit(z, c.masked_fill_(c == 0, -100))
    d = pad_sequence(ts)
    crit(z, d.roll(1))
    crit(z, d.new_tensor(d))
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:41 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @8:10-8:11: 
  target @8:13-8:40: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:5-9:15 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @9:10-9:11: 
  target @9:13-9:14: pad{"0" 0 "pad_sequence(…) (padding_value defaults to 0)" @7:9-7:25}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:5-12:15 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @12:10-12:11: 
  target @12:13-12:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:5-14:42 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @14:10-14:11: 
  target @14:13-14:41: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:5-16:23 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @16:10-16:11: 
  target @16:13-16:22: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:5-17:29 ctor=@5:8-5:29 rename=@5:11-5:27 insert=@5:28-5:28
  args: 
  input @17:10-17:11: 
  target @17:13-17:28: 
`,
  },
  {
    name: 'reduction=sum losses: .item()/.mean()/.sum() keep the loss; div/div_/divide/true_divide/floor_divide divide it; mul/mul_/multiply only by a quotient; backward on the loss, a method result, or as an argument',
    code: `${H}crit = nn.CrossEntropyLoss(reduction='sum')
def f(z, y, n, w):
    crit(z, y).sum().backward()
    crit(z, y).mean().backward()
    crit(z, y).div(n).backward()
    crit(z, y).div_(n).backward()
    crit(z, y).divide(n).backward()
    crit(z, y).true_divide(n).backward()
    crit(z, y).floor_divide(n).backward()
    crit(z, y).mul(1.0 / n).backward()
    crit(z, y).mul_((1 / n)).backward()
    crit(z, y).multiply(n).backward()
    crit(z, y).mul(w).backward()
    crit(z, y).exp().backward()
    crit(z, y).item()
    torch.autograd.backward(crit(z, y))
    crit(z, y).backward(w)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:5-6:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @6:10-6:11: 
  target @6:13-6:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:5-7:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @7:10-7:11: 
  target @7:13-7:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:10-8:11: 
  target @8:13-8:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:5-9:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @9:10-9:11: 
  target @9:13-9:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:5-10:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:10-10:11: 
  target @10:13-10:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:5-11:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @11:10-11:11: 
  target @11:13-11:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:5-12:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @12:10-12:11: 
  target @12:13-12:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:5-13:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @13:10-13:11: 
  target @13:13-13:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:5-14:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, divided backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @14:10-14:11: 
  target @14:13-14:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:5-15:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @15:10-15:11: 
  target @15:13-15:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:5-16:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @16:10-16:11: 
  target @16:13-16:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:5-17:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @17:10-17:11: 
  target @17:13-17:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:5-18:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @18:10-18:11: 
  target @18:13-18:14: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@19:29-19:39 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @19:34-19:35: 
  target @19:37-19:38: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@20:5-20:15 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @20:10-20:11: 
  target @20:13-20:14: 
`,
  },
  {
    name: 'backward through other objects: scaler.scale(loss).backward(), accelerator.backward(loss), self.manual_backward(loss), fabric.backward(loss), a logger that only records the loss',
    code: `${H}crit = nn.CrossEntropyLoss(reduction='sum')
def f(z, y, scaler, accelerator, fabric, logger):
    scaler.scale(crit(z, y)).backward()
    scaler.scale()
    accelerator.backward(crit(z, y))
    fabric.manual_backward(crit(z, y))
    logger.log(crit(z, y))
    logger.backward_hook(crit(z, y))
class Lit:
    def training_step(self, z, y):
        self.manual_backward(crit(z, y))
        self.backward(crit(z, y))
        self.log(crit(z, y))
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:18-6:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @6:23-6:24: 
  target @6:26-6:27: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:26-8:36 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @8:31-8:32: 
  target @8:34-8:35: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:28-9:38 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @9:33-9:34: 
  target @9:36-9:37: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:16-10:26 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @10:21-10:22: 
  target @10:24-10:25: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:26-11:36 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @11:31-11:32: 
  target @11:34-11:35: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:30-14:40 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @14:35-14:36: 
  target @14:38-14:39: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:23-15:33 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43, backward
  args: reduction="'sum'":"sum"@4:38-4:43
  input @15:28-15:29: 
  target @15:31-15:32: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:18-16:28 ctor=@4:8-4:44 rename=@4:11-4:27 insert=@4:43-4:43,
  args: reduction="'sum'":"sum"@4:38-4:43
  input @16:23-16:24: 
  target @16:26-16:27: 
`,
  },
  {
    name: 'tokenizers: padding=True/"max_length"/"longest" pads input_ids (by attribute or key), padding=False or "do_not_pad" does not; batch_encode_plus/encode_plus/__call__/pad name the tokenizer; an owner that is not a plain name does not',
    code: `${H}crit = nn.CrossEntropyLoss()
def f(z, tok, texts, make):
    crit(z, tok(texts, padding=True).input_ids)
    crit(z, tok(texts, padding="max_length")["input_ids"])
    crit(z, tok.batch_encode_plus(texts, padding="longest").input_ids)
    crit(z, tok.encode_plus(texts, padding=True).input_ids)
    crit(z, tok.__call__(texts, padding=True).input_ids)
    crit(z, tok.pad(texts, padding=True).input_ids)
    crit(z, tok.tokenizer(texts, padding=True).input_ids)
    crit(z, tok(texts, padding=False).input_ids)
    crit(z, tok(texts, padding="do_not_pad").input_ids)
    crit(z, tok(texts).input_ids)
    crit(z, make()(texts, padding=True).input_ids)
    crit(z, tok(texts, padding=True).attention_mask)
    crit(z, tok(texts, padding=True)["attention_mask"])
class Data:
    def get(self, texts, z):
        enc = self.tokenizer(texts, padding=True)
        crit(z, enc.input_ids)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@6:5-6:48 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @6:10-6:11: 
  target @6:13-6:47: pad{"tok.pad_token_id" null "tok(…, padding=True)" @6:13-6:37}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@7:5-7:59 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @7:10-7:11: 
  target @7:13-7:58: pad{"tok.pad_token_id" null "tok(…, padding=\\"max_length\\")" @7:13-7:45}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@8:5-8:71 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @8:10-8:11: 
  target @8:13-8:70: pad{"tok.pad_token_id" null "tok(…, padding=\\"longest\\")" @8:13-8:60}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@9:5-9:60 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @9:10-9:11: 
  target @9:13-9:59: pad{"tok.pad_token_id" null "tok(…, padding=True)" @9:13-9:49}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@10:5-10:57 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @10:10-10:11: 
  target @10:13-10:56: pad{"tok.pad_token_id" null "tok(…, padding=True)" @10:13-10:46}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:5-11:52 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @11:10-11:11: 
  target @11:13-11:51: pad{"tok.pad_token_id" null "tok(…, padding=True)" @11:13-11:41}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:5-12:58 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @12:10-12:11: 
  target @12:13-12:57: pad{"tok.tokenizer.pad_token_id" null "tok.tokenizer(…, padding=True)" @12:13-12:47}
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:5-13:49 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @13:10-13:11: 
  target @13:13-13:48: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:5-14:56 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @14:10-14:11: 
  target @14:13-14:55: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:5-15:34 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @15:10-15:11: 
  target @15:13-15:33: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@16:5-16:51 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @16:10-16:11: 
  target @16:13-16:50: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@17:5-17:53 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @17:10-17:11: 
  target @17:13-17:52: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@18:5-18:56 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @18:10-18:11: 
  target @18:13-18:55: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@22:9-22:31 ctor=@4:8-4:29 rename=@4:11-4:27 insert=@4:28-4:28
  args: 
  input @22:14-22:15: 
  target @22:17-22:30: pad{"self.tokenizer.pad_token_id" null "self.tokenizer(…, padding=True)" @21:15-21:50}
`,
  },
  {
    name: 'module methods that return the module (to/cuda/eval/…) keep a model, a criterion, an activation module, a Sequential; a class defining its own `to` is called instead; `.forward` of a module is the module',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        return self.fc(x)
class Moved(nn.Module):
    def to(self, device):
        return None
    def forward(self, x):
        return torch.sigmoid(x)
def f(x, y, dev):
    net = Net().to(dev)
    crit = nn.NLLLoss().cuda()
    act = nn.Softmax(dim=1).to(dev)
    seq = nn.Sequential(nn.Linear(4, 3)).eval()
    crit(net(x), y)
    crit(act(x), y)
    crit(seq(x), y)
    crit(Moved().to(dev)(x), y)
    crit(Moved().eval()(x), y)
    crit(net.forward(x), y)
    crit(act.forward(x), y)
    crit(seq.forward(x), y)
    crit.forward(x, y)
    crit(net.fc.forward(x), y)
    crit(nn.Dropout(0.1).forward(act(x)), y)
    crit(net.fc.weight, y)
`,
    expect: `loss NLLLoss module "nn.NLLLoss" call=@20:5-20:20 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @20:10-20:16: raw{"nn.Linear(…, 3)" @9:16-9:26}
  target @20:18-20:19: 
loss NLLLoss module "nn.NLLLoss" call=@21:5-21:20 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @21:10-21:16: act{softmax dim=1 "nn.Softmax(dim=1)" @21:10-21:16 drop=[@21:10-21:16→"x"] toLog=[@18:14-18:21→"LogSoftmax"]}
  target @21:18-21:19: 
loss NLLLoss module "nn.NLLLoss" call=@22:5-22:20 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @22:10-22:16: raw{"nn.Linear(…, 3)" @19:25-19:40}
  target @22:18-22:19: 
loss NLLLoss module "nn.NLLLoss" call=@23:5-23:32 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @23:10-23:28: 
  target @23:30-23:31: 
loss NLLLoss module "nn.NLLLoss" call=@24:5-24:31 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @24:10-24:27: act{sigmoid dim=null "torch.sigmoid(…)" @14:16-14:32 batched drop=[@14:16-14:32→"x"] toLog=-}
  target @24:29-24:30: 
loss NLLLoss module "nn.NLLLoss" call=@25:5-25:28 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @25:10-25:24: raw{"nn.Linear(…, 3)" @9:16-9:26}
  target @25:26-25:27: 
loss NLLLoss module "nn.NLLLoss" call=@26:5-26:28 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @26:10-26:24: act{softmax dim=1 "nn.Softmax(dim=1)" @26:10-26:24 drop=[@26:10-26:24→"x"] toLog=[@18:14-18:21→"LogSoftmax"]}
  target @26:26-26:27: 
loss NLLLoss module "nn.NLLLoss" call=@27:5-27:28 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @27:10-27:24: raw{"nn.Linear(…, 3)" @19:25-19:40}
  target @27:26-27:27: 
loss NLLLoss module "nn.NLLLoss" call=@28:5-28:23 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @28:18-28:19: 
  target @28:21-28:22: 
loss NLLLoss module "nn.NLLLoss" call=@29:5-29:31 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @29:10-29:27: raw{"nn.Linear(…, 3)" @29:10-29:27}
  target @29:29-29:30: 
loss NLLLoss module "nn.NLLLoss" call=@30:5-30:45 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @30:10-30:41: act{softmax dim=1 "nn.Softmax(dim=1)" @30:34-30:40 drop=[@30:34-30:40→"x"] toLog=[@18:14-18:21→"LogSoftmax"]}
  target @30:43-30:44: 
loss NLLLoss module "nn.NLLLoss" call=@31:5-31:27 ctor=@17:12-17:24 rename=@17:15-17:22 insert=@17:23-17:23
  args: 
  input @31:10-31:23: 
  target @31:25-31:26: 
`,
  },
  {
    name: 'tensor attributes: .data keeps everything, .T and .mT keep the activation but not the layout, any other attribute is unknown',
    code: `${H}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 1)
        self.crit = nn.CrossEntropyLoss()
    def forward(self, x, y):
        h = self.conv(x)
        self.crit(h.data, y)
        self.crit(h.T, y)
        self.crit(h.mT, y)
        self.crit(h.shape, y)
        self.crit(x.softmax(1).T, y)
`,
    expect: `loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@11:9-11:29 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @11:19-11:25: layout{rank=3 cls=1 classes=6 "nn.Conv1d(…, 6, …)" @10:13-10:25} raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @11:27-11:28: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@12:9-12:26 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @12:19-12:22: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @12:24-12:25: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@13:9-13:27 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @13:19-13:23: raw{"nn.Conv1d(…, 6, …)" @10:13-10:25}
  target @13:25-13:26: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@14:9-14:30 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @14:19-14:26: 
  target @14:28-14:29: 
loss CrossEntropyLoss module "nn.CrossEntropyLoss" call=@15:9-15:37 ctor=@8:21-8:42 rename=@8:24-8:40 insert=@8:41-8:41
  args: 
  input @15:19-15:33: act{softmax dim=1 ".softmax(…)" @15:19-15:31 batched drop=[@15:19-15:31→"x"] toLog=[@15:21-15:28→"log_softmax"]}
  target @15:35-15:36: 
`,
  },
];

table('flow facts (methods)', CASES, factsOf);
