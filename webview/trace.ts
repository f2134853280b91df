/**
 * The webview's half of the debug trace of a panel's way to its first content (the host's half is
 * src/extension/trace.ts): when this script started, booted, said ready, received the host's
 * message, and rendered and painted the findings. Wall-clock ms (`performance.timeOrigin` based),
 * comparable with the host's; read through `lossdbgDebug.trace()` (devtools, the host tests), with
 * the page's own navigation and resource timings. main.ts imports this module first.
 */

export interface WebviewTrace {
  marks: Array<{ name: string; at: number }>;
  /** The page's navigation timing (ms from `origin`), when the browser has it. */
  navigation?: Record<string, number>;
  /** Each loaded script and style sheet: its name, when its fetch started and ended (ms from `origin`). */
  resources: Array<{ name: string; start: number; end: number }>;
  /** `performance.timeOrigin`: the page's navigation start, wall-clock ms. */
  origin: number;
}

const MAX_MARKS = 64;
const marks: Array<{ name: string; at: number }> = [];

/** Records `name` once (later marks of the same name are ignored; at most 64 marks). */
export function mark(name: string): void {
  if (marks.length >= MAX_MARKS || marks.some((m) => m.name === name)) return;
  marks.push({ name, at: performance.timeOrigin + performance.now() });
}

/** Marks `name` once the frame that shows the current DOM has been painted. */
export function markPainted(name: string): void {
  if (marks.length >= MAX_MARKS || marks.some((m) => m.name === name)) return;
  // A rAF callback runs before the frame's paint; a task queued from it runs after.
  requestAnimationFrame(() => setTimeout(() => mark(name), 0));
}

export function traceSnapshot(): WebviewTrace {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const navigation = nav ? {
    fetchStart: nav.fetchStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
    domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
  } : undefined;
  const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .map((r) => ({ name: r.name.replace(/^.*\//, '').replace(/\?.*$/, ''), start: r.startTime, end: r.responseEnd }));
  return { marks: [...marks], ...(navigation ? { navigation } : {}), resources, origin: performance.timeOrigin };
}

mark('script');
