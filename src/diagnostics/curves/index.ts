/**
 * The curve rules and their runner. `runCurveRules` judges a set of series once (a finished log);
 * `CurveMonitor` keeps judging a growing run and says which findings are new (live watching).
 * Add a curve rule: one file here exporting a `CurveRule`, one line in CURVE_RULES, a page in
 * docs/rules/ (shared with the case rule of the same id, if any), and a table in
 * test/unit/diagnostics/curves/.
 */
import { l10n } from '../../l10n';
import { docsPath } from '../finding';
import { ruleOptions } from '../registry';
import type { Finding, Severity } from '../types';
import { analyseSeries, type SeriesAnalysis } from './analyse';
import { curveDivergence } from './divergence';
import { lossSpikes } from './loss-spikes';
import { nonFiniteLoss } from './non-finite-loss';
import { overfitting } from './overfitting';
import { curvePlateau } from './plateau';
import { assignRoles } from './roles';
import type { CurveContext, CurveReference, CurveRule, CurveSeries } from './types';

export const CURVE_RULES: readonly CurveRule[] = [nonFiniteLoss, curveDivergence, overfitting, curvePlateau, lossSpikes];

export interface CurveRunOptions {
  reference?: CurveReference;
  /** Per rule id: option overrides. */
  options?: Record<string, Record<string, number>>;
  disabled?: readonly string[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function runCurveRules(series: readonly CurveSeries[], opts: CurveRunOptions = {}): Finding[] {
  const roles = assignRoles(series);
  const memo = new Map<CurveSeries, SeriesAnalysis>();
  const analysis = (s: CurveSeries): SeriesAnalysis => {
    let a = memo.get(s);
    if (!a) { a = analyseSeries(s); memo.set(s, a); }
    return a;
  };
  const out: Finding[] = [];
  for (const rule of CURVE_RULES) {
    if (opts.disabled?.includes(rule.id)) continue;
    const ctx: CurveContext = {
      series, roles, options: ruleOptions({ ...rule, check: () => [] }, opts.options?.[rule.id]), analysis,
      ...(opts.reference ? { reference: opts.reference } : {}),
    };
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({
        rule: rule.id, severity: 'info', title: l10n.t(rule.title), message: l10n.t('internal error in this rule: {0}', e instanceof Error ? e.message : String(e)),
        evidence: {}, fix: l10n.t('please report this with the log file'), docs: docsPath(rule.id),
      });
    }
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** Stable identity of a finding across live updates (the same problem keeps its key as data grows). */
export function findingKey(f: Finding): string {
  const e = f.evidence;
  const series = typeof e.series === 'string' ? e.series : '';
  if (f.rule === 'loss-spikes') return `${f.rule}|${series}|${Array.isArray(e.steps) ? e.steps.join(',') : ''}`;
  return `${f.rule}|${series}`;
}

/**
 * Live judgement of a growing run: call `update` with the current series whenever data arrived;
 * it returns every current finding and the ones not reported before (for notifications).
 */
export class CurveMonitor {
  private seen = new Set<string>();

  constructor(private readonly opts: CurveRunOptions = {}) {}

  setReference(ref: CurveReference | undefined): void {
    if (ref) this.opts.reference = ref; else delete this.opts.reference;
  }

  update(series: readonly CurveSeries[]): { findings: Finding[]; added: Finding[] } {
    const findings = runCurveRules(series, this.opts);
    const added: Finding[] = [];
    for (const f of findings) {
      const k = findingKey(f);
      if (!this.seen.has(k)) { this.seen.add(k); added.push(f); }
    }
    return { findings, added };
  }

  /** Forget what was reported (the run restarted from scratch). */
  reset(): void {
    this.seen.clear();
  }
}

export type { CurveReference, CurveRule, CurveSeries } from './types';
