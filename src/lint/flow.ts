/**
 * The dataflow layer: a small abstract interpreter over the plain syntax tree. It follows values the
 * way training code is written — imports and aliases, assignments, tuple unpacking, `self.attr`,
 * `nn.Module` classes (their `__init__` and `forward`), `nn.Sequential`, functional and method forms,
 * calls into the project's own functions and classes (also across files, through `ProjectHost`) —
 * and records every loss computed, with what is known of its input and target (`CodeFacts`).
 *
 * Precision first: a value is only known when every path agrees. Branches (`if`/`try`/loops)
 * that give a variable different values leave it unknown, and so does anything the interpreter does
 * not model (arithmetic, unknown calls, dictionaries).
 */
import type {
  ActFact, ActKind, CodeFacts, LayoutFact, LossArg, LossKind, LossUse, OpUse, PadFact, Site, TensorFacts, TextEdit,
} from '../diagnostics/code/types';
import { child, childrenOf, span, type Ast } from './ast';
import type { ParsedFile } from './parser';
import {
  ACT_FUNCTIONS, ACT_METHODS, ACT_MODULES, ARGMAX, CLAMP_FUNCTIONS, CLAMP_METHODS, canonical, EMBEDDINGS,
  KEEP_FUNCTIONS, KEEP_METHODS, LOG_FUNCTIONS, LOSS_CLASSES, LOSS_CTOR_POSITIONAL, LOSS_FUNCTIONS, PAD_SEQUENCE,
  PASS_MODULES, RAW_LAYERS, shortName, TORCH_ROOTS,
} from './torch-api';

export interface SourceFile {
  /** How findings name this file (a path or a URI). */
  id: string;
  text: string;
  parsed: ParsedFile;
}

/** Resolves `import x.y` / `from .x import y` to a file of the project (or undefined). */
export interface ProjectHost {
  resolve(from: SourceFile, module: string, level: number): SourceFile | undefined;
}

// ---------------------------------------------------------------------------------------------
// Values

interface Tensor {
  k: 'tensor';
  f: TensorFacts;
  batched: boolean;
  clamped?: boolean;
  /** Loss uses this value is (derived from): for `reduction='sum'` follow-up. */
  losses?: LossUse[];
}
interface LossObj {
  k: 'lossobj';
  loss: LossKind;
  name: string;
  ctor: Site;
  args: Record<string, LossArg>;
  opaqueArgs: boolean;
  renameAt?: Site;
  argInsert?: { site: Site; needsComma: boolean };
}
interface ActMod { k: 'actmod'; kind: ActKind; dim: number | null | undefined; form: string; site: Site; toLog?: TextEdit[]; drop?: TextEdit[] }
interface Layer { k: 'layer'; form: string; site: Site; q: string; out?: string }
/** A module that keeps what its input means (Dropout, Identity); nn.Flatten also changes its shape. */
interface PassMod { k: 'pass'; flattens?: boolean }
/** An nn.LSTM/GRU/RNN: its output is (N, L, H) when built with batch_first=True, else (L, N, H) (`seqFirst`). */
interface Rnn { k: 'rnn'; form: string; site: Site; seqFirst?: boolean }
interface Emb { k: 'emb'; pad: PadFact }
interface Seq { k: 'seq'; items: V[] }
interface Func { k: 'func'; node: Ast; file: SourceFile; closure: Env; self?: Inst }
interface Cls { k: 'class'; node: Ast; file: SourceFile; body: Env; bases: V[]; proto?: Inst }
interface Inst { k: 'inst'; cls: Cls; attrs: Map<string, V> }
interface Ref { k: 'ref'; q: string }
interface PyMod { k: 'pymod'; file: SourceFile }
/**
 * A tuple or list. `texts`: its items as written, when it is a literal with no splat (`(hidden, n_classes)`);
 * `list`: a list literal (`dims.append(…)` changes it: the name then becomes unknown).
 */
interface Tuple { k: 'tuple'; items: V[]; texts?: string[]; list?: boolean }
interface Num { k: 'num'; v: number | string | boolean | null }
interface Tokenized { k: 'tokenized'; pad: PadFact }
/** `seqFirst`: the (L, N, H) output of an RNN built without batch_first, whose `.transpose(0, 1)` is (N, L, H).
 * `outside`: a module (or a name from one) that is not torch and not in the project — `scipy.special`, `np`,
 * `jax.nn` — or an attribute of one: whatever it is, it is not a tensor, so its `.softmax(…)` is no Tensor.softmax. */
interface Unknown { k: 'unk'; losses?: LossUse[]; seqFirst?: boolean; outside?: boolean }

type V = Tensor | LossObj | ActMod | Layer | PassMod | Rnn | Emb | Seq | Func | Cls | Inst | Ref | PyMod | Tuple | Num | Tokenized | Unknown;

const UNK: Unknown = { k: 'unk' };
const OUTSIDE: Unknown = { k: 'unk', outside: true };

function tensor(f: TensorFacts, batched: boolean, losses?: LossUse[]): Tensor {
  const t: Tensor = { k: 'tensor', f, batched };
  if (losses && losses.length) t.losses = losses;
  return t;
}

function lossesOf(v: V): LossUse[] | undefined {
  return v.k === 'tensor' || v.k === 'unk' ? v.losses : undefined;
}

function sameSite(a: Site | undefined, b: Site | undefined): boolean {
  if (!a || !b) return a === b;
  return a.file === b.file && a.span.line === b.span.line && a.span.column === b.span.column && a.span.endLine === b.span.endLine && a.span.endColumn === b.span.endColumn;
}

/** The value after two paths meet: what both agree on, nothing more. */
function join(a: V | undefined, b: V | undefined): V {
  if (a === b) return a ?? UNK;
  if (!a || !b) return UNK;
  if (a.k === 'tensor' && b.k === 'tensor') {
    const f: TensorFacts = {};
    if (a.f.act && b.f.act && sameSite(a.f.act.site, b.f.act.site)) f.act = a.f.act;
    if (a.f.raw && b.f.raw && sameSite(a.f.raw.site, b.f.raw.site)) f.raw = a.f.raw;
    if (a.f.pad && b.f.pad && sameSite(a.f.pad.site, b.f.pad.site)) f.pad = a.f.pad;
    if (a.f.classIndex && b.f.classIndex && sameSite(a.f.classIndex.site, b.f.classIndex.site)) f.classIndex = a.f.classIndex;
    if (a.f.layout && b.f.layout && sameLayout(a.f.layout, b.f.layout)) f.layout = a.f.layout;
    return tensor(f, a.batched && b.batched, mergeLosses(a.losses, b.losses));
  }
  if (a.k === 'num' && b.k === 'num' && a.v === b.v) return a;
  if (a.k === 'tuple' && b.k === 'tuple' && a.items.length === b.items.length) {
    const t: Tuple = { k: 'tuple', items: a.items.map((x, i) => join(x, b.items[i])) };
    if (a.texts && b.texts && a.texts.every((x, i) => x === b.texts![i])) t.texts = a.texts;
    if (a.list || b.list) t.list = true;
    return t;
  }
  if (a.k === 'lossobj' && b.k === 'lossobj' && sameSite(a.ctor, b.ctor)) return a;
  const l = mergeLosses(lossesOf(a), lossesOf(b));
  return l ? { k: 'unk', losses: l } : UNK;
}

function sameLayout(a: LayoutFact, b: LayoutFact): boolean {
  return a.rank === b.rank && a.cls === b.cls && a.classes === b.classes && sameSite(a.site, b.site) && sameSite(a.flat?.site, b.flat?.site);
}

/** The tensor after some of its items were overwritten (`labels[labels == pad] = -100`): no longer known to hold padding. */
function unpadded(t: Tensor): Tensor {
  const { pad: _masked, ...f } = t.f;
  return { ...t, f };
}

/** Facts without the layout (after an operation that changes the shape in a way not followed). */
function noLayout(f: TensorFacts): TensorFacts {
  if (!f.layout) return f;
  const { layout: _dropped, ...rest } = f;
  return rest;
}

/** `self.n_classes` and `n_classes` name the same count; literals compare as written. */
function sameCount(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, '').replace(/^(?:self|cfg|config|args|opt|hparams|params)\./, '');
  return norm(a) === norm(b);
}

function mergeLosses(a?: LossUse[], b?: LossUse[]): LossUse[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [...new Set([...a, ...b])];
}

/**
 * An attribute written in a branch (`self.head = …` under an `if`): the instance, the attribute, its
 * value before the write and after it, and when it was written (`at`, a counter: the earliest write of
 * all branches holds the value before them).
 */
interface AttrWrite { o: Inst; attr: string; prev: V | undefined; v: V; at: number }
/** What a branch wrote, by instance and attribute: the value before the first write, the last value, the first write's `at`. */
type Written = Map<Inst, Map<string, { prev: V | undefined; v: V; at: number }>>;
let writeCount = 0;

