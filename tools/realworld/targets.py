"""Targets outside the loss's domain: BCE masks stored as 0/255 or -1/1, class ids beyond C."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import case, class_logits, dump, seed


def _blob_mask(g: torch.Generator, n: int, h: int, w: int, frac: float = 0.3) -> torch.Tensor:
    """Binary masks with one smooth foreground blob each (like a car or a cell), values {0, 1}."""
    yy, xx = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    masks = []
    for _ in range(n):
        cy, cx = (torch.rand(2, generator=g) * torch.tensor([h * 0.5, w * 0.5]) + torch.tensor([h * 0.25, w * 0.25]))
        r = (frac * h * w / np.pi) ** 0.5
        masks.append((((yy - cy) ** 2 + (xx - cx) ** 2) < r * r).float())
    return torch.stack(masks)


def _seg_logits(mask: torch.Tensor, g: torch.Generator, signal: float = 2.0, noise: float = 1.5) -> torch.Tensor:
    return ((mask * 2 - 1) * signal + torch.randn(mask.shape, generator=g) * noise).float()


@case("unet-bce-mask-255", "unet-bce-mask-255-fixed")
def unet_bce_255() -> None:
    # Carvana-style masks loaded as 0/255; BCELoss on sigmoid(masks_pred); cap: 2 x 1 x 64 x 64.
    g = seed("unet-bce-mask-255")
    mask = _blob_mask(g, 2, 64, 64)[:, None]
    probs = torch.sigmoid(_seg_logits(mask, g))
    meta = {"cap": "64x64 crops"}
    dump("unet-bce-mask-255", nn.BCELoss(), probs, mask * 255, meta=meta)
    dump("unet-bce-mask-255-fixed", nn.BCELoss(), probs, mask, meta=meta)


@case("nestunet-bce-mask-pm1")
def nestunet() -> None:
    # The mask went through the image's Normalize(0.5, 0.5): {0, 1} -> {-1, 1}; BCEWithLogitsLoss.
    g = seed("nestunet-bce-mask-pm1")
    mask = _blob_mask(g, 2, 64, 64)[:, None]
    dump("nestunet-bce-mask-pm1", nn.BCEWithLogitsLoss(), _seg_logits(mask, g), (mask - 0.5) / 0.5,
         meta={"cap": "64x64 crops"})


@case("pytorch-bce-target-3")
def bce_target_3() -> None:
    dump("pytorch-bce-target-3", nn.BCELoss(), torch.tensor([[0.2, 0.1]]), torch.tensor([[1.0, 3.0]]))


@case("unet-ce-greyscale-mask", "unet-ce-greyscale-mask-fixed")
def unet_ce_grey() -> None:
    # n_classes = 2 with CrossEntropyLoss; masks read as greyscale: 0, 255 and anti-aliased edge values.
    g = seed("unet-ce-greyscale-mask")
    mask = _blob_mask(g, 2, 64, 64)
    soft = F.avg_pool2d(mask[:, None], 3, stride=1, padding=1)[:, 0]
    grey = (soft * 255).round().long()
    logits = class_logits(mask.long(), 2, margin=2.5, noise=1.2, g=g)
    meta = {"cap": "64x64 crops"}
    dump("unet-ce-greyscale-mask", nn.CrossEntropyLoss(), logits, grey, meta=meta)
    dump("unet-ce-greyscale-mask-fixed", nn.CrossEntropyLoss(), logits, (grey > 127).long(), meta=meta)


@case("cosmic-unet-mask-0-255", "cosmic-unet-mask-0-255-fixed")
def cosmic() -> None:
    # Binary masks stored as 0/255 PNGs, 2 output channels.
    g = seed("cosmic-unet-mask-0-255")
    mask = _blob_mask(g, 2, 64, 64, frac=0.2).long()
    logits = class_logits(mask, 2, margin=2.0, noise=1.2, g=g)
    meta = {"cap": "64x64 crops"}
    dump("cosmic-unet-mask-0-255", nn.CrossEntropyLoss(), logits, mask * 255, meta=meta)
    dump("cosmic-unet-mask-0-255-fixed", nn.CrossEntropyLoss(), logits, (mask * 255) // 255, meta=meta)


@case("headpose-bins-66", "headpose-bins-66-fixed")
def headpose() -> None:
    # Hopenet: yaw binned by np.digitize(yaw, range(-99, 102, 3)) - 1 into 66 classes, batch 16.
    g = seed("headpose-bins-66")
    bins = np.array(range(-99, 102, 3))
    yaw = (torch.rand(16, generator=g) * 220 - 110).numpy()  # flipped/augmented poses reach past +-99
    yaw[3] = 104.0  # at least one sample beyond the binned range
    labels = torch.from_numpy(np.digitize(yaw, bins) - 1).long()
    logits = class_logits(labels.clamp(0, 65), 66, margin=3.0, noise=1.0, g=g)
    dump("headpose-bins-66", nn.CrossEntropyLoss(), logits, labels)
    keep = (yaw >= -99) & (yaw < 99)
    dump("headpose-bins-66-fixed", nn.CrossEntropyLoss(), logits[torch.from_numpy(keep)], labels[torch.from_numpy(keep)])


@case("pointnet-one-class")
def pointnet() -> None:
    # Per-point binary labels, num_classes = 1: logits (B, 1, N), targets (B, N) in {0, 1}.
    g = seed("pointnet-one-class")
    target = (torch.rand(2, 1024, generator=g) < 0.4).long()
    logits = torch.randn(2, 1, 1024, generator=g)
    dump("pointnet-one-class", nn.CrossEntropyLoss(), logits, target)


@case("forum-ce-none-out-of-bounds")
def forum_none() -> None:
    # Exactly the reproduction in the issue.
    g = seed("forum-ce-none-out-of-bounds")
    inp = torch.randn(1, 19, 32, 64, generator=g)
    target = torch.randint(22, size=(1, 32, 64), generator=g)
    dump("forum-ce-none-out-of-bounds", nn.CrossEntropyLoss(ignore_index=255, reduction="none"), inp, target)


@case("ssd-invalid-label-reduce-false")
def ssd() -> None:
    dump("ssd-invalid-label-reduce-false", nn.CrossEntropyLoss(reduction="none"),
         torch.tensor([[0.99, 0.01]]), torch.tensor([2]))
