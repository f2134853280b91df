/** NaN or ±Inf in the input or the target: the loss (and every gradient after it) becomes NaN. */
import { l10n } from '../../l10n';
import { isClassLoss } from '../../engine/losses/spec';
import { finding } from '../finding';
import { unravelIndex } from '../../engine/numeric';
import { fmt, indexStr, pct } from '../format';
import type { TensorSummary } from '../stats';
import type { Finding, Rule, RuleContext } from '../types';
import { scalarLoss } from '../../engine/losses/result';

function lossIsFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * Rows of a CrossEntropyLoss/NLLLoss input whose every class is −inf (a mask covering every class).
 * log_softmax of such a row is −inf − (−inf) = NaN: the loss is NaN when the row's target counts,
 * and even when it is ignore_index (finite forward) PyTorch's backward through log_softmax gives NaN.
 */
function fullyMaskedRows(ctx: RuleContext): Finding | undefined {
  const c = ctx.case;
  const layout = ctx.stats.layout;
  const rows = ctx.stats.rows;
  if (!layout || !rows || layout.C === 0) return undefined;
  const full: number[] = [];
  // Every class −inf: the largest is −inf, and the sum is −inf, not NaN (a NaN among the −inf, as in
  // [−inf, NaN], is not a mask; the generic finding reports it).
  for (let r = 0; r < rows.rows; r++) if (rows.max[r] === -Infinity && rows.sum[r] === -Infinity) full.push(r);
  if (full.length === 0) return undefined;
  const s = c.input.shape;
  const rowShape = s.length <= 1 ? [1] : [s[0], ...s.slice(2)];
  const where = full.slice(0, 5).map((r) => indexStr(unravelIndex(r, rowShape)));
  let ignored = 0;
  if (layout.targetKind === 'index') for (const r of full) if (c.target.data[r] === c.loss.ignore_index) ignored++;
  const allIgnored = layout.targetKind === 'index' && ignored === full.length;
  const loss = scalarLoss(ctx.result);
  const ii = String(c.loss.ignore_index);
  const consequence = allIgnored
    ? (loss !== undefined && Number.isFinite(loss)
      ? l10n.t("Their targets are ignore_index ({0}), so the forward loss stays finite ({1}), but backward still runs through log_softmax of those rows: PyTorch's gradient there is NaN, and the first optimizer step writes NaN into the weights.", ii, fmt(loss))
      : l10n.t("Their targets are ignore_index ({0}), so the forward loss stays finite, but backward still runs through log_softmax of those rows: PyTorch's gradient there is NaN, and the first optimizer step writes NaN into the weights.", ii))
    : ignored
      ? l10n.t('{0} of them have a target that counts, so the loss is NaN; the other {1}, ignored, still give a NaN gradient.', String(full.length - ignored), String(ignored))
      : l10n.t('They have a target that counts, so the loss is NaN.');
  return finding(nonFiniteValues, {
    message: l10n.t('{0} of {1} rows have all {2} classes at −inf (a mask that covers every class), first at {3}. log_softmax of such a row is −inf − (−inf) = NaN. {4} −inf on some classes of a row is a fine mask; on every class it is not.',
      String(full.length), String(rows.rows), String(layout.C), where.join(', '), consequence),
    evidence: {
      tensor: 'input',
      fullyMaskedRows: full.length,
      rows: rows.rows,
      numClasses: layout.C,
      firstRows: where,
      ignoredAmongThem: ignored,
      negInf: ctx.stats.input.negInf,
    },
    fix: [
      `# ${l10n.t('every row needs at least one class that is not masked; drop rows that have none:')}`,
      `keep = mask.any(dim=1)                       # ${l10n.t('mask: True = allowed class')}`,
      'loss = criterion(logits[keep], target[keep])',
      `# ${l10n.t('or mask with a large finite negative instead of -inf (no NaN, the row just learns nothing):')}`,
      'logits = logits.masked_fill(~mask, torch.finfo(logits.dtype).min)',
    ].join('\n'),
    field: 'input',
  });
}

/**
 * The target value PyTorch pairs with each input value: the same index for the same shape, else the
 * target broadcast to the input's shape (KLDivLoss broadcasts a (V,) target over (N, V) rows; leading
 * target dims of size 1 add nothing). Undefined when the target does not broadcast to the input's
 * shape (an input broadcast over a larger target pairs one input value with several targets).
 */
