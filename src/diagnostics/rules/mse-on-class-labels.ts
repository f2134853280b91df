/**
 * mse-on-class-labels: MSELoss trained on class labels: every target a whole number with only a
 * few distinct values (0/1, 0..K−1, ±1, 1..K) or one-hot rows. That is classification; MSE on
 * labels gives weak gradients for confidently wrong predictions (sigmoid/softmax outputs saturate)
 * and no probabilistic meaning. Real-valued regression targets that happen to be integers
 * (prices, counts) have many distinct values and are left alone.
 */
import { l10n } from '../../l10n';
import { finding } from '../finding';
import { round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';

function distinctValues(data: ArrayLike<number>, max: number): number[] | undefined {
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    seen.add(v);
    if (seen.size > max) return undefined;
  }
  return [...seen].sort((a, b) => a - b);
}

/** Every row of a 2-D target is one-hot (one 1, zeros elsewhere). */
function isOneHot(data: ArrayLike<number>, shape: readonly number[]): boolean {
  if (shape.length !== 2 || shape[1] < 2) return false;
  const [N, K] = shape;
  for (let i = 0; i < N; i++) {
    let ones = 0;
    for (let k = 0; k < K; k++) {
      const v = data[i * K + k];
      if (v === 1) ones++;
      else if (v !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

export const mseOnClassLabels: Rule = {
  id: 'mse-on-class-labels',
  severity: 'warning',
  title: 'MSELoss used on class labels',
  defaults: { maxDistinct: 10, minSamples: 16 },
  appliesTo: ['MSELoss'],
  check(ctx: RuleContext): Finding[] {
    const c = ctx.case;
    const t = ctx.stats.target;
    if (t.size - t.nonFinite < Math.max(2, ctx.options.minSamples) || !t.allInteger) return [];
    const values = distinctValues(c.target.data, Math.max(2, ctx.options.maxDistinct));
    if (!values || values.length < 2) return [];
    const K = values.length;
    const lo = values[0];
    const contiguous = values.every((v, i) => v === lo + i);
    const pm1 = K === 2 && lo === -1 && values[1] === 1;
    // Class-like codes: 0..K−1, 1..K, or ±1.
    if (!pm1 && !(contiguous && (lo === 0 || lo === 1))) return [];
    const oneHot = isOneHot(c.target.data, c.target.shape);
    const binary = K === 2 && !oneHot;
    const inp = ctx.stats.input;
    const inputIsProb = inp.min >= 0 && inp.max <= 1;
    const counts: Record<string, number> = {};
    for (const v of values) counts[String(v)] = 0;
    const d = c.target.data;
    for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) counts[String(d[i])]++;

    let message: string;
    let fix: string;
    const n = String(t.size - t.nonFinite);
    if (oneHot) {
      const k = String(c.target.shape[1]);
      message = inputIsProb
        ? l10n.t('MSELoss is used on one-hot rows over {0} classes ({1} targets, all whole numbers). This is classification: MSE on labels with sigmoid/softmax outputs gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats the labels as numbers.', k, n)
        : l10n.t('MSELoss is used on one-hot rows over {0} classes ({1} targets, all whole numbers). This is classification: MSE on labels gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats the labels as numbers.', k, n);
      fix = [
        `# ${l10n.t('classification: logits (no softmax) + cross-entropy on class indices')}`,
        'criterion = nn.CrossEntropyLoss()',
        'loss = criterion(logits, y_onehot.argmax(dim=1))',
      ].join('\n');
    } else if (binary) {
      const v = `{${values.join(', ')}}`;
      message = inputIsProb
        ? l10n.t('MSELoss is used on binary labels {0} ({1} targets, all whole numbers). This is classification: MSE on labels with sigmoid/softmax outputs gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats the labels as numbers.', v, n)
        : l10n.t('MSELoss is used on binary labels {0} ({1} targets, all whole numbers). This is classification: MSE on labels gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats the labels as numbers.', v, n);
      fix = [
        `# ${l10n.t('binary classification: one logit per sample (no sigmoid in the model) + BCEWithLogitsLoss')}`,
        'criterion = nn.BCEWithLogitsLoss()',
        pm1 ? `loss = criterion(logit, (y > 0).float())      # ${l10n.t('map {-1, 1} to {0, 1}')}` : 'loss = criterion(logit, y.float())',
        `prob = torch.sigmoid(logit)                    # ${l10n.t('for predictions')}`,
      ].join('\n');
    } else {
      const v = `{${values.join(', ')}}`;
      message = inputIsProb
        ? l10n.t('MSELoss is used on {0} integer classes {1} ({2} targets, all whole numbers). This is classification: MSE on labels with sigmoid/softmax outputs gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats class codes as ordered numbers (class 2 is "between" 1 and 3).', String(K), v, n)
        : l10n.t('MSELoss is used on {0} integer classes {1} ({2} targets, all whole numbers). This is classification: MSE on labels gives vanishing gradients to confidently wrong predictions, does not yield calibrated probabilities, and treats class codes as ordered numbers (class 2 is "between" 1 and 3).', String(K), v, n);
      fix = [
        `# ${l10n.t('{0}-class classification: the model outputs {0} logits per sample + CrossEntropyLoss on class indices', String(K))}`,
        `model.head = nn.Linear(hidden, ${K})`,
        'criterion = nn.CrossEntropyLoss()',
        `loss = criterion(logits, ${lo === 0 ? 'y.long()' : `(y - ${lo}).long()`})   # ${l10n.t('targets in 0..{0}', String(K - 1))}`,
        `# ${l10n.t('(if the classes are ordered ratings and you want regression, keep MSE on purpose)')}`,
      ].join('\n');
    }
    return [finding(mseOnClassLabels, {
      message,
      evidence: {
        distinctValues: values,
        counts,
        oneHot,
        targets: t.size - t.nonFinite,
        inputMin: round(inp.min, 6),
        inputMax: round(inp.max, 6),
        inputLooksLikeProbabilities: inputIsProb,
        suggestedLoss: binary ? 'BCEWithLogitsLoss' : 'CrossEntropyLoss',
      },
      fix,
      field: 'loss',
    })];
  },
};
