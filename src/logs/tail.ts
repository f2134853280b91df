/**
 * Live reading of a run that a job is writing: each file is read from the offset where the last
 * read stopped (never re-read), new files are picked up (a new rank, TensorBoard's new event file
 * after a restart), and a file that was replaced, truncated or rewritten from the start (log
 * rotation, Lightning rewriting metrics.csv with a new header, the HF Trainer saving
 * trainer_state.json) makes the run be read again from the start. Polling drives it (callers may
 * nudge it from fs.watch); every call does a bounded amount of reading.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LossDebuggerError } from '../errors';
import { planRun, readHead } from './files';
import { RunReader, WHOLE_FILE_FORMATS, type RunData } from './run';

/** At most this many bytes are read per poll (the rest on the next polls). */
export const MAX_BYTES_PER_POLL = 32 * 1024 * 1024;

/** At most this many bytes of a file's start are kept to notice it being rewritten in place. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** At least this many bytes of a file's start are kept (all of it while it is shorter). */
export const MIN_HEAD_BYTES = 64;

/**
 * The start of a file kept to notice a rewrite in place: its whole first line (Lightning's CSVLogger
 * rewrites metrics.csv when a metric appears, and the new column may lie far into a long header),
 * at least MIN_HEAD_BYTES, at most MAX_HEAD_BYTES.
 */
function headOf(buf: Uint8Array, got: number): Uint8Array {
  const n = Math.min(got, MAX_HEAD_BYTES);
  const nl = buf.subarray(0, n).indexOf(10);
  return buf.slice(0, nl < 0 ? n : Math.max(nl + 1, Math.min(MIN_HEAD_BYTES, got)));
}

interface FileState {
  rel: string;
  abs: string;
  offset: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** The first bytes read, to notice a file rewritten from the start. */
  head: Uint8Array;
  whole: boolean;
}

export interface PollResult {
  /** New data was read. */
  changed: boolean;
  /** The run was read again from the start (rotation, rewrite, restart into new files). */
  reset: boolean;
  bytes: number;
}

/** One pass over the files: what it read, or that it found a rewrite and started the run over. */
type Pass = { reset: false; changed: boolean; bytes: number } | { reset: true; bytes: number };

export class RunTailer {
  private reader!: RunReader;
  private files = new Map<string, FileState>();
  private root = '';
  private isDir = false;
  /** Files that are not logs (kept out of later rescans). */
  private skipped = new Set<string>();
  resets = 0;

  /** `maxBytesPerPoll` (default MAX_BYTES_PER_POLL): the reading budget of one poll, shared by all files. */
  constructor(private readonly path: string, private readonly opts: { maxFileBytes?: number; maxBytesPerPoll?: number } = {}) {
    this.start();
  }

  private start(): void {
    const plan = planRun(this.path);
    this.root = plan.root;
    this.isDir = plan.isDir;
    this.files.clear();
    this.reader = new RunReader(this.path, plan.files);
    for (const rel of plan.files) this.addFile(rel);
  }

  private addFile(rel: string): void {
    if (this.skipped.has(rel) || this.files.has(rel)) return;
    const abs = join(this.root, ...rel.split('/'));
    const shown = this.isDir ? join(this.path, ...rel.split('/')) : this.path;
    let head: Uint8Array;
    try {
      head = readHead(abs);
    } catch {
      return; // gone again, or not readable yet
    }
    if (head.length === 0) return; // created but empty: decide its format once it has bytes
    try {
      const d = this.reader.addFile(rel, shown, head);
      this.files.set(rel, { rel, abs, offset: 0, ino: -1, size: 0, mtimeMs: 0, head: new Uint8Array(0), whole: WHOLE_FILE_FORMATS.has(d.format) });
    } catch (e) {
      if (!this.isDir) throw e;
      this.skipped.add(rel);
      this.reader.sink.note(shown, e instanceof LossDebuggerError ? e.detail : String(e));
    }
  }

  /** Looks for files that appeared since (a folder run). */
  rescan(): void {
    if (!this.isDir) return;
    let plan;
    try { plan = planRun(this.path); } catch { return; }
    for (const rel of plan.files) if (!this.files.has(rel)) this.addFile(rel);
  }

