/** `Run Training Scenario…` / `Run Sweep…`: pick a bundled scenario, train it in the worker, stream its curves. */
import * as vscode from 'vscode';
import { DEFAULT_SEED, type HostToWebview, type ResultOf, type ScenarioInfo, type ScenarioKind } from '../../shapes/index';
import { asWorkerError } from '../jobs';
import { scenarioKey } from '../panel';
import type { Services } from '../services';

export type RunOutcome = 'finished' | 'cancelled' | 'failed' | 'busy';

export async function scenarios(svc: Services): Promise<ScenarioInfo[]> {
  svc.cache.scenarios ??= await svc.bridge.request('listScenarios', {});
  return svc.cache.scenarios;
}

/** A scenario's kind as the quick pick shows it. */
function kindLabel(kind: ScenarioKind): string {
  switch (kind) {
    case 'tutorial': return vscode.l10n.t('tutorial');
    case 'mistake': return vscode.l10n.t('mistake');
    case 'sweep': return vscode.l10n.t('sweep');
    default: return kind;
  }
}

/** Quick pick of scenarios (`sweeps`: only the sweeps, otherwise all but the sweeps), then run. */
export async function pickAndRun(svc: Services, sweeps: boolean): Promise<void> {
  let all: ScenarioInfo[];
  try {
    all = await scenarios(svc);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Loss Debugger: could not list the scenarios: {0}', asWorkerError(e).message));
    return;
  }
  const list = all.filter((s) => (s.kind === 'sweep') === sweeps);
  if (list.length === 0) {
    void vscode.window.showInformationMessage(sweeps ? vscode.l10n.t('Loss Debugger ships no sweeps.') : vscode.l10n.t('Loss Debugger ships no scenarios.'));
    return;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((s) => ({ label: s.title, description: `${s.id} · ${kindLabel(s.kind)}`, detail: s.description, id: s.id })),
    { title: sweeps ? vscode.l10n.t('Run a sweep') : vscode.l10n.t('Run a training scenario'), matchOnDescription: true, matchOnDetail: true },
  );
  if (pick) await runScenario(svc, pick.id);
}

/** The title of a scenario's panel (`Training: <scenario title>`). */
export function trainingTitle(title: string): string {
  return vscode.l10n.t('Training: {0}', title);
}

/** The scenario title back from a panel title made by `trainingTitle` (a panel restored after a reload). */
export function titleOfTrainingPanel(panelTitle: string): string {
  const [before, after] = trainingTitle('\u0000').split('\u0000');
  return panelTitle.startsWith(before) && panelTitle.endsWith(after) && panelTitle.length >= before.length + after.length
    ? panelTitle.slice(before.length, panelTitle.length - after.length)
    : panelTitle;
}

/** Trains a scenario, streaming per-epoch progress into its panel; Cancel stops it promptly. */
export async function runScenario(svc: Services, id: string, opts: { seed?: number; epochs?: number } = {}): Promise<RunOutcome> {
  const info = (await scenarios(svc).catch(() => [] as ScenarioInfo[])).find((s) => s.id === id);
  const title = info?.title ?? id;
  const entry = svc.panels.open(scenarioKey(id), trainingTitle(title), { scenario: id });
  entry.scenario = id;
  if (entry.job) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already running.', title));
    return 'busy';
  }
  const job = new AbortController();
  entry.job = job;
  const kind: ScenarioKind = info && (info.kind === 'tutorial' || info.kind === 'mistake' || info.kind === 'sweep') ? info.kind : 'tutorial';
  const started: HostToWebview = { type: 'runStarted', scenario: id, title, runs: [], kind };
  if (info?.description) started.description = info.description;
  if (opts.epochs !== undefined) started.epochs = opts.epochs;
  svc.panels.post(entry, started);
  const seed = opts.seed ?? DEFAULT_SEED;
  // Start once the panel listens, so the curve is seen growing from the first epoch.
  await svc.panels.whenReady(entry, 5000, job.signal);
  if (job.signal.aborted) {
    if (entry.job === job) delete entry.job;
    return 'cancelled';
  }
  // The panel shows the progress (and Cancel) itself; the status bar only says a run is going on.
  // A notification would cover the bottom of the panel while it trains.
  let outcome: { result: ResultOf<'runScenario'> } | { error: unknown };
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Training {0}', title) },
      async (progress) => {
        let done = 0;
        try {
          return {
            result: await svc.bridge.request('runScenario', { id, seed, ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}) }, {
              signal: job.signal,
              onProgress: (p) => {
                svc.panels.post(entry, p.message);
                const frac = (p.runIndex + p.message.epoch / Math.max(1, p.message.epochs)) / Math.max(1, p.runCount);
                const inc = Math.max(0, frac * 100 - done);
                done += inc;
                progress.report({ increment: inc, message: vscode.l10n.t('{0}: epoch {1}/{2}', p.message.run, p.message.epoch, p.message.epochs) });
              },
            }),
          };
        } catch (error) {
          return { error };
        }
      },
    );
    // The status bar's progress has ended before the panel hears the outcome: the workbench handles
    // the host's messages in order, and the finished result is a large one the panel takes a moment
    // to draw; posted first, it kept the status bar saying "Training …" after the panel said Finished.
    if ('result' in outcome) {
      svc.panels.post(entry, { type: 'runFinished', result: outcome.result });
      svc.log.appendLine(`scenario ${id} finished in ${outcome.result.seconds.toFixed(1)} s`);
      return 'finished';
    }
    const err = asWorkerError(outcome.error);
    if (err.kind === 'cancelled' || job.signal.aborted) {
      svc.panels.post(entry, { type: 'runCancelled', scenario: id });
      svc.log.appendLine(`scenario ${id} cancelled`);
      return 'cancelled';
    }
    svc.panels.post(entry, { type: 'runFailed', scenario: id, message: err.message });
    svc.log.appendLine(`scenario ${id} failed: ${err.message}`);
    return 'failed';
  } finally {
    if (entry.job === job) delete entry.job;
  }
}
