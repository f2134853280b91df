/**
 * The dataflow's output (CodeFacts: every loss use and flagged operation, src/shapes/code.ts) for a
 * Python snippet, written out one line per fact with every field, so a table test can pin what the
 * flow learned exactly — the contract the code rules read.
 */
import type { ActFact, CodeFacts, LayoutFact, LossUse, OpUse, Site, Span, TensorFacts, TextEdit } from '../../../src/shapes/code';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { Flow, type ProjectHost, type SourceFile } from '../../../src/lint/flow';
import { getLinter, lintText, render } from './harness';

const at = (s: Span): string => `${s.line + 1}:${s.column + 1}-${s.endLine + 1}:${s.endColumn + 1}`;
const site = (s: Site | undefined): string => (s ? `${s.file === 'main.py' ? '' : s.file}@${at(s.span)}` : '-');
const edits = (e: TextEdit[] | undefined): string => (e ? `[${e.map((x) => `${site(x)}→${JSON.stringify(x.newText)}`).join(' ')}]` : '-');

function act(a: ActFact): string {
  return `${a.kind} dim=${String(a.dim)} ${JSON.stringify(a.form)} ${site(a.site)}${a.batched ? ' batched' : ''} drop=${edits(a.drop)} toLog=${edits(a.toLog)}`;
}

function layout(l: LayoutFact): string {
  const flat = l.flat ? ` flat{${JSON.stringify(l.flat.form)} ${site(l.flat.site)} rank=${l.flat.rank} cls=${l.flat.cls}}` : '';
  return `rank=${l.rank} cls=${String(l.cls)} classes=${String(l.classes)} ${JSON.stringify(l.form)} ${site(l.site)}${flat}`;
}

/** A tensor's facts, one `key{…}` group per known fact (empty: nothing known). */
export function tensorFacts(f: TensorFacts): string {
  const out: string[] = [];
  if (f.act) out.push(`act{${act(f.act)}}`);
  if (f.layout) out.push(`layout{${layout(f.layout)}}`);
  if (f.raw) out.push(`raw{${JSON.stringify(f.raw.form)} ${site(f.raw.site)}}`);
  if (f.pad) out.push(`pad{${JSON.stringify(f.pad.text)} ${String(f.pad.value)} ${JSON.stringify(f.pad.form)} ${site(f.pad.site)}}`);
  if (f.classIndex) out.push(`classIndex{${JSON.stringify(f.classIndex.form)} ${site(f.classIndex.site)}}`);
  return out.join(' ');
}

function loss(u: LossUse): string[] {
  const args = Object.entries(u.args).map(([k, a]) => `${k}=${JSON.stringify(a.text)}:${JSON.stringify(a.value)}@${at(a.span)}`).join(' ');
  const ins = u.argInsert ? `${site(u.argInsert.site)}${u.argInsert.needsComma ? ',' : ''}` : '-';
  return [
    `loss ${u.loss} ${u.form} ${JSON.stringify(u.name)} call=${site(u.call)} ctor=${site(u.ctor)} rename=${site(u.renameAt)} insert=${ins}${u.divided ? ' divided' : ''}${u.backward ? ' backward' : ''}`,
    `  args: ${args}`,
    `  input ${site(u.inputSite)}: ${tensorFacts(u.input)}`,
    `  target ${site(u.targetSite)}: ${tensorFacts(u.target)}`,
  ];
}

function op(o: OpUse): string[] {
  const out = [`op ${o.op} ${site(o.site)} outer=${site(o.outer)} outerForm=${JSON.stringify(o.outerForm)} fix=${edits(o.fix)}`];
  if (o.act) out.push(`  act ${act(o.act)}`);
  return out;
}

export function renderFacts(facts: CodeFacts): string {
  return [...facts.losses.flatMap(loss), ...facts.ops.flatMap(op)].map((l) => `${l}\n`).join('');
}

/** Analyse `main.py` (and the other files, importable by module name) and render its facts. */
export async function factsOf(code: string, others: Record<string, string> = {}): Promise<string> {
  const l = await getLinter();
  const files = new Map<string, SourceFile>();
  const mk = (id: string, text: string): SourceFile => ({ id, text, parsed: l.parse(text) });
  for (const [k, v] of Object.entries(others)) files.set(k.replace(/\.py$/, '').replace(/\//g, '.'), mk(k, v));
  const host: ProjectHost = { resolve: (_from, module) => files.get(module) };
  const flow = new Flow(host);
  flow.analyze(mk('main.py', code));
  return renderFacts(flow.facts);
}

/** The linter's report on `main.py`, written out in full (harness.ts render: rule, place, message word for word, fix, actions). */
export async function findingsOf(code: string): Promise<string> {
  return render(await lintText(code)).map((l) => `${l}\n`).join('');
}

export interface Case { name: string; code: string; expect: string }

/**
 * One test per case: `got(code)` must equal the expected text. With FLOWB_WRITE=<dir>, the cases
 * whose expectation is still empty write what they got to <dir>/<k>.txt instead (to be read,
 * checked by hand against PyTorch's semantics, and pasted in).
 */
let blank = 0;
export function table(label: string, cases: Case[], got: (code: string) => Promise<string>): void {
  const dir = process.env.FLOWB_WRITE;
  for (const c of cases) {
    const k = c.expect === '' ? blank++ : -1;
    test(`${label}: ${c.name}`, async () => {
      const text = await got(c.code);
      if (dir && k >= 0) { mkdirSync(dir, { recursive: true }); writeFileSync(`${dir}/${k}.txt`, text); return; }
      assert.equal(text, c.expect);
    });
  }
}
