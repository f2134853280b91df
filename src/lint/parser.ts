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
type TsNode = TreeSitter.Node;
type TsParser = TreeSitter.Parser;

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

/** Convert tree-sitter's tree to plain objects (named nodes only). */
function convert(node: TsNode, field: string | null, reuse: Map<number, Ast> | undefined): Ast {
  const out: Ast = {
    type: node.type, field, start: node.startIndex, end: node.endIndex,
    sr: node.startPosition.row, sc: node.startPosition.column, er: node.endPosition.row, ec: node.endPosition.column,
    children: [], hasError: node.hasError || node.isMissing,
  };
  const n = node.childCount;
  for (let i = 0; i < n; i++) {
    const c = node.child(i);
    if (!c) continue;
    if (!c.isNamed && !c.isMissing) continue;
    if (c.type === 'comment') continue;
    const f = node.fieldNameForChild(i);
    const cached = reuse?.get(c.id);
    out.children.push(cached ?? convert(c, f, undefined));
  }
  return out;
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

function scan(tree: TsTree, root: Ast): ParsedFile {
  const comments = new Map<number, string>();
  const python2: number[] = [];
  let syntaxError: { line: number; column: number } | undefined;
  const cursor = tree.walk();
  // Depth-first over every node, named or not, to collect comments and errors.
  let more = true;
  while (more) {
    const t = cursor.nodeType;
    if (t === 'comment') comments.set(cursor.startPosition.row, cursor.nodeText);
    else if (t === 'print_statement' || t === 'exec_statement') python2.push(cursor.startPosition.row);
    if (!syntaxError && (t === 'ERROR' || cursor.currentNode.isMissing)) syntaxError = { line: cursor.startPosition.row, column: cursor.startPosition.column };
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) { more = false; break; }
    }
  }
  cursor.delete();
  const out: ParsedFile = { root, comments, python2 };
  if (syntaxError) out.syntaxError = syntaxError;
  return out;
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
      return scan(tree, convert(tree.rootNode, null, undefined));
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

/** Where `a` and `b` first differ and how their tails line up. */
function diff(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  let s = 0;
  const max = Math.min(a.length, b.length);
  while (s < max && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let ea = a.length, eb = b.length;
  while (ea > s && eb > s && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) { ea--; eb--; }
  return { start: s, oldEnd: ea, newEnd: eb };
}

function point(text: string, index: number): { row: number; column: number } {
  let row = 0, lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) { row++; lineStart = i + 1; }
  return { row, column: index - lineStart };
}

/**
 * One file being edited. `update(text)` diffs against the previous text, tells tree-sitter what
 * changed and re-parses incrementally; top-level statements that tree-sitter reports unchanged keep
 * their converted copy (shifted if they moved).
 */
export class Document {
  private tree: TsTree | undefined;
  private text = '';
  private tops = new Map<number, { ast: Ast; start: number; sr: number }>();

  constructor(private readonly parser: TsParser) {}

  update(text: string): ParsedFile {
    let tree: TsTree | null;
    if (this.tree && text !== this.text) {
      const d = diff(this.text, text);
      this.tree.edit({
        startIndex: d.start, oldEndIndex: d.oldEnd, newEndIndex: d.newEnd,
        startPosition: point(this.text, d.start), oldEndPosition: point(this.text, d.oldEnd), newEndPosition: point(text, d.newEnd),
      });
      tree = this.parser.parse(text, this.tree);
    } else if (this.tree && text === this.text) {
      tree = this.tree.copy();
    } else {
      tree = this.parser.parse(text);
    }
    if (!tree) throw new Error('tree-sitter returned no tree');
    const rootNode = tree.rootNode;
    // Reuse converted top-level statements whose node did not change.
    const reuse = new Map<number, Ast>();
    const nextTops = new Map<number, { ast: Ast; start: number; sr: number }>();
    const n = rootNode.childCount;
    for (let i = 0; i < n; i++) {
      const c = rootNode.child(i);
      if (!c || !c.isNamed || c.type === 'comment') continue;
      const prev = this.tops.get(c.id);
      let ast: Ast;
      if (prev && !c.hasChanges && prev.ast.sc === c.startPosition.column && prev.ast.end - prev.ast.start === c.endIndex - c.startIndex && text.slice(c.startIndex, c.endIndex) === this.text.slice(prev.start, prev.start + (prev.ast.end - prev.ast.start))) {
        ast = prev.start === c.startIndex && prev.sr === c.startPosition.row ? prev.ast : shiftTop(prev.ast, c.startIndex - prev.start, c.startPosition.row - prev.sr);
      } else {
        ast = convert(c, rootNode.fieldNameForChild(i), undefined);
      }
      reuse.set(c.id, ast);
      nextTops.set(c.id, { ast, start: c.startIndex, sr: c.startPosition.row });
    }
    const root = convert(rootNode, null, reuse);
    const parsed = scan(tree, root);
    this.tree?.delete();
    this.tree = tree;
    this.text = text;
    this.tops = nextTops;
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
