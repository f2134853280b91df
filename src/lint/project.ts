/**
 * A lint run over one project: the files asked for, plus the project files their imports reach
 * (resolved only inside the given roots — never outside what the user pointed at). Each file is read,
 * checked (binary, too long, notebook JSON), parsed once and analysed by one `Flow`, then the code
 * rules run and findings are split back per file (and per notebook cell), minus suppressed ones.
 */
import path from 'node:path';
import { baseName, resolvePlaces } from '../diagnostics/code/helpers';
import { runCodeRules } from '../diagnostics/code/index';
import type { CodeFinding, FileReport, Span } from '../diagnostics/code/types';
import { Flow, type ProjectHost, type SourceFile } from './flow';
import { cellOf, joinCells, readNotebook, type CellMap, type NotebookCell } from './notebook';
import type { ParsedFile } from './parser';
import { suppressed } from './suppress';

/** Where the linter gets file contents: the disk for the CLI, open documents first in the editor. */
export interface FileSource {
  /** File bytes, or undefined if it does not exist / cannot be read. */
  read(file: string): Uint8Array | undefined;
  /** Notebook cells as the editor has them (unsaved edits), if the file is an open notebook. */
  notebookCells?(file: string): NotebookCell[] | undefined;
  /** Python text as the editor has it, if open. */
  text?(file: string): string | undefined;
}

export interface LintOptions {
  disabled?: readonly string[];
  /** Files with more lines are not linted (generated code); default 20000. */
  maxLines?: number;
  /**
   * Also report the other project files the imports reached, when they have findings (the editor:
   * a softmax in an unopened models.py that reaches the loss in the open train.py).
   */
  reportReached?: boolean;
}

export type { FileReport } from '../shapes/code';

export const DEFAULT_MAX_LINES = 20_000;

interface Loaded {
  file?: SourceFile;
  error?: string;
  notes: string[];
  cells?: CellMap;
}

export class Project implements ProjectHost {
  private readonly loaded = new Map<string, Loaded>();

  constructor(
    private readonly parse: (text: string, file: string) => ParsedFile,
    private readonly source: FileSource,
    /** Folders imports may be resolved in (absolute). */
    private readonly roots: readonly string[],
    private readonly opts: LintOptions = {},
  ) {}

  /** Lint these files (absolute paths) as one project. */
  lint(files: readonly string[]): FileReport[] {
    const flow = new Flow(this);
    for (const f of files) {
      const l = this.load(f);
      if (l.file) flow.analyze(l.file);
    }
    const findings = runCodeRules(flow.facts, this.opts.disabled);
    const reports: FileReport[] = [];
    const asked = new Set(files);
    const reached = this.opts.reportReached ? [...this.loaded.keys()].filter((f) => !asked.has(f) && findings.some((x) => x.site.file === f)) : [];
    for (const f of [...files, ...reached]) {
      const l = this.load(f);
      const r: FileReport = { path: f, findings: [], notes: l.notes };
      if (l.error) r.error = l.error;
      if (l.file) {
        const comments = l.file.parsed.comments;
        for (const x of findings) {
          if (x.site.file !== f) continue;
          if (suppressed(comments, x.site.span.line, x.rule) || suppressed(comments, x.site.span.endLine, x.rule)) continue;
          r.findings.push(this.toCell(x));
        }
      }
      reports.push(r);
    }
    return reports;
  }

  /** Notebook places: (cell, line within the cell) instead of lines of the joined text. */
  private mapSite<T extends { file: string; span: Span; cell?: number }>(s: T): T {
    const l = this.loaded.get(s.file);
    if (!l?.cells) return s;
    const c = cellOf(l.cells, s.span.line);
    if (!c) return s;
    const shift = s.span.line - c.line;
    return { ...s, cell: c.cell, span: { ...s.span, line: c.line, endLine: s.span.endLine - shift } };
  }

