/** JSON output for the CLI: non-finite numbers become the strings "NaN", "Infinity", "-Infinity". */
export function finiteReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (value instanceof Float64Array || value instanceof Float32Array) return Array.from(value);
  return value;
}

export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, finiteReplacer, indent);
}
