/**
 * Jupyter notebooks: the code cells of one notebook are one flow (a name defined in cell 2 is known in
 * cell 5). They are joined into one Python text; `CellMap` turns its lines back into (cell, line).
 * IPython magics (`%matplotlib`, `!pip`) become blank lines; cells in another language (`%%bash`) are
 * left out.
 */
import type { NotebookCell } from '../shapes/code';

export type { NotebookCell } from '../shapes/code';

export interface CellMap {
  /** For each code cell taken: its index and first line in the joined text. */
  cells: { index: number; start: number; lines: number }[];
}

const PY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

export function joinCells(cells: NotebookCell[]): { text: string; map: CellMap } {
  const parts: string[] = [];
  const map: CellMap = { cells: [] };
  let line = 0;
  for (const c of cells) {
    if (c.language !== 'python') continue;
    let lines = c.text.split(/\r?\n/);
    const m = /^%%(\w+)/.exec(lines[0] ?? '');
    if (m) {
      if (!PY_CELL_MAGICS.has(m[1])) continue;
      lines = ['', ...lines.slice(1)];
    }
    lines = lines.map((l) => (/^\s*[%!]/.test(l) || /^\s*\w[\w.]*\?\??\s*$/.test(l) ? '' : l));
    map.cells.push({ index: c.index, start: line, lines: lines.length });
    parts.push(lines.join('\n'));
    line += lines.length;
  }
  return { text: parts.join('\n'), map };
}

/** (cell index, line within the cell) of a line of the joined text. */
export function cellOf(map: CellMap, line: number): { cell: number; line: number } | undefined {
  for (const c of map.cells) if (line >= c.start && line < c.start + c.lines) return { cell: c.index, line: line - c.start };
  return undefined;
}

/** Read an .ipynb file's JSON: its code cells, or an error message saying what is wrong. */
export function readNotebook(json: string): { cells: NotebookCell[] } | { error: string } {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    return { error: `not a valid notebook: invalid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray((nb as { cells?: unknown }).cells)) {
    return { error: 'not a valid notebook: no "cells" array (nbformat 4 expected)' };
  }
  const meta = (nb as { metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } }).metadata;
  const lang = meta?.language_info?.name ?? meta?.kernelspec?.language;
  if (typeof lang === 'string' && lang.toLowerCase() !== 'python') {
    return { error: `a ${lang} notebook, not Python: nothing to lint` };
  }
  const cells: NotebookCell[] = [];
  const raw = (nb as { cells: unknown[] }).cells;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as { cell_type?: unknown; source?: unknown } | null;
    if (!c || typeof c !== 'object') return { error: `not a valid notebook: cell ${i} is not an object` };
    if (c.cell_type !== 'code') continue;
    const src = c.source;
    let text: string;
    if (typeof src === 'string') text = src;
    else if (Array.isArray(src) && src.every((s) => typeof s === 'string')) text = (src as string[]).join('');
    else return { error: `not a valid notebook: cell ${i} has no text "source"` };
    cells.push({ index: i, text, language: 'python' });
  }
  return { cells };
}
