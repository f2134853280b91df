/** Case files written into the temporary workspace of the VS Code host tests. */
export const FIXTURES = {
  /** Padding (meta.pad_token_id 0) counted because ignore_index is not set: missing-ignore-index. */
  'padding.losscase.json': `{
  "loss": {"type": "CrossEntropyLoss", "reduction": "mean"},
  "input": [[0.2, 2.0, 0.1], [0.3, 0.2, 1.6], [1.0, 0.0, 0.0], [0.9, 0.1, 0.0], [1.2, -0.3, 0.2],
            [0.1, 0.3, 1.9], [-0.2, 1.4, 0.1], [1.1, 0.0, 0.2], [0.8, 0.2, 0.1], [1.3, 0.1, -0.4]],
  "target": [1, 2, 0, 0, 0, 2, 1, 0, 0, 0],
  "meta": {"pad_token_id": 0, "class_names": ["<pad>", "noun", "verb"], "task": "tokens (B·L flattened)"}
}
`,
  /** The same mistake with the loss written as a bare name. */
  'shorthand.losscase.json': `{
  "loss": "CrossEntropyLoss",
  "input": [[0.2, 2.0, 0.1], [0.3, 0.2, 1.6], [1.0, 0.0, 0.0], [0.9, 0.1, 0.0],
            [1.2, -0.3, 0.2], [0.1, 0.3, 1.9], [1.1, 0.0, 0.2], [0.8, 0.2, 0.1]],
  "target": [1, 2, 0, 0, 0, 2, 0, 0],
  "meta": {"pad_token_id": 0}
}
`,
  /** Softmax applied before CrossEntropyLoss: every row sums to 1. */
  'softmax.losscase.json': `{
  "loss": {"type": "CrossEntropyLoss"},
  "input": [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.6, 0.3, 0.1], [0.05, 0.9, 0.05], [0.3, 0.3, 0.4], [0.8, 0.1, 0.1], [0.1, 0.1, 0.8]],
  "target": [0, 1, 2, 0, 1, 2, 0, 2]
}
`,
  /** Python: a model whose forward ends in softmax, trained with CrossEntropyLoss (double-softmax, lines 11 and 17). */
  'lint_softmax.py': `import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 4)

    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)


def train(loader):
    model = Net()
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
`,
  /** A syntax error on line 3. */
  'broken.json': `{
  "loss": "CrossEntropyLoss",
  "input": [[1, 2], [3,, 4]],
  "target": [0, 1]
}
`,
} as const;
