/** Default resource limits, shared by the CLI's flags, the VS Code settings and the loaders. */

/** Largest file read: 512 MB (`--max-file-size`, `lossDebugger.maxFileSizeMB`). */
export const DEFAULT_MAX_FILE_MB = 512;

/** Memory a case may need to be analysed exactly: 2048 MB (`--max-memory`, `lossDebugger.maxMemoryMB`). */
export const DEFAULT_MAX_MEMORY_MB = 2048;

/** Streamed inspect reads its input in chunks of whole rows of about this many file bytes (64 MiB). */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;
