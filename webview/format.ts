/** Number and value formatting for tables and captions. */
import type { EvidenceValue } from '../src/shapes/index';

export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(Math.max(1, digits - 2));
  return String(Number(v.toPrecision(digits)));
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

export function fmtValue(v: number | string | null): string {
  return typeof v === 'number' || v === null ? fmt(v) : v;
}

export function fmtEvidence(v: EvidenceValue): string {
  if (v === null) return '—';
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    const items = (v as Array<number | string>).slice(0, 20).map((x) => (typeof x === 'number' ? fmt(x) : x));
    return `[${items.join(', ')}${v.length > 20 ? `, … (${v.length} in all)` : ''}]`;
  }
  return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'number' || x === null ? fmt(x) : x}`).join(', ');
}

/** `rows_summing_to_one` and `rowsSummingToOne` → `rows summing to one` (acronyms like `prAuc` → `pr auc`). */
export function humanize(key: string): string {
  return key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\b([A-Z])([a-z])/g, (_m, a: string, b: string) => a.toLowerCase() + b);
}
