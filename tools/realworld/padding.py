"""Padding trained as a class, and an ignore_index that drops a real class."""
import torch
import torch.nn as nn

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
