"""A small text classifier with a planted loss bug (Loss Debugger example).

The model ends in nn.Softmax, and nn.CrossEntropyLoss applies log_softmax again: the loss is
computed on probabilities instead of logits, gradients shrink and training stalls. Open this file
in VS Code with Loss Debugger installed (or run `lossdbg lint train_double_softmax.py`) to see the
warning and its quick fix.
"""

import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, vocab: int = 5000, dim: int = 64, classes: int = 4) -> None:
        super().__init__()
        self.embed = nn.EmbeddingBag(vocab, dim)
        self.head = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, classes), nn.Softmax(dim=1))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(tokens))


def train(loader, epochs: int = 3) -> None:
    model = Classifier()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for tokens, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(tokens), labels)
            loss.backward()
            optimizer.step()
