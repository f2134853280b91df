import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Io } from '../../../src/cli/command';
import { main } from '../../../src/cli/main';
import { ensureBuilt, ensureFresh } from './cli-helpers';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');


function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  return { io: { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false }, out, err };
}

test('lossdbg train news --epochs 2 --json prints one object with the documented shape', () => {
  ensureBuilt();
  const r = spawnSync(process.execPath, [cli, 'train', 'news', '--epochs', '2', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    scenario: string; seed: number; seconds: number;
    runs: { name: string; loss: Record<string, unknown>; history: Record<string, number[]>; final: Record<string, number>; findings: { rule: string }[] }[];
  };
  assert.equal(j.scenario, 'news');
  assert.equal(j.seed, 42);
  assert.ok(j.seconds > 0);
  assert.equal(j.runs.length, 1);
  const run = j.runs[0];
  assert.equal(run.name, 'news');
  assert.deepEqual(run.loss, { type: 'CrossEntropyLoss', label_smoothing: 0.1 });
  assert.equal(run.history.train_loss.length, 2);
  assert.equal(run.history.val_loss.length, 2);
  assert.equal(run.history.val_accuracy.length, 2);
  assert.ok(run.history.train_loss[1] < run.history.train_loss[0], 'loss falls');
  for (const k of ['train_loss', 'accuracy', 'val_accuracy', 'val_loss', 'ece']) assert.equal(typeof run.final[k], 'number', k);
  assert.ok(Array.isArray(run.findings));
  assert.equal(r.stdout.trim().split('\n').length, 1, 'one line of JSON');
});

test('lossdbg train: plain per-epoch lines, seed flag, usage errors with did-you-mean', async () => {
  const a = capture();
  assert.equal(await main(['train', 'regression', '--epochs', '3', '--seed', '5'], a.io), 0);
  const epochLines = a.out.join('\n').split('\n').filter((l) => /^\[regression\] epoch +\d+\/3/.test(l));
  assert.equal(epochLines.length, 3);
  assert.match(a.out.join('\n'), /seed 5/);
  const b = capture();
  assert.equal(await main(['train', 'double-sofmax'], b.io), 2);
  assert.match(b.err.join('\n'), /unknown scenario 'double-sofmax' \(did you mean 'double-softmax'\?\)/);
  const c = capture();
  assert.equal(await main(['train', 'news', '--epochs', 'x'], c.io), 2);
  const d = capture();
  assert.equal(await main(['train'], d.io), 2);
  const e = capture();
  assert.equal(await main(['scenarios'], e.io), 0);
  assert.match(e.out.join('\n'), /^ {2}missing-ignore-index +Padding counted in a sequence loss\n {4,}Toy sequence tagging/m);
  const f = capture();
  assert.equal(await main(['scenarios', '--json'], f.io), 0);
  assert.equal((JSON.parse(f.out.join('')) as unknown[]).length, 23);
});

test('lossdbg train --html writes a self-contained report', async () => {
  ensureFresh('webview');
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-train-'));
  try {
    const file = join(dir, 'r.html');
    const a = capture();
    assert.equal(await main(['train', 'news', '--epochs', '1', '--html', file], a.io), 0, a.err.join('\n'));
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<html/i);
    assert.ok(html.includes('CrossEntropyLoss'));
    assert.ok(!/<script[^>]+src=["']https?:/i.test(html), 'no external scripts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lossdbg train prints what to look for under each run, the verdict, and "not reached" instead of NaN', async () => {
  const a = capture();
  assert.equal(await main(['train', 'sweep-target-scale', '--epochs', '3'], a.io), 0);
  const text = a.out.join('\n');
  assert.equal(text.split('\n').filter((l) => l.startsWith('  look   ')).length, 2, text);
  assert.match(text, /\nVerdict: Epochs until train_loss \/ scale² ≤ 1: scale-1 .*, scale-10 not reached \(> 3 epochs\)/);
  assert.doesNotMatch(text, /NaN/);
});
