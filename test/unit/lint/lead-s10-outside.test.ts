/**
 * A module from outside torch and the project (`scipy.special`, `numpy`, `torch_geometric.utils`), a
 * name imported from one, and their attributes are not tensors: their `.softmax(…)` / `.sigmoid(…)` is
 * not Tensor.softmax (src/lint/flow.ts, `outside`). A receiver we know nothing else of still is.
 */
import { findingsOf, table, type Case } from './flow-b-facts';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: Case[] = [
  {
    name: 'scipy.special.softmax, a numpy-style module and PyG\'s utils.softmax before a loss: silent (was double-softmax with a fix that replaced the call by "scipy.special")',
    code: `${H}import scipy.special
import numpy as np
import torch_geometric.utils as pyg_utils
from scipy import special
from jax import nn as jnn

def f(x, y, alpha, index):
    a = F.cross_entropy(scipy.special.softmax(x, 1), y)
    b = F.cross_entropy(special.softmax(x, 1), y)
    c = F.cross_entropy(pyg_utils.softmax(alpha, index), y)
    d = F.binary_cross_entropy_with_logits(jnn.sigmoid(x), y)
    e = F.cross_entropy(np.softmax(x), y)
    return a + b + c + d + e
`,
    expect: '',
  },
  {
    name: 'the same call on a parameter (a tensor we know nothing of) still fires double-softmax',
    code: `${H}import scipy.special

def f(x, y):
    return F.cross_entropy(x.softmax(1), y)
`,
    expect: `double-softmax warning @7:28-7:40 "Softmax applied before CrossEntropyLoss" docs/rules/double-softmax.md
  message: .softmax(…) turns the logits into probabilities, and F.cross_entropy at main.py:7 applies log_softmax to them again: softmax runs twice. The loss cannot go below log(1 + (K−1)/e) even for perfect predictions, and the gradient reaching the logits shrinks, so training stalls. Pass the raw logits to the loss; keep softmax for inference and metrics.
  fix: "logits = model(x)                      # no softmax before the loss\\nloss = nn.CrossEntropyLoss()(logits, target)\\nprobs = logits.softmax(dim=1)           # only for predictions and metrics"
  related main.py@7:12-7:44: F.cross_entropy applies log_softmax itself
  action: Remove the softmax (CrossEntropyLoss applies it)
    main.py@7:28-7:40 → "x"
`,
  },
];

table('outside modules are not tensors', CASES, findingsOf);
