/**
 * The lint worker (dist/lint-worker.js): the editor's source linter, off the extension host's thread
 * and apart from the engine worker (a long training scenario never delays the Problems panel).
 * Messages follow src/shapes/worker.ts (`lint`, `lintClose`); requests are answered in order. The
 * open documents come with the request (unsaved text and notebook cells); other project files are
 * read from disk, inside the workspace folders only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setL10n } from '../l10n';
import type { HostToWorker, LintDocument, LintRequest, LintResult, NotebookCell, WorkerInit, WorkerToHost } from '../shapes/index';
import { diskSource, Linter, type FileSource } from './index';

const port = parentPort;
if (!port) throw new Error('lint-worker.js must run in a worker thread');
// The host's display language, before any request: code findings and their fixes are in it.
setL10n((workerData as WorkerInit | undefined)?.l10n);

const linter = Linter.create();
const disk = diskSource();

function source(docs: readonly LintDocument[]): FileSource {
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

async function lint(p: LintRequest): Promise<LintResult> {
  const t0 = performance.now();
  const l = await linter;
  const files = p.docs.map((d) => d.file);
  const reports = l.lint(files, p.roots, { disabled: p.disabled, reportReached: true }, source(p.docs), new Set(files));
  return { files: reports, ms: performance.now() - t0 };
}

async function answer(m: Extract<HostToWorker, { kind: 'request' }>): Promise<WorkerToHost> {
  try {
    if (m.method === 'lint') return { kind: 'result', id: m.id, result: await lint(m.params as LintRequest) };
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

// One request at a time, in order: each lint sees the documents' state after the previous one.
let queue: Promise<void> = Promise.resolve();
port.on('message', (m: HostToWorker) => {
  if (!m || typeof m !== 'object' || m.kind !== 'request') return;
  queue = queue.then(async () => port.postMessage(await answer(m)));
});
port.postMessage({ kind: 'ready' } satisfies WorkerToHost);
