/**
 * The result of reading and judging one run, in the shape `lossdbg curves --json` prints
 * (`{"source", "format", "series": [{"name", "points", "first", "last", "min", "max"}],
 * "findings": [...]}`, plus `notes` when something was skipped) and the panel shows.
 */
import { runCurveRules, type CurveReference, type CurveRunOptions } from '../diagnostics/curves/index';
import { summarise } from './series-store';
import type { RunData } from './run';
import type { CurvesRunReport } from '../shapes/logs';

export type { CurvesRunReport };


export function judgeRun(run: RunData, opts: CurveRunOptions = {}): CurvesRunReport {
  const findings = runCurveRules(run.series, opts);
  const out: CurvesRunReport = { source: run.source, format: run.format, series: run.series.map(summarise), findings };
  if (run.notes.length) out.notes = run.notes;
  return out;
}

export type { CurveReference };
