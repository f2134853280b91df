/**
 * Every `npm run bench` workload, in report order. A new workload: one file in this folder exporting a
 * `Workload` (see ../harness.ts), one line here.
 */
import type { Workload } from '../harness';
import { cePlain } from './ce-plain';
import { ceSmoothWeight } from './ce-smooth-weight';
import { cePlainF64 } from './ce-plain-f64';
import { bce5000 } from './bce-5000';
import { bce64x5 } from './bce-64x5';
import { miniProject } from './mini-project';
import { mlp784 } from './mlp-784';
import { loadJson } from './load-json';
import { loadNpy } from './load-npy';
import { inspectLmLarge } from './inspect-lm-large';
import { inspectLmHuge } from './inspect-lm-huge';
import { curves200k } from './curves-200k';
import { watchOverhead } from './watch-overhead';
import { lintCorpus } from './lint-corpus';
import { relint2000 } from './relint-2000';
import { panelFirstFindings } from './panel-first-findings';

export const WORKLOADS: Workload[] = [
  cePlain,
  ceSmoothWeight,
  cePlainF64,
  bce5000,
  bce64x5,
  miniProject,
  mlp784,
  loadJson,
  loadNpy,
  inspectLmLarge,
  inspectLmHuge,
  curves200k,
  watchOverhead,
  lintCorpus,
  relint2000,
  panelFirstFindings,
];
