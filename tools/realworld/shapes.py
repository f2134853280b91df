"""Input/target shapes that broadcast or disagree."""
import torch
import torch.nn as nn

from common import case, dump, seed


@case("farm-mse-squeezed-logits", "farm-mse-squeezed-logits-fixed")
def farm() -> None:
    # Document regression, labels in [0, 16], batch 32; the head's logits were squeezed to (32,).
    g = seed("farm-mse-squeezed-logits")
    labels = (torch.rand(32, 1, generator=g) * 16).round(decimals=2)
    logits = labels + torch.randn(32, 1, generator=g) * 3.0
    dump("farm-mse-squeezed-logits", nn.MSELoss(), logits.squeeze(1), labels)
    dump("farm-mse-squeezed-logits-fixed", nn.MSELoss(), logits, labels)


@case("conet-smoothl1-depth-broadcast", "conet-smoothl1-depth-broadcast-fixed")
def conet() -> None:
    # Depth maps in [0, 1]; prediction (2, 1, H, W), target (2, H, W); cap: 64x64 instead of 256x256.
    g = seed("conet-smoothl1-depth-broadcast")
    depth = torch.rand(2, 8, 8, generator=g)
    depth = nn.functional.interpolate(depth[:, None], size=(64, 64), mode="bilinear", align_corners=False)[:, 0]
    pred = (depth[:, None] + torch.randn(2, 1, 64, 64, generator=g) * 0.1).clamp(0, 1)
    crit = nn.SmoothL1Loss(reduction="sum")
    meta = {"cap": "64x64 instead of 256x256"}
    dump("conet-smoothl1-depth-broadcast", crit, pred, depth, meta=meta)
    dump("conet-smoothl1-depth-broadcast-fixed", crit, pred, depth.unsqueeze(1), meta=meta)


@case("xlstm-mse-broadcast")
def xlstm() -> None:
    g = seed("xlstm-mse-broadcast")
    t = torch.linspace(0, 6.28, 11)
    y_pred = (torch.sin(t[:10]) + torch.randn(10, generator=g) * 0.3).reshape(10, 1)
    y_true = torch.sin(t[10:]).reshape(1, 1)
    dump("xlstm-mse-broadcast", nn.MSELoss(), y_pred, y_true)


@case("hpa-mse-batch-broadcast")
def hpa() -> None:
    # 18 protein-localisation labels (multi-label, binary), batch 8; output collapsed to one row.
    g = seed("hpa-mse-batch-broadcast")
    target = (torch.rand(8, 18, generator=g) < 0.15).float()
    out = torch.rand(1, 18, generator=g) * 0.3
    dump("hpa-mse-batch-broadcast", nn.MSELoss(), out, target)


@case("videox-mse-batch-broadcast")
def videox() -> None:
    # Latent video noise prediction, (B, C=16, F=5, H, W); cap: 15x25 latents instead of 60x100.
    g = seed("videox-mse-batch-broadcast")
    target = torch.randn(2, 16, 5, 15, 25, generator=g)
    noise_pred = target[:1] * 0.7 + torch.randn(1, 16, 5, 15, 25, generator=g) * 0.7
    dump("videox-mse-batch-broadcast", nn.MSELoss(reduction="none"), noise_pred, target,
         meta={"cap": "15x25 latents instead of 60x100"})


@case("c3net-bce-two-channels")
def c3net() -> None:
    # Building masks (B, 1, H, W) in {0, 1}; network built with n_classes = 2 -> (B, 2, H, W) after sigmoid.
    g = seed("c3net-bce-two-channels")
    label = (torch.rand(2, 1, 16, 16, generator=g) < 0.25).float()
    label = nn.functional.interpolate(label, size=(64, 64), mode="nearest")
    logits = (label * 2 - 1) * 1.5 + torch.randn(2, 2, 64, 64, generator=g)
    dump("c3net-bce-two-channels", nn.BCELoss(), torch.sigmoid(logits), label, meta={"cap": "64x64 instead of 256x256"})


@case("pytorch-mse-broadcast-4d")
def mse_4d() -> None:
    output = torch.tensor([1.0, 2.0])
    target = torch.tensor([0.0, 1.0])
    dump("pytorch-mse-broadcast-4d", nn.MSELoss(), output.view(2, 1), target.view(2, 1, 1, 1))
