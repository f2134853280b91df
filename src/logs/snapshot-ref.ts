/**
 * Reference loss levels for a run (log K, the constant-prediction loss, the double-softmax floor):
 * from the run's first readable snapshot case (our run folders), else from `--classes K` and the
 * loss named in the run's header. Reads only files inside the run folder.
 */
import { join, resolve, sep } from 'node:path';
import { referenceFromCase, referenceFromClasses } from '../diagnostics/curves/reference';
import type { CurveReference } from '../diagnostics/curves/types';
import { loadCaseFile } from '../io/index';
import type { RunData } from './run';

/** Largest snapshot read for reference levels. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export function runReference(run: RunData, root: string | undefined, classes?: number): CurveReference | undefined {
  if (root && run.snapshots.length) {
    const ordered = [...run.snapshots].sort((a, b) => (a.reason === 'first' ? -1 : 0) - (b.reason === 'first' ? -1 : 0) || a.step - b.step);
    const base = resolve(root);
    for (const snap of ordered.slice(0, 3)) {
      const file = resolve(join(base, snap.path));
      if (!file.startsWith(base + sep)) continue; // never outside the run folder
      try {
        const c = loadCaseFile(file, { maxFileBytes: MAX_SNAPSHOT_BYTES });
        const ref = referenceFromCase(c, `snapshot ${snap.path}`);
        if (ref) {
          if (classes !== undefined && ref.numClasses !== classes) return referenceFromClasses(classes, run.header?.loss, `--classes ${classes}`);
          return ref;
        }
      } catch {
        // an unreadable snapshot: try the next one
      }
    }
  }
  if (classes !== undefined) return referenceFromClasses(classes, run.header?.loss, `--classes ${classes}`);
  return undefined;
}
