"""Target scale, label smoothing with class weights, reported losses under gradient accumulation,
a collapsed network at ln K, and two correct BCE setups from threads that asked whether they were wrong."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, class_logits, dump, seed


@case("schnet-energy-not-normalised", "schnet-energy-not-normalised-fixed")
def schnet() -> None:
    # QM9 internal energy U0 in eV (mean about -11178, std about 1085), batch 100, untrained outputs.
    g = seed("schnet-energy-not-normalised")
    energy = (-11178.0 + torch.randn(100, 1, generator=g) * 1085.0).float()
    pred = torch.randn(100, 1, generator=g) * 5.0
    dump("schnet-energy-not-normalised", nn.MSELoss(), pred, energy)
    standardised = (energy - energy.mean()) / energy.std()
    dump("schnet-energy-not-normalised-fixed", nn.MSELoss(),
         standardised + torch.randn(100, 1, generator=g) * 0.2, standardised)


@case("pytorch-label-smoothing-class-weight")
def label_smoothing() -> None:
    # Toy from the issue: one-hot class input -> same class; balanced class weights with one rare class
    # and label_smoothing = 0.1; the trained network puts 0.9147 on the rare class for every input.
    g = seed("pytorch-label-smoothing-class-weight")
    probs_class = torch.tensor([0.33, 0.33, 0.33, 0.01])
    target = torch.multinomial(probs_class, 1024, replacement=True, generator=g)
    counts = torch.bincount(target, minlength=4).float()
    weight = counts.sum() / (4 * counts)  # sklearn compute_class_weight('balanced')
    p = torch.full((1024, 4), (1 - 0.9147) / 3)
    p[:, 3] = 0.9147
    logits = p.log() + torch.randn(1024, 1, generator=g) * 0.1
    dump("pytorch-label-smoothing-class-weight", nn.CrossEntropyLoss(weight=weight, label_smoothing=0.1),
         logits, target)


def _accumulated(case_id: str, micro: int, rows: int, classes: int):
    g = seed(case_id)
    target = torch.randint(0, classes, (micro * rows,), generator=g)
    logits = class_logits(target, classes, margin=2.5, noise=1.2, g=g)
    crit = nn.CrossEntropyLoss()
    means = [crit(logits[i * rows:(i + 1) * rows], target[i * rows:(i + 1) * rows]).item() for i in range(micro)]
    return logits, target, means


@case("distillkit-accum-loss-summed", "distillkit-accum-loss-summed-fixed")
def distillkit() -> None:
    # 8 accumulation steps of 16 rows; the logged loss is the sum of the micro-batch losses.
    logits, target, means = _accumulated("distillkit-accum-loss-summed", 8, 16, 100)
    dump("distillkit-accum-loss-summed", nn.CrossEntropyLoss(), logits, target,
         meta={"reported_loss": sum(means), "gradient_accumulation_steps": 8})
    dump("distillkit-accum-loss-summed-fixed", nn.CrossEntropyLoss(), logits, target,
         meta={"reported_loss": sum(means) / 8, "gradient_accumulation_steps": 8})


@case("allennlp-accum-last-batch")
def allennlp() -> None:
    # 4 micro-batches; reported batch_loss = last micro-batch loss / 4.
    logits, target, means = _accumulated("allennlp-accum-last-batch", 4, 16, 20)
    dump("allennlp-accum-last-batch", nn.CrossEntropyLoss(), logits, target,
         meta={"reported_loss": means[-1] / 4, "gradient_accumulation_steps": 4})


@case("espnet-accum-reported-divided")
def espnet() -> None:
    # accum_grad = 4: each micro-batch loss is divided by 4 before it is reported.
    logits, target, means = _accumulated("espnet-accum-reported-divided", 4, 32, 50)
    dump("espnet-accum-reported-divided", nn.CrossEntropyLoss(), logits, target,
         meta={"reported_loss": sum(means) / 4 / 4, "gradient_accumulation_steps": 4})


@case("forum-dead-relu-ln10")
def dead_relu() -> None:
    # All ReLUs dead: the last Linear sees zeros and outputs its bias for every input. Batch 64, 10 classes.
    g = seed("forum-dead-relu-ln10")
    bias = torch.randn(10, generator=g) * 0.02
    logits = bias.expand(64, 10).clone()
    target = torch.randint(0, 10, (64,), generator=g)
    history = [2.308579206466675, 2.297269344329834, 2.3083386421203613, 2.3027005195617676,
               2.304455518722534, 2.305694341659546]  # the epochs printed in the post
    dump("forum-dead-relu-ln10", nn.CrossEntropyLoss(), logits, target, history=history)


@case("wav2lip-bce-cosine-similarity")
def wav2lip() -> None:
    # SyncNet: ReLU-activated, L2-normalised audio/video embeddings (512-d); y = 1 for in-sync pairs.
    g = seed("wav2lip-bce-cosine-similarity")
    y = (torch.arange(64) % 2).float().reshape(64, 1)
    a = F.relu(torch.randn(64, 512, generator=g))
    v = F.relu(torch.randn(64, 512, generator=g))
    v = torch.where(y.bool(), F.relu(a + torch.randn(64, 512, generator=g) * 0.8), v)
    d = F.cosine_similarity(F.normalize(a), F.normalize(v))
    dump("wav2lip-bce-cosine-similarity", nn.BCELoss(), d.unsqueeze(1), y)


@case("onsets-frames-bce-sigmoid-inside")
def onsets_frames() -> None:
    # Frame activations for 88 piano keys; sigmoid inside the model; notes are sparse.
    # cap: 4 clips x 64 frames (training uses 640-frame clips).
    g = seed("onsets-frames-bce-sigmoid-inside")
    roll = torch.zeros(4, 64, 88)
    for b in range(4):
        for _ in range(10):
            key = int(torch.randint(20, 70, (1,), generator=g))
            start = int(torch.randint(0, 56, (1,), generator=g))
            length = int(torch.randint(4, 24, (1,), generator=g))
            roll[b, start:start + length, key] = 1.0
    logits = (roll * 2 - 1) * 2.5 + torch.randn(roll.shape, generator=g) * 1.2 - 1.0
    dump("onsets-frames-bce-sigmoid-inside", nn.BCELoss(), torch.sigmoid(logits), roll,
         meta={"cap": "4 clips x 64 frames"})


def _multilabel(g: torch.Generator, batch: int, labels: int, per_sample: float) -> torch.Tensor:
    """Sparse multi-label targets whose label frequencies fall off like a Zipf law."""
    ranks = torch.arange(1, labels + 1, dtype=torch.float32)
    p = (1 / ranks) / (1 / ranks).sum()
    y = torch.zeros(batch, labels)
    for b in range(batch):
        k = max(1, int(torch.poisson(torch.tensor([per_sample]), generator=g)))
        y[b, torch.multinomial(p, k, replacement=False, generator=g)] = 1.0
    return y


@case("fastbert-multilabel-all-zeros")
def fastbert() -> None:
    # 600 labels, about 3 per document, batch 16; the network predicts 0 for every label.
    g = seed("fastbert-multilabel-all-zeros")
    y = _multilabel(g, 16, 600, 3.0)
    logits = -5.0 + torch.randn(16, 600, generator=g) * 0.5 + y * 0.5
    dump("fastbert-multilabel-all-zeros", nn.BCEWithLogitsLoss(), logits, y)


@case("so-multilabel-sparse-all-zeros")
def so_multilabel() -> None:
    # 12 labels, one to three positives per sample, batch 64; the outputs are zeros everywhere.
    g = seed("so-multilabel-sparse-all-zeros")
    y = _multilabel(g, 64, 12, 1.8)
    logits = -3.0 + torch.randn(64, 12, generator=g) * 0.3
    dump("so-multilabel-sparse-all-zeros", nn.BCEWithLogitsLoss(), logits, y)


@case("kaggle-imet-bce-logits")
def kaggle_imet() -> None:
    # iMet 2019: 1103 culture/tag labels, about 4 per image; cap: batch 16. The positives are being learned.
    g = seed("kaggle-imet-bce-logits")
    y = _multilabel(g, 16, 1103, 4.0)
    logits = torch.where(y.bool(), 1.0 + torch.randn(16, 1103, generator=g) * 1.5,
                         -5.0 + torch.randn(16, 1103, generator=g) * 1.5)
    dump("kaggle-imet-bce-logits", nn.BCEWithLogitsLoss(), logits, y, meta={"cap": "batch 16"})


@case("t5-labels-minus-100")
def t5() -> None:
    # Hugging Face T5: CrossEntropyLoss(ignore_index=-100)(lm_logits.view(-1, V), labels.view(-1)),
    # labels padded with -100. cap: vocabulary 512 instead of 32128; batch 4 x 32 target tokens.
    g = seed("t5-labels-minus-100")
    labels = torch.randint(3, 512, (4, 32), generator=g)
    for b, n in enumerate([32, 20, 11, 26]):
        labels[b, n - 1] = 1  # </s>
        labels[b, n:] = -100
    logits = class_logits(labels, 512, margin=3.0, noise=1.0, g=g, class_dim=2)
    dump("t5-labels-minus-100", nn.CrossEntropyLoss(), logits.view(-1, 512), labels.view(-1),
         meta={"cap": "vocabulary 512 instead of 32128"})


@case("koelectra-ner-labels-minus-100")
def koelectra() -> None:
    # Naver NER (29 labels, 'O' = 0 most frequent), max_seq_len 50, batch 8; -100 on [CLS], [SEP],
    # sub-word continuations and padding; logits flattened to (B*L, 29) as in the token-classification head.
    g = seed("koelectra-ner-labels-minus-100")
    labels = torch.full((8, 50), -100, dtype=torch.long)
    for b in range(8):
        n = int(torch.randint(15, 49, (1,), generator=g))
        for i in range(1, n - 1):
            if torch.rand(1, generator=g) < 0.35:
                continue  # a sub-word continuation keeps -100
            labels[b, i] = 0 if torch.rand(1, generator=g) < 0.7 else int(torch.randint(1, 29, (1,), generator=g))
    logits = class_logits(labels, 29, margin=3.0, noise=1.0, g=g, class_dim=2)
    # meta: the tokenizer pads input_ids with 0 (the thread's dump shows it), which is also the id of 'O'
    dump("koelectra-ner-labels-minus-100", nn.CrossEntropyLoss(), logits.view(-1, 29), labels.view(-1),
         meta={"pad_token_id": 0, "task": "token classification"})
