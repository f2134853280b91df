/**
 * Training logs in the worker: `readRuns` reads finished logs once (Open Training Log…, several
 * runs overlaid); `watchRun` follows a run being written (Watch Training Run…): it polls the run's
 * files every `intervalMs` — reading only what was appended — and sends an update whenever
 * something changed, until cancelled. fs.watch events, when the file system delivers them, only
 * make the next poll come sooner (remote and network file systems often deliver none).
 */
import { watch, type FSWatcher } from 'node:fs';
import { LiveRun } from '../../logs/live';
import type { Handler } from '../handler';

const MIN_INTERVAL_MS = 100;

export const readRuns: Handler<'readRuns'> = ({ paths, settings, classes, maxPoints }) =>
  paths.map((p) => {
    const live = new LiveRun(p, {
      options: settings.options, disabled: settings.disabled, maxFileBytes: settings.maxFileBytes,
      ...(classes !== undefined ? { classes } : {}), ...(maxPoints !== undefined ? { maxPoints } : {}),
    });
    return live.poll(true) as NonNullable<ReturnType<LiveRun['poll']>>;
  });

export const watchRun: Handler<'watchRun'> = async ({ path, settings, classes, intervalMs, maxPoints }, signal, progress) => {
  const live = new LiveRun(path, {
    options: settings.options, disabled: settings.disabled, maxFileBytes: settings.maxFileBytes,
    ...(classes !== undefined ? { classes } : {}), ...(maxPoints !== undefined ? { maxPoints } : {}),
  });
  const first = live.poll(true);
  if (first) progress(first);
  const every = Math.max(MIN_INTERVAL_MS, intervalMs ?? 500);
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path, { persistent: false }, () => wake?.());
    watcher.on('error', () => { watcher?.close(); watcher = undefined; });
  } catch {
    watcher = undefined; // polling alone
  }
  let polls = 0;
  try {
    while (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, every);
        wake = () => { clearTimeout(t); setTimeout(resolve, 50); }; // let the writer finish its burst
        signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
      wake = undefined;
      if (signal.aborted) break;
      const u = live.poll();
      polls++;
      if (u) progress(u);
    }
  } finally {
    watcher?.close();
  }
  return { polls, resets: live.tailer.resets };
};
