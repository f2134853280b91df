/**
 * A small JSON edit helper for quick fixes: set `path` to `value` in a JSON document's text,
 * touching nothing else (formatting, comments-free JSON, key order are kept).
 *
 * - An existing key gets its value replaced.
 * - A missing key is inserted as the object's last member, following the object's layout
 *   (one member per line with the same indentation, or inline).
 * - Missing parents are created (`{"meta": {"pad_token_id": 0}}`).
 * - The loss shorthand `"loss": "CrossEntropyLoss"` becomes `{"type": "CrossEntropyLoss", <arg>: value}`.
 *
 * Pure (no vscode): tested under plain Node.
 */

export interface PlannedEdit {
  /** UTF-16 offset into the text. */
  offset: number;
  /** Characters replaced. */
  length: number;
  newText: string;
}

export interface PlanOptions {
  /**
   * Offset where the value of `path[0]` is believed to start (from the last inspection). Used to
   * skip scanning a large document; ignored when the text there does not look right.
   */
  hint?: number;
}

interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

class Scanner {
  constructor(readonly text: string) {}

  ws(i: number): number {
    const t = this.text;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
    return i;
  }

  /** End (exclusive) of the string starting at i (which is a quote). */
  string(i: number): number {
    const t = this.text;
    let j = i + 1;
    while (j < t.length) {
      const c = t.charCodeAt(j);
      if (c === 0x5c) j += 2;
      else if (c === 0x22) return j + 1;
      else j++;
    }
    throw new Error('unterminated string');
  }

  /** End (exclusive) of the value starting at i. */
  value(i: number): number {
    const t = this.text;
    const c = t[i];
    if (c === '"') return this.string(i);
    if (c === '{' || c === '[') {
      let depth = 0;
      let j = i;
      while (j < t.length) {
        const d = t.charCodeAt(j);
        if (d === 0x22) {
          j = this.string(j);
          continue;
        }
        if (d === 0x7b || d === 0x5b) depth++;
        else if (d === 0x7d || d === 0x5d) {
          depth--;
          if (depth === 0) return j + 1;
        }
        j++;
      }
      throw new Error('unterminated ' + (c === '{' ? 'object' : 'array'));
    }
    let j = i;
    while (j < t.length && !/[\s,\]}]/.test(t[j])) j++;
    if (j === i) throw new Error(`unexpected '${t[i] ?? 'end of text'}' at ${i}`);
    return j;
  }

  /**
   * Members of the object starting at `start` (a `{`), and the offset of its closing brace.
   * With `stopAt`, stops scanning at the first member with that key (its last duplicate is not
   * looked for: good enough for files we wrote, and it keeps big documents cheap).
   */
  members(start: number, stopAt?: string): { members: Member[]; close: number } {
    const t = this.text;
    if (t[start] !== '{') throw new Error('not an object');
    const members: Member[] = [];
    let i = this.ws(start + 1);
    if (t[i] === '}') return { members, close: i };
    for (;;) {
      if (t[i] !== '"') throw new Error(`expected a key at ${i}`);
      const keyEnd = this.string(i);
      const key = JSON.parse(t.slice(i, keyEnd)) as string;
      let j = this.ws(keyEnd);
      if (t[j] !== ':') throw new Error(`expected ':' at ${j}`);
      const valueStart = this.ws(j + 1);
      const valueEnd = this.value(valueStart);
      members.push({ key, keyStart: i, valueStart, valueEnd });
      if (stopAt !== undefined && key === stopAt) return { members, close: -1 };
      j = this.ws(valueEnd);
      if (t[j] === '}') return { members, close: j };
      if (t[j] !== ',') throw new Error(`expected ',' or '}' at ${j}`);
      i = this.ws(j + 1);
    }
  }
}

