/**
 * A plain-object copy of tree-sitter's syntax tree: only named nodes, each with its type, the field
 * it fills in its parent, its span and children. The dataflow walks these objects (fast property
 * access, no calls into WebAssembly), and the copy of an unchanged top-level statement is reused
 * after an edit (see `parser.ts`).
 */
import type { Span } from '../diagnostics/code/types';

export interface Ast {
  type: string;
  /** Field name in the parent (`function`, `arguments`, `left`, …), or null. */
  field: string | null;
  start: number;
  end: number;
  sr: number;
  sc: number;
  er: number;
  ec: number;
  children: Ast[];
  /** Set for error and missing nodes, and on every ancestor of one. */
  hasError: boolean;
}

export function span(n: Ast): Span {
  return { line: n.sr, column: n.sc, endLine: n.er, endColumn: n.ec };
}

export function child(n: Ast, field: string): Ast | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

export function childrenOf(n: Ast, field: string): Ast[] {
  return n.children.filter((c) => c.field === field);
}

/** Source text of a node. */
export function text(src: string, n: Ast): string {
  return src.slice(n.start, n.end);
}