function broadcastTarget(inShape: readonly number[], tShape: readonly number[]): ((i: number) => number) | undefined {
  const n = inShape.length, k = tShape.length;
  // Strides of the target seen in the input's shape: 0 along a broadcast dimension.
  const stride = new Array<number>(n).fill(0);
  let step = 1;
  for (let d = 1; d <= k; d++) {
    const ti = tShape[k - d];
    if (d > n) {
      if (ti !== 1) return undefined;
      continue;
    }
    const ii = inShape[n - d];
    if (ti !== ii && ti !== 1) return undefined;
    if (ti === ii) stride[n - d] = step;
    step *= ti;
  }
  return (i) => {
    let j = 0;
    for (let d = n - 1; d >= 0; d--) {
      j += (i % inShape[d]) * stride[d];
      i = Math.floor(i / inShape[d]);
    }
    return j;
  };
}

/**
 * KLDivLoss with −inf in the input (log-probabilities): where the target is 0 (or −inf with
 * log_target=True) the term target·(log target − input) is 0·(−inf) = NaN, not 0. The usual source
 * is a padded vocabulary masked with −inf in the student and the teacher alike.
 */
function klNegInf(ctx: RuleContext): Finding | undefined {
  const c = ctx.case;
  const x = c.input.data, t = c.target.data;
  const at = broadcastTarget(c.input.shape, c.target.shape);
  if (!at) return undefined;
  const logT = c.loss.log_target;
  let zeroT = 0, posT = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== -Infinity) continue;
    const tv = t[at(i)];
    if (logT ? tv === -Infinity : tv === 0) zeroT++;
    else posT++;
  }
  if (zeroT + posT === 0) return undefined;
  // Columns (last dim) that are −inf in every row: padded vocabulary entries (one row is no evidence).
  const s = c.input.shape;
  const V = s.length ? s[s.length - 1] : 0;
  const rowsN = V ? x.length / V : 0;
  const cols: number[] = [];
  for (let v = 0; v < V && rowsN > 1; v++) {
    let all = true;
    for (let r = 0; r < rowsN && all; r++) if (x[r * V + v] !== -Infinity) all = false;
    if (all) cols.push(v);
  }
  const contiguous = cols.length > 0 && cols[cols.length - 1] - cols[0] === cols.length - 1;
  const colList = `${contiguous && cols.length > 1 ? `${cols[0]}..${cols[cols.length - 1]}` : cols.slice(0, 6).join(', ')}${!contiguous && cols.length > 6 ? ', …' : ''}`;
  const colText = cols.length
    ? ` ${cols.length === 1
      ? l10n.t('The same {0} column ({1}) of the last dim is −inf in every row: padded vocabulary entries masked with −inf.', String(cols.length), colList)
      : l10n.t('The same {0} columns ({1}) of the last dim are −inf in every row: padded vocabulary entries masked with −inf.', String(cols.length), colList)}`
    : '';
  const parts: string[] = [];
  if (zeroT) {
    parts.push(logT
      ? l10n.t("at {0} of them the log target is −inf (probability 0), and KLDivLoss's term exp(t)·(t − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN", String(zeroT))
      : l10n.t("at {0} of them the target is 0, and KLDivLoss's term target·(log target − input) becomes 0 · (−inf), which is NaN in floating point, not 0: the loss and every gradient are NaN", String(zeroT)));
  }
  if (posT) parts.push(l10n.t('at {0} the target is positive and the term is +inf: the model gives probability 0 to an outcome the target says can happen', String(posT)));
  const fix = cols.length
    ? [
      `# ${l10n.t('drop the padded vocabulary columns before the (log_)softmax, in the student and the teacher:')}`,
      `V = ${cols[0]}   # ${l10n.t('the real vocabulary size (tokenizer)')}`,
      'student_logits, teacher_logits = student_logits[..., :V], teacher_logits[..., :V]',
      `# ${l10n.t('or mask them with a large finite negative instead of -inf:')}`,
      'logits = logits.masked_fill(pad_cols, torch.finfo(logits.dtype).min)',
    ]
    : [
      `# ${l10n.t('mask with a large finite negative instead of -inf, so that 0 * input stays 0:')}`,
      'logits = logits.masked_fill(~mask, torch.finfo(logits.dtype).min)',
      'loss = nn.KLDivLoss(reduction="batchmean")(F.log_softmax(logits, -1), target)',
    ];
  return finding(nonFiniteValues, {
    message: zeroT + posT === 1
      ? l10n.t('The KLDivLoss input (log-probabilities) holds {0} −inf value; {1}.{2}', String(zeroT + posT), parts.join('; '), colText)
      : l10n.t('The KLDivLoss input (log-probabilities) holds {0} −inf values; {1}.{2}', String(zeroT + posT), parts.join('; '), colText),
    evidence: {
      tensor: 'input',
      negInf: zeroT + posT,
      negInfWhereTargetZero: zeroT,
      negInfWhereTargetPositive: posT,
      paddedColumns: cols.length,
      ...(cols.length ? { firstPaddedColumn: cols[0] } : {}),
      logTarget: logT,
    },
    fix: fix.join('\n'),
    field: 'input',
  });
}

