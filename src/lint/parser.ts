/**
 * The Python parser: tree-sitter's Python grammar on the WebAssembly runtime shipped with it
 * (@vscode/tree-sitter-wasm: `tree-sitter.js` + `tree-sitter.wasm` + `tree-sitter-python.wasm`, one
 * ABI). No native modules; the `.wasm` files are copied next to the bundles by esbuild.mjs.
 *
 * `PythonParser.parse` converts the tree into plain `Ast` objects. `Document` keeps the previous
 * tree of a file being edited: an edit re-parses incrementally and reuses the converted copies of
 * the top-level statements tree-sitter did not touch.
 */
import TreeSitter from '@vscode/tree-sitter-wasm';
import type { Ast } from './ast';

type TsTree = TreeSitter.Tree;
type TsParser = TreeSitter.Parser;
type TsCursor = TreeSitter.TreeCursor;

export interface WasmBytes {
  runtime: Uint8Array;
  python: Uint8Array;
}

let ready: Promise<TreeSitter.Language> | undefined;

/** Load the runtime and the grammar once per process. */
export function initParser(load: () => WasmBytes): Promise<TreeSitter.Language> {
  if (!ready) {
    ready = (async () => {
      const bytes = load();
      const opts = { wasmBinary: bytes.runtime } as unknown as { locateFile: (f: string, d: string) => string };
      await TreeSitter.Parser.init(opts);
      return TreeSitter.Language.load(bytes.python);
    })();
    ready.catch(() => { ready = undefined; });
  }
  return ready;
}

/** What a walk over the tree collects besides the syntax tree itself. */
interface Extras {
  /** [0-based line, comment text] */
  comments: [number, string][];
  python2: number[];
  syntaxError?: { line: number; column: number };
}

/**
 * Convert the node under the cursor (and its subtree) to plain objects: named nodes and missing
 * tokens; comments, Python 2 statements and the first error go to `x`. A tree cursor, not `Node`
 * objects: far fewer calls into WebAssembly per node. `hasError` is computed bottom-up (an error
 * or missing node, or one below).
 */
function build(cur: TsCursor, field: string | null, x: Extras): Ast {
  const type = cur.nodeType;
  const sp = cur.startPosition, ep = cur.endPosition;
  const missing = cur.nodeIsMissing;
  const out: Ast = {
    type, field, start: cur.startIndex, end: cur.endIndex, sr: sp.row, sc: sp.column, er: ep.row, ec: ep.column,
    children: [], hasError: type === 'ERROR' || missing,
  };
  if (out.hasError && !x.syntaxError) x.syntaxError = { line: sp.row, column: sp.column };
  if (type === 'print_statement' || type === 'exec_statement') x.python2.push(sp.row);
  if (cur.gotoFirstChild()) {
    do {
      const c = child(cur, x);
      if (c) {
        out.children.push(c);
        if (c.hasError) out.hasError = true;
      }
    } while (cur.gotoNextSibling());
    cur.gotoParent();
  }
  return out;
}

/** The node under the cursor as a child: undefined for comments (recorded) and plain tokens. */
function child(cur: TsCursor, x: Extras): Ast | undefined {
  if (cur.nodeIsNamed) {
    if (cur.nodeType === 'comment') {
      x.comments.push([cur.startPosition.row, cur.nodeText]);
      return undefined;
    }
    return build(cur, cur.currentFieldName, x);
  }
  if (cur.nodeIsMissing) return build(cur, cur.currentFieldName, x);
  return undefined;
}

export interface ParsedFile {
  root: Ast;
  /** Comments by 0-based line (for `# lossdbg: ignore[...]`). */
  comments: Map<number, string>;
  /** Python 2 constructs found (print/exec statements), with their line. */
  python2: number[];
  /** First syntax error (0-based line/column), if any. */
  syntaxError?: { line: number; column: number };
}

/** A converted top-level statement with what its walk collected, kept for the next edit. */
interface Top {
  ast: Ast;
  x: Extras;
}

/**
 * Convert a whole tree. Top-level statements of `prev` that the edit did not touch are reused
 * (shifted when they moved) instead of walked again.
 */
function convertTree(tree: TsTree, prev?: Previous): { parsed: ParsedFile; tops: Map<number, Top> } {
  const cur = tree.walk();
  const tops = new Map<number, Top>();
  const all: Extras = { comments: [], python2: [] };
  const rootX: Extras = { comments: [], python2: [] };
  const sp = cur.startPosition, ep = cur.endPosition;
  const root: Ast = {
    type: cur.nodeType, field: null, start: cur.startIndex, end: cur.endIndex, sr: sp.row, sc: sp.column, er: ep.row, ec: ep.column,
    children: [], hasError: cur.nodeType === 'ERROR',
  };
  const merge = (x: Extras): void => {
    for (const c of x.comments) all.comments.push(c);
    for (const l of x.python2) all.python2.push(l);
    if (x.syntaxError && !all.syntaxError) all.syntaxError = x.syntaxError;
  };
  if (root.hasError) all.syntaxError = { line: sp.row, column: sp.column };
  if (cur.gotoFirstChild()) {
    do {
      let top: Top | undefined;
      if (cur.nodeIsNamed && cur.nodeType !== 'comment') {
        if (prev) top = reuse(cur, prev);
        if (!top) {
          const x: Extras = { comments: [], python2: [] };
          top = { ast: build(cur, cur.currentFieldName, x), x };
        }
        tops.set(top.ast.start, top);
        merge(top.x);
      } else {
        const x: Extras = { comments: [], python2: [] };
        const a = child(cur, x);
        merge(x);
        if (!a) continue;
        top = { ast: a, x: rootX };
      }
      root.children.push(top.ast);
      if (top.ast.hasError) root.hasError = true;
    } while (cur.gotoNextSibling());
  }
  cur.delete();
  const parsed: ParsedFile = { root, comments: new Map(all.comments), python2: all.python2 };
  if (all.syntaxError) parsed.syntaxError = all.syntaxError;
  return { parsed, tops };
}

