/**
 * The source linter's front door, used by `lossdbg lint` and by the editor's worker: load the parser
 * once, then lint files as one project. Documents being edited keep their syntax tree between runs
 * (incremental re-parse).
 */
import { readFileSync, statSync } from 'node:fs';
import { initParser, PythonParser, type Document, type ParsedFile } from './parser';
import { Project, type FileReport, type FileSource, type LintOptions } from './project';
import { loadWasm } from './wasm';

export type { FileReport, FileSource, LintOptions } from './project';

/** Reads from disk, refusing anything that is not a regular file or is larger than `maxBytes`. */
export function diskSource(maxBytes = 64 * 1024 * 1024): FileSource {
  return {
    read(file) {
      try {
        const st = statSync(file);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return readFileSync(file);
      } catch {
        return undefined;
      }
    },
  };
}

export class Linter {
  private readonly docs = new Map<string, Document>();
  /** Editor runs: the last parse of each other project file, reused while its text is the same. */
  private readonly parsedFiles = new Map<string, { text: string; parsed: ParsedFile }>();

  private constructor(private readonly parser: PythonParser) {}

  static async create(): Promise<Linter> {
    const lang = await initParser(loadWasm);
    return new Linter(new PythonParser(lang));
  }

  parse(text: string): ParsedFile {
    return this.parser.parse(text);
  }

  /**
   * Lint `files` (absolute paths) as one project; imports resolve inside `roots` only.
   * With `editing` (the editor), the files listed there are kept as incremental documents and the
   * parses of the other files are kept while their text does not change.
   */
  lint(files: readonly string[], roots: readonly string[], opts: LintOptions = {}, source: FileSource = diskSource(), editing?: ReadonlySet<string>): FileReport[] {
    const parse = (text: string, file: string): ParsedFile => {
      if (!editing) return this.parser.parse(text);
      if (!editing.has(file)) {
        const kept = this.parsedFiles.get(file);
        if (kept?.text === text) return kept.parsed;
        const parsed = this.parser.parse(text);
        this.parsedFiles.set(file, { text, parsed });
        return parsed;
      }
      this.parsedFiles.delete(file);
      let d = this.docs.get(file);
      if (!d) { d = this.parser.document(); this.docs.set(file, d); }
      return d.update(text);
    };
    return new Project(parse, source, roots, opts).lint(files);
  }

  /** Forget the incremental state of a closed document (and kept parses of files no longer reached). */
  close(file: string): void {
    this.parsedFiles.clear();
    this.docs.get(file)?.dispose();
    this.docs.delete(file);
  }
}
