/**
 * The lint worker (dist/lint-worker.js): the editor's source linter, off the extension host's thread
 * and apart from the engine worker (a long training scenario never delays the Problems panel).
 * Messages follow src/shapes/worker.ts (`lint`, `lintClose`); requests are answered in order. The
 * open documents come with the request (unsaved text and notebook cells); other project files are
 * read from disk, inside the workspace folders only. What it answers, and in which order, is in src/lint/serve.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setL10n } from '../l10n';
import type { WorkerInit } from '../shapes/index';
import { diskSource, Linter } from './index';
import { serve } from './serve';

if (!parentPort) throw new Error('lint-worker.js must run in a worker thread');
// The host's display language, before any request: code findings and their fixes are in it.
setL10n((workerData as WorkerInit | undefined)?.l10n);
serve(parentPort, Linter.create(), diskSource());