class Env {
  readonly vars: Map<string, V>;
  /** The attribute writes made in this branch, in order (forks only: elsewhere a write just happens). */
  private readonly writes?: AttrWrite[];
  /** A class body's names (or a branch of them): a function defined there does not see them (Python skips class scopes). */
  classBody = false;
  constructor(readonly parent: Env | undefined, vars?: Map<string, V>, branch = false) {
    this.vars = vars ?? new Map();
    if (branch) this.writes = [];
  }
  get(name: string): V | undefined {
    const v = this.vars.get(name);
    return v !== undefined ? v : this.parent?.get(name);
  }
  set(name: string, v: V): void {
    this.vars.set(name, v);
  }
  /**
   * A branch: a child scope that records the branch's own assignments and reads through to this
   * one (copy-on-write; copying a module's hundreds of names at every `if` was most of the time).
   */
  fork(): Env {
    const e = new Env(this, undefined, true);
    e.classBody = this.classBody;
    return e;
  }
  /** The scope a function defined here reads its free names from: the nearest one that is no class body. */
  closure(): Env {
    return this.classBody && this.parent ? this.parent.closure() : this;
  }
  /** `o.attr = v`, remembered by a branch so that its end can join it with the other branches. */
  setAttr(o: Inst, attr: string, v: V, at = ++writeCount, prev = o.attrs.get(attr)): void {
    this.writes?.push({ o, attr, prev, v, at });
    o.attrs.set(attr, v);
  }
  /**
   * The attributes this branch wrote (with what its forks wrote before it, up to `stop`): for each,
   * the value before the first write and the last value written.
   */
  private attrWrites(stop: Env): Written {
    const out: Written = this.parent && this.parent !== stop ? this.parent.attrWrites(stop) : new Map();
    for (const w of this.writes ?? []) {
      let m = out.get(w.o);
      if (!m) out.set(w.o, (m = new Map()));
      const first = m.get(w.attr);
      m.set(w.attr, first && first.at < w.at ? { ...first, v: w.v } : { prev: w.prev, v: w.v, at: w.at });
    }
    return out;
  }
  /** A loop body, which may not run: an attribute it rebinds becomes the join with its value before. */
  mayNotRun(): void {
    for (const [o, m] of this.attrWrites(this.parent!)) {
      for (const [attr, w] of m) if (w.prev !== undefined && w.prev !== w.v) this.setAttr(o, attr, join(w.prev, w.v), w.at, w.prev);
    }
  }
  /** The value `name` has in this branch, looking no further up than `stop`. */
  private branchValue(name: string, stop: Env): V | undefined {
    const v = this.vars.get(name);
    if (v !== undefined || !this.parent || this.parent === stop) return v;
    return this.parent.branchValue(name, stop);
  }
  /** Replace this env's bindings with the join of the branches (forks of it; missing in a branch = the value before). */
  merge(before: Map<string, V>, branches: Env[]): void {
    const names = new Set<string>();
    for (const b of branches) for (let e: Env | undefined = b; e && e !== this; e = e.parent) for (const k of e.vars.keys()) names.add(k);
    const out: [string, V][] = [];
    for (const name of names) {
      let v: V | undefined;
      let first = true;
      for (const b of branches) {
        const bv = b.branchValue(name, this) ?? before.get(name);
        v = first ? bv : join(v, bv);
        first = false;
      }
      out.push([name, v ?? UNK]);
    }
    for (const [name, v] of out) this.vars.set(name, v);
    // attributes written in some branch: the join of what each branch left (the value before where it wrote none)
    const written = branches.map((b) => b.attrWrites(this));
    const firsts = new Map<Inst, Map<string, { prev: V | undefined; at: number }>>();
    for (const bw of written) {
      for (const [o, m] of bw) {
        let f = firsts.get(o);
        if (!f) firsts.set(o, (f = new Map()));
        for (const [attr, w] of m) {
          const cur = f.get(attr);
          if (!cur || w.at < cur.at) f.set(attr, { prev: w.prev, at: w.at });
        }
      }
    }
    for (const [o, f] of firsts) {
      for (const [attr, { prev, at }] of f) {
        const vs = written.map((bw) => { const w = bw.get(o)?.get(attr); return w ? w.v : prev; });
        this.setAttr(o, attr, vs.reduce((x, y) => join(x, y)) ?? UNK, at, prev);
      }
    }
  }
}

/**
 * The scope a def's nested defs are analysed in on their own (`def closure():` inside a training
 * step): the def's parameters and the names it binds are its locals, unknown there, not the outer
 * names of the same spelling they hide.
 */
function localScope(file: SourceFile, def: Ast, body: Ast, env: Env): Env {
  const scope = new Env(env);
  for (const p of child(def, 'parameters')?.children ?? []) {
    let id: Ast | undefined = p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? child(p, 'name') : p.type === 'typed_parameter' ? p.children[0] : p;
    if (id && (id.type === 'list_splat_pattern' || id.type === 'dictionary_splat_pattern')) id = id.children[0];
    if (id && id.type === 'identifier') scope.set(textOf(file, id), UNK);
  }
  for (const t of assignedTargets(body)) if (t.type === 'identifier') scope.set(textOf(file, t), UNK);
  return scope;
}

interface Frame {
  file: SourceFile;
  env: Env;
  returns: V[];
}

const MAX_DEPTH = 6;
const BUDGET = 400_000;

export class Flow {
  readonly facts: CodeFacts = { losses: [], ops: [] };
  private readonly modules = new Map<SourceFile, Env>();
  private readonly loading = new Set<SourceFile>();
  private readonly active = new Set<Ast>();
  private steps = 0;

  constructor(private readonly host: ProjectHost) {}

  /**
   * Analyse a file: its top level, then every function and method body on its own. Each file gets
   * its own step budget (a project of hundreds of files is not cut short by its largest ones).
   */
  analyze(file: SourceFile): void {
    this.steps = 0;
    const env = this.moduleEnv(file);
    this.analyzeBodies(file, file.parsed.root, env);
  }

  private moduleEnv(file: SourceFile): Env {
    const done = this.modules.get(file);
    if (done) return done;
    const env = new Env(undefined);
    this.modules.set(file, env);
    this.loading.add(file);
    try {
      this.block(file.parsed.root.children, { file, env, returns: [] }, 0);
    } finally {
      this.loading.delete(file);
    }
    return env;
  }

  /** Each def on its own, with unknown arguments (methods get their class's instance as self). */
  private analyzeBodies(file: SourceFile, node: Ast, env: Env, cls?: Cls): void {
    for (const st of node.children) {
      const def = st.type === 'decorated_definition' ? child(st, 'definition') : st;
      if (!def) continue;
      if (def.type === 'function_definition') {
        const name = textOf(file, child(def, 'name'));
        let fn: Func = { k: 'func', node: def, file, closure: env };
        const self = cls ? this.proto(cls) : undefined;
        if (self) fn = { ...fn, self };
        const before = self && name !== '__init__' ? new Map(self.attrs) : undefined;
        this.call(fn, [], new Map(), 0, name === 'forward' || name === 'training_step' || name === 'validation_step');
        // A method other than __init__ may not have run before the others: an attribute it rebinds is the
        // join with its value after __init__ (one it alone sets keeps its value, as a name first bound in a loop).
        if (self && before) {
          for (const [attr, v] of self.attrs) {
            const prev = before.get(attr);
            if (prev !== undefined && prev !== v) self.attrs.set(attr, join(prev, v));
          }
        }
        const body = child(def, 'body');
        if (body) this.analyzeBodies(file, body, localScope(file, def, body, env));
      } else if (def.type === 'class_definition') {
        const v = env.get(textOf(file, child(def, 'name')));
        const body = child(def, 'body');
        if (v && v.k === 'class' && body) this.analyzeBodies(file, body, env, v);
      } else {
        // defs under `if __name__ == '__main__':`, in loops, with, try/except/finally and the like:
        // a compound statement's blocks and the blocks of its clauses (elif, else, except, finally)
        for (const c of def.children) {
          if (c.type === 'block') this.analyzeBodies(file, c, env);
          else if (c.type.endsWith('_clause')) for (const b of c.children) if (b.type === 'block') this.analyzeBodies(file, b, env);
        }
      }
    }
  }

