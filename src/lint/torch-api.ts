/**
 * What the linter knows of PyTorch's API, by qualified name: the losses (class and functional
 * forms, and where their arguments sit), the activations, the layers whose output is raw scores,
 * and the tensor operations that keep a tensor's meaning (view, to, squeeze, …).
 */
import type { ActKind, LossKind } from '../diagnostics/code/types';

export const LOSS_CLASSES: Record<string, LossKind> = {
  'torch.nn.CrossEntropyLoss': 'CrossEntropyLoss',
  'torch.nn.NLLLoss': 'NLLLoss',
  'torch.nn.BCELoss': 'BCELoss',
  'torch.nn.BCEWithLogitsLoss': 'BCEWithLogitsLoss',
  'torch.nn.KLDivLoss': 'KLDivLoss',
  'torch.nn.MSELoss': 'MSELoss',
  'torch.nn.L1Loss': 'L1Loss',
  'torch.nn.SmoothL1Loss': 'SmoothL1Loss',
  'torch.nn.HuberLoss': 'HuberLoss',
};

/** Functional losses with the positional index of each argument after (input, target). */
export const LOSS_FUNCTIONS: Record<string, { loss: LossKind; positional: string[] }> = {
  'torch.nn.functional.cross_entropy': { loss: 'CrossEntropyLoss', positional: ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'] },
  'torch.nn.functional.nll_loss': { loss: 'NLLLoss', positional: ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction'] },
  'torch.nn.functional.binary_cross_entropy': { loss: 'BCELoss', positional: ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction'] },
  'torch.nn.functional.binary_cross_entropy_with_logits': { loss: 'BCEWithLogitsLoss', positional: ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction', 'pos_weight'] },
  'torch.nn.functional.kl_div': { loss: 'KLDivLoss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction', 'log_target'] },
  'torch.nn.functional.mse_loss': { loss: 'MSELoss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
  'torch.nn.functional.l1_loss': { loss: 'L1Loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction'] },
  'torch.nn.functional.smooth_l1_loss': { loss: 'SmoothL1Loss', positional: ['input', 'target', 'size_average', 'reduce', 'reduction', 'beta'] },
  'torch.nn.functional.huber_loss': { loss: 'HuberLoss', positional: ['input', 'target', 'reduction', 'delta'] },
};

/** Constructor positional arguments of the loss classes. */
export const LOSS_CTOR_POSITIONAL: Record<LossKind, string[]> = {
  CrossEntropyLoss: ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'],
  NLLLoss: ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'],
  BCELoss: ['weight', 'size_average', 'reduce', 'reduction'],
  BCEWithLogitsLoss: ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight'],
  KLDivLoss: ['size_average', 'reduce', 'reduction', 'log_target'],
  MSELoss: ['size_average', 'reduce', 'reduction'],
  L1Loss: ['size_average', 'reduce', 'reduction'],
  SmoothL1Loss: ['size_average', 'reduce', 'reduction', 'beta'],
  HuberLoss: ['reduction', 'delta'],
};

/** Activation functions: qualified name → kind (dim is their 2nd positional argument or `dim=`). */
export const ACT_FUNCTIONS: Record<string, ActKind> = {
  'torch.softmax': 'softmax',
  'torch.nn.functional.softmax': 'softmax',
  'torch.special.softmax': 'softmax',
  'torch.log_softmax': 'log_softmax',
  'torch.nn.functional.log_softmax': 'log_softmax',
  'torch.special.log_softmax': 'log_softmax',
  'torch.sigmoid': 'sigmoid',
  'torch.nn.functional.sigmoid': 'sigmoid',
  'torch.special.expit': 'sigmoid',
};

export const ACT_METHODS: Record<string, ActKind> = { softmax: 'softmax', log_softmax: 'log_softmax', sigmoid: 'sigmoid' };

export const ACT_MODULES: Record<string, ActKind> = {
  'torch.nn.Softmax': 'softmax',
  'torch.nn.LogSoftmax': 'log_softmax',
  'torch.nn.Sigmoid': 'sigmoid',
};

/**
 * Layers whose output is raw scores (logits) when nothing follows them, with where each takes its
 * output size (the class count): its keyword, else its position.
 */
export const RAW_LAYERS = new Map<string, { kw: string; pos: number }>([
  ['torch.nn.Linear', { kw: 'out_features', pos: 1 }],
  ['torch.nn.LazyLinear', { kw: 'out_features', pos: 0 }],
  ['torch.nn.Bilinear', { kw: 'out_features', pos: 2 }],
  ['torch.nn.Conv1d', { kw: 'out_channels', pos: 1 }],
  ['torch.nn.Conv2d', { kw: 'out_channels', pos: 1 }],
  ['torch.nn.Conv3d', { kw: 'out_channels', pos: 1 }],
]);

/** Modules that pass a tensor through without changing what it means. */
export const PASS_MODULES = new Set(['torch.nn.Dropout', 'torch.nn.Identity', 'torch.nn.Flatten', 'torch.nn.Dropout1d', 'torch.nn.Dropout2d']);

export const EMBEDDINGS = new Set(['torch.nn.Embedding']);

export const PAD_SEQUENCE = new Set(['torch.nn.utils.rnn.pad_sequence']);

export const LOG_FUNCTIONS = new Set(['torch.log']);

/** Tensor methods (and torch functions of the same name) that keep what a tensor means. */
export const KEEP_METHODS = new Set([
  'view', 'reshape', 'view_as', 'reshape_as', 'contiguous', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16',
  'squeeze', 'unsqueeze', 'flatten', 'detach', 'type', 'type_as', 'permute', 'transpose', 'clone', 'long', 'int',
]);
export const CLAMP_METHODS = new Set(['clamp', 'clip', 'clamp_', 'clip_']);
export const KEEP_FUNCTIONS = new Set([
  'torch.squeeze', 'torch.unsqueeze', 'torch.flatten', 'torch.reshape', 'torch.transpose', 'torch.permute',
]);
export const CLAMP_FUNCTIONS = new Set(['torch.clamp', 'torch.clip']);
export const ARGMAX = new Set(['torch.argmax']);

/** Known top-level packages: an import of these binds a `ref`, not a project module. */
export const TORCH_ROOTS = new Set(['torch']);

/** Short, familiar spelling of a qualified name for messages. */
export function shortName(q: string): string {
  if (q.startsWith('torch.nn.functional.')) return `F.${q.slice('torch.nn.functional.'.length)}`;
  if (q.startsWith('torch.nn.')) return `nn.${q.slice('torch.nn.'.length)}`;
  return q;
}

/** Canonical qualified name: `torch.nn.modules.loss.X` → `torch.nn.X`, `torch.nn.modules.activation.X` → `torch.nn.X`. */
export function canonical(q: string): string {
  const m = /^torch\.nn\.modules\.[a-z_]+\.(\w+)$/.exec(q);
  if (m) return `torch.nn.${m[1]}`;
  return q;
}
