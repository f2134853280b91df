/**
 * The engine worker (dist/worker.js): every heavy step runs here, off the extension host's thread —
 * loading and checking case files, recomputing losses, running the rules, building the panel's
 * view, and training scenarios. Messages follow ./worker-protocol.ts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, threadId } from 'node:worker_threads';
import { runDiagnostics } from '../diagnostics/run';
import { RULES } from '../diagnostics/rules/index';
import type { Finding } from '../diagnostics/types';
import { isLossDebuggerError, LossDebuggerError } from '../errors';
import { listSafetensors, loadCaseFile, loadTensorFile, parseLossSpec, type JsonValue } from '../io/index';
import type { LossCase, SourceSpan } from '../io/types';
import { buildCaseView } from '../report/case-view';
import { listScenarios, runScenario } from '../scenarios/index';
import { spansToRanges, MAX_RANGE_BYTES } from './positions';
import type {
  CrashHow, HostToWorker, InspectResult, InspectSettings, InspectTensorsParams, PlacedFinding, TextRange,
  WorkerErrorInfo, WorkerMethod, WorkerMethods, WorkerToHost,
} from './worker-protocol';

type Handler<M extends WorkerMethod> = (
  params: WorkerMethods[M]['params'],
  signal: AbortSignal,
  progress: (p: WorkerMethods[M]['progress']) => void,
) => Promise<WorkerMethods[M]['result']> | WorkerMethods[M]['result'];

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');

function post(m: WorkerToHost): void {
  port!.postMessage(m);
}

const now = (): number => performance.now();

/** The span of a field, or of its closest recorded parent (`loss.ignore_index` → `loss`). */
function spanFor(spans: Record<string, SourceSpan>, field: string | undefined): SourceSpan | undefined {
  let f = field;
  while (f) {
    const s = spans[f];
    if (s) return s;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    f = cut > 0 ? f.slice(0, cut) : '';
  }
  return undefined;
}

