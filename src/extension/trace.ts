/**
 * A debug trace of a panel's way to its first content: when the command started, the extension was
 * loaded and activated, the engine worker started and answered, the panel was created, its webview
 * said ready and the result was posted (docs/performance.md, panel-first-findings). Written to the
 * log at debug level (Output → Loss Debugger, log level Debug); the webview keeps its own half
 * (webview/trace.ts). No `vscode` import: tested under plain Node.
 */

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface TraceMark {
  name: string;
  /** Wall-clock ms (`traceNow`). */
  at: number;
}

export interface TraceRecord {
  label: string;
  marks: TraceMark[];
}

export class Trace {
  readonly marks: TraceMark[] = [];
  private ended = false;

  constructor(public label: string, private readonly sink: (t: TraceRecord) => void, startup: readonly TraceMark[] = []) {
    this.marks.push(...startup);
  }

  /** Records `name` once (a later mark of the same name is ignored). */
  mark(name: string, at = traceNow()): void {
    if (this.ended || this.marks.some((m) => m.name === name)) return;
    this.marks.push({ name, at });
  }

  /** Hands the trace to its sink, once. */
  end(name?: string): void {
    if (this.ended) return;
    if (name) this.mark(name);
    this.ended = true;
    this.sink({ label: this.label, marks: [...this.marks] });
  }
}

/** One line: each mark in ms relative to the first mark named `command` (or the first mark). */
export function formatTrace(t: TraceRecord): string {
  const origin = t.marks.find((m) => m.name === 'command')?.at ?? t.marks[0]?.at ?? 0;
  const marks = [...t.marks].sort((a, b) => a.at - b.at);
  return `trace ${t.label}: ${marks.map((m) => `${m.name} ${(m.at - origin).toFixed(0)}`).join(', ')} (ms from the command)`;
}

/**
 * Makes the traces of the host's panels. The extension's own start (module loaded, activation) is
 * added to the first trace after it, which is the one activation delayed.
 */
export class Tracer {
  private startup: TraceMark[] = [];

  constructor(private readonly sink: (t: TraceRecord) => void) {}

  /** Marks of the extension's start, added to the next trace begun. */
  startupMarks(marks: TraceMark[]): void {
    this.startup = marks;
  }

  begin(label: string): Trace {
    const t = new Trace(label, this.sink, this.startup);
    this.startup = [];
    t.mark('command');
    return t;
  }
}