  /** An instance of a class built by running its `__init__` with unknown arguments (cached). */
  private proto(cls: Cls): Inst | undefined {
    if (cls.proto) return cls.proto;
    const inst: Inst = { k: 'inst', cls, attrs: new Map() };
    cls.proto = inst;
    const init = this.method(cls, '__init__');
    if (init && init.k === 'func') this.call({ ...init, self: inst }, [], new Map(), 0, false);
    return inst;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private block(stmts: Ast[], fr: Frame, depth: number): void {
    for (const st of stmts) {
      if (++this.steps > BUDGET) return;
      this.stmt(st, fr, depth);
    }
  }

  private stmt(st: Ast, fr: Frame, depth: number): void {
    const { env } = fr;
    switch (st.type) {
      case 'expression_statement':
        for (const c of st.children) this.expr(c, fr, depth);
        return;
      case 'import_statement':
        return this.importStmt(st, fr);
      case 'import_from_statement':
        return this.importFrom(st, fr);
      case 'future_import_statement':
        return;
      case 'function_definition': {
        const name = textOf(fr.file, child(st, 'name'));
        env.set(name, { k: 'func', node: st, file: fr.file, closure: env.closure() });
        return;
      }
      case 'decorated_definition': {
        const def = child(st, 'definition');
        if (def) this.stmt(def, fr, depth);
        return;
      }
      case 'class_definition':
        return this.classDef(st, fr, depth);
      case 'return_statement': {
        const c = st.children[0];
        fr.returns.push(c ? this.expr(c, fr, depth) : UNK);
        return;
      }
      case 'if_statement':
        return this.ifStmt(st, fr, depth);
      case 'for_statement':
      case 'while_statement': {
        if (st.type === 'for_statement') {
          const right = child(st, 'right');
          if (right) this.expr(right, fr, depth);
        } else {
          const cond = child(st, 'condition');
          if (cond) this.expr(cond, fr, depth);
        }
        const before = env.vars;
        const body = env.fork();
        const inner: Frame = { ...fr, env: body };
        const left = child(st, 'left');
        if (left) this.bind(left, UNK, inner, depth);
        const b = child(st, 'body');
        if (b) this.block(b.children, inner, depth);
        const alt = child(st, 'alternative');
        const branches = [body];
        if (alt) {
          const e2 = body.fork();
          this.block(child(alt, 'body')?.children ?? [], { ...fr, env: e2 }, depth);
          branches.push(e2);
        }
        // The loop body may not run: names and attributes it rebinds become the join with their value before.
        for (const [name, v] of body.vars) {
          const prev = before.get(name);
          if (prev !== undefined && prev !== v) body.vars.set(name, join(prev, v));
        }
        body.mayNotRun();
        env.merge(before, branches);
        return;
      }
      case 'try_statement': {
        const before = env.vars;
        const branches: Env[] = [];
        const main = env.fork();
        this.block(child(st, 'body')?.children ?? [], { ...fr, env: main }, depth);
        branches.push(main);
        for (const c of st.children) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            const e = env.fork();
            const blk = c.children.find((x) => x.type === 'block');
            const val = c.children.find((x) => x.type === 'as_pattern');
            if (val) { const alias = child(val, 'alias'); if (alias) this.bind(alias.children[0] ?? alias, UNK, { ...fr, env: e }, depth); }
            if (blk) this.block(blk.children, { ...fr, env: e }, depth);
            branches.push(e);
          } else if (c.type === 'else_clause') {
            this.block(child(c, 'body')?.children ?? [], { ...fr, env: main }, depth);
          }
        }
        env.merge(before, branches);
        const fin = st.children.find((c) => c.type === 'finally_clause');
        const fb = fin?.children.find((x) => x.type === 'block');
        if (fb) this.block(fb.children, fr, depth);
        return;
      }
      case 'with_statement': {
        const clause = st.children.find((c) => c.type === 'with_clause');
        for (const item of clause?.children ?? []) {
          const val = child(item, 'value');
          if (!val) continue;
          if (val.type === 'as_pattern') {
            const v = val.children[0] ? this.expr(val.children[0], fr, depth) : UNK;
            const alias = child(val, 'alias');
            if (alias) this.bind(alias.children[0] ?? alias, v.k === 'tensor' ? v : UNK, fr, depth);
          } else {
            this.expr(val, fr, depth);
          }
        }
        const body = child(st, 'body');
        if (body) this.block(body.children, fr, depth);
        return;
      }
      case 'match_statement':
        // Too many shapes of flow: every name and attribute bound inside becomes unknown.
        return this.forget(st, fr, depth);
      case 'delete_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'assert_statement':
      case 'raise_statement':
        for (const c of st.children) if (st.type === 'assert_statement' || st.type === 'raise_statement') this.expr(c, fr, depth);
        return;
      default:
        // Unknown statement kinds (errors, exec/print of Python 2): names bound inside become unknown.
        this.forget(st, fr, depth);
    }
  }

  /** Every name bound inside a statement becomes unknown, and every attribute of a name (`self.head`). */
  private forget(st: Ast, fr: Frame, depth: number): void {
    for (const t of assignedTargets(st)) if (t.type === 'identifier' || child(t, 'object')?.type === 'identifier') this.bind(t, UNK, fr, depth);
  }

  private ifStmt(st: Ast, fr: Frame, depth: number): void {
    const { env } = fr;
    const cond = child(st, 'condition');
    if (cond) this.expr(cond, fr, depth);
    const before = env.vars;
    const branches: Env[] = [];
    const cons = env.fork();
    this.block(child(st, 'consequence')?.children ?? [], { ...fr, env: cons }, depth);
    branches.push(cons);
    let hasElse = false;
    for (const c of childrenOf(st, 'alternative')) {
      const e = env.fork();
      if (c.type === 'elif_clause') {
        const ec = child(c, 'condition');
        if (ec) this.expr(ec, { ...fr, env: e }, depth);
        this.block(child(c, 'consequence')?.children ?? [], { ...fr, env: e }, depth);
      } else {
        hasElse = true;
        this.block(child(c, 'body')?.children ?? [], { ...fr, env: e }, depth);
      }
      branches.push(e);
    }
    if (!hasElse) branches.push(env.fork());
    env.merge(before, branches);
  }

  private classDef(st: Ast, fr: Frame, depth: number): void {
    const name = textOf(fr.file, child(st, 'name'));
    const bases: V[] = [];
    const sup = child(st, 'superclasses');
    for (const b of sup?.children ?? []) if (b.type !== 'keyword_argument') bases.push(this.expr(b, fr, depth));
    const body = new Env(fr.env);
    body.classBody = true;
    const cls: Cls = { k: 'class', node: st, file: fr.file, body, bases };
    const blk = child(st, 'body');
    if (blk) this.block(blk.children, { file: fr.file, env: body, returns: [] }, depth);
    fr.env.set(name, cls);
  }

  private method(cls: Cls, name: string, seen = new Set<Cls>()): V | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const v = cls.body.vars.get(name);
    if (v) return v;
    for (const b of cls.bases) {
      if (b.k === 'class') {
        const m = this.method(b, name, seen);
        if (m) return m;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Imports

  private importStmt(st: Ast, fr: Frame): void {
    for (const n of st.children) {
      if (n.type === 'dotted_name') {
        const full = textOf(fr.file, n);
        const first = full.split('.')[0];
        fr.env.set(first, this.moduleValue(fr.file, first) ?? OUTSIDE);
      } else if (n.type === 'aliased_import') {
        const name = textOf(fr.file, child(n, 'name'));
        const alias = textOf(fr.file, child(n, 'alias'));
        fr.env.set(alias, this.moduleValue(fr.file, name) ?? OUTSIDE);
      }
    }
  }

  private importFrom(st: Ast, fr: Frame): void {
    const modNode = child(st, 'module_name');
    if (!modNode) return;
    let level = 0;
    let mod = '';
    if (modNode.type === 'relative_import') {
      const prefix = modNode.children.find((c) => c.type === 'import_prefix');
      level = prefix ? prefix.end - prefix.start : 1;
      const dn = modNode.children.find((c) => c.type === 'dotted_name');
      mod = dn ? textOf(fr.file, dn) : '';
    } else {
      mod = textOf(fr.file, modNode);
    }
    const names = childrenOf(st, 'name');
    const wildcard = st.children.some((c) => c.type === 'wildcard_import');
    const root = mod.split('.')[0];
    if (level === 0 && TORCH_ROOTS.has(root)) {
      for (const n of names) {
        const [name, alias] = importName(fr.file, n);
        fr.env.set(alias, { k: 'ref', q: canonical(`${mod}.${name}`) });
      }
      return;
    }
    if (wildcard) {
      const file = this.host.resolve(fr.file, mod, level);
      if (!file || this.loading.has(file)) return;
      const env = this.moduleEnv(file);
      for (const [k, v] of env.vars) if (!k.startsWith('_')) fr.env.set(k, v);
      return;
    }
    for (const n of names) {
      const [name, alias] = importName(fr.file, n);
      let v: V | undefined;
      const file = this.host.resolve(fr.file, mod, level);
      if (file && !this.loading.has(file)) v = this.moduleEnv(file).vars.get(name);
      if (!v) {
        // `from pkg import module`
        const sub = this.host.resolve(fr.file, mod ? `${mod}.${name}` : name, level);
        if (sub) v = { k: 'pymod', file: sub };
      }
      // `from scipy import special`: a name from outside the project and torch
      fr.env.set(alias, v ?? (level === 0 && !file ? OUTSIDE : UNK));
    }
  }

  /** What `import name` binds (absolute: `import` has no relative form). */
  private moduleValue(from: SourceFile, name: string): V | undefined {
    if (TORCH_ROOTS.has(name.split('.')[0])) return { k: 'ref', q: canonical(name) };
    const file = this.host.resolve(from, name, 0);
    return file ? { k: 'pymod', file } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Binding

  private bind(target: Ast, v: V, fr: Frame, depth: number): void {
    switch (target.type) {
      case 'identifier':
        fr.env.set(textOf(fr.file, target), v);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const items = target.children;
        // `(a) = x` is `a = x`: the parser calls a parenthesized target a tuple pattern, `(a,)` has the comma
        if (target.type === 'tuple_pattern' && items.length === 1 && !fr.file.text.slice(items[0].end, target.end).includes(',')) return this.bind(items[0], v, fr, depth);
        const star = items.findIndex((c) => c.type === 'list_splat_pattern' || c.type === 'list_splat');
        for (let i = 0; i < items.length; i++) {
          let iv: V = UNK;
          if (v.k === 'tuple' && star < 0 && v.items.length === items.length) iv = v.items[i];
          this.bind(items[i], iv, fr, depth);
        }
        return;
      }
      case 'parenthesized_expression':
        if (target.children[0]) this.bind(target.children[0], v, fr, depth);
        return;
      case 'list_splat_pattern':
      case 'list_splat':
        if (target.children[0]) this.bind(target.children[0], UNK, fr, depth);
        return;
      case 'attribute': {
        const obj = child(target, 'object');
        const attr = textOf(fr.file, child(target, 'attribute'));
        const o = obj ? this.expr(obj, fr, depth) : UNK;
        if (o.k === 'inst') fr.env.setAttr(o, attr, v);
        return;
      }
      case 'subscript': {
        // `labels[labels == pad] = -100` (or `self.labels[…] = …`) masks the padding: the tensor no longer carries it.
        const val = child(target, 'value');
        if (val && val.type === 'identifier') {
          const name = textOf(fr.file, val);
          const cur = fr.env.get(name);
          if (cur && cur.k === 'tensor') fr.env.set(name, unpadded(cur));
          // a list or an nn.Sequential changed in place (`layers[-1] = nn.Identity()`) is no longer known
          else if (cur && (cur.k === 'tuple' ? cur.list : cur.k === 'seq')) fr.env.set(name, UNK);
        } else if (val && val.type === 'attribute') {
          const obj = child(val, 'object');
          const o = obj ? this.expr(obj, fr, depth) : UNK;
          const attr = textOf(fr.file, child(val, 'attribute'));
          const cur = o.k === 'inst' ? o.attrs.get(attr) : undefined;
          if (o.k === 'inst' && cur && cur.k === 'tensor') fr.env.setAttr(o, attr, unpadded(cur));
        } else if (val) this.expr(val, fr, depth);
        return;
      }
      // any other target (a keyword, an error) binds nothing that is followed
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private expr(n: Ast, fr: Frame, depth: number): V {
    switch (n.type) {
      case 'identifier': {
        const name = textOf(fr.file, n);
        return fr.env.get(name) ?? UNK;
      }
      case 'integer':
      case 'float': {
        // a complex literal (`1j`) is no number here, nor one beyond a double (`1e999`): unknown, not None
        const num = Number(textOf(fr.file, n).replace(/_/g, ''));
        return Number.isFinite(num) ? { k: 'num', v: num } : UNK;
      }
      case 'true': return { k: 'num', v: true };
      case 'false': return { k: 'num', v: false };
      case 'none': return { k: 'num', v: null };
      case 'string': {
        const t = textOf(fr.file, n);
        const m = /^[rbuRBU]?(['"])([^'"\\]*)\1$/.exec(t);
        return m ? { k: 'num', v: m[2] } : UNK;
      }
      case 'unary_operator': {
        const arg = child(n, 'argument');
        const v = arg ? this.expr(arg, fr, depth) : UNK;
        const op = this.src(fr, n)[0];
        if (v.k === 'num' && typeof v.v === 'number' && op === '-') return { k: 'num', v: -v.v };
        const l = lossesOf(v);
        if (v.k === 'tensor') return tensor({}, v.batched, l);
        return l ? { k: 'unk', losses: l } : UNK;
      }
      case 'parenthesized_expression':
        return n.children[0] ? this.expr(n.children[0], fr, depth) : UNK;
      case 'assignment': {
        const right = child(n, 'right');
        const left = child(n, 'left');
        const v = right ? this.expr(right, fr, depth) : UNK;
        if (left) this.bind(left, v, fr, depth);
        return v;
      }
      case 'augmented_assignment': {
        const { left, right, l, r, op } = this.operands(n, fr, depth);
        // `loss /= n`, and `loss *= 1.0 / n` (a multiplication by a quotient)
        if (op === '/=' || (op === '*=' && this.isQuotient(fr, right))) for (const u of lossesOf(l) ?? []) u.divided = true;
        const losses = mergeLosses(lossesOf(l), lossesOf(r));
        const out: V = losses ? { k: 'unk', losses } : UNK;
        if (left) this.bind(left, out, fr, depth);
        return out;
      }
      case 'named_expression': {
        const v = child(n, 'value');
        const name = child(n, 'name');
        const val = v ? this.expr(v, fr, depth) : UNK;
        if (name) this.bind(name, val, fr, depth);
        return val;
      }
      case 'attribute':
        return this.attribute(n, fr, depth);
      case 'call':
        return this.callExpr(n, fr, depth);
      case 'subscript': {
        const val = child(n, 'value');
        const v = val ? this.expr(val, fr, depth) : UNK;
        const subs = childrenOf(n, 'subscript');
        const keys = subs.map((s) => this.expr(s, fr, depth));
        if (v.k === 'tensor') {
          const { classIndex: _dropped, layout: _shape, ...kept } = v.f;
          return tensor(kept, v.batched, v.losses);
        }
        const key = keys.length === 1 && keys[0].k === 'num' ? keys[0].v : undefined;
        // `out[0]`, `out[-1]` (a negative index is a unary minus, evaluated to a number)
        if (v.k === 'tuple' && typeof key === 'number' && Number.isInteger(key)) return v.items[key < 0 ? v.items.length + key : key] ?? UNK;
        if (v.k === 'tokenized' && key === 'input_ids') return tensor({ pad: v.pad }, true);
        return UNK;
      }
      case 'binary_operator': {
        const { left, right, l, r, op } = this.operands(n, fr, depth);
        if (op === '/' || op === '//') for (const u of lossesOf(l) ?? []) u.divided = true;
        // `loss * (1.0 / n)` divides the loss as `loss / n` does (either side)
        if (op === '*' && this.isQuotient(fr, right)) for (const u of lossesOf(l) ?? []) u.divided = true;
        if (op === '*' && this.isQuotient(fr, left)) for (const u of lossesOf(r) ?? []) u.divided = true;
        if (op === '*') {
          for (const side of [l, r]) {
            if (side.k === 'tensor' && side.f.act && (side.f.act.kind === 'log_softmax' || side.f.act.kind === 'log_of_softmax')) {
              this.facts.ops.push({ op: 'hand-written-loss', site: this.site(fr, n), act: side.f.act, outerForm: '*' });
            }
          }
        }
        const losses = mergeLosses(lossesOf(l), lossesOf(r));
        if (l.k === 'tensor' || r.k === 'tensor') return tensor({}, (l.k === 'tensor' && l.batched) || (r.k === 'tensor' && r.batched), losses);
        return losses ? { k: 'unk', losses } : UNK;
      }
      case 'conditional_expression': {
        const [a, cond, b] = n.children;
        if (cond) this.expr(cond, fr, depth);
        return join(a ? this.expr(a, fr, depth) : UNK, b ? this.expr(b, fr, depth) : UNK);
      }
      case 'tuple':
      case 'expression_list':
      case 'list': {
        const t: Tuple = { k: 'tuple', items: n.children.map((c) => this.expr(c, fr, depth)) };
        if (!n.children.some((c) => c.type === 'list_splat')) t.texts = n.children.map((c) => this.src(fr, c));
        if (n.type === 'list') t.list = true;
        return t;
      }
      case 'set':
      case 'dictionary':
      case 'boolean_operator':
      case 'comparison_operator':
      case 'not_operator':
      case 'await':
        for (const c of n.children) this.expr(c, fr, depth);
        return UNK;
      case 'pair':
        for (const c of n.children) this.expr(c, fr, depth);
        return UNK;
      // lambdas and comprehensions (their own scopes) are not followed, nor anything not listed above
      default:
        return UNK;
    }
  }

  /** Both sides of a binary or augmented operator, evaluated left first (as Python does), and the operator's text. */
  private operands(n: Ast, fr: Frame, depth: number): { left?: Ast; right?: Ast; l: V; r: V; op: string } {
    const left = child(n, 'left');
    const right = child(n, 'right');
    const ev = (x: Ast | undefined): V => (x ? this.expr(x, fr, depth) : UNK);
    const l = ev(left), r = ev(right);
    const op = left && right ? this.src(fr, n).slice(left.end - n.start, right.start - n.start).trim() : '';
    return { left, right, l, r, op };
  }

  /** `B * L`: a binary operator `*`. */
  private isProduct(fr: Frame, x: Ast): boolean {
    const left = child(x, 'left'), right = child(x, 'right');
    return !!left && !!right && fr.file.text.slice(left.end, right.start).trim() === '*';
  }

  /** `1.0 / n`, `(1 / n)`: a quotient, whose product with a loss divides it. */
  private isQuotient(fr: Frame, x: Ast | undefined): boolean {
    while (x && x.type === 'parenthesized_expression') x = x.children[0];
    // only a binary operator has a left and a right operand with `/` between them
    const left = x && child(x, 'left'), right = x && child(x, 'right');
    return !!left && !!right && fr.file.text.slice(left.end, right.start).trim() === '/';
  }

  private attribute(n: Ast, fr: Frame, depth: number): V {
    const objNode = child(n, 'object');
    const attr = textOf(fr.file, child(n, 'attribute'));
    const o = objNode ? this.expr(objNode, fr, depth) : UNK;
    switch (o.k) {
      case 'tensor':
        if (attr === 'data') return o;
        if (attr === 'T' || attr === 'mT') return tensor(noLayout(o.f), o.batched, o.losses);
        return UNK;
      case 'tokenized':
        if (attr === 'input_ids') return tensor({ pad: o.pad }, true);
        // BatchEncoding.data is the dict of its tensors: `enc.data['input_ids']` as `enc['input_ids']`
        if (attr === 'data') return o;
        return UNK;
      default:
        return this.attributeOf(o, attr);
    }
  }

  /** Positional and keyword arguments of a call, evaluated once. */
  private args(n: Ast, fr: Frame, depth: number): { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean; splats: Splat[] } {
    const argList = child(n, 'arguments');
    const pos: Ast[] = [];
    const posV: V[] = [];
    const kw = new Map<string, { node: Ast; v: V }>();
    const splats: Splat[] = [];
    let opaque = false;
    for (const a of argList?.children ?? []) {
      if (a.type === 'keyword_argument') {
        const name = textOf(fr.file, child(a, 'name'));
        const valNode = child(a, 'value');
        if (valNode) kw.set(name, { node: valNode, v: this.expr(valNode, fr, depth) });
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        opaque = true;
        const v = a.children[0] ? this.expr(a.children[0], fr, depth) : UNK;
        splats.push({ at: pos.length, v: a.type === 'list_splat' ? v : undefined });
      } else {
        pos.push(a);
        posV.push(this.expr(a, fr, depth));
      }
    }
    return { pos, posV, kw, opaque, splats };
  }

  private callExpr(n: Ast, fr: Frame, depth: number): V {
    const fnNode = child(n, 'function');
    if (!fnNode) return UNK;
    // Tensor methods: x.softmax(1), x.view(-1, C), loss.backward(), loss.item()
    if (fnNode.type === 'attribute') {
      const objNode = child(fnNode, 'object');
      const name = textOf(fr.file, child(fnNode, 'attribute'));
      const obj = objNode ? this.expr(objNode, fr, depth) : UNK;
      // `.contiguous()`, `.to(device)` of an RNN's (L, N, H) output: still (L, N, H)
      if (obj.k === 'unk' && obj.seqFirst && KEEP_SHAPE.has(name)) {
        this.args(n, fr, depth);
        return obj;
      }
      if (obj.k === 'unk' && obj.seqFirst && (name === 'transpose' || name === 'permute')) {
        const a = this.args(n, fr, depth);
        return this.swapsFirstTwo(name, a) ? tensor({ layout: { rank: 3, form: `${this.src(fr, objNode!)}.${name}(…)`, site: this.site(fr, n) } }, true) : UNK;
      }
      // `.softmax(…)`, `.log()`, `.argmax(…)` on a value we know nothing of: only tensors have these methods.
      if (obj.k === 'unk' && !obj.losses && !obj.outside && TENSOR_ONLY_METHODS.has(name)) {
        const a = this.args(n, fr, depth);
        return this.tensorMethod(n, fr, tensor({}, false), name, objNode!, a);
      }
      if (obj.k === 'tensor' || (obj.k === 'unk' && obj.losses)) {
        const a = this.args(n, fr, depth);
        // A value known only to carry losses (`total += loss`, a loss on some paths) has methods: it is a tensor.
        return this.tensorMethod(n, fr, obj.k === 'tensor' ? obj : tensor({}, false, obj.losses), name, objNode!, a);
      }
      if (obj.k === 'tokenized' || obj.k === 'unk' || obj.k === 'num') {
        const a = this.args(n, fr, depth);
        // `tokenizer(…, padding=True, return_tensors='pt').to(device)`: BatchEncoding.to returns the encoding
        if (obj.k === 'tokenized' && name === 'to') return obj;
        // scaler.scale(loss) keeps the loss; what has no losses of its own (accelerator, fabric) backpropagates its arguments
        if (name === 'scale') return this.markBackward(name, obj, a.posV);
        const tok = this.tokenizerCall(n, fr, a);
        if (tok) return tok;
        if (name === 'backward' || name === 'manual_backward') for (const v of a.posV) for (const u of lossesOf(v) ?? []) u.backward = true;
        return UNK;
      }
      // `dims.append(n_classes)`, `model.append(nn.Softmax(1))`: a list or nn.Sequential changed in place is no longer known
      if ((obj.k === 'tuple' ? obj.list : obj.k === 'seq') && objNode!.type === 'identifier' && LIST_MUTATORS.has(name)) fr.env.set(this.src(fr, objNode!), UNK);
      // model.to(device), criterion.cuda(), model.eval(): the module itself
      if (SELF_METHODS.has(name) && MODULE_KINDS.has(obj.k) && !(obj.k === 'inst' && this.method(obj.cls, name))) {
        this.args(n, fr, depth);
        return obj;
      }
      // an attribute resolved to a value (F.softmax, self.fc, nn.CrossEntropyLoss)
      const fn = this.attributeOf(obj, name);
      return this.apply(n, fr, fn, depth, fnNode);
    }
    const fn = this.expr(fnNode, fr, depth);
    return this.apply(n, fr, fn, depth, fnNode);
  }

  /** `o.attr` for names, modules, instances and classes (one lookup for attribute values and calls). */
  private attributeOf(o: V, attr: string): V {
    switch (o.k) {
      case 'ref': return { k: 'ref', q: canonical(`${o.q}.${attr}`) };
      case 'pymod': return this.loading.has(o.file) ? UNK : (this.moduleEnv(o.file).vars.get(attr) ?? UNK);
      case 'inst': {
        const v = o.attrs.get(attr);
        if (v) return v;
        const m = this.method(o.cls, attr);
        if (m && m.k === 'func') return { ...m, self: o };
        return m ?? UNK;
      }
      case 'class': return this.method(o, attr) ?? UNK;
      case 'seq': case 'actmod': case 'layer': case 'pass': case 'emb': case 'lossobj': case 'rnn':
        return attr === 'forward' ? o : UNK;
      case 'unk': return o.outside ? OUTSIDE : UNK;
      default: return UNK;
    }
  }

  private markBackward(name: string, obj: V, args: V[]): V {
    // Tensor.backward(gradient): the gradient argument only weights the result, nothing flows back through it
    if (name === 'backward') {
      for (const u of lossesOf(obj) ?? []) u.backward = true;
      return UNK;
    }
    // scaler.scale(loss) keeps the loss
    const l = args.length ? lossesOf(args[0]) : undefined;
    return l ? { k: 'unk', losses: l } : UNK;
  }

  /** `tokenizer(texts, padding=True, ...)`: its input_ids are padded with the tokenizer's pad token. */
  private tokenizerCall(n: Ast, fr: Frame, a: { kw: Map<string, { node: Ast; v: V }> }): V | undefined {
    const p = a.kw.get('padding');
    if (!p) return undefined;
    const pv = p.v;
    if (!(pv.k === 'num' && (pv.v === true || pv.v === 'max_length' || pv.v === 'longest'))) return undefined;
    const fnNode = child(n, 'function');
    if (!fnNode) return undefined;
    const owner = fnNode.type === 'attribute' && /^(batch_encode_plus|encode_plus|__call__|pad)$/.test(textOf(fr.file, child(fnNode, 'attribute')))
      ? child(fnNode, 'object') : fnNode;
    if (!owner || !/^[\w.]+$/.test(this.src(fr, owner))) return undefined;
    const text = `${this.src(fr, owner)}.pad_token_id`;
    return { k: 'tokenized', pad: { text, value: null, form: `${this.src(fr, owner)}(…, padding=${this.src(fr, p.node)})`, site: this.site(fr, n) } };
  }

  private tensorMethod(n: Ast, fr: Frame, obj: Tensor, name: string, objNode: Ast, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean }): V {
    // `loss.div(batch_size)` divides the loss as `loss / batch_size` does.
    if (DIVIDE_METHODS.has(name) || (MULTIPLY_METHODS.has(name) && this.isQuotient(fr, a.pos[0]))) for (const u of obj.losses ?? []) u.divided = true;
    if (name === 'backward') return this.markBackward(name, obj, a.posV);
    if (name === 'item' || name === 'mean' || name === 'sum') return tensor({}, false, obj.losses);
    const act = ACT_METHODS[name];
    if (act) {
      const dim = this.dimArg(a, 0);
      const attrNode = child(child(n, 'function')!, 'attribute')!;
      return this.activation(fr, n, obj, act, dim, `${name === 'sigmoid' ? '.sigmoid()' : `.${name}(…)`}`, [this.edit(fr, n, this.src(fr, objNode))],
        act === 'softmax' ? [this.edit(fr, attrNode, 'log_softmax')] : undefined);
    }
    if (name === 'log') return this.logOf(fr, n, obj, `${this.src(fr, objNode)}.log()`, objNode);
    if (name === 'argmax') return tensor({ classIndex: { form: '.argmax(…)', site: this.site(fr, n) } }, obj.batched);
    if (CLAMP_METHODS.has(name)) {
      const out: Tensor = { ...tensor(obj.f, obj.batched, obj.losses), clamped: true };
      // in place (`probs.clamp_(min=1e-7)`): the name itself now holds the clamped values
      if (name.endsWith('_') && objNode.type === 'identifier') fr.env.set(this.src(fr, objNode), out);
      return out;
    }
    if (KEEP_METHODS.has(name)) {
      // Class indices stay class indices through casts and reshapes (`labels.float()` is how they reach MSELoss).
      const f: TensorFacts = { ...obj.f };
      const layout = obj.f.layout && this.reshaped(fr, n, obj.f.layout, name, a);
      if (layout) f.layout = layout;
      else delete f.layout;
      return { ...tensor(f, obj.batched, obj.losses), clamped: obj.clamped };
    }
    if (name === 'gather' && obj.f.act && (obj.f.act.kind === 'log_softmax' || obj.f.act.kind === 'log_of_softmax')) {
      this.facts.ops.push({ op: 'hand-written-loss', site: this.site(fr, n), act: obj.f.act, outerForm: '.gather' });
    }
    if (name === 'masked_fill' || name === 'masked_fill_') {
      const f = { ...obj.f };
      delete f.pad;
      // in place (`targets.masked_fill_(targets == pad, -100)`): the name itself no longer holds the padding
      if (name === 'masked_fill_' && objNode.type === 'identifier') fr.env.set(this.src(fr, objNode), unpadded(obj));
      return tensor(f, obj.batched);
    }
    return tensor({}, obj.batched, obj.losses);
  }

  /** `.transpose(0, 1)`, `.transpose(1, 0)`, `.permute(1, 0, 2)` of a rank-3 tensor: the first two axes swapped. */
  private swapsFirstTwo(name: string, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }> }): boolean {
    const ints = a.posV.map((v) => (v.k === 'num' && typeof v.v === 'number' && Number.isInteger(v.v) ? (v.v < 0 ? v.v + 3 : v.v) : undefined)).join(',');
    if (a.kw.size) return false;
    return (name === 'transpose' && (ints === '0,1' || ints === '1,0')) || (name === 'permute' && ints === '1,0,2');
  }

  private dimArg(a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }> }, posIndex: number): number | null | undefined {
    const kw = a.kw.get('dim');
    const v = kw ? kw.v : a.posV[posIndex];
    if (v === undefined) return null;
    if (v.k === 'num' && typeof v.v === 'number' && Number.isInteger(v.v)) return v.v;
    if (v.k === 'num' && v.v === null) return null;
    return undefined;
  }

  /** A new activation on `input`. Softmax over a tensor that already went through softmax is recorded (double softmax). */
  private activation(fr: Frame, n: Ast, input: V, kind: ActKind, dim: number | null | undefined, form: string, drop: TextEdit[] | undefined, toLog: TextEdit[] | undefined): V {
    const batched = input.k === 'tensor' && input.batched;
    const act: ActFact = { kind, dim, form, site: this.site(fr, n), batched };
    if (drop) act.drop = drop;
    if (toLog) act.toLog = toLog;
    if (input.k === 'tensor' && input.f.act) {
      const inner = input.f.act;
      const twice = (inner.kind === 'softmax' && (kind === 'softmax' || kind === 'log_softmax')) || (inner.kind === 'sigmoid' && kind === 'sigmoid');
      if (twice) this.facts.ops.push({ op: 'activation-of-activation', site: inner.site, act: inner, outer: act.site, outerForm: form });
    }
    if (dim === null && (kind === 'softmax' || kind === 'log_softmax') && !/nn\./.test(form)) {
      this.facts.ops.push({ op: 'softmax-no-dim', site: act.site, act });
    }
    const f: TensorFacts = { act };
    if (input.k === 'tensor' && input.f.layout) f.layout = input.f.layout;
    return tensor(f, batched);
  }

  /** `operand`: the log's argument (`torch.log(x)`) or receiver (`x.log()`) as written, if positional. */
  private logOf(fr: Frame, n: Ast, input: V, form: string, operand: Ast | undefined): V {
    if (input.k !== 'tensor') return UNK;
    const a = input.f.act;
    if (a && (a.kind === 'softmax' || a.kind === 'sigmoid')) {
      if (!input.clamped) {
        const fix = this.logFix(fr, n, operand, a);
        const op: OpUse = { op: 'log-of-activation', site: this.site(fr, n), act: a, outerForm: form };
        if (fix) op.fix = fix;
        this.facts.ops.push(op);
      }
      const kind: ActKind = a.kind === 'softmax' ? 'log_of_softmax' : 'log_of_sigmoid';
      return tensor({ act: { ...a, kind, site: this.site(fr, n), form, drop: undefined, toLog: undefined } }, input.batched);
    }
    return tensor({}, input.batched);
  }

  /**
   * `torch.log(F.softmax(x, dim=1))` → `F.log_softmax(x, dim=1)`, `torch.log(torch.sigmoid(x))` →
   * `F.logsigmoid(x)`: only when the activation call is written right inside the log, as its
   * argument (or its receiver for `.log()`).
   */
  private logFix(fr: Frame, logCall: Ast, operand: Ast | undefined, a: ActFact): TextEdit[] | undefined {
    if (a.site.file !== fr.file.id || !a.drop) return undefined;
    const s = a.site.span;
    const inner = operand && operand.sr === s.line && operand.sc === s.column && operand.er === s.endLine && operand.ec === s.endColumn ? operand : undefined;
    if (!inner) return undefined;
    if (a.kind === 'sigmoid') {
      // the sigmoid's input as written is the text of its drop edit
      const fn = this.logsigmoidName(fr);
      return fn ? [this.edit(fr, logCall, `${fn}(${a.drop[0].newText})`)] : undefined;
    }
    if (!a.toLog || a.toLog.length !== 1) return undefined;
    const rename = a.toLog[0];
    const innerText = this.src(fr, inner);
    const rel = (line: number, col: number): number => offsetIn(fr.file.text, inner, line, col);
    const from = rel(rename.span.line, rename.span.column), to = rel(rename.span.endLine, rename.span.endColumn);
    if (from < 0 || to < from) return undefined;
    return [this.edit(fr, logCall, innerText.slice(0, from) + rename.newText + innerText.slice(to))];
  }

  /**
   * How this file spells F.logsigmoid with what it imports at its top level (`logsigmoid`,
   * `F.logsigmoid`, `nn.functional.logsigmoid`, `torch.nn.functional.logsigmoid`); undefined when
   * nothing imported reaches it (torch has no `torch.logsigmoid`).
   */
  private logsigmoidName(fr: Frame): string | undefined {
    const top = this.modules.get(fr.file);
    if (!top) return undefined;
    const ways: [string, string][] = [['torch.nn.functional.logsigmoid', ''], ['torch.nn.functional', '.logsigmoid'], ['torch.nn', '.functional.logsigmoid'], ['torch', '.nn.functional.logsigmoid']];
    for (const [q, rest] of ways) for (const [name, v] of top.vars) if (v.k === 'ref' && v.q === q && fr.env.get(name) === v) return name + rest;
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private apply(n: Ast, fr: Frame, fn: V, depth: number, fnNode: Ast): V {
    const a = this.args(n, fr, depth);
    switch (fn.k) {
      case 'ref': return this.torchCall(n, fr, fn.q, a, fnNode);
      case 'lossobj': return this.lossCall(n, fr, fn, a);
      case 'actmod': {
        const x = a.posV[0] ?? UNK;
        return this.activation(fr, n, x, fn.kind, fn.dim, fn.form, a.pos[0] ? [this.edit(fr, n, this.src(fr, a.pos[0]))] : undefined, fn.toLog);
      }
      case 'layer': return this.applyLayer(fn, a.posV[0], this.site(fr, n));
      case 'pass': return passed(fn, a.posV[0] ?? UNK);
      case 'rnn': {
        const x = a.posV[0];
        const batched = x === undefined || x.k !== 'tensor' || x.batched;
        // (L, N, H): not batched on dim 0; `.transpose(0, 1)` of it is (N, L, H)
        if (fn.seqFirst) return { k: 'tuple', items: [batched ? { k: 'unk', seqFirst: true } : UNK, UNK] };
        return { k: 'tuple', items: [tensor(batched ? { layout: { rank: 3, form: fn.form, site: this.site(fr, n) } } : {}, batched), UNK] };
      }
      case 'emb': {
        // The token ids given to an Embedding with padding_idx are padded with it.
        const argNode = a.pos[0];
        if (argNode && argNode.type === 'identifier') {
          const cur = fr.env.get(textOf(fr.file, argNode));
          if (!cur || cur.k === 'unk' || cur.k === 'tensor') fr.env.set(textOf(fr.file, argNode), tensor({ ...(cur && cur.k === 'tensor' ? cur.f : {}), pad: fn.pad }, true));
        }
        return tensor({}, true);
      }
      case 'seq': {
        let x: V = a.posV[0] ?? UNK;
        for (const item of fn.items) x = this.applyModule(fr, item, x, depth);
        return x;
      }
      case 'func': {
        return this.call(fn, a.posV, new Map([...a.kw].map(([k, v]) => [k, v.v])), depth + 1, false);
      }
      case 'class': return this.instantiate(fn, a.posV, a.kw, depth);
      case 'inst': {
        const fwd = this.method(fn.cls, 'forward') ?? this.method(fn.cls, '__call__');
        if (fwd && fwd.k === 'func') return this.call({ ...fwd, self: fn }, a.posV, new Map([...a.kw].map(([k, v]) => [k, v.v])), depth + 1, true);
        return UNK;
      }
      case 'unk': {
        const tok = this.tokenizerCall(n, fr, a);
        if (tok) return tok;
        // accelerator.backward(loss), self.manual_backward(loss)
        if (fnNode.type === 'attribute' && /^(backward|manual_backward)$/.test(textOf(fr.file, child(fnNode, 'attribute')))) {
          for (const v of a.posV) for (const u of lossesOf(v) ?? []) u.backward = true;
        }
        return UNK;
      }
      default: return UNK;
    }
  }

  /** A module inside nn.Sequential applied to x. */
  private applyModule(fr: Frame, m: V, x: V, depth: number): V {
    switch (m.k) {
      case 'actmod': return this.seqAct(m, x);
      case 'layer': return this.applyLayer(m, x, m.site);
      case 'pass': return passed(m, x);
      case 'seq': { let y = x; for (const i of m.items) y = this.applyModule(fr, i, y, depth); return y; }
      case 'inst': {
        const fwd = this.method(m.cls, 'forward');
        if (fwd && fwd.k === 'func') return this.call({ ...fwd, self: m }, [x], new Map(), depth + 1, true);
        return UNK;
      }
      default: return tensor({}, x.k === 'tensor' && x.batched);
    }
  }

  /**
   * A Linear/Conv layer applied to x: raw scores, and where their classes are when that is evident
   * (a batched Conv's output is (N, C, …) with C its out_channels; a Linear keeps the rank of an
   * input of known rank and puts its out_features last).
   */
  private applyLayer(l: Layer, x: V | undefined, site: Site): V {
    const batched = x !== undefined && x.k === 'tensor' ? x.batched : true;
    const f: TensorFacts = { raw: { form: l.form, site } };
    const conv = CONV_RANK[l.q];
    if (l.out !== undefined && conv && x !== undefined && x.k === 'tensor' && x.batched) {
      f.layout = { rank: conv, cls: 1, classes: l.out, form: l.form, site };
    } else if (l.out !== undefined && LINEAR.has(l.q) && x !== undefined && x.k === 'tensor' && x.f.layout && x.f.layout.rank >= 3) {
      f.layout = { rank: x.f.layout.rank, cls: x.f.layout.rank - 1, classes: l.out, form: l.form, site };
    }
    return tensor(f, batched);
  }

  /**
   * The layout after a shape method: permute/transpose move the class axis; view/reshape to
   * (-1, C) flattens (recording a flatten that mixes positions into rows when the classes were not
   * last); an explicit 3-D view/reshape gives a rank; anything else forgets the layout.
   */
  private reshaped(fr: Frame, n: Ast, l: LayoutFact, name: string, a: { pos: Ast[]; posV: V[]; opaque: boolean }): LayoutFact | undefined {
    // `permute((0, 2, 1))` as `permute(0, 2, 1)`
    const vals = name === 'permute' && a.posV.length === 1 && a.posV[0].k === 'tuple' ? a.posV[0].items : a.posV;
    const ints = vals.map((v) => (v.k === 'num' && typeof v.v === 'number' && Number.isInteger(v.v) ? v.v : undefined));
    const axis = (i: number | undefined): number | undefined => (i === undefined ? undefined : i < 0 ? i + l.rank : i);
    if (KEEP_SHAPE.has(name)) return l;
    if (name === 'permute') {
      const dims = ints.map(axis);
      if (l.cls === undefined || dims.length !== l.rank || dims.some((d) => d === undefined)) return undefined;
      return { ...l, cls: dims.indexOf(l.cls) };
    }
    if (name === 'transpose') {
      const [p, q] = [axis(ints[0]), axis(ints[1])];
      if (l.cls === undefined || p === undefined || q === undefined || a.pos.length !== 2) return undefined;
      return { ...l, cls: l.cls === p ? q : l.cls === q ? p : l.cls };
    }
    if (name === 'view' || name === 'reshape') {
      // (-1, C) or (N * L, C): rows of C (a batch size alone, `(x.size(0), C)`, only squeezes axes of length 1)
      const rows = ints[0] === -1 || (a.pos[0]?.type === 'binary_operator' && this.isProduct(fr, a.pos[0]));
      const sameRows = a.pos.length === 2 && !a.opaque && l.classes !== undefined && rows && sameCount(this.src(fr, a.pos[1]), l.classes);
      // rows of C viewed as rows of C again: the same layout (a flatten that mixed positions stays recorded)
      if (sameRows && l.rank === 2 && l.cls === 1) return l;
      if (sameRows && l.cls !== undefined && l.rank >= 3) {
        const flat = l.cls === l.rank - 1 ? undefined : { form: `.${name}(${this.src(fr, a.pos[0])}, ${this.src(fr, a.pos[1])})`, site: this.site(fr, n), rank: l.rank, cls: l.cls };
        const out: LayoutFact = { rank: 2, cls: 1, classes: l.classes, form: l.form, site: l.site };
        if (flat) out.flat = flat;
        return out;
      }
      if (a.pos.length === 3 && !a.opaque) return { rank: 3, form: `.${name}(…)`, site: this.site(fr, n) };
    }
    return undefined;
  }

  /** The output of an activation module that sits in an nn.Sequential (its site is the module in the list). */
  private seqAct(m: ActMod, x: V): V {
    const batched = x.k === 'tensor' ? x.batched : true;
    const act: ActFact = { kind: m.kind, dim: m.dim, form: m.form, site: m.site, batched };
    if (m.drop) act.drop = m.drop;
    if (m.toLog) act.toLog = m.toLog;
    if (x.k === 'tensor' && x.f.act) {
      const inner = x.f.act;
      if ((inner.kind === 'softmax' && (m.kind === 'softmax' || m.kind === 'log_softmax')) || (inner.kind === 'sigmoid' && m.kind === 'sigmoid')) {
        this.facts.ops.push({ op: 'activation-of-activation', site: inner.site, act: inner, outer: m.site, outerForm: m.form });
      }
    }
    return tensor({ act }, batched);
  }

  private instantiate(cls: Cls, args: V[], kw: Map<string, { node: Ast; v: V }>, depth: number): V {
    const inst: Inst = { k: 'inst', cls, attrs: new Map() };
    const init = this.method(cls, '__init__');
    if (init && init.k === 'func') this.call({ ...init, self: inst }, args, new Map([...kw].map(([k, v]) => [k, v.v])), depth + 1, false);
    return inst;
  }

  /** Run a user function with these arguments; its value is the join of its returns. */
  private call(fn: Func, args: V[], kw: Map<string, V>, depth: number, isForward: boolean): V {
    if (depth > MAX_DEPTH || this.active.has(fn.node) || this.steps > BUDGET) return UNK;
    const params = child(fn.node, 'parameters');
    const body = child(fn.node, 'body');
    if (!body) return UNK;
    const env = new Env(fn.closure);
    let i = 0;
    let first = true;
    // after `*` or `*args` the parameters are keyword-only: no positional argument reaches them
    let kwOnly = false;
    for (const p of params?.children ?? []) {
      let name: string | undefined;
      let def: Ast | undefined;
      // `*args` / `**kw`, also typed (`*xs: Tensor`): unknown
      const splat = p.type === 'typed_parameter' ? p.children[0] : p;
      if (splat && (splat.type === 'list_splat_pattern' || splat.type === 'dictionary_splat_pattern')) {
        const id = splat.children[0];
        if (id) env.set(textOf(fn.file, id), UNK);
        if (splat.type === 'list_splat_pattern') kwOnly = true;
        continue;
      }
      if (p.type === 'keyword_separator') kwOnly = true;
      if (p.type === 'identifier') name = textOf(fn.file, p);
      else if (p.type === 'typed_parameter') name = textOf(fn.file, p.children.find((c) => c.type === 'identifier'));
      else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') { name = textOf(fn.file, child(p, 'name')); def = child(p, 'value'); }
      else continue;
      if (!name) continue;
      if (first && fn.self) { env.set(name, fn.self); first = false; continue; }
      first = false;
      let v: V | undefined = kw.get(name) ?? (kwOnly ? undefined : args[i++]);
      if (v === undefined && def) v = this.expr(def, { file: fn.file, env: fn.closure, returns: [] }, depth);
      if ((v === undefined || v.k === 'unk') && isForward) v = tensor({}, true);
      env.set(name, v ?? UNK);
    }
    const fr: Frame = { file: fn.file, env, returns: [] };
    this.active.add(fn.node);
    try {
      this.block(body.children, fr, depth);
    } finally {
      this.active.delete(fn.node);
    }
    if (fr.returns.length === 0) return UNK;
    return fr.returns.reduce((x, y) => join(x, y));
  }

  private torchCall(n: Ast, fr: Frame, q: string, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean; splats: Splat[] }, fnNode: Ast): V {
    const x0 = a.posV[0] ?? a.kw.get('input')?.v ?? UNK;
    const act = ACT_FUNCTIONS[q];
    if (act) {
      const inputNode = a.pos[0] ?? a.kw.get('input')?.node;
      const attrNode = fnNode.type === 'attribute' ? child(fnNode, 'attribute') : undefined;
      const canLog = act === 'softmax' && attrNode && textOf(fr.file, attrNode) === 'softmax';
      return this.activation(fr, n, x0, act, this.dimArg(a, 1), `${shortName(q)}(…)`, inputNode ? [this.edit(fr, n, this.src(fr, inputNode))] : undefined,
        canLog ? [this.edit(fr, attrNode, 'log_softmax')] : undefined);
    }
    if (LOG_FUNCTIONS.has(q)) return this.logOf(fr, n, x0, `${shortName(q)}(…)`, a.pos[0]);
    const lf = LOSS_FUNCTIONS[q];
    if (lf) return this.functionalLoss(n, fr, q, lf, a, fnNode);
    const lc = LOSS_CLASSES[q];
    if (lc) return this.lossCtor(n, fr, q, lc, a, fnNode);
    const am = ACT_MODULES[q];
    if (am) {
      const dim = this.dimArg(a, 0);
      const attrNode = fnNode.type === 'attribute' ? child(fnNode, 'attribute') : undefined;
      const m: ActMod = { k: 'actmod', kind: am, dim, form: `${shortName(q)}(${a.pos[0] || a.kw.size ? this.src(fr, child(n, 'arguments')!).slice(1, -1) : ''})`, site: this.site(fr, n) };
      if (am === 'softmax' && attrNode && textOf(fr.file, attrNode) === 'Softmax') m.toLog = [this.edit(fr, attrNode, 'LogSoftmax')];
      return m;
    }
    const raw = RAW_LAYERS.get(q);
    if (raw) {
      const outNode = a.kw.get(raw.kw)?.node;
      const layer: Layer = { k: 'layer', form: `${shortName(q)}(…)`, site: this.site(fr, n), q };
      // a size given by keyword is that size whatever `**kw` holds (it cannot give it twice)
      const out = outNode ? this.src(fr, outNode) : positionalTexts(fr, a)?.[raw.pos];
      if (out !== undefined) {
        layer.out = out;
        layer.form = `${shortName(q)}(…, ${layer.out}${CONV_RANK[q] ? ', …' : ''})`;
      }
      return layer;
    }
    if (PASS_MODULES.has(q)) return q === 'torch.nn.Flatten' ? { k: 'pass', flattens: true } : { k: 'pass' };
    if (RNN_MODULES.has(q)) {
      // batch_first is the fifth positional parameter; False by default
      const bf = a.kw.get('batch_first')?.v ?? a.posV[4];
      if (a.opaque || (bf && !(bf.k === 'num' && typeof bf.v === 'boolean'))) return UNK;
      return bf && bf.k === 'num' && bf.v === true ? { k: 'rnn', form: `${shortName(q)}(…, batch_first=True)`, site: this.site(fr, n) } : { k: 'rnn', form: `${shortName(q)}(…)`, site: this.site(fr, n), seqFirst: true };
    }
    if (q === 'torch.nn.Sequential') return this.sequential(n, fr, a);
    if (EMBEDDINGS.has(q)) {
      const p = a.kw.get('padding_idx');
      if (p && !(p.v.k === 'num' && p.v.v === null)) {
        return { k: 'emb', pad: { text: this.src(fr, p.node), value: p.v.k === 'num' && typeof p.v.v === 'number' ? p.v.v : null, form: `nn.Embedding(…, padding_idx=${this.src(fr, p.node)})`, site: this.site(fr, n) } };
      }
      return UNK;
    }
    if (PAD_SEQUENCE.has(q)) {
      const p = a.kw.get('padding_value');
      const pNode = p?.node ?? a.pos[2];
      const pv = p?.v ?? a.posV[2];
      const text = pNode ? this.src(fr, pNode) : '0';
      const value = pNode ? (pv && pv.k === 'num' && typeof pv.v === 'number' ? pv.v : null) : 0;
      return tensor({ pad: { text, value, form: pNode ? `pad_sequence(…, padding_value=${text})` : 'pad_sequence(…) (padding_value defaults to 0)', site: this.site(fr, n) } }, true);
    }
    if (CLAMP_FUNCTIONS.has(q) && x0.k === 'tensor') return { ...tensor(x0.f, x0.batched, x0.losses), clamped: true };
    if (KEEP_FUNCTIONS.has(q) && x0.k === 'tensor') return tensor(noLayout(x0.f), x0.batched, x0.losses);
    // `torch.argmax(x)` gives class indices whatever x is known to be (as the `.argmax()` method does).
    if (ARGMAX.has(q) && (x0.k === 'tensor' || x0.k === 'unk')) return tensor({ classIndex: { form: 'torch.argmax(…)', site: this.site(fr, n) } }, x0.k === 'tensor' && x0.batched);
    // `torch.div(loss, n)`: the loss divided, as by `loss / n`.
    if (DIVIDE_FUNCTIONS.has(q) || (MULTIPLY_FUNCTIONS.has(q) && this.isQuotient(fr, a.pos[1]))) for (const u of lossesOf(x0) ?? []) u.divided = true;
    // Any other torch function of a tensor: a tensor we know nothing about.
    const anyTensor = a.posV.some((v) => v.k === 'tensor');
    const losses = a.posV.reduce<LossUse[] | undefined>((acc, v) => mergeLosses(acc, lossesOf(v)), undefined);
    if (anyTensor) return tensor({}, a.posV.some((v) => v.k === 'tensor' && v.batched), losses);
    return losses ? { k: 'unk', losses } : UNK;
  }

  private sequential(n: Ast, fr: Frame, a: { pos: Ast[]; posV: V[]; opaque: boolean }): V {
    if (a.opaque) return UNK;
    const items: V[] = [];
    for (let i = 0; i < a.pos.length; i++) {
      let v = a.posV[i];
      if (v.k === 'actmod') {
        // deleting the module from the list: from the end of the previous element (its comma) to the end of this one
        const prev = a.pos[i - 1];
        const next = a.pos[i + 1];
        const node = a.pos[i];
        let drop: TextEdit[] | undefined;
        if (prev) drop = [{ file: fr.file.id, span: { line: prev.er, column: prev.ec, endLine: node.er, endColumn: node.ec }, newText: '' }];
        else if (next) drop = [{ file: fr.file.id, span: { line: node.sr, column: node.sc, endLine: next.sr, endColumn: next.sc }, newText: '' }];
        v = { ...v, site: this.site(fr, node) };
        if (drop) v.drop = drop;
      }
      items.push(v);
    }
    void n;
    return { k: 'seq', items };
  }

  private lossArgs(fr: Frame, names: string[], skip: number, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }> }): Record<string, LossArg> {
    const out: Record<string, LossArg> = {};
    const put = (name: string, node: Ast, v: V): void => {
      out[name] = { text: this.src(fr, node), value: v.k === 'num' ? v.v : undefined, span: span(node) };
    };
    for (let i = skip; i < a.pos.length; i++) if (names[i]) put(names[i], a.pos[i], a.posV[i]);
    for (const [k, { node, v }] of a.kw) put(k, node, v);
    return out;
  }

  private lossCtor(n: Ast, fr: Frame, q: string, loss: LossKind, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean }, fnNode: Ast): V {
    const argsNode = child(n, 'arguments');
    const attr = fnNode.type === 'attribute' ? child(fnNode, 'attribute') : undefined;
    const obj: LossObj = {
      k: 'lossobj', loss, name: this.src(fr, fnNode), ctor: this.site(fr, n),
      args: this.lossArgs(fr, LOSS_CTOR_POSITIONAL[loss], 0, a), opaqueArgs: a.opaque,
    };
    if (attr) obj.renameAt = this.site(fr, attr);
    if (argsNode) obj.argInsert = this.insertPoint(fr, argsNode);
    void q;
    return obj;
  }

  private insertPoint(fr: Frame, argsNode: Ast): { site: Site; needsComma: boolean } {
    const last = argsNode.children[argsNode.children.length - 1];
    // insert right after the last argument (before a trailing comma or a comment, if any) or right
    // after `(`; a comma only after an argument (comments are not children: `(  # none\n)` has none)
    const at = last ? { line: last.er, column: last.ec } : { line: argsNode.sr, column: argsNode.sc + 1 };
    return { site: { file: fr.file.id, span: { line: at.line, column: at.column, endLine: at.line, endColumn: at.column } }, needsComma: last !== undefined };
  }

  private functionalLoss(n: Ast, fr: Frame, q: string, lf: { loss: LossKind; positional: string[] }, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean }, fnNode: Ast): V {
    const attr = fnNode.type === 'attribute' ? child(fnNode, 'attribute') : undefined;
    const argsNode = child(n, 'arguments');
    const obj: LossObj = {
      k: 'lossobj', loss: lf.loss, name: shortName(q), ctor: this.site(fr, n),
      args: this.lossArgs(fr, lf.positional, 2, a), opaqueArgs: a.opaque,
    };
    if (attr) obj.renameAt = this.site(fr, attr);
    if (argsNode) obj.argInsert = this.insertPoint(fr, argsNode);
    return this.record(n, fr, obj, 'functional', a);
  }

  private lossCall(n: Ast, fr: Frame, obj: LossObj, a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean }): V {
    return this.record(n, fr, obj, 'module', a);
  }

  private record(n: Ast, fr: Frame, obj: LossObj, form: 'functional' | 'module', a: { pos: Ast[]; posV: V[]; kw: Map<string, { node: Ast; v: V }>; opaque: boolean }): V {
    const inNode = a.pos[0] ?? a.kw.get('input')?.node;
    const tgNode = a.pos[1] ?? a.kw.get('target')?.node;
    const inV = a.posV[0] ?? a.kw.get('input')?.v ?? UNK;
    const tgV = a.posV[1] ?? a.kw.get('target')?.v ?? UNK;
    const use: LossUse = {
      loss: obj.loss, form, name: obj.name, call: this.site(fr, n), ctor: obj.ctor,
      // `**kwargs` in the constructor or the functional call (where obj is made from this very call)
      args: obj.opaqueArgs ? { ...obj.args, '**': { text: '**kwargs', value: undefined, span: span(n) } } : obj.args,
      input: inV.k === 'tensor' ? inV.f : {},
      target: tgV.k === 'tensor' ? tgV.f : {},
      inputSite: inNode ? this.site(fr, inNode) : this.site(fr, n),
      divided: false,
      backward: false,
    };
    if (tgNode) use.targetSite = this.site(fr, tgNode);
    if (obj.renameAt) use.renameAt = obj.renameAt;
    if (obj.argInsert) use.argInsert = obj.argInsert;
    this.facts.losses.push(use);
    return tensor({}, false, [use]);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private src(fr: Frame, n: Ast): string {
    return fr.file.text.slice(n.start, n.end);
  }

  private site(fr: Frame, n: Ast): Site {
    return { file: fr.file.id, span: span(n) };
  }

  private edit(fr: Frame, n: Ast, newText: string): TextEdit {
    return { file: fr.file.id, span: span(n), newText };
  }
}

