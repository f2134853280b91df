/**
 * When the editor's linter runs: a burst of edits starts one run `delayMs` after the last of them;
 * a run is never started while another is in flight — edits during a run lead to one more run after
 * it. No `vscode` import (tested under plain Node).
 */
export class LintSchedule {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private waiters: (() => void)[] = [];
  /** Runs started so far. */
  runs = 0;

  constructor(private readonly run: () => Promise<void>, private readonly delayMs: number, private readonly onError: (e: unknown) => void = () => undefined) {}

  /** Something changed: lint after the quiet period. */
  poke(delayMs = this.delayMs): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), delayMs);
  }

  /** Resolves once no run is due or in flight (tests, and callers that need fresh results). */
  idle(): Promise<void> {
    if (!this.timer && !this.running) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  private start(): void {
    this.timer = undefined;
    if (this.disposed) return this.settle();
    this.runs++;
    this.running = this.run().catch((e: unknown) => this.onError(e)).finally(() => {
      this.running = undefined;
      if (this.again && !this.disposed) {
        this.again = false;
        this.poke();
      } else {
        this.settle();
      }
    });
  }

  private settle(): void {
    if (this.timer || this.running) return;
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settle();
  }
}
