#!/usr/bin/env python3
"""Reference numbers for the diagnostics' evidence, computed with PyTorch (float64).

    /usr/bin/python3 tools/gen_diag_reference.py   ->  test/fixtures/diagnostics/reference.json

double-softmax: for p = softmax(z), the loss CrossEntropyLoss(p, y), the loss with the logits
CrossEntropyLoss(z, y), and the gradient ratio mean_rows ||d CE(softmax(z), y)/dz|| / mean_rows ||d CE(z, y)/dz||;
the floor log(1 + (K-1)/e) as CE(onehot, y). double-sigmoid: the per-element floors.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
out = {}

cases = []
for (n, k, scale) in [(16, 5, 2.0), (32, 10, 3.0), (8, 3, 0.5)]:
    z = (torch.randn(n, k, dtype=torch.float64) * scale).requires_grad_(True)
    y = torch.randint(0, k, (n,))
    p = torch.softmax(z, dim=1)
    loss_bug = F.cross_entropy(p, y)
    g_bug, = torch.autograd.grad(F.cross_entropy(p, y, reduction='sum'), z)
    z2 = z.detach().clone().requires_grad_(True)
    g_ok, = torch.autograd.grad(F.cross_entropy(z2, y, reduction='sum'), z2)
    ratio = (g_bug.norm(dim=1).mean() / g_ok.norm(dim=1).mean()).item()
    cases.append({
        'probs': p.detach().tolist(), 'target': y.tolist(),
        'loss': loss_bug.item(), 'lossIfLogits': F.cross_entropy(z.detach(), y).item(), 'gradientRatio': ratio,
    })
out['doubleSoftmax'] = cases

floors = {}
for k in [2, 4, 10, 32000]:
    onehot = torch.zeros(1, k, dtype=torch.float64)
    onehot[0, 0] = 1
    floors[str(k)] = F.cross_entropy(onehot, torch.tensor([0])).item()
out['doubleSoftmaxFloor'] = floors

out['doubleSigmoid'] = {
    'floorPositive': F.binary_cross_entropy_with_logits(torch.tensor([1.0], dtype=torch.float64), torch.tensor([1.0], dtype=torch.float64)).item(),
    'floorNegative': F.binary_cross_entropy_with_logits(torch.tensor([0.0], dtype=torch.float64), torch.tensor([0.0], dtype=torch.float64)).item(),
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'diagnostics', 'reference.json')
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print(path)