/** Methods and torch functions that divide their tensor (its first argument) by another value. */
const DIVIDE_METHODS = new Set(['div', 'div_', 'divide', 'divide_', 'true_divide', 'true_divide_', 'floor_divide', 'floor_divide_']);
const DIVIDE_FUNCTIONS = new Set(['torch.div', 'torch.divide', 'torch.true_divide', 'torch.floor_divide']);
/** …and those that multiply it: by a quotient (`loss.mul(1.0 / n)`), that divides it too. */
const MULTIPLY_METHODS = new Set(['mul', 'mul_', 'multiply', 'multiply_']);
const MULTIPLY_FUNCTIONS = new Set(['torch.mul', 'torch.multiply']);
const TENSOR_ONLY_METHODS = new Set(['softmax', 'log_softmax', 'sigmoid', 'argmax']);
/** Output rank of a batched Conv layer, class (channel) axis at 1. */
const CONV_RANK: Record<string, number> = { 'torch.nn.Conv1d': 3, 'torch.nn.Conv2d': 4, 'torch.nn.Conv3d': 5 };
const LINEAR = new Set(['torch.nn.Linear', 'torch.nn.LazyLinear']);
/** Methods that keep a tensor's shape. */
const KEEP_SHAPE = new Set(['contiguous', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'detach', 'type', 'type_as', 'clone']);
const SELF_METHODS = new Set(['to', 'cuda', 'cpu', 'train', 'eval', 'float', 'double', 'half', 'bfloat16', 'requires_grad_', 'share_memory']);
const MODULE_KINDS = new Set<V['k']>(['inst', 'seq', 'actmod', 'layer', 'pass', 'emb', 'lossobj', 'rnn']);
const RNN_MODULES = new Set(['torch.nn.LSTM', 'torch.nn.GRU', 'torch.nn.RNN']);
const LIST_MUTATORS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'reverse', 'sort']);

