import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';

test('lossdbg demo inspects every bundled example, finds each planted mistake, trains, and writes HTML reports', () => {
  const out = mkdtempSync(join(tmpdir(), 'lossdbg-demo-'));
  const r = runCli(['demo', '--out', out], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stderr);
  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
  const planted = examples.filter((f) => !f.startsWith('clean-')).length;
  assert.match(r.stdout, new RegExp(`${planted} of ${planted} planted mistakes found`));
  for (const f of examples) assert.match(r.stdout, new RegExp(`^${f.replace('.json', '')}\\s`, 'm'), `${f} listed`);
  assert.match(r.stdout, /^clean-classifier\s+[\d.]+\s+— clean$/m);
  for (const run of ['regression', 'fraud', 'tags', 'news']) assert.match(r.stdout, new RegExp(`^${run}: `, 'm'));
  for (const f of ['double-softmax.html', 'mini-project.html']) {
    assert.ok(existsSync(join(out, f)), `${f} written`);
    assert.match(readFileSync(join(out, f), 'utf8'), /<script type="application\/json"/);
  }
});
