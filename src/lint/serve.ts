/**
 * What the lint worker (src/lint/worker.ts) answers, apart from the worker thread itself so that it
 * runs in-process in tests: `lint` (the open documents as one project: unsaved text and notebook
 * cells from the request, other project files from `disk`) and `lintClose` (forget closed
 * documents' incremental state). Any other method, and any failure, is an error for that request only.
 */
import type { HostToWorker, LintDocument, LintRequest, LintResult, NotebookCell, WorkerToHost } from '../shapes/index';
import type { FileSource, Linter } from './index';

/** The side of a worker port the lint worker uses (node:worker_threads' parentPort; a fake one in tests). */
export interface Port {
  on(event: 'message', listener: (m: HostToWorker) => void): unknown;
  postMessage(m: WorkerToHost): void;
}

/**
 * Answer the requests arriving on `port`, one at a time and in order (each lint sees the documents'
 * state after the previous one); anything that is not a request is ignored. Posts `ready` first.
 */
export function serve(port: Port, linter: Promise<Linter>, disk: FileSource): void {
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: HostToWorker) => {
    if (!m || m.kind !== 'request') return; // (a string or number has no kind either)
    queue = queue.then(async () => port.postMessage(await answer(linter, disk, m)));
  });
  port.postMessage({ kind: 'ready' });
}

/** The request's documents first (text or notebook cells), everything else from `disk`. */
export function requestSource(docs: readonly LintDocument[], disk: FileSource): FileSource {
  const texts = new Map<string, string>();
  const cells = new Map<string, NotebookCell[]>();
  for (const d of docs) {
    if (d.cells) cells.set(d.file, d.cells);
    else if (typeof d.text === 'string') texts.set(d.file, d.text);
  }
  return {
    read: (f) => disk.read(f),
    text: (f) => texts.get(f),
    notebookCells: (f) => cells.get(f),
  };
}

export function lintRequest(l: Linter, p: LintRequest, disk: FileSource): LintResult {
  const t0 = performance.now();
  const files = p.docs.map((d) => d.file);
  const reports = l.lint(files, p.roots, { disabled: p.disabled, reportReached: true }, requestSource(p.docs, disk), new Set(files));
  return { files: reports, ms: performance.now() - t0 };
}

export async function answer(linter: Promise<Linter>, disk: FileSource, m: Extract<HostToWorker, { kind: 'request' }>): Promise<WorkerToHost> {
  try {
    if (m.method === 'lint') return { kind: 'result', id: m.id, result: lintRequest(await linter, m.params as LintRequest, disk) };
    if (m.method === 'lintClose') {
      const l = await linter;
      for (const f of (m.params as { files: string[] }).files) l.close(f);
      return { kind: 'result', id: m.id, result: null };
    }
    return { kind: 'error', id: m.id, error: { kind: 'internal', message: `the lint worker does not answer '${m.method}'` } };
  } catch (e) {
    return { kind: 'error', id: m.id, error: { kind: 'internal', message: `internal error in the linter: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
