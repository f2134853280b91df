/** `# lossdbg: ignore[rule-id, …]` (or a bare `# lossdbg: ignore`) on a finding's line silences it. */

const IGNORE = /#\s*lossdbg:\s*ignore(?:\[([^\]]*)\])?/;

/** Whether the comment on this line suppresses `rule`. */
export function suppressed(comments: ReadonlyMap<number, string>, line: number, rule: string): boolean {
  const c = comments.get(line);
  if (!c) return false;
  const m = IGNORE.exec(c);
  if (!m) return false;
  if (m[1] === undefined) return true;
  return m[1].split(',').map((s) => s.trim()).includes(rule);
}
