/** Messages and views for the webview tests, made up in code (no engine involved). */
import type { CaseView, Finding, RunReport, TrainReport } from '../../src/shapes/index';

export const FINDING: Finding = {
  rule: 'double-softmax',
  severity: 'error',
  title: 'Softmax applied before CrossEntropyLoss',
  message: 'Every row of the input sums to 1 (max deviation 2.1e-7), so the input looks like probabilities. CrossEntropyLoss applies log_softmax itself.',
  evidence: { rows_summing_to_one: 1, min_value: 0.0012, max_value: 0.93, classes: 10, sample_rows: [0, 1, 2] },
  fix: 'logits = model(x)\nloss = nn.CrossEntropyLoss()(logits, y)  # no softmax before the loss',
  docs: 'docs/rules/double-softmax.md',
  field: 'input',
};

export const WARNING: Finding = {
  rule: 'missing-ignore-index',
  severity: 'warning',
  title: 'Padding token counted in the loss',
  message: '31% of the targets equal pad_token_id 0 but ignore_index is -100.',
  evidence: { pad_token_id: 0, share: 0.31 },
  fix: 'nn.CrossEntropyLoss(ignore_index=0)',
  docs: 'docs/rules/missing-ignore-index.md',
  field: 'loss.ignore_index',
};

/** A smooth decaying loss curve with a little deterministic noise. */
export function curve(n: number, start: number, end: number, seed: number, noise = 0.03): number[] {
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
  return Array.from({ length: n }, (_, i) => {
    const t = i / Math.max(1, n - 1);
    return end + (start - end) * Math.exp(-4 * t) + noise * rnd() * (start - end);
  });
}

export function run(name: string, epochs: number, seed: number, findings: Finding[] = []): RunReport {
  const train = curve(epochs, 2.3, 0.2 + seed * 0.05, seed);
  const val = curve(epochs, 2.3, 0.35 + seed * 0.05, seed + 7);
  const acc = train.map((l) => Math.max(0, Math.min(1, 1 - l / 2.5)));
  return {
    name,
    loss: { type: 'CrossEntropyLoss', label_smoothing: seed * 0.05 },
    history: { train_loss: train, val_loss: val, accuracy: acc },
    final: { train_loss: train[epochs - 1], val_loss: val[epochs - 1], accuracy: acc[epochs - 1] },
    findings,
  };
}

export function report(runs: RunReport[], scenario = 'sweep-label-smoothing'): TrainReport {
  return { scenario, seed: 0, runs, seconds: 1.25, title: 'Label smoothing sweep', kind: 'sweep' };
}

export const CASE_VIEW: CaseView = {
  file: '/work/cases/double-softmax.json',
  title: 'double-softmax.json',
  lossType: 'CrossEntropyLoss',
  lossArgs: { reduction: 'mean', ignore_index: -100, label_smoothing: 0 },
  lossValue: 2.1023,
  reportedLoss: 2.1023,
  summary: [
    { label: 'input shape', value: '(64, 10)' },
    { label: 'target shape', value: '(64,)' },
    { label: 'input range', value: '[0.0012, 0.93]' },
    { label: 'samples', value: 64 },
  ],
  metrics: [
    { label: 'accuracy', value: 0.8125 },
    { label: 'mean confidence', value: 0.142, note: 'max softmax probability' },
    { label: 'ECE', value: 0.67 },
  ],
  histogram: {
    edges: Array.from({ length: 61 }, (_, i) => i / 60 * 0.93 + 0.0012),
    counts: Array.from({ length: 60 }, (_, i) => Math.round(400 * Math.exp(-i / 6)) + (i > 50 ? 12 : 0)),
    min: 0.0012, max: 0.93, nonFinite: 0, total: 640, inUnitInterval: 1,
    interpretation: 'All values lie in [0, 1] and rows sum to 1: these look like probabilities, not logits.',
    markUnitInterval: true,
  },
  classFrequency: { labels: Array.from({ length: 10 }, (_, i) => `class ${i}`), values: [12, 9, 7, 6, 6, 6, 5, 5, 4, 4] },
  perClassLoss: { labels: Array.from({ length: 10 }, (_, i) => `class ${i}`), values: [2.0, 2.1, 2.1, 2.15, 2.2, 2.1, 2.05, 2.2, 2.18, 2.1], counts: [12, 9, 7, 6, 6, 6, 5, 5, 4, 4] },
  reliability: {
    bins: Array.from({ length: 15 }, (_, i) => ({ lo: i / 15, hi: (i + 1) / 15, count: i < 3 ? 20 : 0, confidence: i < 3 ? (i + 0.5) / 15 : null, accuracy: i < 3 ? 0.8 : null })),
    ece: 0.67, label: 'max softmax probability',
  },
  topSamples: Array.from({ length: 5 }, (_, i) => ({ index: i * 7, position: `[${i * 7}]`, target: `class ${i}`, predicted: `class ${(i + 3) % 10}`, loss: 2.4 - i * 0.05, share: 0.02 })),
  topSamplesShare: 0.1,
  findings: [FINDING, WARNING],
};
