/**
 * Scores the real-world corpus (test/realworld/manifest.json + cases/) through the real diagnostics:
 * each case file is loaded the way the CLI loads it and every registered rule runs on it.
 *
 * - bug: `detected` when one of its expected rules fires at warning or error; otherwise `missed`.
 *   Rules that fire at warning/error and are neither expected nor listed in `alsoOk` are `wrong`.
 * - control: `clean` when nothing fires at warning or error; otherwise `false-alarm`.
 *
 * Used by test/unit/diagnostics/realworld-corpus.test.ts (floor and false alarms) and by
 * tools/realworld/accuracy.ts (docs/accuracy.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDiagnostics } from '../../src/diagnostics/run';
import { RULES } from '../../src/diagnostics/rules/index';
import { loadCaseFile } from '../../src/io/index';

export const CORPUS_DIR = __dirname;

export interface CorpusCase {
  id: string;
  kind: 'bug' | 'control';
  loss: string;
  source: string;
  title: string;
  rootCause: string;
  /** Rule ids that name the root cause (decided from the thread before running the tool). */
  expected: string[];
  /** Rules that are also true about the reproduced code (not counted as wrong). */
  alsoOk?: string[];
  /** Controls: the bug case this is the fix of. */
  fixOf?: string;
  /** Why a missed bug is missed: which rule should catch it and why it does not yet. */
  miss?: string;
  /** Controls: a false alarm that is documented while the rule's owner fixes it. */
  knownFalseAlarm?: string;
  /** Set when the thread was also used to write or tune the rules, so the case is not held out. */
  notHeldOut?: string;
}

export interface Manifest {
  about: string;
  floor: { detected: number };
  cases: CorpusCase[];
}

export type Verdict = 'detected' | 'missed' | 'clean' | 'false-alarm';

export interface CaseScore {
  case: CorpusCase;
  verdict: Verdict;
  /** Rules firing at warning or error, errors first, each once. */
  fired: { rule: string; severity: 'warning' | 'error' }[];
  /** Bugs: fired rules that are neither expected nor alsoOk. Controls: every fired rule. */
  wrong: string[];
  /** Expected rule ids that no registered rule has yet. */
  unregistered: string[];
  lossError?: string;
}

export interface CorpusScore {
  cases: CaseScore[];
  bugs: number;
  controls: number;
  detected: number;
  missed: number;
  /** Bug cases where at least one wrong rule fired. */
  withWrongRules: number;
  falseAlarms: number;
  floor: number;
}

export function loadManifest(dir: string = CORPUS_DIR): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

export function scoreCase(c: CorpusCase, dir: string = CORPUS_DIR): CaseScore {
  const lc = loadCaseFile(join(dir, 'cases', `${c.id}.json`));
  const report = runDiagnostics(lc);
  const fired: CaseScore['fired'] = [];
  for (const f of report.findings) {
    if (f.severity === 'info' || fired.some((x) => x.rule === f.rule)) continue;
    fired.push({ rule: f.rule, severity: f.severity });
  }
  const registered = new Set(RULES.map((r) => r.id));
  const ok = new Set([...c.expected, ...(c.alsoOk ?? [])]);
  const firedIds = fired.map((f) => f.rule);
  let verdict: Verdict;
  let wrong: string[];
  if (c.kind === 'bug') {
    verdict = firedIds.some((r) => c.expected.includes(r)) ? 'detected' : 'missed';
    wrong = firedIds.filter((r) => !ok.has(r));
  } else {
    verdict = firedIds.length === 0 ? 'clean' : 'false-alarm';
    wrong = firedIds;
  }
  const s: CaseScore = { case: c, verdict, fired, wrong, unregistered: c.expected.filter((r) => !registered.has(r)) };
  if (report.lossError !== undefined) s.lossError = report.lossError;
  return s;
}

export function scoreCorpus(dir: string = CORPUS_DIR): CorpusScore {
  const m = loadManifest(dir);
  const cases = m.cases.map((c) => scoreCase(c, dir));
  const count = (v: Verdict) => cases.filter((s) => s.verdict === v).length;
  return {
    cases,
    bugs: cases.filter((s) => s.case.kind === 'bug').length,
    controls: cases.filter((s) => s.case.kind === 'control').length,
    detected: count('detected'),
    missed: count('missed'),
    withWrongRules: cases.filter((s) => s.case.kind === 'bug' && s.wrong.length > 0).length,
    falseAlarms: count('false-alarm'),
    floor: m.floor.detected,
  };
}
