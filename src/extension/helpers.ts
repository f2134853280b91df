/** Small pure helpers of the VS Code layer (no `vscode` import: tested under plain Node). */

export function caseKey(file: string): string {
  return `case:${file}`;
}

export function scenarioKey(id: string): string {
  return `scenario:${id}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key of a restored panel, from the state its webview saved (see webview/state.ts). */
export function keyFromState(state: unknown): { key: string; file?: string; scenario?: string } | undefined {
  if (!isRecord(state)) return undefined;
  const view = state.caseView;
  if (isRecord(view) && typeof view.file === 'string') return { key: caseKey(view.file), file: view.file };
  const err = state.error;
  if (isRecord(err) && typeof err.file === 'string') return { key: caseKey(err.file), file: err.file };
  const train = state.train;
  if (isRecord(train) && typeof train.scenario === 'string') return { key: scenarioKey(train.scenario), scenario: train.scenario };
  return undefined;
}

/** `{ "class-imbalance": { "ratio": 20 } }`: numeric options per rule id; anything else is dropped. */
export function cleanRuleOptions(raw: unknown): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (!isRecord(raw)) return out;
  for (const [rule, opts] of Object.entries(raw)) {
    if (!isRecord(opts)) continue;
    const o: Record<string, number> = {};
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'number' && Number.isFinite(v)) o[k] = v;
    out[rule] = o;
  }
  return out;
}

/** What a code action's title names (`Set "ignore_index": 0 in loss`): the key, the value shortened, the parent path ('' at the top). */
export function fixTitle(edit: { path: string[]; value: unknown }): { key: string; value: string; parent: string } {
  const key = edit.path[edit.path.length - 1];
  const parent = edit.path.slice(0, -1).join('.');
  let v = JSON.stringify(edit.value) ?? 'null';
  if (v.length > 40) v = v.slice(0, 37) + '…';
  return { key, value: v, parent };
}

/**
 * The edit that silences `rule` on a line of Python (`# lossdbg: ignore[rule]`, see src/lint/suppress.ts):
 * the rule added to an ignore comment already there, or a comment appended. Undefined when the line is
 * already silenced or a comment cannot go at its end (a backslash continuation).
 */
export function ignoreCommentEdit(line: string, rule: string): { start: number; end: number; newText: string } | undefined {
  const m = /#\s*lossdbg:\s*ignore(\[([^\]]*)\])?/.exec(line);
  if (m) {
    if (m[1] === undefined) return undefined;
    const ids = m[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.includes(rule)) return undefined;
    const close = m.index + m[0].length - 1;
    return { start: close, end: close, newText: ids.length ? `, ${rule}` : rule };
  }
  const end = line.trimEnd().length;
  if (line.slice(0, end).endsWith('\\')) return undefined;
  return { start: end, end: line.length, newText: `  # lossdbg: ignore[${rule}]` };
}

/**
 * The pages that may explain rule `id`, best first, for VS Code's display language: `docs/<lang>/rules/<id>.md`
 * (`ko` from `ko`, `ko-KR`) before `docs/rules/<id>.md`; English has only the latter.
 */
export function rulePagePaths(id: string, language: string): string[] {
  const english = `docs/rules/${id}.md`;
  const lang = /^([a-z]{2,3})(?:[-_]|$)/i.exec(language)?.[1]?.toLowerCase();
  return lang && lang !== 'en' ? [`docs/${lang}/rules/${id}.md`, english] : [english];
}