/** `The input holds 3 non-finite values (…)`: one whole sentence per tensor and number. */
function nonFiniteMessage(name: 'input' | 'target', one: boolean, args: string[]): string {
  if (name === 'input') {
    return one
      ? l10n.t('The input holds {0} non-finite value ({1}; {2} of {3}), first at {4}. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.', ...args)
      : l10n.t('The input holds {0} non-finite values ({1}; {2} of {3}), first at {4}. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.', ...args);
  }
  return one
    ? l10n.t('The target holds {0} non-finite value ({1}; {2} of {3}), first at {4}. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.', ...args)
    : l10n.t('The target holds {0} non-finite values ({1}; {2} of {3}), first at {4}. One NaN makes the loss and every gradient NaN, and the weights become NaN after the next optimizer step.', ...args);
}

export const nonFiniteValues: Rule = {
  id: 'non-finite-values',
  severity: 'error',
  title: 'NaN or Inf in the input or target',
  defaults: {},
  check(ctx) {
    const out: Finding[] = [];
    const c = ctx.case;
    const parts: Array<['input' | 'target', TensorSummary]> = [['input', ctx.stats.input], ['target', ctx.stats.target]];
    for (const [name, s] of parts) {
      if (s.nonFinite === 0) continue;
      if (name === 'input' && s.negInf > 0) {
        const special = isClassLoss(c.loss.type) ? fullyMaskedRows(ctx) : c.loss.type === 'KLDivLoss' ? klNegInf(ctx) : undefined;
        if (special) {
          out.push(special);
          if (s.nan === 0 && s.posInf === 0) continue;
        }
      }
      // -Inf logits are a legitimate mask for cross-entropy/NLL as long as the loss stays finite. With
      // no recomputed loss (the case was refused: its own error says why) nothing shows the mask
      // reaching the loss, and a mask is the usual reason for −inf logits: no alarm on them.
      if (name === 'input' && isClassLoss(c.loss.type) && s.nan === 0 && s.posInf === 0 && (!ctx.result || lossIsFinite(ctx.result.value.data))) continue;
      const where = s.firstNonFinite.map(indexStr);
      const kinds = [s.nan ? `${s.nan} NaN` : '', s.posInf ? `${s.posInf} +Inf` : '', s.negInf ? `${s.negInf} -Inf` : ''].filter(Boolean).join(', ');
      const fix = name === 'input'
        ? [
          `# ${l10n.t('find where the non-finite values are born')}`,
          `torch.autograd.set_detect_anomaly(True)   # ${l10n.t('while debugging only')}`,
          'assert torch.isfinite(logits).all(), "non-finite model output"',
          `# ${l10n.t('common causes: log(0) or x/0 in the model (clamp: torch.log(p.clamp_min(1e-12))),')}`,
          `# ${l10n.t('a too-high learning rate (lower it, add torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)),')}`,
          `# ${l10n.t('NaN in the input features (check the batch before the forward pass)')}`,
        ].join('\n')
        : [
          `# ${l10n.t('clean the labels before training')}`,
          'bad = ~torch.isfinite(target)',
          'print(bad.sum().item(), bad.nonzero()[:5])',
          `target = torch.nan_to_num(target, nan=0.0)   # ${l10n.t('or drop those samples / set them to ignore_index')}`,
        ].join('\n');
      out.push(finding(nonFiniteValues, {
        message: nonFiniteMessage(name, s.nonFinite === 1, [String(s.nonFinite), kinds, pct(s.nonFinite / Math.max(s.size, 1)), String(s.size), where.join(', ')]),
        evidence: {
          tensor: name,
          count: s.nonFinite,
          nan: s.nan,
          posInf: s.posInf,
          negInf: s.negInf,
          share: s.nonFinite / Math.max(s.size, 1),
          firstIndices: where,
          shape: [...s.shape],
          finiteMin: s.min,
          finiteMax: s.max,
        },
        fix,
        field: name,
      }));
    }
    return out;
  },
};
