export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. Throws LossDebuggerError (exit 2) or UsageError (exit 2) for bad input. */
  run(argv: string[], io: Io): Promise<number>;
}