/** JSON text of a value, compact but readable: `[1, 2.5]`, `{"type": "CrossEntropyLoss"}`. */
export function formatJsonValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatJsonValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${formatJsonValue(v)}`).join(', ')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value) ?? 'null';
}

function nest(path: readonly string[], value: unknown): unknown {
  let v = value;
  for (let k = path.length - 1; k >= 0; k--) v = { [path[k]]: v };
  return v;
}

/** Indentation (spaces/tabs) of the line holding offset i. */
function indentAt(text: string, i: number): string {
  let s = i;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}

/** Inserts `"key": value` as the last member of the object at `start`. */
function insertMember(sc: Scanner, start: number, key: string, value: unknown): PlannedEdit {
  const t = sc.text;
  const { members, close } = sc.members(start);
  const member = `${JSON.stringify(key)}: ${formatJsonValue(value)}`;
  if (members.length === 0) {
    return { offset: start + 1, length: close - (start + 1), newText: member };
  }
  const last = members[members.length - 1];
  const multiline = /[\r\n]/.test(t.slice(start, members[0].keyStart));
  const eol = t.includes('\r\n') ? '\r\n' : '\n';
  const sep = multiline ? `,${eol}${indentAt(t, last.keyStart)}` : ', ';
  return { offset: last.valueEnd, length: 0, newText: sep + member };
}

function planIn(sc: Scanner, objStart: number, path: readonly string[], value: unknown, known?: Member): PlannedEdit | undefined {
  const [head, ...rest] = path;
  // With duplicate keys the parser keeps the last one (as Python's json does): edit that one.
  const m = known ?? sc.members(objStart).members.filter((x) => x.key === head).pop();
  if (!m) return insertMember(sc, objStart, head, nest(rest, value));
  if (rest.length === 0) {
    return { offset: m.valueStart, length: m.valueEnd - m.valueStart, newText: formatJsonValue(value) };
  }
  const c = sc.text[m.valueStart];
  if (c === '{') return planIn(sc, m.valueStart, rest, value);
  if (c === '"' && head === 'loss') {
    // The loss shorthand: "loss": "CrossEntropyLoss" → {"type": "CrossEntropyLoss", ...}.
    const type = JSON.parse(sc.text.slice(m.valueStart, m.valueEnd)) as string;
    const obj = { type, ...(nest(rest, value) as Record<string, unknown>) };
    return { offset: m.valueStart, length: m.valueEnd - m.valueStart, newText: formatJsonValue(obj) };
  }
  return undefined;
}

/**
 * The edit that sets `path` to `value` in the JSON object document `text`, or undefined when the
 * document is not a JSON object or the path goes through a non-object value.
 */
export function planJsonEdit(text: string, path: readonly string[], value: unknown, opts: PlanOptions = {}): PlannedEdit | undefined {
  if (path.length === 0) return undefined;
  const sc = new Scanner(text);
  try {
    if (opts.hint !== undefined && opts.hint > 0 && opts.hint < text.length) {
      const before = text.slice(Math.max(0, opts.hint - 200), opts.hint);
      const keyRe = new RegExp(`${escapeRe(JSON.stringify(path[0]))}\\s*:\\s*$`);
      if (keyRe.test(before)) {
        const valueStart = opts.hint;
        const valueEnd = sc.value(valueStart);
        const keyStart = before.search(keyRe) + Math.max(0, opts.hint - 200);
        return planIn(sc, -1, path, value, { key: path[0], keyStart, valueStart, valueEnd });
      }
    }
    const root = sc.ws(0);
    if (text[root] !== '{') return undefined;
    return planIn(sc, root, path, value);
  } catch {
    return undefined;
  }
}

export function applyPlannedEdit(text: string, e: PlannedEdit): string {
  return text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `loss.ignore_index` / `input[3][17]` → `['loss', 'ignore_index']` / `['input', 3, 17]`. */
export function parseFieldPath(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/**
 * The span [start, end) of the value at `field` in a JSON document, or of its deepest existing
 * parent (`loss.ignore_index` missing → the `loss` value). Undefined when not even the first
 * segment exists or the text is not JSON.
 */
export function locateJsonField(text: string, field: string): { start: number; end: number; exact: boolean } | undefined {
  const path = parseFieldPath(field);
  const sc = new Scanner(text);
  try {
    let start = sc.ws(0);
    // The end of the current value is only needed to bound an array walk: found lazily, so looking
    // up `loss.type` does not scan a 25 MB `input` first.
    let end = -1;
    let found: { start: number; end: number } | undefined;
    for (let k = 0; k < path.length; k++) {
      const seg = path[k];
      let next: { start: number; end: number } | undefined;
      if (typeof seg === 'string' && text[start] === '{') {
        const m = sc.members(start, seg).members.find((x) => x.key === seg);
        if (m) next = { start: m.valueStart, end: m.valueEnd };
      } else if (typeof seg === 'number' && text[start] === '[') {
        if (end < 0) end = sc.value(start);
        let i = sc.ws(start + 1);
        for (let n = 0; text[i] !== ']' && i < end; n++) {
          const e = sc.value(i);
          if (n === seg) {
            next = { start: i, end: e };
            break;
          }
          i = sc.ws(sc.ws(e) + 1);
        }
      }
      if (!next) return found ? { ...found, exact: false } : undefined;
      found = next;
      start = next.start;
      end = next.end;
    }
    return found ? { ...found, exact: true } : undefined;
  } catch {
    return undefined;
  }
}
