/**
 * initial-loss [info]: the first value of `history.train` compared with what an untrained model
 * should get on this case's targets. A freshly initialised model lands between the loss of a
 * constant prediction (class prior / base rate / target mean) and that of uniform probabilities
 * or a zero prediction (log K, log 2, E[t²]). Far above (> factor × the upper end) means an
 * over-confident initialisation; far below (< 1/factor × the lower end) means the model knew the
 * answers at step 0 (resumed run, leakage) or the history does not start at initialisation.
 */
import { finding } from '../finding';
import { l10n } from '../../l10n';
import { fmt, round } from '../format';
import type { Finding, Rule, RuleContext } from '../types';
import { lossReference, pickCurve } from './loss-plateau';

export const initialLoss: Rule = {
  id: 'initial-loss',
  severity: 'info',
  title: 'Initial loss far from its expected value',
  defaults: { factor: 2 },
  check(ctx: RuleContext): Finding[] {
    const curve = pickCurve(ctx.case);
    if (!curve || curve.name !== 'train') return [];
    const first = curve.values[0];
    if (!Number.isFinite(first)) return [];
    const ref = lossReference(ctx.case, ctx.stats);
    if (!ref) return [];
    const lo = Math.min(ref.init, ref.constant);
    const hi = Math.max(ref.init, ref.constant);
    const f = Math.max(1, ctx.options.factor);
    const type = ctx.case.loss.type;
    const evidence = {
      first: round(first, 6),
      expectedUntrained: round(ref.init, 6),
      expectedConstant: round(ref.constant, 6),
      ratio: round(first / hi, 4),
      numClasses: ref.K ?? null,
    };
    if (hi > 0 && first > f * hi) {
      const classLoss = ref.K !== undefined;
      const binary = type === 'BCEWithLogitsLoss' || type === 'BCELoss';
      const fix = classLoss || binary
        ? [
          `# ${l10n.t('start from (near-)uniform predictions: small final layer, bias = log class prior')}`,
          `last = model.classifier            # ${l10n.t('your final nn.Linear')}`,
          'nn.init.normal_(last.weight, std=1e-3)',
          binary
            ? `nn.init.constant_(last.bias, math.log(pos_rate / (1 - pos_rate)))  # ${l10n.t('pos_rate = mean of the targets')}`
            : `last.bias.data = torch.log(class_freq)  # ${l10n.t('class_freq: tensor of class frequencies (sums to 1)')}`,
          `# ${l10n.t('also check the input normalisation and that no scale factor (e.g. 1/temperature) multiplies the logits')}`,
        ].join('\n')
        : [
          `# ${l10n.t('start predicting around the target mean: standardise targets, or init the output bias')}`,
          'nn.init.zeros_(model.head.weight)',
          `nn.init.constant_(model.head.bias, ${fmt(ctx.stats.target.mean)})  # ${l10n.t('target mean')}`,
        ].join('\n');
      return [finding(initialLoss, {
        message: `${l10n.t('The first training loss is {0}, {1}× the {2} an untrained model should get ({3} for {4}, {5} for {6}).', fmt(first), fmt(first / hi), fmt(hi), fmt(ref.init), ref.initText, fmt(ref.constant), ref.constantText)} ${classLoss || binary
          ? l10n.t('The initial predictions are confidently wrong: the first steps will only shrink the logits (a "hockey stick" curve), and a large initial loss can destabilise training.')
          : l10n.t('The initial predictions are far from the targets: the first steps only move the output towards the target mean.')}`,
        evidence,
        fix,
        field: 'history',
      })];
    }
    if (lo > 0 && first < lo / f) {
      return [finding(initialLoss, {
        message: `${l10n.t('The first training loss is {0}, below {1} (1/{2} of the {3} a constant model gets: {4}).', fmt(first), fmt(lo / f), fmt(f), fmt(lo), ref.constantText)} ${l10n.t('An untrained model cannot do that: the history probably does not start at initialisation (resumed or pretrained model), or the labels leak into the inputs.')}`,
        evidence,
        fix: [
          `# ${l10n.t('if the run should start from scratch, check what the model is initialised from')}`,
          `model.load_state_dict(...)  # ${l10n.t('remove when training from scratch')}`,
          `# ${l10n.t('and check for leakage: the target (or a proxy of it) must not be among the input features')}`,
        ].join('\n'),
        field: 'history',
      })];
    }
    return [];
  },
};
