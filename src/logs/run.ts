/**
 * A run being read: the files that make it up, one streaming parser per file, and one sink that
 * collects their series. Pure (no I/O): the file layer (`files.ts`, `tail.ts`) feeds it bytes.
 *
 * LogSeries names: what the log calls them, prefixed by the file's folder inside the run when the
 * run spans several folders (Keras' `train/` and `validation/` event files: `train/epoch_loss`,
 * `validation/epoch_loss`), and by `rank<k>/` for ranks k > 0 of our run folders.
 */
import { LossDebuggerError } from '../errors';
import { createParser, detectFormat, type Detected } from './detect';
import { summarise } from './series-store';
import { RunSink, type LogParser } from './sink';
import type { LogFormat, LogNote, RunHeader, LogSeries, SeriesSummary, SnapshotRef } from './types';

/** Formats whose producer rewrites the whole file (re-read on change, never tailed). */
export const WHOLE_FILE_FORMATS: ReadonlySet<LogFormat> = new Set(['hf-trainer-state']);

export interface RunFile {
  /** Path relative to the run's root (`train/events.out.tfevents.1`), '/' separated. */
  rel: string;
  /** Name shown in notes and errors. */
  shown: string;
  detected: Detected;
  parser: LogParser;
}

export interface RunData {
  source: string;
  format: LogFormat;
  series: LogSeries[];
  notes: LogNote[];
  header?: RunHeader;
  snapshots: SnapshotRef[];
  ranks: number[];
  /** The run's folder on disk, when it was read from a folder (snapshots are relative to it). */
  root?: string;
}

function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i >= 0 ? rel.slice(0, i) : '';
}

export class RunReader {
  sink = new RunSink();
  private files = new Map<string, RunFile>();
  private readonly multiDir: boolean;

  /** `rels`: every file's path relative to the root (to decide whether names need a folder prefix). */
  constructor(readonly source: string, rels: readonly string[]) {
    this.multiDir = new Set(rels.map(dirOf)).size > 1;
  }

  /**
   * Registers a file from its first bytes. Returns its format, or throws a LossDebuggerError when
   * the content is no log we read (the caller decides whether that is fatal or a note).
   */
  addFile(rel: string, shown: string, head: Uint8Array): Detected {
    const d = detectFormat(rel, head);
    if ('unknown' in d) {
      throw new LossDebuggerError('format', `not a training log we read: ${d.unknown}`, { file: shown },
        'lossdbg reads run folders, TensorBoard event files, Lightning/Keras/generic CSV, trainer_state.json and JSONL (see docs/runs.md)');
    }
    const prefix = this.multiDir && dirOf(rel) ? `${dirOf(rel)}/` : '';
    this.files.set(rel, { rel, shown, detected: d, parser: createParser(d, { sink: this.sink, file: shown, prefix }) });
    return d;
  }

  has(rel: string): boolean { return this.files.has(rel); }
  file(rel: string): RunFile | undefined { return this.files.get(rel); }
  fileList(): RunFile[] { return [...this.files.values()]; }

  push(rel: string, chunk: Uint8Array): void {
    this.files.get(rel)?.parser.push(chunk);
  }

  end(rel: string, final: boolean): void {
    this.files.get(rel)?.parser.end(final);
  }

  /**
   * A file is about to be read again from its start: it gets a new parser, and its series are
   * dropped — for a whole-document file (trainer_state.json) by that parser once the new document
   * has parsed, so a save caught half-written keeps the last reading. Its series must be its own (no
   * other file writes them).
   */
  resetFile(rel: string): boolean {
    const f = this.files.get(rel);
    if (!f) return false;
    const prefix = this.multiDir && dirOf(f.rel) ? `${dirOf(f.rel)}/` : '';
    const store = this.sink.store;
    let replaces: () => void;
    if (this.files.size === 1) replaces = () => store.clear();
    else if (prefix && [...this.files.values()].filter((g) => g.rel.startsWith(prefix)).length === 1) replaces = () => store.dropPrefix(prefix);
    else return false; // its series cannot be told apart from other files': the caller reads everything again
    const whole = WHOLE_FILE_FORMATS.has(f.detected.format);
    if (!whole) replaces();
    this.files.set(rel, { ...f, parser: createParser(f.detected, { sink: this.sink, file: f.shown, prefix, ...(whole ? { replaces } : {}) }) });
    return true;
  }

  /** The run's format: our run folder when any rank log is there, else the most common file format. */
  format(): LogFormat {
    const counts = new Map<LogFormat, number>();
    for (const f of this.files.values()) counts.set(f.detected.format, (counts.get(f.detected.format) ?? 0) + 1);
    if (counts.has('lossdbg-run')) return 'lossdbg-run';
    let best: LogFormat = 'csv', n = -1;
    for (const [k, v] of counts) if (v > n) { best = k; n = v; }
    return best;
  }

  data(): RunData {
    const s = this.sink;
    const out: RunData = {
      source: this.source, format: this.format(), series: s.store.series(), notes: s.notes,
      snapshots: s.snapshots, ranks: [...s.ranks].sort((a, b) => a - b),
    };
    if (s.header) out.header = s.header;
    return out;
  }
}

/** Reads a finished run from whole files (the CLI path). Files whose content is no log are notes. */
export function readRunFromBytes(source: string, files: { rel: string; shown: string; bytes: Uint8Array }[], opts: { strict?: boolean } = {}): RunData {
  const r = new RunReader(source, files.map((f) => f.rel));
  for (const f of files) {
    try {
      r.addFile(f.rel, f.shown, f.bytes.subarray(0, 8192));
    } catch (e) {
      if (opts.strict || files.length === 1) throw e;
      r.sink.note(f.shown, e instanceof LossDebuggerError ? e.detail : String(e));
      continue;
    }
    try {
      r.push(f.rel, f.bytes);
      r.end(f.rel, true);
    } catch (e) {
      if (opts.strict || files.length === 1 || !(e instanceof LossDebuggerError)) throw e;
      r.sink.note(f.shown, e.detail);
    }
  }
  r.sink.closeNotes();
  return r.data();
}

export function summaries(series: readonly LogSeries[]): SeriesSummary[] {
  return series.map(summarise);
}
