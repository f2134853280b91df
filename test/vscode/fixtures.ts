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
  /** A syntax error on line 3. */
  'broken.json': `{
  "loss": "CrossEntropyLoss",
  "input": [[1, 2], [3,, 4]],
  "target": [0, 1]
}
`,
} as const;
