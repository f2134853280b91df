"""Padding trained as a class, and an ignore_index that drops a real class."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, class_logits, dump, seed


def _padded(g: torch.Generator, batch: int, max_len: int, vocab: int, lo: int, hi: int, pad: int = 0,
            first_token: int = 3) -> torch.Tensor:
    """Token sequences [BOS=1, tokens..., EOS=2, PAD...] of random lengths in [lo, hi]."""
    x = torch.full((batch, max_len), pad, dtype=torch.long)
    for b in range(batch):
        n = int(torch.randint(lo, hi + 1, (1,), generator=g))
        x[b, 0] = 1
        x[b, 1:n - 1] = torch.randint(first_token, vocab, (n - 2,), generator=g)
        x[b, n - 1] = 2
    return x


@case("latexocr-pad-0-not-ignored", "latexocr-pad-0-not-ignored-fixed")
def latexocr() -> None:
    # pix2tex: pad_value = 0, labels xo = x[:, 1:], loss = cross_entropy(out.transpose(1, 2), xo).
    # cap: vocabulary 128 instead of 8000, sequences up to 64 tokens; batch 8 (pix2tex trains with ~10).
    g = seed("latexocr-pad-0-not-ignored")
    x = _padded(g, 8, 65, 128, 12, 50)
    xo = x[:, 1:]
    out = class_logits(xo, 128, margin=3.0, noise=1.0, g=g, class_dim=2)  # (B, T, V)
    meta = {"cap": "vocabulary 128 instead of 8000; 64 positions"}
    dump("latexocr-pad-0-not-ignored", nn.CrossEntropyLoss(), out.transpose(1, 2), xo, meta=meta)
    dump("latexocr-pad-0-not-ignored-fixed", nn.CrossEntropyLoss(ignore_index=0), out.transpose(1, 2), xo, meta=meta)


@case("dalle-text-pad-not-ignored")
def dalle() -> None:
    # labels = cat(text[:, 1:], image + num_text_tokens); text padded with 0 before the image tokens.
    # batch 4 (the repository's default); cap: 200 text tokens / 128 image codes / text length 24 / 48 image
    # positions (real: 10000 / 512+ / 256 / 1024).
    g = seed("dalle-text-pad-not-ignored")
    num_text, num_image = 200, 128
    text = _padded(g, 4, 24, num_text, 5, 14)
    image = torch.randint(0, num_image, (4, 48), generator=g)
    labels = torch.cat((text[:, 1:], image + num_text), dim=1)
    logits = class_logits(labels, num_text + num_image, margin=2.0, noise=1.0, g=g, class_dim=2)  # (b, n, c)
    dump("dalle-text-pad-not-ignored", nn.CrossEntropyLoss(), logits.permute(0, 2, 1), labels,
         meta={"cap": "200 text tokens, 128 image codes, 23 text + 48 image positions"})


@case("molgen-vae-pad-not-ignored", "molgen-vae-pad-not-ignored-fixed")
def molgen() -> None:
    # SMILES VAE: vocabulary 40 (pad = 0), max length 120, molecules of 20-60 tokens; cap: batch 8.
    g = seed("molgen-vae-pad-not-ignored")
    x = _padded(g, 8, 120, 40, 20, 60)
    recon = class_logits(x, 40, margin=2.5, noise=1.0, g=g)  # (B, V, L)
    dump("molgen-vae-pad-not-ignored", nn.CrossEntropyLoss(), recon, x)
    dump("molgen-vae-pad-not-ignored-fixed", nn.CrossEntropyLoss(ignore_index=0), recon, x)


@case("parti-ignore-index-real-token")
def parti() -> None:
    # VQGAN image tokens (every code is a real token, 0 included), ignore_index = 0.
    # cap: codebook 512 and 8x8 = 64 tokens per image (real: 8192 codes, 32x32 tokens).
    g = seed("parti-ignore-index-real-token")
    codes = torch.randint(0, 512, (2, 64), generator=g)
    codes[0, :3] = 0
    logits = class_logits(codes, 512, margin=2.0, noise=1.0, g=g)
    dump("parti-ignore-index-real-token", nn.CrossEntropyLoss(ignore_index=0), logits, codes,
         meta={"cap": "codebook 512, 64 tokens per image"})


# ---- padding that is a real class; ignore_index that is a real class (#20) ---------------------------

VOC_CLASSES = 21


def _voc_mask(g: torch.Generator, h: int, w: int) -> torch.Tensor:
    """A VOC-like label: background 0, one or two objects (ellipses, some cut by the image border) with
    a 1-pixel void (255) outline, as in SegmentationClass PNGs."""
    yy, xx = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    m = torch.zeros(h, w, dtype=torch.long)
    for _ in range(int(torch.randint(1, 3, (1,), generator=g))):
        cls = int(torch.randint(1, VOC_CLASSES, (1,), generator=g))
        cy, cx = float(torch.rand(1, generator=g)) * h, float(torch.rand(1, generator=g)) * w
        ry, rx = h * (0.2 + 0.3 * float(torch.rand(1, generator=g))), w * (0.2 + 0.3 * float(torch.rand(1, generator=g)))
        d = ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2
        m[(d <= 1.0) & (d > 0.8)] = 255
        m[d <= 0.8] = cls
    return m


def _random_scale_crop(g: torch.Generator, base: int, crop: int, fill: int) -> torch.Tensor:
    """deeplab-xception's RandomScaleCrop on a label: random short side in [0.5, 2.0] x base, pad right and
    bottom with `fill` when smaller than the crop, then a random crop x crop window."""
    short = int(torch.randint(int(base * 0.5), int(base * 2.0) + 1, (1,), generator=g))
    ratio = 0.6 + 0.8 * float(torch.rand(1, generator=g))  # image aspect (w / h)
    if ratio >= 1:
        h, w = short, int(short * ratio)
    else:
        w, h = short, int(short / ratio)
    lab = _voc_mask(g, h, w)
    if short < crop:
        padh, padw = max(crop - h, 0), max(crop - w, 0)
        lab = F.pad(lab, (0, padw, 0, padh), value=fill)  # ImageOps.expand(mask, border=(0, 0, padw, padh), fill)
    H, W = lab.shape
    y1 = int(torch.randint(0, H - crop + 1, (1,), generator=g))
    x1 = int(torch.randint(0, W - crop + 1, (1,), generator=g))
    return lab[y1:y1 + crop, x1:x1 + crop]


def _seg_class_logits(lab: torch.Tensor, g: torch.Generator, num_classes: int) -> torch.Tensor:
    """(N, C, H, W) logits of a partly trained segmenter: margin on the labelled class (none on void)."""
    x = torch.randn(lab.shape[0], num_classes, *lab.shape[1:], generator=g)
    valid = lab < num_classes
    onehot = F.one_hot(lab.clamp(0, num_classes - 1), num_classes).permute(0, 3, 1, 2).float()
    return (x + 2.0 * onehot * valid.unsqueeze(1).float()).float()


@case("deeplab-randomscalecrop-fill-0", "deeplab-randomscalecrop-fill-255")
def deeplab() -> None:
    # VOC, batch 4 (the repository's default for VOC is 4 per GPU); cap: base_size = crop_size = 32
    # (real: 513). Every sample drawn with the same generator state for both fills: the same images.
    # The dumped batch is the first one in which RandomScaleCrop padded a sample (about 1 in 3 samples
    # is scaled below the crop size); in a batch without padding there is no bug to see.
    meta = {"task": "semantic segmentation", "cap": "base and crop size 32 instead of 513"}
    for fill, cid in ((0, "deeplab-randomscalecrop-fill-0"), (255, "deeplab-randomscalecrop-fill-255")):
        g = seed("deeplab-randomscalecrop-fill-0")
        while True:
            lab = torch.stack([_random_scale_crop(g, 32, 32, 254) for _ in range(4)])  # 254: marks the padding
            if (lab == 254).any():
                break
        lab[lab == 254] = fill
        logits = _seg_class_logits(lab, g, VOC_CLASSES)
        dump(cid, nn.CrossEntropyLoss(ignore_index=255), logits, lab, meta=meta)


UPOS_BY_FREQUENCY = ["NOUN", "PUNCT", "VERB", "PRON", "ADP", "DET", "PROPN", "ADJ", "AUX", "ADV", "CCONJ",
                     "PART", "NUM", "SCONJ", "X", "INTJ", "SYM"]


def _pos_tags(g: torch.Generator, n: int) -> torch.Tensor:
    """UPOS tag ids of an n-word sentence drawn from English frequencies (index = frequency rank)."""
    p = torch.tensor([17.0, 12.0, 11.0, 9.0, 8.5, 8.0, 6.5, 6.0, 5.5, 5.0, 3.3, 2.8, 2.0, 1.6, 0.5, 0.5, 0.3])
    return torch.multinomial(p / p.sum(), n, replacement=True, generator=g)


@case("jiant-tagger-ignore-index-pad-0", "jiant-tagger-ignore-index-pad-0-fixed")
def jiant_tagger() -> None:
    # _tagger_forward: logits.view(b * seq, C), targs.view(-1), F.cross_entropy(..., ignore_index=pad_idx).
    # POS tagging (UD English), 17 tags; batch 16 sentences of 5-40 words padded with 0; cap: none.
    g = seed("jiant-tagger-ignore-index-pad-0")
    lengths = [int(torch.randint(5, 41, (1,), generator=g)) for _ in range(16)]
    L = max(lengths)
    tags = torch.zeros(16, L, dtype=torch.long)
    for b, n in enumerate(lengths):
        tags[b, :n] = _pos_tags(g, n)
    # bug: the tag namespace is not padded, so index 0 is NOUN and also the padding index
    logits = class_logits(tags, 17, margin=2.0, noise=1.0, g=g, class_dim=2)
    dump("jiant-tagger-ignore-index-pad-0", nn.CrossEntropyLoss(ignore_index=0), logits.view(-1, 17), tags.view(-1),
         meta={"task": "POS tagging", "class_names": UPOS_BY_FREQUENCY})
    # fix: a padded namespace, @@PADDING@@ = 0, real tags from 1
    fixed = torch.where(torch.arange(L)[None, :] < torch.tensor(lengths)[:, None], tags + 1, torch.zeros_like(tags))
    logits = class_logits(fixed, 18, margin=2.0, noise=1.0, g=g, class_dim=2)
    dump("jiant-tagger-ignore-index-pad-0-fixed", nn.CrossEntropyLoss(ignore_index=0), logits.view(-1, 18), fixed.view(-1),
         meta={"task": "POS tagging", "class_names": ["@@PADDING@@"] + UPOS_BY_FREQUENCY})


CONLL_LABELS = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def _conll_subword_labels(g: torch.Generator, n_words: int, first: int) -> list:
    """Label ids of one CoNLL sentence after WordPiece: the word's label on its first piece, the pad
    label on the other pieces; entities of 1-3 words, mostly O."""
    out = []
    w = 0
    while w < n_words:
        if float(torch.rand(1, generator=g)) < 0.17:
            e = int(torch.randint(0, 4, (1,), generator=g))
            span = min(int(torch.randint(1, 4, (1,), generator=g)), n_words - w)
            words = [first + 1 + 2 * e] + [first + 2 + 2 * e] * (span - 1)
        else:
            words, span = [first], 1
        for lab in words:
            pieces = 1 if float(torch.rand(1, generator=g)) < 0.8 else int(torch.randint(2, 4, (1,), generator=g))
            out.extend([lab] + [0] * (pieces - 1))
        w += span
    return out


@case("hf-tf-ner-pad-label-id-is-O", "hf-tf-ner-pad-label-id-is-O-fixed")
def hf_tf_ner() -> None:
    # run_tf_ner.py: [CLS] + pieces + [SEP], labels padded with pad_token_label_id = 0 to max_seq_length;
    # loss over positions with label != 0 (PyTorch equivalent: ignore_index=0, sum; the script divides the
    # sum by the batch size). Cap: batch 8, max_seq_length 64 (real: 32 x 128).
    for first, cid in ((0, "hf-tf-ner-pad-label-id-is-O"), (1, "hf-tf-ner-pad-label-id-is-O-fixed")):
        g = seed("hf-tf-ner-pad-label-id-is-O")
        C = len(CONLL_LABELS) + first
        rows = []
        for _ in range(8):
            seq = _conll_subword_labels(g, int(torch.randint(6, 30, (1,), generator=g)), first)[:62]
            rows.append([0] + seq + [0] + [0] * (62 - len(seq)))  # [CLS], [SEP] and padding: pad_token_label_id
        labels = torch.tensor(rows)
        logits = class_logits(labels, C, margin=2.0, noise=1.0, g=g, class_dim=2)
        meta = {"task": "token classification", "cap": "batch 8, max_seq_length 64"}
        if first == 0:
            meta["class_names"] = CONLL_LABELS  # labels = get_labels(): label_map[label] = i
        dump(cid, nn.CrossEntropyLoss(ignore_index=0, reduction="sum"), logits.view(-1, C), labels.view(-1), meta=meta)
