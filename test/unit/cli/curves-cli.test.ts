/** `lossdbg curves` end to end (the built CLI): JSON shape, text, --html, exit codes, errors. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';
import { CURVE_RULES } from '../../../src/diagnostics/curves/index';

const FIX = join(ROOT, 'test', 'fixtures', 'logs');

interface Out { runs: Array<{ source: string; format: string; series: Array<Record<string, unknown>>; findings: Array<Record<string, unknown>>; notes?: unknown[] }> }

test('--json: {"runs": [{source, format, series: [{name, points, first, last, min, max}], findings}]}, several runs', () => {
  const r = runCli(['curves', join(FIX, 'tb-pytorch'), join(FIX, 'keras', 'training.log'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Out;
  assert.deepEqual(Object.keys(out), ['runs']);
  assert.equal(out.runs.length, 2);
  const [tb, keras] = out.runs;
  assert.deepEqual(Object.keys(tb), ['source', 'format', 'series', 'findings']);
  assert.equal(tb.format, 'tensorboard');
  assert.deepEqual(tb.series.map((s) => s.name), ['Loss/train', 'lr', 'Loss/val']);
  assert.deepEqual(Object.keys(tb.series[0]), ['name', 'points', 'first', 'last', 'min', 'max']);
  assert.equal(tb.series[0].points, 300);
  assert.deepEqual(tb.findings, []);
  assert.equal(keras.format, 'keras-csv');
  assert.deepEqual(keras.findings.map((f) => [f.rule, f.severity]), [['overfitting', 'warning']]);
  assert.deepEqual(Object.keys(keras.findings[0]).slice(0, 7), ['rule', 'severity', 'title', 'message', 'evidence', 'fix', 'docs']);
});

test('NaN in a log: non-finite values print as "NaN" in JSON, the rule names the step; --fail-on error exits 1', () => {
  const r = runCli(['curves', join(FIX, 'hf-nan'), '--json', '--fail-on', 'error']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as Out;
  const loss = out.runs[0].series.find((s) => s.name === 'loss');
  assert.equal(loss?.last, 'NaN');
  const f = out.runs[0].findings[0];
  assert.equal(f.rule, 'non-finite-loss');
  assert.equal(f.severity, 'error');
  assert.equal((f.evidence as Record<string, unknown>).step, 130);
});

test('a run folder uses its snapshot for reference levels; notes of a truncated rank are reported', () => {
  const r = runCli(['curves', join(FIX, 'run-folder'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const run = (JSON.parse(r.stdout) as Out).runs[0];
  assert.equal(run.format, 'lossdbg-run');
  assert.equal(run.notes?.length, 1);
  assert.deepEqual(run.findings.map((f) => f.rule), ['non-finite-loss']);
  // one finding: rank 0's NaN at step 57; rank 1 (step 58, through the all-reduce) and val_loss follow from it
  const e = run.findings[0].evidence as Record<string, unknown>;
  assert.equal(e.step, 57);
  assert.deepEqual(e.alsoIn, ['val_loss', 'rank1/loss']);
  assert.deepEqual(e.alsoInSteps, [59, 58]);
});

test('text output: series table, notes, findings, summary line; --classes names the plateau level', () => {
  const r = runCli(['curves', join(ROOT, 'examples', 'curves', 'loss-plateau.csv'), '--classes', '10']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /series\s+points\s+first\s+last\s+min\s+max/);
  assert.match(r.stdout, /WARNING loss-plateau/);
  assert.match(r.stdout, /log K = 2\.303 \(K = 10\)/);
  assert.match(r.stdout, /levels from --classes 10/);
  assert.match(r.stdout, /1 run, 1 finding: 0 error, 1 warning, 0 info/);
});

test('examples/curves/<id>.csv yields its rule, for every curve rule', () => {
  const files = readdirSync(join(ROOT, 'examples', 'curves')).filter((f) => f.endsWith('.csv')).sort();
  assert.deepEqual(files.map((f) => f.slice(0, -4)), CURVE_RULES.map((r) => r.id).sort());
  for (const f of files) {
    const r = runCli(['curves', join(ROOT, 'examples', 'curves', f), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rules = (JSON.parse(r.stdout) as Out).runs[0].findings.map((x) => x.rule);
    assert.deepEqual(rules, [f.slice(0, -4)], f);
  }
});

test('--html writes a self-contained page with the curves and findings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-curves-'));
  try {
    const html = join(dir, 'r.html');
    const r = runCli(['curves', join(FIX, 'keras', 'training.log'), join(FIX, 'lightning'), '--html', html]);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<svg[^>]+aria-label="loss"/);
    assert.match(page, /overfitting/);
    assert.doesNotMatch(page, /<script|https?:\/\/(?!www\.w3\.org)/);
    assert.ok((page.match(/<path /g) ?? []).length >= 4, 'one line per loss series');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input and usage: exit 2, one line, the file named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-curves-'));
  try {
    const junk = join(dir, 'junk.csv');
    writeFileSync(junk, Buffer.from([0, 159, 146, 150, 1, 2, 3, 255]));
    mkdirSync(join(dir, 'empty'));
    const cases: Array<[string[], RegExp]> = [
      [['curves'], /expects at least one/],
      [['curves', junk], /junk\.csv: not a training log we read: binary content/],
      [['curves', join(dir, 'missing')], /not found/],
      [['curves', join(dir, 'empty')], /no training log found/],
      [['curves', join(FIX, 'tb-pytorch'), '--classes', '1'], /--classes must be between 2/],
      [['curves', join(FIX, 'tb-pytorch'), '--disable', 'loss-spike'], /unknown rule 'loss-spike'.*loss-spikes/],
      [['curves', join(FIX, 'tb-pytorch'), '--frobnicate'], /unknown option --frobnicate/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(!hasControlOrReplacement(r.stderr), r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Raw bytes leaking into a message show up as control characters or U+FFFD. */
function hasControlOrReplacement(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 32 && c !== 10) || c === 0xfffd) return true;
  }
  return false;
}