  private toCell(f: CodeFinding): CodeFinding & { cell?: number } {
    const place = (file: string, line: number): string => {
      const c = this.cellOf(file, line);
      return c ? `${baseName(file)}, cell ${c.cell}:${c.line + 1}` : `${baseName(file)}:${line + 1}`;
    };
    const out: CodeFinding & { cell?: number } = { ...f, message: resolvePlaces(f.message, place), site: this.mapSite(f.site) };
    if (out.site.cell !== undefined) out.cell = out.site.cell;
    if (f.related) out.related = f.related.map((r) => ({ ...r, message: resolvePlaces(r.message, place), site: this.mapSite(r.site) }));
    if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => this.mapSite(e)) }));
    return out;
  }

  /** The cell of a line in a notebook of this project (for related locations and edits). */
  cellOf(file: string, line: number): { cell: number; line: number } | undefined {
    const l = this.loaded.get(file);
    return l?.cells ? cellOf(l.cells, line) : undefined;
  }

  load(file: string): Loaded {
    const cached = this.loaded.get(file);
    if (cached) return cached;
    const l = this.read(file);
    this.loaded.set(file, l);
    return l;
  }

  private read(file: string): Loaded {
    const notes: string[] = [];
    const isNb = file.toLowerCase().endsWith('.ipynb');
    let text: string | undefined;
    let cells: CellMap | undefined;
    if (isNb) {
      let nbCells = this.source.notebookCells?.(file);
      if (!nbCells) {
        const bytes = this.source.read(file);
        if (!bytes) return { error: 'cannot be read', notes };
        const decoded = decode(bytes);
        if (decoded === undefined) return { error: 'binary file, not a notebook (not UTF-8 text)', notes };
        const nb = readNotebook(decoded);
        if ('error' in nb) return { error: nb.error, notes };
        nbCells = nb.cells;
      }
      const joined = joinCells(nbCells);
      text = joined.text;
      cells = joined.map;
    } else {
      text = this.source.text?.(file);
      if (text === undefined) {
        const bytes = this.source.read(file);
        if (!bytes) return { error: 'cannot be read', notes };
        text = decode(bytes);
        if (text === undefined) return { error: 'binary file, not Python source (NUL bytes or invalid UTF-8)', notes };
      }
    }
    const maxLines = this.opts.maxLines ?? DEFAULT_MAX_LINES;
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines > maxLines) break;
    if (lines > maxLines) return { error: `more than ${maxLines} lines (generated code?): not linted; raise the limit with --max-lines`, notes };
    const parsed = this.parse(text, file);
    if (parsed.python2.length) notes.push(`looks like Python 2 (print/exec statement at line ${parsed.python2[0] + 1}); linted as far as the Python 3 grammar reads it`);
    else if (parsed.syntaxError) {
      const at = cells ? cellOf(cells, parsed.syntaxError.line) : undefined;
      notes.push(at
        ? `syntax error in cell ${at.cell} at line ${at.line + 1}, column ${parsed.syntaxError.column + 1}; linted the rest`
        : `syntax error at line ${parsed.syntaxError.line + 1}, column ${parsed.syntaxError.column + 1}; linted the rest`);
    }
    const out: Loaded = { file: { id: file, text, parsed }, notes };
    if (cells) out.cells = cells;
    return out;
  }

  resolve(from: SourceFile, module: string, level: number): SourceFile | undefined {
    const parts = module ? module.split('.') : [];
    const bases: string[] = [];
    if (level > 0) {
      let dir = path.dirname(from.id);
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      bases.push(dir);
    } else {
      // the importing file's folder (scripts run from their folder), then each root
      bases.push(path.dirname(from.id), ...this.roots);
    }
    for (const base of bases) {
      const stem = path.join(base, ...parts);
      for (const cand of parts.length ? [`${stem}.py`, path.join(stem, '__init__.py')] : [path.join(stem, '__init__.py')]) {
        if (!this.inRoots(cand)) continue;
        if (cand === from.id) continue;
        const l = this.load(cand);
        if (l.file) return l.file;
      }
    }
    return undefined;
  }

  private inRoots(file: string): boolean {
    for (const r of this.roots) {
      const rel = path.relative(r, file);
      // only a whole '..' segment leaves the root (the rule of io's isInside, which lint may not import)
      if (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return true;
    }
    return false;
  }
}

/** UTF-8 text, or undefined for binary content (NUL bytes, invalid UTF-8). */
export function decode(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return undefined;
  try {
    // ignoreBOM is false: the decoder drops a leading byte order mark itself
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
