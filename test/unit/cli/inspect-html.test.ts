import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';
import { npyBytes } from '../../lm-dump';

test('lossdbg inspect --html writes a self-contained report of the case with its findings', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'lossdbg-html-')), 'report.html');
  const r = runCli(['inspect', join(ROOT, 'examples', 'missing-ignore-index.json'), '--html', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).findings[0].rule, 'missing-ignore-index');
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="http/); // nothing loaded from elsewhere
  const data = html.match(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/);
  assert.ok(data, 'embedded data');
  assert.match(data[1], /"rule":\s*"missing-ignore-index"/);
  assert.equal(runCli(['inspect', join(ROOT, 'examples', 'clean-classifier.json'), '--html']).code, 2);
});

/** The case view a report embeds (its showCase message). */
function embeddedView(file: string): { findings: { rule: string; message: string }[]; lossValue: number; streamed?: { rows: number; chunks: number; notChecked: unknown[]; unavailable: { view: string }[] }; histogram?: { sample?: unknown; counts: number[] }; summary: unknown } {
  const m = readFileSync(file, 'utf8').match(/<script type="application\/json" id="lossdbg-data"[^>]*>([\s\S]*?)<\/script>/);
  assert.ok(m, 'embedded data');
  const msgs = JSON.parse(m[1]) as { type: string; view: ReturnType<typeof embeddedView> }[];
  assert.equal(msgs[0].type, 'showCase');
  return msgs[0].view;
}

test('lossdbg inspect --html on a case read in chunks writes the report the panel shows: findings, loss, the streamed section', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-html-stream-'));
  const N = 96, C = 40, L = 16;
  const x = new Float32Array(N * C);
  const t: number[] = [];
  for (let s = 0; s < N / L; s++) for (let i = 0; i < L; i++) t.push(i < 6 + s ? 1 + ((s * 5 + i * 3) % (C - 1)) : 0);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 1.3) * 2;
  for (let r = 0; r < N; r++) x[r * C + t[r]] += 3;
  const npy = npyBytes;
  writeFileSync(join(dir, 'x.npy'), npy([N, C], '<f4', new Uint8Array(x.buffer)));
  writeFileSync(join(dir, 't.npy'), npy([N], '<i8', new Uint8Array(BigInt64Array.from(t.map(BigInt)).buffer)));
  const file = join(dir, 'lm.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'x.npy' }, target: { npy: 't.npy' }, meta: { pad_token_id: 0 } }));
  const whole = runCli(['inspect', file, '--html', join(dir, 'whole.html')]);
  assert.equal(whole.code, 0, whole.stderr);
  // 15 KB input, 0.005 MB limit: read in chunks, the report written all the same
  const streamed = runCli(['inspect', file, '--html', join(dir, 'streamed.html'), '--max-file-size', '0.005']);
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.match(streamed.stdout, /HTML report: .*streamed\.html/);
  assert.match(streamed.stdout, /Input read in \d+ chunks of rows \(96 rows\)/);
  const a = embeddedView(join(dir, 'whole.html')), b = embeddedView(join(dir, 'streamed.html'));
  assert.equal(a.streamed, undefined);
  assert.equal(b.streamed?.rows, N);
  assert.equal(b.streamed?.chunks, 1);
  assert.deepEqual(b.streamed?.notChecked, []);
  assert.deepEqual(b.streamed?.unavailable.map((u) => u.view), ['top-5 accuracy']);
  // 3 840 values: the histogram's sample is every value, so it is the in-memory one
  assert.equal(b.histogram?.sample, undefined);
  assert.deepEqual(b.histogram, a.histogram);
  assert.equal(b.lossValue, a.lossValue);
  assert.ok(a.findings.some((f) => f.rule === 'missing-ignore-index'));
  assert.deepEqual(b.findings.map((f) => [f.rule, f.message]), a.findings.map((f) => [f.rule, f.message]));
});