/** A `*xs` (its value) or `**kw` (undefined) argument of a call, after `at` positional arguments. */
interface Splat { at: number; v: V | undefined }

/**
 * The positional arguments of a call as written, each `*xs` of a tuple or list literal spelled out
 * (`nn.Linear(*dims)` with `dims = (hidden, n_classes)`); undefined when a `*` argument is not known.
 */
function positionalTexts(fr: Frame, a: { pos: Ast[]; splats: Splat[] }): string[] | undefined {
  const out: string[] = [];
  let next = 0;
  for (const s of a.splats) {
    // `**kw` adds no positional argument (nor can it repeat one given: that is a TypeError)
    if (!s.v) continue;
    if (s.v.k !== 'tuple' || !s.v.texts) return undefined;
    for (; next < s.at; next++) out.push(fr.file.text.slice(a.pos[next].start, a.pos[next].end));
    out.push(...s.v.texts);
  }
  for (; next < a.pos.length; next++) out.push(fr.file.text.slice(a.pos[next].start, a.pos[next].end));
  return out;
}

/** x through a pass-through module: nn.Flatten keeps its meaning (raw scores, an activation) but not its layout. */
function passed(m: PassMod, x: V): V {
  return m.flattens && x.k === 'tensor' ? { ...x, f: noLayout(x.f) } : x;
}

