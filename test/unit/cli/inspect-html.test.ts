import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';

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
