#!/usr/bin/env python3
"""Realistic loss cases for the invariant rules (issue #20, #12 item 1), built with PyTorch the way
the people in the cited reports built them, and dumped with python/lossdbg_dump.py.

    /usr/bin/python3 tools/gen_invariant_cases.py     ->  test/fixtures/invariants/<name>.json

Each case's `meta` holds `source` (the report it is modelled on, or "control"), `setup` (what was
done) and `expect`: the rule ids, with their severity, that must be raised at warning or error
level — decided from the report and the maths, before running Loss Debugger. Controls expect
nothing. test/unit/diagnostics/rules/invariants-cases.test.ts checks them.

Deterministic: torch.manual_seed per case; float32 tensors as the reporters had them.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, os.path.join(ROOT, 'python'))
from lossdbg_dump import dump_case  # noqa: E402

OUT = os.path.join(ROOT, 'test', 'fixtures', 'invariants')
CASES = {}


def case(name):
    def register(f):
        CASES[name] = f
        return f
    return register


def seg_logits(b, h, w, mask, margin=2.0, noise=1.0):
    """Logits of a partly trained binary segmenter for a {0, 1} mask."""
    return (mask * 2 - 1) * margin * 0.5 + torch.randn(b, 1, h, w) * noise


def blob_masks(b, h, w):
    """b binary masks (b, 1, h, w) with one elliptic blob each, like a cell or lesion."""
    yy, xx = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing='ij')
    out = torch.zeros(b, 1, h, w)
    for i in range(b):
        cy, cx = torch.randint(h // 4, 3 * h // 4, (1,)).item(), torch.randint(w // 4, 3 * w // 4, (1,)).item()
        ry, rx = torch.randint(3, h // 3, (1,)).item(), torch.randint(3, w // 3, (1,)).item()
        out[i, 0] = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1).float()
    return out


# ---- BCE targets outside [0, 1] -------------------------------------------------------------------

@case('unet-bce-mask-0-255')
def unet_bce_mask_0_255():
    torch.manual_seed(1)
    mask01 = blob_masks(2, 24, 24)
    probs = torch.sigmoid(seg_logits(2, 24, 24, mask01))
    mask = mask01 * 255  # the PNG mask loaded without scaling
    crit = nn.BCELoss()
    loss = crit(probs, mask).item()
    return crit, probs, mask, {
        'source': 'https://github.com/milesial/Pytorch-UNet/issues/78',
        'setup': 'U-Net, nn.BCELoss on sigmoid outputs, masks loaded from PNG as 0/255; the log shows a loss of about -1000 and falling',
        'reported_loss': loss,
        'expect': {'bce-target-out-of-range': 'error'},
    }


@case('unet-bcewithlogits-mask-plus-minus-one')
def unet_bcewithlogits_mask_pm1():
    torch.manual_seed(2)
    mask01 = blob_masks(4, 16, 16)
    logits = seg_logits(4, 16, 16, mask01)
    mask = (mask01 - 0.5) / 0.5  # Normalize(mean=0.5, std=0.5) applied to the mask by the augmentation too
    return nn.BCEWithLogitsLoss(), logits, mask, {
        'source': 'https://github.com/bigmb/Unet-Segmentation-Pytorch-Nest-of-Unets/issues/18',
        'setup': 'the augmentation normalised the mask like the image, to {-1, 1}; BCEWithLogitsLoss goes negative',
        'expect': {'bce-target-out-of-range': 'error'},
    }


@case('medical-seg-bcewithlogits-label-ids')
def medical_seg_label_ids():
    torch.manual_seed(3)
    labels = torch.zeros(2, 1, 16, 16)
    labels[:, :, 4:10, 4:10] = 1
    labels[:, :, 8:13, 9:14] = 2  # a second structure labelled 2 in the label PNG
    logits = torch.randn(2, 1, 16, 16) + (labels > 0).float() * 2 - 1
    return nn.BCEWithLogitsLoss(), logits, labels, {
        'source': 'https://github.com/MontaEllis/Pytorch-Medical-Segmentation/issues/8',
        'setup': 'label images with values {0, 1, 2} fed to BCEWithLogitsLoss; the loss turns negative ("your labels are not 0/1")',
        'expect': {'bce-target-out-of-range': 'error'},
    }


# ---- probability targets that are not distributions -------------------------------------------------

@case('kl-sigmoid-teacher')
def kl_sigmoid_teacher():
    torch.manual_seed(4)
    N, K, T = 32, 20, 2.0
    student = torch.randn(N, K) * 2
    teacher = student + torch.randn(N, K)
    crit = nn.KLDivLoss(reduction='batchmean')
    inp = F.log_softmax(student / T, dim=1)
    tgt = torch.sigmoid(teacher / T)  # a multi-label teacher's sigmoid outputs used as a distribution
    loss = crit(inp, tgt).item()
    return crit, inp, tgt, {
        'source': 'issue 12 item 1 (KL targets that are not distributions): the pattern reproduced',
        'setup': 'distillation from a teacher with sigmoid outputs: the target rows sum to ~10, not 1',
        'reported_loss': loss,
        'expect': {'target-not-a-distribution': 'error' if loss < 0 else 'warning'},
    }


@case('kl-power-law-prior-unnormalised')
def kl_power_law_unnormalised():
    torch.manual_seed(5)
    B, K = 64, 32
    probs = F.softmax(torch.randn(B, K) * 0.5, dim=1)
    mean_probs = probs.mean(dim=0, keepdim=True)
    power = torch.arange(1, K + 1, dtype=torch.float32) ** -0.25  # power-law prior, never normalised
    crit = nn.KLDivLoss(reduction='sum')
    inp = torch.log(mean_probs)
    tgt = power.unsqueeze(0)
    loss = crit(inp, tgt).item()
    return crit, inp, tgt, {
        'source': 'https://github.com/lightly-ai/lightly/issues/1194',
        'setup': 'PMSN-style regulariser: KL between the mean prediction (log taken) and a power-law prior whose weights are not normalised; the KL comes out negative',
        'reported_loss': loss,
        'expect': {'target-not-a-distribution': 'error' if loss < 0 else 'warning'},
    }


@case('ce-multi-hot-soft-targets')
def ce_multi_hot():
    torch.manual_seed(6)
    N, K = 48, 12
    y = (torch.rand(N, K) < 0.2).float()
    y[y.sum(1) == 0, 0] = 1
    logits = torch.randn(N, K) + y * 2
    return nn.CrossEntropyLoss(), logits, y, {
        'source': 'pattern: multi-hot labels into softmax cross-entropy (see https://github.com/fastai/fastbook/issues/647 on why it does not fit multi-label data)',
        'setup': 'multi-label data (several 1s per row) given to CrossEntropyLoss as probability targets instead of BCEWithLogitsLoss',
        'expect': {'target-not-a-distribution': 'warning'},
    }


@case('pytorch-60928-kl-unnormalised-target')
def pytorch_60928():
    output = torch.tensor([[0.1132, 0.5477, 0.3390]])
    target = torch.tensor([[0.1541, 0.0511, 0.0947]])
    crit = nn.KLDivLoss()
    loss = crit(output.log(), target).item()  # -0.0648 in the report
    return crit, output.log(), target, {
        'source': 'https://github.com/pytorch/pytorch/issues/60928',
        'setup': 'nn.KLDivLoss()(output.log(), target) with a target row summing to 0.30: "Negative loss value of nn.KLDivLoss"',
        'reported_loss': loss,
        'expect': {'target-not-a-distribution': 'error', 'kl-div-mean-reduction': 'warning'},
    }


@case('pytorch-152437-ce-negative-probabilities')
def pytorch_152437():
    torch.manual_seed(15)
    inp = 2 * torch.randn(10, 5)
    target = (-2) * torch.ones(10, 5)
    return nn.CrossEntropyLoss(reduction='none'), inp, target, {
        'source': 'https://github.com/pytorch/pytorch/issues/152437',
        'setup': '"nn.CrossEntropyLoss accepts negative target probabilities": target = -2 everywhere, reduction none',
        'expect': {'target-not-a-distribution': 'error'},
    }


@case('pytorch-134771-ce-targets-outside-unit')
def pytorch_134771():
    inp = torch.tensor([[0.4, 0.8, 0.6], [0.3, 0.0, 0.5]])
    target = torch.tensor([[6.2, -7.9, 3.4], [2.1, 8.6, -12.5]])
    return nn.CrossEntropyLoss(), inp, target, {
        'source': 'https://github.com/pytorch/pytorch/issues/134771',
        'setup': 'CrossEntropyLoss with "class probabilities" outside [0, 1]; PyTorch returns 3.9178 without complaint',
        'expect': {'target-not-a-distribution': 'error'},
    }


# ---- PyTorch's own warning -------------------------------------------------------------------------

@case('distillation-kl-default-mean')
def distillation_default_mean():
    torch.manual_seed(7)
    N, K, T = 16, 100, 4.0
    student = torch.randn(N, K) * 3
    teacher = student + torch.randn(N, K) * 1.5
    crit = nn.KLDivLoss()  # reduction='mean' by default: PyTorch warns
    return crit, F.log_softmax(student / T, dim=1), F.softmax(teacher / T, dim=1), {
        'source': 'https://github.com/facebookresearch/deit/issues/116',
        'setup': "distillation term with nn.KLDivLoss() (reduction='mean'): the value is the KL divided by the 100 classes",
        'expect': {'kl-div-mean-reduction': 'warning'},
    }


# ---- a loss that cannot teach, arguments that make no sense --------------------------------------

@case('distillation-teacher-vs-itself')
def distillation_teacher_vs_itself():
    torch.manual_seed(16)
    N, K, T = 16, 10, 4.0
    large_logits = torch.randn(N, K) * 3
    crit = nn.KLDivLoss(log_target=True)  # reduction='mean' as in the report
    x = F.log_softmax(large_logits / T, dim=-1)
    return crit, x, F.log_softmax(large_logits / T, dim=-1), {
        'source': 'https://github.com/labmlai/annotated_deep_learning_paper_implementations/issues/66',
        'setup': 'the distillation term was given the large (teacher) model\'s logits twice instead of the student\'s: KL is exactly 0, no gradient',
        'expect': {'loss-cannot-teach': 'warning', 'kl-div-mean-reduction': 'warning'},
    }


@case('multilabel-weight-instead-of-pos-weight')
def multilabel_weight_not_pos_weight():
    torch.manual_seed(17)
    N, L = 256, 6
    rates = torch.tensor([0.5, 0.3, 0.08, 0.04, 0.2, 0.02])
    y = (torch.rand(N, L) < rates).float()
    logits = torch.randn(N, L) + (y * 2 - 1)
    class_weight = (N / (L * y.sum(0).clamp_min(1)))  # inverse frequency per label
    return nn.BCEWithLogitsLoss(weight=class_weight), logits, y, {
        'source': 'https://github.com/open-mmlab/mmpretrain/issues/434',
        'setup': 'multi-label classification: the per-class weight meant to balance rare labels passed as weight= instead of pos_weight=',
        'expect': {'bce-weight-not-pos-weight': 'warning'},
    }


@case('class-weight-inf-for-absent-class')
def class_weight_inf():
    torch.manual_seed(18)
    N, C = 64, 5
    y = torch.randint(0, C - 1, (N,))  # class 4 never occurs in the training labels
    counts = torch.bincount(y, minlength=C).float()
    weight = counts.sum() / counts  # 1 / 0 = inf for class 4
    logits = torch.randn(N, C) + F.one_hot(y, C) * 2
    return nn.CrossEntropyLoss(weight=weight), logits, y, {
        'source': 'pattern: inverse-frequency class weights computed from counts with an absent class (division by zero)',
        'setup': 'weight = counts.sum() / counts with a class that never occurs: weight has an inf',
        'expect': {'invalid-loss-weight': 'error'},
    }


@case('segmentation-pos-weight-on-width')
def segmentation_pos_weight_on_width():
    torch.manual_seed(19)
    B, C, H, W = 2, 4, 6, 4
    y = (torch.rand(B, C, H, W) < 0.1).float()
    logits = torch.randn(B, C, H, W)
    return nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 5.0, 9.0, 20.0])), logits, y, {
        'source': 'pattern: a per-class pos_weight of shape (C,) on a (B, C, H, W) multi-label segmentation output whose width equals C',
        'setup': 'pos_weight broadcasts along W, not C; PyTorch runs it because W == C',
        'expect': {'invalid-loss-weight': 'warning'},
    }


# ---- normalised along the wrong axis --------------------------------------------------------------

@case('nll-log-softmax-over-batch')
def nll_log_softmax_over_batch():
    torch.manual_seed(21)
    N, C = 32, 10
    logits = torch.randn(N, C) * 2
    y = torch.randint(0, C, (N,))
    x = F.log_softmax(logits, dim=0)  # over the batch
    return nn.NLLLoss(), x, y, {
        'source': 'https://github.com/ikostrikov/pytorch-meta-optimizer/issues/10',
        'setup': 'log_softmax computed over the batch dimension (dim=0) before nll_loss',
        'expect': {'normalized-along-wrong-axis': 'warning'},
    }


@case('seq-nll-implicit-dim-3d')
def seq_nll_implicit_dim():
    torch.manual_seed(22)
    B, C, L = 4, 12, 9
    logits = torch.randn(B, C, L) * 2
    y = torch.randint(0, C, (B, L))
    x = F.log_softmax(logits, dim=0)  # what F.log_softmax(logits) picks for a 3-D input (with a deprecation warning)
    return nn.NLLLoss(), x, y, {
        'source': 'pattern: F.log_softmax(x) / nn.LogSoftmax() without dim on a (B, C, L) tensor (PyTorch picks dim 0 for 3-D inputs: "Implicit dimension choice for log_softmax has been deprecated", e.g. https://github.com/likyoo/Siam-NestedUNet/issues/4)',
        'setup': 'sequence tagging (B, C, L) with log_softmax along dim 0',
        'expect': {'normalized-along-wrong-axis': 'warning'},
    }


# ---- clean controls ---------------------------------------------------------------------------------

@case('clean-kl-imagenet-distillation-float32')
def clean_kl_imagenet():
    torch.manual_seed(8)
    N, K, T = 4, 1000, 4.0
    student = torch.randn(N, K) * 3
    teacher = student + torch.randn(N, K)
    return nn.KLDivLoss(reduction='batchmean'), F.log_softmax(student / T, dim=1), F.softmax(teacher / T, dim=1), {
        'source': 'control', 'setup': 'ImageNet distillation, 1000 classes, float32 softmax targets (row sums 1 within float32 rounding)',
        'expect': {},
    }


@case('clean-ce-mixup-targets')
def clean_ce_mixup():
    torch.manual_seed(9)
    N, K = 64, 10
    a, b = torch.randint(0, K, (N,)), torch.randint(0, K, (N,))
    lam = torch.distributions.Beta(0.4, 0.4).sample((N, 1))
    y = lam * F.one_hot(a, K).float() + (1 - lam) * F.one_hot(b, K).float()
    logits = torch.randn(N, K) + 2 * y
    return nn.CrossEntropyLoss(label_smoothing=0.1), logits, y, {
        'source': 'control', 'setup': 'mixup soft targets with label smoothing', 'expect': {},
    }


@case('clean-unet-bce-mask-scaled')
def clean_unet_scaled():
    torch.manual_seed(1)
    mask01 = blob_masks(2, 24, 24)
    logits = seg_logits(2, 24, 24, mask01)
    return nn.BCEWithLogitsLoss(), logits, mask01, {
        'source': 'control', 'setup': 'the fix of Pytorch-UNet#78: mask / 255 -> {0, 1}, BCEWithLogitsLoss on logits', 'expect': {},
    }


@case('clean-kl-segmentation-distillation')
def clean_kl_seg():
    torch.manual_seed(10)
    B, C, H, W = 2, 6, 8, 8
    s = torch.randn(B, C, H, W) * 2
    t = s + torch.randn(B, C, H, W)
    return nn.KLDivLoss(reduction='batchmean'), F.log_softmax(s, dim=1), F.softmax(t, dim=1), {
        'source': 'control', 'setup': 'segmentation distillation: distributions along dim 1 of (B, C, H, W)', 'expect': {},
    }


@case('clean-kl-saliency-map')
def clean_kl_saliency():
    torch.manual_seed(11)
    B, H, W = 3, 12, 16
    pred = torch.randn(B, 1, H, W)
    fix = torch.rand(B, 1, H, W) ** 4
    inp = F.log_softmax(pred.view(B, -1), dim=1).view(B, 1, H, W)
    tgt = (fix / fix.sum(dim=(2, 3), keepdim=True))
    return nn.KLDivLoss(reduction='batchmean'), inp, tgt, {
        'source': 'control', 'setup': 'saliency prediction: one distribution over all H x W pixels of each map', 'expect': {},
    }


@case('clean-kl-log-target')
def clean_kl_log_target():
    torch.manual_seed(12)
    N, K = 16, 50
    s, t = torch.randn(N, K), torch.randn(N, K)
    return nn.KLDivLoss(reduction='batchmean', log_target=True), F.log_softmax(s, 1), F.log_softmax(t, 1), {
        'source': 'control', 'setup': 'KL with log_target=True, both sides log_softmax', 'expect': {},
    }


@case('clean-kl-float16-teacher')
def clean_kl_float16():
    torch.manual_seed(13)
    N, K = 16, 100
    s, t = torch.randn(N, K) * 2, torch.randn(N, K) * 2
    return nn.KLDivLoss(reduction='batchmean'), F.log_softmax(s, 1).half(), F.softmax(t, 1).half(), {
        'source': 'control', 'setup': 'mixed-precision distillation: float16 log-probs and probabilities (row sums 1 within float16 rounding)', 'expect': {},
    }


@case('clean-bce-label-smoothing')
def clean_bce_smoothing():
    torch.manual_seed(14)
    N, K = 64, 5
    y = (torch.rand(N, K) < 0.3).float()
    ys = y * 0.9 + 0.05
    logits = torch.randn(N, K) + (y * 2 - 1)
    return nn.BCEWithLogitsLoss(), logits, ys, {
        'source': 'control', 'setup': 'multi-label BCE with smoothed targets {0.05, 0.95}', 'expect': {},
    }


@case('clean-multilabel-pos-weight')
def clean_multilabel_pos_weight():
    torch.manual_seed(17)
    N, L = 256, 6
    rates = torch.tensor([0.5, 0.3, 0.08, 0.04, 0.2, 0.02])
    y = (torch.rand(N, L) < rates).float()
    logits = torch.randn(N, L) + (y * 2 - 1)
    pos = y.sum(0)
    return nn.BCEWithLogitsLoss(pos_weight=(N - pos) / pos.clamp_min(1)), logits, y, {
        'source': 'control', 'setup': 'the fix of mmpretrain#434: pos_weight = negatives / positives per label', 'expect': {},
    }


@case('clean-autoencoder-mse')
def clean_autoencoder():
    torch.manual_seed(20)
    x = torch.rand(4, 1, 8, 8)
    recon = (x + torch.randn_like(x) * 0.05).clamp(0, 1)
    return nn.MSELoss(), recon, x, {'source': 'control', 'setup': 'autoencoder reconstruction against its input (a real reconstruction, not the input itself)', 'expect': {}}


@case('clean-distillation-log-target')
def clean_distillation_log_target():
    torch.manual_seed(16)
    N, K, T = 16, 10, 4.0
    large_logits = torch.randn(N, K) * 3
    small_logits = large_logits + torch.randn(N, K) * 2
    return nn.KLDivLoss(reduction='batchmean', log_target=True), F.log_softmax(small_logits / T, -1), F.log_softmax(large_logits / T, -1), {
        'source': 'control', 'setup': 'the fix of labml#66: the student compared with the teacher, batchmean', 'expect': {},
    }


@case('clean-seq-nll-log-softmax-dim1')
def clean_seq_nll():
    torch.manual_seed(22)
    B, C, L = 4, 12, 9
    logits = torch.randn(B, C, L) * 2
    y = torch.randint(0, C, (B, L))
    return nn.NLLLoss(), F.log_softmax(logits, dim=1), y, {'source': 'control', 'setup': 'sequence tagging, log_softmax over the classes (dim=1)', 'expect': {}}


# ---- padding that is a real class; ignore_index that is a real class ---------------------------------

CONLL_TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC']
VOC_CLASSES = ['background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
               'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor']


def bio_sentence(n):
    """BIO tags of one sentence of n words: mostly O, entities of 1-3 words."""
    tags = []
    while len(tags) < n:
        if torch.rand(1).item() < 0.18 and len(tags) < n - 1:
            e = torch.randint(0, 4, (1,)).item()
            tags.append(1 + 2 * e)
            for _ in range(torch.randint(0, 3, (1,)).item()):
                tags.append(2 + 2 * e)
        else:
            tags.append(0)
    return torch.tensor(tags[:n])


def tagger_logits(labels, num_tags, margin=2.0):
    """(B, L, C) emissions of a partly trained BiLSTM tagger: noise plus a margin on the gold tag."""
    x = torch.randn(*labels.shape, num_tags)
    gold = torch.nn.functional.one_hot(labels.clamp(0, num_tags - 1), num_tags).float()
    return x + margin * gold * (labels >= 0).unsqueeze(-1).float()


def seg_batch(sizes, h, w, fill, num_classes=21):
    """VOC-like masks: background 0 with an object blob; images smaller than (h, w) padded right/bottom with fill."""
    masks = torch.full((len(sizes), h, w), fill, dtype=torch.long)
    for i, (hi, wi) in enumerate(sizes):
        m = torch.zeros(hi, wi, dtype=torch.long)
        cls = torch.randint(1, num_classes, (1,)).item()
        y0, x0 = torch.randint(0, hi // 2, (1,)).item(), torch.randint(0, wi // 2, (1,)).item()
        m[y0:y0 + hi // 2, x0:x0 + wi // 2] = cls
        masks[i, :hi, :wi] = m
    return masks


def seg_logits_mc(masks, num_classes, margin=2.0):
    """(N, C, H, W) logits of a partly trained segmenter (padding pixels get the class they are labelled with)."""
    x = torch.randn(masks.shape[0], num_classes, *masks.shape[1:])
    gold = torch.nn.functional.one_hot(masks.clamp(0, num_classes - 1), num_classes).permute(0, 3, 1, 2).float()
    return x + margin * gold * (masks < num_classes).unsqueeze(1).float()


@case('ner-pad-sequence-labels-0-is-O')
def ner_pad_sequence_o():
    torch.manual_seed(30)
    tags = [bio_sentence(torch.randint(5, 31, (1,)).item()) for _ in range(16)]
    labels = torch.nn.utils.rnn.pad_sequence(tags, batch_first=True)  # padding_value=0, the id of "O"
    emissions = tagger_logits(labels, len(CONLL_TAGS))
    return nn.CrossEntropyLoss(), emissions.transpose(1, 2), labels, {
        'source': 'https://github.com/kmkurn/pytorch-crf/issues/89',
        'setup': 'BiLSTM tagger on CoNLL tags; the -100 label padding replaced by 0 (as advised for the CRF), but 0 "stands for another label" (O) and the softmax loss has no mask: padding trained as O',
        'task': 'token classification',
        'expect': {'padding-is-a-real-class': 'warning'},
    }


@case('voc-crop-mask-padded-with-background')
def voc_crop_pad_background():
    torch.manual_seed(31)
    masks = seg_batch([(10, 10), (7, 10), (10, 6)], 10, 10, fill=0)  # np.pad(lb, ..., constant_values=0)
    logits = seg_logits_mc(masks, 21)
    return nn.CrossEntropyLoss(ignore_index=255), logits, masks, {
        'source': 'https://github.com/CoinCheung/BiSeNet/issues/237',
        'setup': 'random crop with padding: the label padded with 0 (background) instead of 255, the loss ignoring 255; pad value recorded in meta',
        'task': 'semantic segmentation',
        'pad_value': 0,
        'class_names': VOC_CLASSES,
        'expect': {'padding-is-a-real-class': 'warning'},
    }


@case('tagger-ignore-index-0-is-O')
def tagger_ignore_o():
    torch.manual_seed(32)
    tags = [bio_sentence(torch.randint(5, 31, (1,)).item()) for _ in range(16)]
    labels = torch.nn.utils.rnn.pad_sequence(tags, batch_first=True)
    emissions = tagger_logits(labels, len(CONLL_TAGS))
    return nn.CrossEntropyLoss(ignore_index=0), emissions.transpose(1, 2), labels, {
        'source': 'https://github.com/IDEA-CCNL/Fengshenbang-LM/pull/136',
        'setup': 'the reviewer\'s concern: ignore_index=0 for padding, but 0 is O, so every O label is ignored too',
        'task': 'token classification',
        'class_names': CONLL_TAGS,
        'expect': {'ignore-index-is-real-class': 'warning'},
    }


@case('clean-ner-labels-minus-100-pad-token-0')
def clean_ner_minus_100():
    torch.manual_seed(33)
    tags = [bio_sentence(torch.randint(5, 31, (1,)).item()) for _ in range(16)]
    labels = torch.nn.utils.rnn.pad_sequence(tags, batch_first=True, padding_value=-100)
    emissions = tagger_logits(labels, len(CONLL_TAGS))
    return nn.CrossEntropyLoss(), emissions.transpose(1, 2), labels, {
        'source': 'control', 'setup': 'token classification, labels padded with -100; the tokenizer pads input_ids with 0 = the id of O',
        'pad_token_id': 0, 'class_names': CONLL_TAGS, 'expect': {},
    }


@case('clean-ner-unpadded-windows')
def clean_ner_windows():
    torch.manual_seed(34)
    text = torch.cat([bio_sentence(torch.randint(5, 31, (1,)).item()) for _ in range(40)])
    labels = text[: 16 * 24].view(16, 24)  # a running text cut into windows of 24 tags: no padding, O at many row ends
    emissions = tagger_logits(labels, len(CONLL_TAGS))
    return nn.CrossEntropyLoss(), emissions.transpose(1, 2), labels, {
        'source': 'control', 'setup': 'NER on fixed windows of a running text: no padding; O ends many rows',
        'pad_token_id': 0, 'class_names': CONLL_TAGS, 'expect': {},
    }


@case('clean-tagger-dedicated-pad-label-0')
def clean_tagger_dedicated_pad():
    torch.manual_seed(35)
    tags = [bio_sentence(torch.randint(5, 31, (1,)).item()) + 1 for _ in range(16)]
    labels = torch.nn.utils.rnn.pad_sequence(tags, batch_first=True)  # 0 = the "[x]" padding label
    emissions = tagger_logits(labels, len(CONLL_TAGS) + 1)
    return nn.CrossEntropyLoss(ignore_index=0), emissions.transpose(1, 2), labels, {
        'source': 'control', 'setup': 'Fengshenbang-LM#136 as written: label 0 is a dedicated padding label "[x]", ignore_index=0',
        'class_names': ['[x]'] + CONLL_TAGS, 'expect': {},
    }


@case('clean-voc-crop-mask-padded-255')
def clean_voc_pad_255():
    torch.manual_seed(36)
    masks = seg_batch([(10, 10), (7, 10), (10, 6)], 10, 10, fill=255)
    logits = seg_logits_mc(masks, 21)
    return nn.CrossEntropyLoss(ignore_index=255), logits, masks, {
        'source': 'control', 'setup': 'BiSeNet as written: labels padded with 255, the ignore value',
        'pad_value': 255, 'class_names': VOC_CLASSES, 'expect': {},
    }


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    names = argv or sorted(CASES)
    for n in names:
        crit, inp, tgt, meta = CASES[n]()
        path = os.path.join(OUT, f'{n}.json')
        dump_case(path, crit, inp, tgt, meta=meta, overwrite=True)  # the generator owns its outputs
        print(f'{path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    main(sys.argv[1:])
