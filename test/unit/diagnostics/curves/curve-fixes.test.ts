/**
 * The fix text of every curve rule, word for word, as a finding carries it (curve-evidence.test.ts
 * compares findings with the rules' own fix functions, which a change of the text would change too).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCurveRules, type CurveReference, type CurveSeries } from '../../../../src/diagnostics/curves/index';

const series = (n: number, f: (i: number) => number, name = 'loss'): CurveSeries => ({ name, steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => f(i)) });
function fixOf(rule: string, s: CurveSeries[], reference?: CurveReference): string {
  const f = runCurveRules(s, reference ? { reference } : {}).filter((x) => x.rule === rule);
  assert.equal(f.length, 1, rule);
  return f[0].fix;
}

test('non-finite-loss: where to look and the usual causes', () => {
  assert.equal(fixOf('non-finite-loss', [series(8, (i) => (i < 6 ? 2 - 0.1 * i : NaN))]), [
    '# find the first operation that produces NaN/Inf (slow: only around the failing step)',
    'torch.autograd.set_detect_anomaly(True)',
    '# usual causes and fixes:',
    '#  - learning rate too high: lower it, add warmup, clip gradients',
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    '#  - log(0) / log(sigmoid(x)) / log(softmax(x)) written by hand: use BCEWithLogitsLoss / CrossEntropyLoss on logits',
    '#  - float16 overflow: use torch.autocast(..., dtype=torch.bfloat16) or a GradScaler, keep the loss in float32',
    '#  - NaN in the data: assert torch.isfinite(x).all() and torch.isfinite(y).all() in the loader',
    '#  - every target ignored in a batch (mean over zero targets is NaN)',
  ].join('\n'));
});

test('loss-divergence: a lower learning rate, clipping, a decaying schedule', () => {
  const floor = 2 * Math.exp(-4) + 0.2;
  const s = series(200, (i) => (i < 100 ? 2 * Math.exp(-i / 25) + 0.2 : floor * Math.exp((i - 100) / 40)) * (1 + 0.05 * Math.sin(i * 1.7)));
  assert.equal(fixOf('loss-divergence', [s]), [
    '# lower the learning rate (often the cause) and clip gradients',
    'optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr / 10)',
    'loss.backward()',
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    'optimizer.step()',
    '# use a schedule that decays (and warms up): torch.optim.lr_scheduler.OneCycleLR / CosineAnnealingLR',
    '# with float16 autocast, use torch.cuda.amp.GradScaler() or bfloat16',
  ].join('\n'));
});

test('loss-spikes: look at the batches, clip, Adam eps, bfloat16', () => {
  assert.equal(fixOf('loss-spikes', [series(2000, (i) => (1 + 0.02 * Math.sin(i * 1.7)) * (i === 1200 ? 5 : 1))]), [
    '# look at the batches of the spike steps: a corrupt sample, a wrong label, an outlier target?',
    '# then keep one bad batch from blowing up the weights:',
    'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)',
    '# with Adam: a larger eps (1e-6..1e-8 -> 1e-6) or a lower peak learning rate / longer warmup',
    '# with float16: use bfloat16 or a GradScaler',
  ].join('\n'));
});

test('overfitting: keep the best checkpoint, stop early, regularise', () => {
  const train = series(91, (i) => 2 * Math.exp(-i / 40) + 0.1, 'train_loss');
  const val: CurveSeries = { name: 'val_loss', steps: Array.from({ length: 10 }, (_, i) => 10 * i), values: [2, 1.6, 1.3, 1.1, 1.0, 1.05, 1.15, 1.3, 1.45, 1.6] };
  assert.equal(fixOf('overfitting', [train, val]), [
    '# keep the checkpoint with the best validation loss and stop early',
    'if val_loss < best_val:',
    '    best_val = val_loss',
    '    torch.save(model.state_dict(), "best.pt")',
    '# Lightning: EarlyStopping(monitor="val_loss", patience=3) + ModelCheckpoint(monitor="val_loss")',
    '# HF Trainer: load_best_model_at_end=True, metric_for_best_model="eval_loss", EarlyStoppingCallback(3)',
    '# and regularise: weight_decay, dropout, data augmentation, more data, a smaller model',
  ].join('\n'));
});

test('loss-plateau: overfit one batch, check gradients, the learning rate; at the double-softmax floor, raw logits', () => {
  assert.equal(fixOf('loss-plateau', [series(100, (i) => Math.log(10) * (1 + 0.01 * Math.sin(i * 1.7)))]), [
    '# 1) can the model overfit one small batch? If not, the wiring (model/loss/optimizer) is broken',
    'xb, yb = next(iter(train_loader))',
    'for step in range(300):',
    '    optimizer.zero_grad()',
    '    loss = criterion(model(xb), yb)',
    '    loss.backward()',
    '    optimizer.step()',
    'print(loss.item())  # should approach 0',
    '# 2) are gradients flowing? (None or 0 means a detached graph, frozen layers or lr too small)',
    'print({n: None if p.grad is None else p.grad.norm().item() for n, p in model.named_parameters()})',
    '# 3) try a 10x larger (or, if it oscillates, smaller) learning rate, and check that the labels match the inputs',
  ].join('\n'));
  const ref: CurveReference = { source: 'case', doubleSoftmaxFloor: 1.0986, numClasses: 3, lossType: 'CrossEntropyLoss' };
  assert.equal(fixOf('loss-plateau', [series(100, (i) => 1.0986 * (1 + 0.01 * Math.sin(i * 1.7)))], ref), [
    '# CrossEntropyLoss applies log_softmax itself: feed it raw logits',
    'logits = model(x)            # remove the final nn.Softmax / torch.softmax',
    'loss = criterion(logits, y)',
  ].join('\n'));
});
