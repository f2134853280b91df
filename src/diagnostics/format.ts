/** How numbers read in findings: compact text for messages, rounded values for evidence. */

/** `[3, 17]` style text for an index. */
export function indexStr(idx: readonly number[]): string {
  return `[${idx.join(', ')}]`;
}

/** A compact, readable number for messages: 3 significant digits, no exponent for ordinary sizes. */
export function fmt(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e15) return String(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** A percentage with one decimal: `pct(0.1234)` is `12.3%`. */
export function pct(share: number): string {
  if (!Number.isFinite(share)) return fmt(share);
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(1) : Number(p.toPrecision(2))}%`;
}

/** Round to a few significant digits (for evidence and suggested weights). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/** Python comment lines for a fix snippet: `# ` before each line of `text` (a translated comment may span lines). */
export function pyComment(text: string): string {
  return text.split('\n').map((l) => `# ${l}`).join('\n');
}
