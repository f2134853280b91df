/** Where parsers put what they read: the series store, notes (capped per file) and run metadata. */
import { SeriesStore } from './series-store';
import type { LogNote, RunHeader, SnapshotRef } from './types';

/** At most this many notes per file; the rest are counted in one closing note. */
export const MAX_NOTES_PER_FILE = 20;

export class RunSink {
  readonly store = new SeriesStore();
  readonly notes: LogNote[] = [];
  readonly snapshots: SnapshotRef[] = [];
  /** Header of rank 0 (or the first rank seen). */
  header?: RunHeader;
  /** Ranks seen in a run folder. */
  readonly ranks = new Set<number>();
  private readonly perFile = new Map<string, number>();

  note(file: string, message: string, where?: string): void {
    const n = (this.perFile.get(file) ?? 0) + 1;
    this.perFile.set(file, n);
    if (n <= MAX_NOTES_PER_FILE) this.notes.push(where === undefined ? { file, message } : { file, where, message });
  }

  /** Adds the "and N more" notes; call once after reading. */
  closeNotes(): void {
    for (const [file, n] of this.perFile) {
      if (n > MAX_NOTES_PER_FILE) this.notes.push({ file, message: `${n - MAX_NOTES_PER_FILE} more problems of the same kind not listed` });
    }
    this.perFile.clear();
  }
}

/** What one parser writes into: the sink, the file name shown in notes, a series-name prefix. */
export interface ParseTarget {
  sink: RunSink;
  file: string;
  /** Prefix for series names (`rank1/`, `validation/`), '' for none. */
  prefix: string;
  /**
   * A whole document read again (RunReader.resetFile): drops the series of its last reading. Its
   * parser calls it once the new document has parsed, so a save caught half-written keeps them.
   */
  replaces?: () => void;
}

/** A streaming parser of one file: bytes in, series out. */
export interface LogParser {
  /** Feeds the next bytes of the file (any chunking). */
  push(chunk: Uint8Array): void;
  /** No more bytes for now. `final`: the file is finished (a CLI read), so an incomplete tail is reported. */
  end(final: boolean): void;
}
