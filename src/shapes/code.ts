/**
 * Shapes shared by the source linter (src/lint/), the code rules (src/diagnostics/code/), the CLI and
 * the editor: what the dataflow layer learned about a loss call, and the findings the rules make of
 * it. Imports nothing. Lines and columns are 0-based here (tree-sitter's, UTF-16 columns); the CLI's
 * JSON adds 1.
 */

export type CodeSeverity = 'error' | 'warning' | 'info';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A place in a file of the project (`file` as the project names it: a path or a document URI). */
export interface Site {
  file: string;
  span: Span;
  /** Notebooks: 0-based index of the cell; `span` is then within the cell. */
  cell?: number;
}

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
  cell?: number;
}

/** A mechanical fix a code action can apply. */
export interface CodeFix {
  title: string;
  edits: TextEdit[];
}

export type ActKind = 'softmax' | 'log_softmax' | 'sigmoid' | 'log_of_softmax' | 'log_of_sigmoid';

/** An activation applied to a tensor: where, over which dim, how to drop it or turn it into its log form. */
export interface ActFact {
  kind: ActKind;
  /** The `dim` argument when it is an integer literal; null when absent; undefined when not a literal. */
  dim: number | null | undefined;
  /** How the activation is written, for messages: `F.softmax(…)`, `x.softmax(…)`, `nn.Softmax(dim=1)`. */
  form: string;
  site: Site;
  /** Removing the activation (keeping its input). */
  drop?: TextEdit[];
  /** Turning softmax into log_softmax in place. */
  toLog?: TextEdit[];
  /** The activation ran on a batched tensor (a model output or a forward() input). */
  batched: boolean;
}

/** The value is raw scores straight out of a Linear/Conv layer (no activation after it). */
export interface RawFact {
  form: string;
  site: Site;
}

/** The tensor was padded with a known value, so a target built from it has padding positions. */
export interface PadFact {
  /** Padding value as written (`0`, `PAD_IDX`, `tokenizer.pad_token_id`). */
  text: string;
  /** Its integer value when known. */
  value: number | null;
  form: string;
  site: Site;
}

/** The tensor holds class indices (argmax, `.long()` labels). */
export interface ClassIndexFact {
  form: string;
  site: Site;
}

/**
 * Where the class axis of a tensor is, when the code makes it evident: a Conv layer's output
 * (N, C, L…), a Linear applied to a tensor of known rank (…, C), followed through permute/transpose
 * and view/reshape.
 */
export interface LayoutFact {
  rank: number;
  /** Index of the class axis (0-based); undefined when only the rank is known. */
  cls?: number;
  /** The class count as written (`n_classes`, `10`). */
  classes?: string;
  /** What made it evident: `nn.Conv1d(…, n_classes, …)`. */
  form: string;
  site: Site;
  /** Flattened to (N, C) with `.view(-1, C)` while the classes were not last: where. */
  flat?: { form: string; site: Site; rank: number; cls: number };
}

export interface TensorFacts {
  act?: ActFact;
  layout?: LayoutFact;
  raw?: RawFact;
  pad?: PadFact;
  classIndex?: ClassIndexFact;
}

/** A literal keyword argument of a loss (`ignore_index=0`, `reduction='sum'`), as text and value. */
export interface LossArg {
  text: string;
  value: number | string | boolean | null | undefined;
  span: Span;
}

export type LossKind =
  | 'CrossEntropyLoss' | 'NLLLoss' | 'BCELoss' | 'BCEWithLogitsLoss' | 'KLDivLoss' | 'MSELoss' | 'L1Loss'
  | 'SmoothL1Loss' | 'HuberLoss';

/** One place where a loss is computed: `criterion(out, y)` or `F.cross_entropy(out, y)`. */
export interface LossUse {
  loss: LossKind;
  /** `functional` for F.cross_entropy(...), `module` for a criterion object. */
  form: 'functional' | 'module';
  /** How the loss is written in the source: `nn.CrossEntropyLoss`, `F.nll_loss`, `CE` (an alias). */
  name: string;
  /** The call that computes the loss. */
  call: Site;
  /** Where the criterion was constructed (module form), else the functional call. */
  ctor: Site;
  /** The name to replace to rename the constructor/function (`BCELoss` in `nn.BCELoss(…)`), when it is a plain attribute of torch.nn / F. */
  renameAt?: Site;
  /** Where a keyword argument can be inserted in the constructor / functional call (before its `)`). */
  argInsert?: { site: Site; needsComma: boolean };
  args: Record<string, LossArg>;
  input: TensorFacts;
  target: TensorFacts;
  inputSite: Site;
  targetSite?: Site;
  /** reduction='sum' losses: the result is divided later or reaches backward(). */
  divided: boolean;
  backward: boolean;
}

/** A tensor expression the flow layer flags on its own (source-only rules). */
export interface OpUse {
  op: 'log-of-activation' | 'activation-of-activation' | 'hand-written-loss' | 'softmax-no-dim';
  site: Site;
  /** The activation involved (inner one for activation-of-activation). */
  act?: ActFact;
  /** The outer operation (log, log_softmax, product). */
  outer?: Site;
  outerForm?: string;
  fix?: TextEdit[];
}

/** What the dataflow layer hands to the code rules for one project. */
export interface CodeFacts {
  losses: LossUse[];
  ops: OpUse[];
}

export interface CodeFinding {
  rule: string;
  severity: CodeSeverity;
  title: string;
  message: string;
  /** PyTorch code: the fix. */
  fix: string;
  /** `docs/rules/<id>.md` */
  docs: string;
  site: Site;
  /** Where the offending value is consumed (the loss call). */
  related?: { site: Site; message: string }[];
  fixes?: CodeFix[];
}

export interface CodeRule {
  id: string;
  severity: CodeSeverity;
  title: string;
  check(facts: CodeFacts): CodeFinding[];
}

/** A notebook cell as the linter takes it. */
export interface NotebookCell {
  /** 0-based index of the cell in the notebook (all cell kinds counted). */
  index: number;
  text: string;
  /** `python` or the cell's language id; non-Python cells are skipped. */
  language: string;
}

/** What the linter says about one file. */
export interface FileReport {
  path: string;
  findings: (CodeFinding & { cell?: number })[];
  /** The file could not be linted at all: why. */
  error?: string;
  /** Linted, with a caveat (syntax error, Python 2). */
  notes: string[];
}

/**
 * A document open in the editor, as the lint worker gets it: a `.py` text or a notebook's cells
 * (unsaved edits included). `file` is an absolute path (a made-up one under `/untitled/` for an
 * unsaved document; notebooks end in `.ipynb`).
 */
export interface LintDocument {
  file: string;
  text?: string;
  cells?: NotebookCell[];
}

/** The lint worker's `lint` request: the open documents, linted as one project. */
export interface LintRequest {
  docs: LintDocument[];
  /** Folders imports may be resolved in (the workspace folders). */
  roots: string[];
  disabled: string[];
}

export interface LintResult {
  /** A report per document asked for, plus one per other project file reached that has findings. */
  files: FileReport[];
  /** Time spent in the worker. */
  ms: number;
}
