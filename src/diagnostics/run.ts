/**
 * Runs every enabled rule over a loss case and assembles the report.
 *
 * How to add a rule:
 *  1. Write `src/diagnostics/rules/<id>.ts` exporting a `Rule` (id, severity, title, defaults, check;
 *     `appliesTo: [...]` when it judges only some loss types: the runner then never calls it for others).
 *     Build findings with `finding(rule, {message, evidence, fix, field?, edit?})` from `../finding`.
 *     Use `ctx.stats` (a lazily memoised `CaseStats`) for anything that scans the input or target:
 *     `ctx.stats.input`, `.target`, `.layout`, `.classCounts`, `.rows`, `.rowLse()`, `.binary`,
 *     `.trailing`, or `ctx.stats.memoise(key, f)` for your own shared values. Never re-scan big
 *     tensors in a loop. A class-loss rule never indexes `ctx.case.input.data` itself: on a streamed
 *     case (docs/performance.md) it is empty. Per-row values come from `.rowTops`, `.rows`,
 *     `.rowLseAll`, `.targetLogits`, sampled rows from `.inputRows(rows)`, a loss with another spec
 *     from `.lossOf(spec, target, dtype)`; anything else through `.wholeInput(why)` (the rule is then
 *     reported as not checked on a streamed case). Let `InputNeeded` through any try/catch. `ctx.result` is the recomputed loss (undefined when it could not be computed,
 *     then `ctx.resultError` says why): rules must still work without it.
 *  2. Register it with one line in `src/diagnostics/rules/index.ts`.
 *  3. Write `docs/rules/<id>.md` (sections: What it does, Why is this bad?, Example, How to fix,
 *     Evidence, Options) and list it in `docs/rules/README.md`.
 *  4. Write a case table with `ruleTable` from `test/unit/diagnostics/harness.ts`.
 *  5. Add `examples/<id>.json` (tools/make_examples.py).
 * A rule that throws does not break the report: it becomes an `info` finding "internal error".
 */
import { computeLoss } from '../engine/losses/index';
import { LOSS_ARGS, isBinaryLoss, isClassLoss, type LossSpec, type LossType } from '../engine/losses/spec';
import type { LossResult } from '../engine/losses/types';
import { isLossDebuggerError } from '../errors';
import type { LossCase } from '../shapes/index';
import { docsPath, ruleApplies } from './finding';
import { l10n } from '../l10n';
import { ruleOptions } from './registry';
import { RULES } from './rules/index';
import { CaseStats, isInputNeeded } from './stats';
import type { Finding, Rule, RuleContext, Severity } from './types';
import { scalarLoss } from '../engine/losses/result';

export interface RunOptions {
  /** Per rule id: option overrides (merged over the rule's defaults). */
  options?: Record<string, Record<string, number>>;
  /** Rule ids not to run. */
  disabled?: string[];
  /** Precision of the recomputed loss (default float64). */
  dtype?: 'float64' | 'float32';
  /** Run only these rules (default: every registered rule). */
  rules?: readonly Rule[];
}

export interface CaseSummary {
  loss: { type: LossType; args: Record<string, unknown> };
  input: { shape: number[]; dtype: string; min: number; max: number; mean: number };
  target: { shape: number[]; dtype: string };
  /** Class losses with index targets: count per class (ignored targets excluded). */
  classCounts?: number[];
  /** BCE losses: positives (target ≥ 0.5) per label, and the number of targets per label. */
  positivesPerLabel?: number[];
  totalsPerLabel?: number[];
  /** Class losses with index targets: targets equal to ignore_index. */
  ignored?: number;
  ignoredShare?: number;
  /** NaN/±Inf values in input and target together. */
  nonFinite: number;
  /** The recomputed loss (a scalar; null for reduction 'none' or when it could not be computed). */
  lossValue: number | null;
  /** Shape of the per-element loss when reduction is 'none'. */
  lossShape?: number[];
  lossError?: string;
}