  /** Reads what was appended since the last poll. */
  poll(): PollResult {
    const r = this.pollOnce();
    if (!r.reset) return r;
    const again = this.pollOnce(); // the fresh start, read at once
    return { changed: true, reset: true, bytes: r.bytes + again.bytes };
  }

  /** Starts the run over (a file was replaced or rewritten); `bytes` were read before it was noticed. */
  private restart(bytes: number): Pass {
    this.resetAll();
    return { reset: true, bytes };
  }

  private pollOnce(): Pass {
    let bytes = 0;
    let changed = false;
    for (const f of this.files.values()) {
      let st;
      try { st = statSync(f.abs); } catch { continue; } // deleted (rotation in progress): wait
      if (f.whole) {
        // rewritten by its producer at every save: read again whenever it changed
        if (st.ino === f.ino && st.size === f.size && st.mtimeMs === f.mtimeMs) continue;
      } else {
        const rotated = f.ino !== -1 && st.ino !== f.ino;
        if (rotated || st.size < f.offset) return this.restart(bytes);
        if (st.size === f.offset) continue;
      }
      if (this.opts.maxFileBytes !== undefined && st.size > this.opts.maxFileBytes) {
        throw new LossDebuggerError('file', `log file is larger than the ${Math.round(this.opts.maxFileBytes / 1024 / 1024)} MB limit`, { file: f.abs },
          'raise lossDebugger.maxFileSizeMB');
      }
      const fd = openSync(f.abs, 'r');
      try {
        const fst = fstatSync(fd);
        if (f.whole) {
          // Whole-document formats: read it all, parse it all (a new parser each time).
          const buf = new Uint8Array(fst.size);
          const got = readSync(fd, buf, 0, fst.size, 0);
          if (f.offset > 0 && !this.reader.resetFile(f.rel)) return this.restart(bytes);
          this.reader.push(f.rel, buf.subarray(0, got));
          this.reader.end(f.rel, false);
          f.offset = got;
        } else {
          const n = Math.min(fst.size - f.offset, (this.opts.maxBytesPerPoll ?? MAX_BYTES_PER_POLL) - bytes);
          if (n <= 0) continue;
          const buf = new Uint8Array(n);
          const got = readSync(fd, buf, 0, n, f.offset);
          if (f.offset === 0) f.head = headOf(buf, got);
          else if (!this.sameHead(f, fd, fst.size)) return this.restart(bytes);
          this.reader.push(f.rel, buf.subarray(0, got));
          f.offset += got;
          bytes += got;
        }
        f.ino = fst.ino;
        f.size = fst.size;
        f.mtimeMs = fst.mtimeMs;
        changed = true;
      } finally {
        closeSync(fd);
      }
    }
    return { changed, reset: false, bytes };
  }

  /** Whether the file still starts with the bytes first read (else it was rewritten in place). */
  private sameHead(f: FileState, fd: number, size: number): boolean {
    const now = new Uint8Array(f.head.length);
    readSync(fd, now, 0, now.length, 0);
    for (let i = 0; i < now.length; i++) if (now[i] !== f.head[i]) return false;
    // the first line was still being written when its start was kept, or the file was shorter than
    // MIN_HEAD_BYTES: keep it again, longer
    if (f.head.length < MAX_HEAD_BYTES && (f.head.length < MIN_HEAD_BYTES || !f.head.includes(10))) {
      const more = new Uint8Array(Math.min(size, MAX_HEAD_BYTES));
      f.head = headOf(more, readSync(fd, more, 0, more.length, 0));
    }
    return true;
  }

  private resetAll(): void {
    this.resets++;
    const notes = this.reader.sink.notes.length;
    this.start();
    if (notes) this.reader.sink.note(this.path, 'a log file was replaced or rewritten: the run was read again from the start');
  }

  /** Everything read so far, with the incomplete tails left out (the job is still writing them). */
  data(): RunData {
    const d = this.reader.data();
    if (this.isDir) d.root = this.root;
    return d;
  }

  /** Bytes read so far over all files. */
  get offsets(): Record<string, number> {
    const o: Record<string, number> = {};
    for (const f of this.files.values()) o[f.rel] = f.offset;
    return o;
  }
}
