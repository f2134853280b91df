"""KL-divergence reports: probabilities given as input, teacher vs itself, 'mean' instead of 'batchmean'."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, class_logits, dump, seed


@case("lightly-pmsn-kl-probs", "lightly-pmsn-kl-probs-fixed")
def lightly_pmsn() -> None:
    # PMSN: 1024 prototypes (MSN default), anchors = batch 64 x 11 views; temperature 0.1.
    g = seed("lightly-pmsn-kl-probs")
    anchors = F.normalize(torch.randn(64 * 11, 256, generator=g), dim=1)
    prototypes = F.normalize(torch.randn(1024, 256, generator=g), dim=1)
    probs = F.softmax(anchors @ prototypes.T / 0.1, dim=1)
    mean_anchor_probs = probs.mean(dim=0)
    k = torch.arange(1, 1025, dtype=torch.float32)
    power_dist = k ** (-0.25)
    power_dist = power_dist / power_dist.sum()
    crit = nn.KLDivLoss(reduction="sum")  # F.kl_div(input=..., target=..., reduction="sum")
    dump("lightly-pmsn-kl-probs", crit, mean_anchor_probs, power_dist,
         meta={"reported_loss": crit(mean_anchor_probs, power_dist).item()})
    dump("lightly-pmsn-kl-probs-fixed", crit, mean_anchor_probs.log(), power_dist)


@case("proda-kd-softmax-student", "proda-kd-softmax-student-fixed")
def proda() -> None:
    # Cityscapes, 19 classes, per-pixel self-distillation; cap: one 32x64 crop instead of 512x1024.
    g = seed("proda-kd-softmax-student")
    labels = torch.randint(0, 19, (1, 4, 8), generator=g)
    labels = F.interpolate(labels[:, None].float(), size=(32, 64), mode="nearest")[:, 0].long()
    teacher_out = class_logits(labels, 19, margin=4.0, noise=1.0, g=g)
    student_out = teacher_out + torch.randn(teacher_out.shape, generator=g) * 1.5
    teacher = F.softmax(teacher_out, dim=1)
    crit = nn.KLDivLoss(reduction="none")  # F.kl_div(student, teacher, reduction='none')
    meta = {"cap": "one 32x64 crop (Cityscapes crops are 512x1024)"}
    dump("proda-kd-softmax-student", crit, F.softmax(student_out, dim=1), teacher, meta=meta)
    dump("proda-kd-softmax-student-fixed", crit, F.log_softmax(student_out, dim=1), teacher, meta=meta)


@case("matchmaker-kl-softmax", "matchmaker-kl-softmax-fixed")
def matchmaker() -> None:
    # 32 queries x 32 candidate passages scored by a BERT teacher (scores of a few units).
    g = seed("matchmaker-kl-softmax")
    labels = torch.randn(32, 32, generator=g) * 3.0
    scores = labels * 0.6 + torch.randn(32, 32, generator=g) * 2.0
    crit = nn.KLDivLoss(reduction="batchmean")
    dump("matchmaker-kl-softmax", crit, scores.softmax(-1), labels.softmax(-1))
    dump("matchmaker-kl-softmax-fixed", crit, F.log_softmax(scores, dim=-1), F.softmax(labels, dim=-1))


@case("labml-distill-teacher-vs-itself")
def labml() -> None:
    # CIFAR-10, batch 64, T = 5, nn.KLDivLoss(log_target=True) with its default reduction.
    g = seed("labml-distill-teacher-vs-itself")
    target = torch.randint(0, 10, (64,), generator=g)
    large_logits = class_logits(target, 10, margin=7.0, noise=2.0, g=g)
    crit = nn.KLDivLoss(log_target=True)
    t = 5.0
    dump("labml-distill-teacher-vs-itself", crit,
         F.log_softmax(large_logits / t, dim=-1), F.log_softmax(large_logits / t, dim=-1))


def _kd_pair(case_id: str, classes: int, batch: int, t: float):
    g = seed(case_id)
    target = torch.randint(0, classes, (batch,), generator=g)
    teacher = class_logits(target, classes, margin=8.0, noise=2.0, g=g)
    student = class_logits(target, classes, margin=3.0, noise=2.0, g=g)
    return F.log_softmax(student / t, dim=1), F.softmax(teacher / t, dim=1)


@case("teacherfree-kd-kl-mean", "teacherfree-kd-kl-mean-fixed")
def teacherfree() -> None:
    # CIFAR-100, batch 128, temperature 6 (KD setting of the repository's configs).
    s, t = _kd_pair("teacherfree-kd-kl-mean", 100, 128, 6.0)
    dump("teacherfree-kd-kl-mean", nn.KLDivLoss(), s, t)
    dump("teacherfree-kd-kl-mean-fixed", nn.KLDivLoss(reduction="batchmean"), s, t)


@case("kdpytorch-kl-mean")
def kdpytorch() -> None:
    # CIFAR-10, batch 128, temperature 20 (the repository's KD params).
    s, t = _kd_pair("kdpytorch-kl-mean", 10, 128, 20.0)
    dump("kdpytorch-kl-mean", nn.KLDivLoss(), s, t)