export interface DiagnosticsReport {
  loss?: LossResult;
  lossError?: string;
  findings: Finding[];
  summary: CaseSummary;
  /** The case with its recomputed loss and statistics, for views built after the rules ran. */
  prepared: PreparedCase;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(fs: Finding[]): Finding[] {
  return fs
    .map((f, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** The recomputed loss, or why it could not be computed (never throws). */
export function tryComputeLoss(c: LossCase, dtype: 'float64' | 'float32' = 'float64'): { result?: LossResult; error?: string } {
  try {
    return { result: computeLoss(c.loss, c.input, c.target, { dtype, grad: false, rows: true }) };
  } catch (e) {
    return { error: lossErrorText(e) };
  }
}

/** Why the loss could not be computed, as the report says it. */
export function lossErrorText(e: unknown): string {
  if (isLossDebuggerError(e)) return e.hint ? `${e.detail} (${e.hint})` : e.detail;
  return l10n.t('internal error while computing the loss: {0}', e instanceof Error ? e.message : String(e));
}

/** Everything rules need for one case except their options: compute once, share between rules. */
export interface PreparedCase {
  case: LossCase;
  result?: LossResult;
  resultError?: string;
  stats: CaseStats;
  dtype: 'float64' | 'float32';
}

export function prepareCase(c: LossCase, dtype: 'float64' | 'float32' = 'float64'): PreparedCase {
  const { result, error } = tryComputeLoss(c, dtype);
  const p: PreparedCase = { case: c, stats: new CaseStats(c), dtype };
  if (result) p.result = result;
  if (error !== undefined) p.resultError = error;
  return p;
}

export function contextFor(p: PreparedCase, rule: Rule, userOptions?: Record<string, number>): RuleContext {
  const ctx: RuleContext = { case: p.case, options: ruleOptions(rule, userOptions), stats: p.stats, dtype: p.dtype };
  if (p.result) ctx.result = p.result;
  if (p.resultError !== undefined) ctx.resultError = p.resultError;
  return ctx;
}

/**
 * Runs one rule; a rule whose `appliesTo` excludes the case's loss type yields nothing, a throwing
 * rule an `info` finding instead of an exception. On a streamed case `InputNeeded` goes through to
 * the driver, which supplies what was asked and runs the rule again.
 */
export function runRule(rule: Rule, p: PreparedCase, userOptions?: Record<string, number>): Finding[] {
  if (!ruleApplies(rule, p.case.loss.type)) return [];
  try {
    return rule.check(contextFor(p, rule, userOptions));
  } catch (e) {
    if (isInputNeeded(e)) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    return [{
      rule: rule.id,
      severity: 'info',
      title: l10n.t('Rule failed (internal error)'),
      message: l10n.t("The rule '{0}' failed on this case and was skipped: {1}", rule.id, msg),
      evidence: { error: msg },
      fix: l10n.t('This is a bug in Loss Debugger; please report it with the case file.'),
      docs: docsPath(rule.id),
    }];
  }
}

export function runDiagnostics(c: LossCase, opts: RunOptions = {}): DiagnosticsReport {
  return reportFor(prepareCase(c, opts.dtype ?? 'float64'), opts);
}

/** The rules a run with these options runs, in order. */
export function enabledRules(opts: RunOptions = {}): Rule[] {
  const disabled = new Set(opts.disabled ?? []);
  return (opts.rules ?? RULES).filter((rule) => !disabled.has(rule.id));
}

/** The report of a prepared case in memory (a streamed one: `inspectStreamed`, ./stream-run.ts). */
export function reportFor(p: PreparedCase, opts: RunOptions = {}): DiagnosticsReport {
  const findings: Finding[] = [];
  for (const rule of enabledRules(opts)) findings.push(...runRule(rule, p, opts.options?.[rule.id]));
  return assembleReport(p, findings);
}

/** The report of a prepared case from its rules' findings (sorted here). */
export function assembleReport(p: PreparedCase, findings: Finding[]): DiagnosticsReport {
  const report: DiagnosticsReport = { findings: sortFindings(findings), summary: caseSummary(p), prepared: p };
  if (p.result) report.loss = p.result;
  if (p.resultError !== undefined) report.lossError = p.resultError;
  return report;
}

function argValue(spec: LossSpec, key: string): unknown {
  const v = (spec as unknown as Record<string, unknown>)[key];
  if (v && typeof v === 'object' && 'data' in v && 'shape' in v) {
    const t = v as { data: ArrayLike<number> };
    return Array.from(t.data);
  }
  return v;
}

export function caseSummary(p: PreparedCase): CaseSummary {
  const c = p.case;
  const st = p.stats;
  const args: Record<string, unknown> = {};
  for (const k of Object.keys(LOSS_ARGS[c.loss.type] ?? {})) {
    const v = argValue(c.loss, k);
    if (v !== undefined) args[k] = v;
  }
  const inp = st.input;
  const tgt = st.target;
  const s: CaseSummary = {
    loss: { type: c.loss.type, args },
    input: { shape: [...c.input.shape], dtype: c.input.dtype, min: inp.min, max: inp.max, mean: inp.mean },
    target: { shape: [...c.target.shape], dtype: c.target.dtype },
    nonFinite: inp.nonFinite + tgt.nonFinite,
    lossValue: null,
  };
  if (isClassLoss(c.loss.type)) {
    const cc = st.classCounts;
    if (cc) {
      s.classCounts = cc.counts;
      s.ignored = cc.ignored;
      s.ignoredShare = cc.total ? cc.ignored / cc.total : 0;
    }
  } else if (isBinaryLoss(c.loss.type)) {
    const b = st.binary;
    if (b) {
      s.positivesPerLabel = b.positives;
      s.totalsPerLabel = b.totals;
    }
  }
  if (p.result) {
    const v = scalarLoss(p.result);
    if (v !== undefined) s.lossValue = v;
    else s.lossShape = [...p.result.value.shape];
  }
  if (p.resultError !== undefined) s.lossError = p.resultError;
  return s;
}
