/**
 * "Did you mean ...?" suggestions by edit distance, for every error hint (case fields, loss names,
 * dtypes, tensor names, rule ids, scenarios). Pure; imported by io, diagnostics and the CLI.
 */

/** Words longer than this get no suggestion. */
export const MAX_SUGGEST_LENGTH = 64;

/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts 1). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * The option closest to `word`: an exact case-insensitive match first, then the smallest edit
 * distance (compared in lower case) within max(1, ⌊len/3⌋) edits. Also matches when one contains the
 * other (`CrossEntropy` → `CrossEntropyLoss`). Undefined when nothing is close.
 */
export function didYouMean(word: string, options: readonly string[]): string | undefined {
  // A long word is not a typo of a name: skip the quadratic search (a 2 MB "loss" string took 14 s).
  if (!word || options.length === 0 || word.length > MAX_SUGGEST_LENGTH) return undefined;
  const w = word.toLowerCase();
  for (const o of options) if (o.toLowerCase() === w) return o;
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const o of options) {
    const d = editDistance(w, o.toLowerCase());
    if (d < bestD) { bestD = d; best = o; }
  }
  if (best !== undefined && bestD <= limit) return best;
  if (w.length >= 3) {
    const sub = options.filter((o) => {
      const ol = o.toLowerCase();
      return ol.startsWith(w) || w.startsWith(ol) || (w.length >= 5 && ol.includes(w));
    });
    if (sub.length === 1) return sub[0];
  }
  return undefined;
}

/** " (did you mean 'X'?)" or "". */
export function suggestion(word: string, options: readonly string[]): string {
  const s = didYouMean(word, options);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}

/**
 * Up to `max` options close to `word` (exact case), nearest first: within max(2, ⌊len/3⌋) edits, or
 * containing / contained in it (`softmax` → `double-softmax`). For hints that list several names.
 */
export function closest(word: string, options: readonly string[], max = 3): string[] {
  return options
    .map((o) => ({ o, d: o.includes(word) || word.includes(o) ? 1 : editDistance(word, o) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(word.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((x) => x.o);
}
