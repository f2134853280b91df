/**
 * One home per shape: every exported type name (interface, type alias, class, enum) is declared in
 * exactly one file of src/ and webview/. Re-exports (`export type { X } from ...`) are not
 * declarations. Shapes that cross a boundary live in src/shapes/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : [];
  });
}

function exportedTypeNames(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      out.push(st.name.text);
    }
  }
  return out;
}

test('every exported type name is declared once in src/ and webview/', () => {
  const where = new Map<string, string[]>();
  for (const f of [...files('src'), ...files('webview')]) {
    for (const name of exportedTypeNames(f)) where.set(name, [...(where.get(name) ?? []), f]);
  }
  assert.ok(where.size > 50, `found only ${where.size} exported types: is the scan looking at the right folders?`);
  const dups = [...where].filter(([, fs]) => fs.length > 1).map(([n, fs]) => `${n}: ${fs.join(', ')}`);
  assert.deepEqual(dups, []);
});

test('the shapes that cross a boundary are declared in src/shapes/', () => {
  const shapes = new Set(files('src/shapes').flatMap(exportedTypeNames));
  for (const name of ['LossCase', 'Tensor', 'LossSpec', 'Finding', 'Severity', 'EvidenceValue', 'CaseErrorView', 'WorkerErrorInfo',
    'CaseView', 'ReliabilityBin', 'RunResult', 'TrainReport', 'ScenarioProgress', 'PanelState', 'HostToWebview', 'WebviewToHost',
    'HostToWorker', 'WorkerToHost', 'InspectResult']) {
    assert.ok(shapes.has(name), `${name} is not declared in src/shapes/`);
  }
});
