"""Probabilities where log-probabilities or logits belong: softmax + NLLLoss, softmax + CrossEntropyLoss,
sigmoid + BCEWithLogitsLoss, raw outputs to BCELoss."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, class_logits, dump, seed


def _classifier(case_id: str, classes: int, batch: int, margin: float, noise: float):
    g = seed(case_id)
    target = torch.randint(0, classes, (batch,), generator=g)
    return class_logits(target, classes, margin=margin, noise=noise, g=g), target


@case("acgan-softmax-nll", "acgan-softmax-nll-fixed")
def acgan_nll() -> None:
    # CIFAR-10 auxiliary classifier of the discriminator, batch 100, early training.
    logits, target = _classifier("acgan-softmax-nll", 10, 100, margin=1.5, noise=1.0)
    dump("acgan-softmax-nll", nn.NLLLoss(), F.softmax(logits, dim=1), target)
    dump("acgan-softmax-nll-fixed", nn.NLLLoss(), F.log_softmax(logits, dim=1), target)


@case("textcls-softmax-nll", "textcls-softmax-nll-fixed")
def textcls_nll() -> None:
    # AG News (4 classes), batch 128, a Transformer classifier part way through training.
    logits, target = _classifier("textcls-softmax-nll", 4, 128, margin=2.5, noise=1.2)
    dump("textcls-softmax-nll", nn.NLLLoss(), F.softmax(logits, dim=1), target)
    dump("textcls-softmax-nll-fixed", nn.NLLLoss(), F.log_softmax(logits, dim=1), target)


@case("mansf-softmax-nll-binary")
def mansf_nll() -> None:
    # StockNet: 87 stocks per trading day, rise/fall (2 classes), nearly balanced and hard to predict.
    logits, target = _classifier("mansf-softmax-nll-binary", 2, 87, margin=0.4, noise=0.8)
    dump("mansf-softmax-nll-binary", nn.NLLLoss(), F.softmax(logits, dim=1), target)


@case("pytorchgan-acgan-softmax-ce", "pytorchgan-acgan-softmax-ce-fixed")
def pytorchgan_acgan() -> None:
    # MNIST (10 classes), batch 64, aux_layer = Linear + Softmax, auxiliary_loss = CrossEntropyLoss.
    logits, target = _classifier("pytorchgan-acgan-softmax-ce", 10, 64, margin=4.0, noise=1.5)
    dump("pytorchgan-acgan-softmax-ce", nn.CrossEntropyLoss(), F.softmax(logits, dim=1), target)
    dump("pytorchgan-acgan-softmax-ce-fixed", nn.CrossEntropyLoss(), logits, target)


@case("forum-onehot-probabilities", "forum-onehot-probabilities-fixed")
def forum_onehot() -> None:
    # The tensors printed in the thread.
    pred = torch.tensor([
        [0.05369152, 0.09913312, 0.5724052, 0.13255161, 0.041731, 0.10048745],
        [0.13759595, 0.13779168, 0.11650976, 0.27918294, 0.1462693, 0.18265037],
        [0.07497178, 0.5721384, 0.02145172, 0.10340305, 0.17965348, 0.04838147],
    ])
    target = torch.tensor([[0, 0, 0, 1, 0, 0], [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0]])
    dump("forum-onehot-probabilities", nn.CrossEntropyLoss(), pred, target.float())
    # The fix: the network's last Linear without Softmax (logits = log pred up to a per-row shift)
    # and class-index targets.
    g = seed("forum-onehot-probabilities-fixed")
    logits = pred.log() + torch.randn(3, 1, generator=g)
    dump("forum-onehot-probabilities-fixed", nn.CrossEntropyLoss(), logits, target.argmax(dim=1))


@case("so-ce-probability-vector")
def so_ce() -> None:
    dump("so-ce-probability-vector", nn.CrossEntropyLoss(), torch.tensor([[0.0, 0.0, 0.0, 1.0]]), torch.tensor([3]))


def _binary_scores(case_id: str, shape, pos_rate: float, signal: float, noise: float):
    g = seed(case_id)
    target = (torch.rand(shape, generator=g) < pos_rate).float()
    scores = (target * 2 - 1) * signal + torch.randn(shape, generator=g) * noise
    return scores.float(), target


@case("daisyrec-double-sigmoid", "daisyrec-double-sigmoid-fixed")
def daisyrec() -> None:
    # Point-wise recommendation: 1 observed item + 4 sampled negatives, batch 256.
    scores, target = _binary_scores("daisyrec-double-sigmoid", (256,), 0.2, 1.2, 1.0)
    dump("daisyrec-double-sigmoid", nn.BCEWithLogitsLoss(), torch.sigmoid(scores), target)
    dump("daisyrec-double-sigmoid-fixed", nn.BCEWithLogitsLoss(), scores, target)


@case("merlin-binaryoutput-double-sigmoid")
def merlin() -> None:
    # Binary click/rating target (MovieLens rating > 3), batch 512, BinaryOutput = Linear + sigmoid.
    scores, target = _binary_scores("merlin-binaryoutput-double-sigmoid", (512, 1), 0.55, 0.8, 1.0)
    dump("merlin-binaryoutput-double-sigmoid", nn.BCEWithLogitsLoss(), torch.sigmoid(scores), target)


@case("scnn-exist-double-sigmoid")
def scnn() -> None:
    # CULane lane existence: 4 lanes per image, batch 12; inner lanes usually present.
    g = seed("scnn-exist-double-sigmoid")
    rates = torch.tensor([0.6, 0.95, 0.95, 0.6])
    target = (torch.rand(12, 4, generator=g) < rates).float()
    logits = (target * 2 - 1) * 2.0 + torch.randn(12, 4, generator=g)
    dump("scnn-exist-double-sigmoid", nn.BCEWithLogitsLoss(), torch.sigmoid(logits), target)


@case("fcn-bceloss-no-sigmoid")
def fcn() -> None:
    # BagData: 2-channel one-hot masks; cap: batch 4 at 64x64 (the repository uses 160x160).
    g = seed("fcn-bceloss-no-sigmoid")
    fg = torch.zeros(4, 64, 64)
    fg[:, 16:48, 20:44] = 1.0
    mask = torch.stack([1 - fg, fg], dim=1)
    output = (mask * 2 - 1) * 1.5 + torch.randn(4, 2, 64, 64, generator=g) * 2.0
    dump("fcn-bceloss-no-sigmoid", nn.BCELoss(), output, mask, meta={"cap": "64x64 instead of 160x160"})


@case("ray-bceloss-linear-regression")
def ray() -> None:
    # ray.util.sgd LinearDataset(2, 5): x in [0, 10), y = 2x + 5; model nn.Linear(1, 1) at init.
    g = seed("ray-bceloss-linear-regression")
    x = torch.arange(0, 10, 10 / 32).reshape(-1, 1)
    y = 2 * x + 5
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.uniform_(-1, 1, generator=g)
        model.bias.uniform_(-1, 1, generator=g)
        out = model(x)
    dump("ray-bceloss-linear-regression", nn.BCELoss(), out, y)


@case("cbow-onehot-long-target")
def cbow() -> None:
    # One CBOW sample: a softmaxed vocabulary vector and a one-hot long target.
    # cap: vocabulary 5,000 instead of 85,000.
    g = seed("cbow-onehot-long-target")
    v = 5000
    logits = torch.randn(v, generator=g) * 0.5
    y = torch.zeros(v, dtype=torch.long)
    y[1234] = 1
    dump("cbow-onehot-long-target", nn.CrossEntropyLoss(), F.softmax(logits, dim=0), y,
         meta={"cap": "vocabulary 5000 instead of 85000"})


@case("pytorch-nll-doc-no-logsoftmax", "pytorch-nll-doc-no-logsoftmax-fixed")
def nll_doc_example() -> None:
    # The docs' 2-D example: N=5, C=4, conv = Conv2d(16, C, 3) on 10x10 inputs -> 8x8 outputs.
    g = seed("pytorch-nll-doc-no-logsoftmax")
    data = torch.randn(5, 16, 10, 10, generator=g)
    conv = nn.Conv2d(16, 4, (3, 3))
    with torch.no_grad():
        out = conv(data)
    target = torch.randint(0, 4, (5, 8, 8), generator=g)
    dump("pytorch-nll-doc-no-logsoftmax", nn.NLLLoss(), out, target)
    dump("pytorch-nll-doc-no-logsoftmax-fixed", nn.NLLLoss(), F.log_softmax(out, dim=1), target)


@case("vit-distill-batchmean")
def vit_distill() -> None:
    # DistillableViT: ImageNet (1000 classes), T = 3, batch 16; teacher trained, student part way.
    g = seed("vit-distill-batchmean")
    target = torch.randint(0, 1000, (16,), generator=g)
    teacher = class_logits(target, 1000, margin=9.0, noise=2.0, g=g)
    student = class_logits(target, 1000, margin=5.0, noise=2.0, g=g)
    t = 3.0
    dump("vit-distill-batchmean", nn.KLDivLoss(reduction="batchmean"),
         F.log_softmax(student / t, dim=-1), F.softmax(teacher / t, dim=-1))


@case("icpr2020dfdc-bce-logits")
def icpr_bce() -> None:
    # Real/fake face crops, balanced batches of 32, one logit per crop.
    scores, target = _binary_scores("icpr2020dfdc-bce-logits", (32, 1), 0.5, 1.5, 1.5)
    dump("icpr2020dfdc-bce-logits", nn.BCEWithLogitsLoss(), scores, target)


@case("dgai-ce-transpose")
def dgai() -> None:
    # Word-level LSTM: output (32, 100, 12778) transposed to (32, 12778, 100), targets (32, 100).
    # cap: batch 4, 50 steps, vocabulary 300.
    g = seed("dgai-ce-transpose")
    ranks = torch.arange(1, 301, dtype=torch.float32)
    zipf = (1 / ranks) / (1 / ranks).sum()
    targets = torch.multinomial(zipf, 4 * 50, replacement=True, generator=g).reshape(4, 50)
    output = class_logits(targets, 300, margin=2.0, noise=1.0, g=g, class_dim=2) + zipf.log() * 0.5
    dump("dgai-ce-transpose", nn.CrossEntropyLoss(), output.transpose(1, 2), targets,
         meta={"cap": "batch 4, 50 steps, vocabulary 300 (the book: 32, 100, 12778)"})