function textOf(file: SourceFile, n: Ast | undefined): string {
  return n ? file.text.slice(n.start, n.end) : '';
}

function importName(file: SourceFile, n: Ast): [string, string] {
  if (n.type === 'aliased_import') {
    return [textOf(file, child(n, 'name')), textOf(file, child(n, 'alias'))];
  }
  // `from m import a`: a plain name (a dotted name is only valid after `import`)
  const t = textOf(file, n);
  return [t, t];
}

/** The parser's nodes for unpacking targets (`a, (b, *c) = …`, `[d] = …`): their identifiers are all bound. */
const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern']);

/**
 * Every simple name and attribute (`self.head`) bound anywhere under a node (to forget them where flow
 * is not followed): the targets of assignments, augmented assignments and for loops (tuples unpacked),
 * walrus names.
 */
function assignedTargets(n: Ast): Ast[] {
  const out: Ast[] = [];
  const targets = (t: Ast | undefined): void => {
    if (!t) return;
    if (t.type === 'identifier' || t.type === 'attribute') out.push(t);
    else if (TARGET_LISTS.has(t.type)) for (const c of t.children) targets(c);
  };
  const walk = (x: Ast): void => {
    if (x.type === 'assignment' || x.type === 'augmented_assignment' || x.type === 'for_statement') targets(child(x, 'left'));
    else if (x.type === 'named_expression') targets(child(x, 'name'));
    for (const c of x.children) walk(c);
  };
  walk(n);
  return out;
}

/** Character offset of (line, col) relative to node n's start. */
function offsetIn(text: string, n: Ast, line: number, col: number): number {
  let idx = n.start;
  let row = n.sr;
  let lineStart = n.start - n.sc;
  while (row < line) {
    const nl = text.indexOf('\n', idx);
    if (nl < 0) return -1;
    idx = nl + 1;
    lineStart = idx;
    row++;
  }
  return lineStart + col - n.start;
}