/** The first bytes of a file (enough to place diagnostics on spans that end before `upTo`). */
function readPrefix(file: string, upTo: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(upTo);
    let got = 0;
    while (got < upTo) {
      const n = readSync(fd, buf, got, upTo - got, null);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const TOP: TextRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

function place(c: LossCase, findings: Finding[], file: string | undefined): { placed: PlacedFinding[]; lossRange?: TextRange } {
  const spans = c.spans ?? {};
  const wanted: SourceSpan[] = findings.map((f) => spanFor(spans, f.field) ?? { line: 1, column: 1, start: 0, end: 1 });
  const lossSpan = spans.loss;
  if (lossSpan) wanted.push(lossSpan);
  let ranges: TextRange[] = wanted.map(() => TOP);
  if (file && Object.keys(spans).length > 0) {
    try {
      const upTo = Math.max(1, ...wanted.map((s) => Math.min(s.end, s.start + MAX_RANGE_BYTES))) + 1;
      ranges = spansToRanges(readPrefix(file, upTo), wanted);
    } catch {
      // The file vanished since it was loaded: keep the top-of-file ranges.
    }
  }
  const placed = findings.map((f, i): PlacedFinding => {
    const p: PlacedFinding = {
      rule: f.rule, severity: f.severity, title: f.title, message: f.message, fix: f.fix, docs: f.docs, range: ranges[i],
    };
    if (f.field !== undefined) p.field = f.field;
    if (f.edit !== undefined) p.edit = f.edit;
    return p;
  });
  const out: { placed: PlacedFinding[]; lossRange?: TextRange } = { placed };
  if (lossSpan) out.lossRange = ranges[ranges.length - 1];
  return out;
}

function inspectCase(c: LossCase, file: string, title: string, settings: InspectSettings, t0: number, placeOnFile: boolean): InspectResult {
  const report = runDiagnostics(c, { options: settings.options, disabled: settings.disabled, dtype: settings.dtype });
  const view = buildCaseView(c, report);
  const { placed, lossRange } = place(c, report.findings, placeOnFile ? file : undefined);
  const lossValue = report.loss && report.loss.value.shape.length === 0 ? report.loss.value.data[0] : null;
  const r: InspectResult = { file, title, view, findings: placed, lossValue, ms: 0 };
  if (lossRange) r.lossRange = lossRange;
  if (report.lossError !== undefined) r.lossError = report.lossError;
  r.ms = Math.round(now() - t0);
  return r;
}

const handlers: { [M in WorkerMethod]: Handler<M> } = {
  ping: () => ({ pid: process.pid, threadId }),

  inspect: ({ file, settings }) => {
    const t0 = now();
    const c = loadCaseFile(file, { maxFileBytes: settings.maxFileBytes });
    return inspectCase(c, file, basename(file), settings, t0, true);
  },

  inspectTensors: (p: InspectTensorsParams) => {
    const t0 = now();
    const max = p.settings.maxFileBytes;
    const input = loadTensorFile(p.inputFile, { maxFileBytes: max, ...(p.inputName !== undefined ? { name: p.inputName } : {}) });
    const target = loadTensorFile(p.targetFile, { maxFileBytes: max, ...(p.targetName !== undefined ? { name: p.targetName } : {}) });
    const loss = parseLossSpec(p.loss as JsonValue, 'loss');
    const c: LossCase = { file: p.inputFile, loss, input, target, meta: {}, spans: {} };
    const label = p.inputName ? `${basename(p.inputFile)}:${p.inputName}` : basename(p.inputFile);
    return inspectCase(c, p.inputFile, label, p.settings, t0, false);
  },

  listTensors: ({ file }) => {
    const entries = listSafetensors(file);
    return entries.map((e) => ({ name: e.name, dtype: String(e.dtype), shape: [...e.shape] }));
  },

  listScenarios: () => listScenarios().map((s) => ({ id: s.id, title: s.title, description: s.description, kind: s.kind })),

  runScenario: ({ id, seed, epochs }, signal, progress) =>
    runScenario(id, { seed, ...(epochs !== undefined ? { epochs } : {}), signal, onProgress: progress }),

  listRules: () => RULES.map((r) => ({ id: r.id, severity: r.severity, title: r.title, defaults: { ...r.defaults } })),

  crash: ({ how }: { how: CrashHow }) => {
    if (how === 'exit') process.exit(7);
    if (how === 'hang') {
      const until = Date.now() + 60_000;
      while (Date.now() < until) { /* busy: only termination stops this */ }
    }
    if (how === 'oom') {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1 << 20).fill(Math.random()));
    }
    setTimeout(() => {
      throw new Error('deliberate crash (test)');
    }, 0);
    return new Promise<never>(() => undefined);
  },
};

function errorInfo(e: unknown, cancelled: boolean): WorkerErrorInfo {
  if (cancelled) return { kind: 'cancelled', message: 'cancelled' };
  if (isLossDebuggerError(e)) {
    const info: WorkerErrorInfo = { kind: 'input', message: e.oneLine(), code: e.code, detail: e.detail, where: { ...e.where } };
    if (e.hint !== undefined) info.hint = e.hint;
    return info;
  }
  if (e instanceof RangeError && /call stack|Invalid array length|Array buffer allocation/i.test(e.message)) {
    return { kind: 'input', message: `input too large or too deeply nested to process (${e.message})`, code: 'file' };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `internal error: ${msg}` };
}

const jobs = new Map<number, AbortController>();

async function handle(id: number, method: WorkerMethod, params: unknown): Promise<void> {
  const ac = new AbortController();
  jobs.set(id, ac);
  try {
    const h = handlers[method] as Handler<WorkerMethod> | undefined;
    if (!h) throw new LossDebuggerError('value', `unknown worker method '${String(method)}'`);
    const result = await h(params as never, ac.signal, (p) => {
      if (!ac.signal.aborted) post({ kind: 'progress', id, progress: p });
    });
    if (ac.signal.aborted) post({ kind: 'error', id, error: errorInfo(undefined, true) });
    else post({ kind: 'result', id, result });
  } catch (e) {
    post({ kind: 'error', id, error: errorInfo(e, ac.signal.aborted) });
  } finally {
    jobs.delete(id);
  }
}

port.on('message', (m: HostToWorker) => {
  if (!m || typeof m !== 'object') return;
  if (m.kind === 'cancel') jobs.get(m.id)?.abort();
  else if (m.kind === 'request') void handle(m.id, m.method, m.params);
});
post({ kind: 'ready' });