/** The previous tops by start index, and the edit that made the new text. */
interface Previous {
  tops: Map<number, Top>;
  edit: { start: number; oldEnd: number; newEnd: number };
}

/**
 * The previous conversion of a top-level statement the edit did not touch, moved to where it is
 * now. Matched by position (where it started before the edit), length and column, not by tree-sitter's node
 * id: small subtrees are stored inline in their parent and get a new id whenever the root changes.
 */
function reuse(cur: TsCursor, prev: Previous): Top | undefined {
  const start = cur.startIndex, end = cur.endIndex;
  const e = prev.edit;
  let oldStart: number;
  if (end < e.start) oldStart = start;
  else if (start > e.newEnd) oldStart = start - (e.newEnd - e.oldEnd);
  else return undefined;
  const old = prev.tops.get(oldStart);
  if (!old) return undefined;
  const a = old.ast;
  if (end - start !== a.end - a.start) return undefined;
  const sp = cur.startPosition;
  // Same text without comparing it: the statement lies wholly before the edit or wholly after it, and
  // has the old statement's length.
  if (sp.column !== a.sc) return undefined;
  const dIndex = start - a.start, dRow = sp.row - a.sr;
  if (dIndex === 0 && dRow === 0) return old;
  const x: Extras = {
    comments: old.x.comments.map(([l, c]) => [l + dRow, c]),
    python2: old.x.python2.map((l) => l + dRow),
  };
  if (old.x.syntaxError) x.syntaxError = { line: old.x.syntaxError.line + dRow, column: old.x.syntaxError.column };
  return { ast: shiftTop(a, dIndex, dRow), x };
}

export class PythonParser {
  private readonly parser: TsParser;

  constructor(language: TreeSitter.Language) {
    this.parser = new TreeSitter.Parser();
    this.parser.setLanguage(language);
  }

  parse(source: string): ParsedFile {
    const tree = this.parser.parse(source);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return convertTree(tree).parsed;
    } finally {
      tree.delete();
    }
  }

  /** A document that is re-parsed incrementally as it changes. */
  document(): Document {
    return new Document(this.parser);
  }

  dispose(): void {
    this.parser.delete();
  }
}

/** Where `a` and `b` first differ and how their tails line up (exported for its tests). */
export function diff(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  let s = 0;
  const max = Math.min(a.length, b.length);
  while (s < max && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let ea = a.length, eb = b.length;
  while (ea > s && eb > s && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) { ea--; eb--; }
  return { start: s, oldEnd: ea, newEnd: eb };
}

/** The 0-based row and column of a string index (exported for its tests). */
export function point(text: string, index: number): { row: number; column: number } {
  let row = 0, lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) { row++; lineStart = i + 1; }
  return { row, column: index - lineStart };
}

/**
 * One file being edited. `update(text)` diffs against the previous text, tells tree-sitter what
 * changed and re-parses incrementally; top-level statements that tree-sitter reports unchanged keep
 * their converted copy and what their walk collected (comments, errors), shifted if they moved.
 */
export class Document {
  private tree: TsTree | undefined;
  private text = '';
  private tops = new Map<number, Top>();

  constructor(private readonly parser: TsParser) {}

  update(text: string): ParsedFile {
    let tree: TsTree | null;
    let edit: Previous['edit'] | undefined;
    if (this.tree && text !== this.text) {
      const d = diff(this.text, text);
      edit = d;
      this.tree.edit({
        startIndex: d.start, oldEndIndex: d.oldEnd, newEndIndex: d.newEnd,
        startPosition: point(this.text, d.start), oldEndPosition: point(this.text, d.oldEnd), newEndPosition: point(text, d.newEnd),
      });
      tree = this.parser.parse(text, this.tree);
    } else if (this.tree && text === this.text) {
      tree = this.tree.copy();
      // an empty edit past the end: every statement lies before it and is reused as it is
      const past = text.length + 1;
      edit = { start: past, oldEnd: past, newEnd: past };
    } else {
      tree = this.parser.parse(text);
    }
    if (!tree) throw new Error('tree-sitter returned no tree');
    const { parsed, tops } = convertTree(tree, edit ? { tops: this.tops, edit } : undefined);
    this.tree?.delete();
    this.tree = tree;
    this.text = text;
    this.tops = tops;
    return parsed;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

function shiftTop(a: Ast, dIndex: number, dRow: number): Ast {
  const walk = (n: Ast): Ast => ({
    type: n.type, field: n.field, start: n.start + dIndex, end: n.end + dIndex, sr: n.sr + dRow, sc: n.sc,
    er: n.er + dRow, ec: n.ec, hasError: n.hasError, children: n.children.map(walk),
  });
  return walk(a);
}
