/**
 * bench `panel-first-findings`: in the real VS Code host, the time from the Inspect command to the
 * first finding visible in the panel, on examples/double-softmax.json (the session's first panel).
 * Measured by the host test (`npm run test:host`, test/vscode/run.ts), which keeps it in
 * test-results/vscode/timings.json; this row reports the latest figure (not re-measured here: the
 * host takes minutes to start). No PyTorch counterpart: `ratio` is the time over the 1 s goal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Row, type Workload } from '../harness';

export const panelFirstFindings: Workload = {
  id: 'panel-first-findings',
  title: 'VS Code: Inspect command → first finding visible in the panel (examples/double-softmax.json), from the host test',
  goal: '≤ 1.0 s (ratio = time / 1 s)',
  prepare: () => Promise.resolve({ ours: [] }),
  measure(): Row[] {
    const base = { id: panelFirstFindings.id, title: panelFirstFindings.title, goal: panelFirstFindings.goal, pytorch_1t_ms: null };
    try {
      const all = JSON.parse(readFileSync(join(ROOT, 'test-results', 'vscode', 'timings.json'), 'utf8')) as Record<string, { ms: number; file: string; date: string; load?: number[] }>;
      const t = all[panelFirstFindings.id];
      if (!t || typeof t.ms !== 'number') throw new Error('no panel-first-findings entry');
      // The same run's other panels: after Reload Window (a new extension host, the browser's webview
      // service worker already registered) and a second panel (everything running).
      const others = [['reload', 'after Reload Window'], ['warm', 'second panel']]
        .map(([k, what]) => ({ what, t: all[`${panelFirstFindings.id}-${k}`] }))
        .filter((o) => typeof o.t?.ms === 'number')
        .map((o) => `${o.what} ${o.t.ms} ms`);
      const load = t.load ? `, load ${t.load.join(' ')}` : '';
      return [{ ...base, ours_ms: t.ms, ratio: Number((t.ms / 1000).toPrecision(4)), status: 'ok', measured_at: t.date,
        note: `measured by npm run test:host at ${t.date} on ${t.file}${load}${others.length ? `; ${others.join(', ')}` : ''}` }];
    } catch (e) {
      return [{ ...base, ours_ms: null, ratio: null, status: 'not available', note: `not available: run npm run test:host first (${String(e).split('\n')[0].slice(0, 120)})` }];
    }
  },
};
