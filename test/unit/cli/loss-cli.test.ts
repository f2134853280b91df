/**
 * `lossdbg loss --json` end to end on PyTorch reference cases: the case file goes through the real
 * loader and the real CLI, and the printed loss and gradient must match torch (float64) to 1e-9.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli } from './cli-helpers';

type Num = number | string;
interface Flat { shape: number[]; data: Num[] }
interface RefCase { name: string; loss: unknown; input: unknown; target: unknown; expected: { shape: number[]; loss: Flat; grad: Flat } }

const num = (v: Num): number => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity);

function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(num(v as Num));
  return out;
}

function close(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) { assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`); return; }
  if (!Number.isFinite(expected)) { assert.equal(actual, expected, what); return; }
  const tol = 1e-9 * Math.abs(expected) + 1e-12;
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs torch ${expected}`);
}

const dir = join(ROOT, 'test', 'fixtures', 'reference');
const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-cli-'));

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('float32'))) {
  const cases: RefCase[] = JSON.parse(readFileSync(join(dir, file), 'utf8')).cases;
  // A spread of cases from each file (every argument family), plus every case whose loss is NaN.
  const step = Math.max(1, Math.floor(cases.length / 6));
  const picked = cases.filter((c, i) => i % step === 0 || c.expected.loss.data.some((x) => x === 'NaN'));
  test(`lossdbg loss --json matches torch: ${file} (${picked.length} cases)`, () => {
    for (const c of picked) {
      const path = join(tmp, 'case.json');
      // Non-finite values go in bare, as Python's json module writes them.
      writeFileSync(path, JSON.stringify({ loss: c.loss, input: c.input, target: c.target }).replace(/"(NaN|-?Infinity)"/g, '$1'));
      const r = runCli(['loss', path, '--json']);
      assert.equal(r.code, 0, `${c.name}: exit ${r.code}: ${r.stderr}`);
      const out = JSON.parse(r.stdout) as { loss: unknown; grad: unknown; shape: number[] };
      assert.deepEqual(out.shape, c.expected.shape, `${c.name}: shape`);
      const loss = flatten(out.loss);
      const want = c.expected.loss.data.map(num);
      assert.equal(loss.length, want.length, `${c.name}: loss size`);
      loss.forEach((v, i) => close(v, want[i], `${c.name} loss[${i}]`));
      const grad = flatten(out.grad);
      const gwant = c.expected.grad.data.map(num);
      assert.equal(grad.length, gwant.length, `${c.name}: grad size`);
      grad.forEach((v, i) => close(v, gwant[i], `${c.name} grad[${i}]`));
    }
  });
}

test('lossdbg loss: bad input exits 2 with one line on stderr', () => {
  const path = join(tmp, 'bad.json');
  writeFileSync(path, '{"loss": "CrossEntropyLoss", "input": [[1, 2], [3]], "target": [0, 1]}');
  const r = runCli(['loss', path]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /input\[1\]/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('lossdbg loss: non-finite results are written as strings in JSON', () => {
  const path = join(tmp, 'nan.json');
  writeFileSync(path, JSON.stringify({ loss: { type: 'CrossEntropyLoss', ignore_index: 1 }, input: [[0.5, 1.5]], target: [1] }));
  const r = runCli(['loss', path, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.loss, 'NaN');
  assert.deepEqual(out.grad, [[0, 0]]);
});

test('lossdbg --help and --version; no arguments print the usage and exit 2', () => {
  const v = runCli(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  const h = runCli(['--help']);
  assert.equal(h.code, 0);
  for (const cmd of ['loss', 'inspect', 'train', 'scenarios']) assert.match(h.stdout, new RegExp(`\\n  ${cmd} `));
  const u = runCli(['frobnicate']);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /unknown command/);
  const none = runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stdout, /Usage: lossdbg <command>/);
});

test('--max-file-size refuses a larger case with a clear message, and accepts it under a higher limit', () => {
  const path = join(tmp, 'big.json');
  const row = Array.from({ length: 100 }, (_, i) => Math.sin(i));
  writeFileSync(path, JSON.stringify({ loss: 'CrossEntropyLoss', input: Array.from({ length: 50 }, () => row), target: Array(50).fill(3) }));
  const refused = runCli(['loss', path, '--max-file-size', '0.01']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /is \d+(\.\d)? KB, larger than the 10\.2 KB limit.*--max-file-size/);
  assert.equal(runCli(['loss', path, '--max-file-size', '1']).code, 0);
  assert.equal(runCli(['inspect', path, '--max-file-size', 'lots']).code, 2);
});

test('--max-memory: a float32 CrossEntropyLoss case that inspect analyses in 8 MB is refused by loss, which computes the gradient', () => {
  const rows = 1000, C = 1000; // 4 MB of float32 logits: inspect needs ~4.1 MB, the float64 gradient 8 MB more
  const npy = (shape: number[], descr: string, data: Uint8Array): Buffer => {
    let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
    header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
    return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1'), Buffer.from(data)]);
  };
  const logits = new Float32Array(rows * C).map((_, i) => ((i * 7919) % 101) / 10);
  writeFileSync(join(tmp, 'mem-logits.npy'), npy([rows, C], '<f4', new Uint8Array(logits.buffer)));
  writeFileSync(join(tmp, 'mem-target.npy'), npy([rows], '<i8', new Uint8Array(8 * rows)));
  const file = join(tmp, 'mem.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'mem-logits.npy' }, target: { npy: 'mem-target.npy' } }));
  const inspect = runCli(['inspect', file, '--json', '--max-memory', '8']);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.ok(Number.isFinite(JSON.parse(inspect.stdout).loss));
  const loss = runCli(['loss', file, '--json', '--max-memory', '8']);
  assert.equal(loss.code, 2, loss.stderr);
  assert.match(loss.stderr, /needs about 11\.5 MB of memory .* more than the 8 MB budget/);
  assert.equal(runCli(['loss', file, '--json', '--max-memory', '16']).code, 0);
});
