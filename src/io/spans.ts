/** Where a JSON field sits in its source file: the one lookup used by error messages and diagnostics. */
import type { SourceSpan } from '../shapes/index';

/**
 * The span of `field`, or of its closest recorded parent (`loss.ignore_index` → `loss`,
 * `input[3][17]` → `input[3]` → `input`), ending at the whole document (path '') unless
 * `wholeDocument` is false; undefined when none is recorded.
 */
export function spanOf(spans: Record<string, SourceSpan>, field: string | undefined, wholeDocument = true): SourceSpan | undefined {
  let f = field ?? '';
  for (;;) {
    if (!f && !wholeDocument) return undefined;
    const s = spans[f];
    if (s) return s;
    if (!f) return undefined;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    f = cut > 0 ? f.slice(0, cut) : '';
  }
}
