/** The readers' shapes live in the bottom layer (src/shapes/logs.ts); re-exported for the readers. */
export type { LogFormat, LogNote, LogSeries, RunHeader, SeriesSummary, SnapshotRef } from '../shapes/logs';
