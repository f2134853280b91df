/**
 * The CLI's commands that write reports or read inputs in chunks, in this process (main() with a
 * captured Io) so mutation testing sees them: `demo`, `--html` of inspect, train and curves, and
 * `inspect --stream` / an input over --max-file-size. The HTML report inlines the webview bundle,
 * built first from the current sources (cli-helpers' ensureFresh).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { ensureFresh, ROOT } from './cli-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'lossdbg-cmdfiles-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(() => { ensureFresh('webview'); });

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const outs: string[] = [], errs: string[] = [];
  const code = await main(argv, { out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false }, { LANG: 'C' });
  return { code, out: outs.join('\n'), err: errs.join('\n') };
}

test('demo: every example in one line, every planted mistake found, the showcase report and the trained mini project', async () => {
  const out = join(tmp, 'demo');
  const r = await run('demo', '--out', out);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));
  assert.equal(lines[0], `Inspecting ${examples.length} example loss cases from ${relative(process.cwd(), join(ROOT, 'examples'))}`);
  assert.equal(lines[1], '');
  assert.equal(lines[2], `${'case'.padEnd(34)} ${'loss'.padStart(10)}  findings (error / warning / info)`);
  const rows = lines.slice(3, 3 + examples.length);
  // clean cases first, then the planted mistakes by name
  const ids = rows.map((l) => l.split(' ')[0]);
  const clean = examples.filter((f) => f.startsWith('clean-')).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(ids.slice(0, clean.length), clean);
  assert.deepEqual(ids.slice(clean.length), examples.filter((f) => !f.startsWith('clean-')).map((f) => f.slice(0, -5)).sort((a, b) => a.localeCompare(b)));
  // clean cases raise no warning or error (an info finding such as decision-threshold may show)
  for (const l of rows.slice(0, clean.length)) assert.match(l, /^clean-\S+ +[\d.e+-]+ {2}(— clean|i [\w-]+(, i [\w-]+)*)$/);
  assert.ok(rows.some((l) => /^clean-classifier +[\d.]+ {2}— clean$/.test(l)));
  assert.ok(rows.some((l) => /^double-softmax +2\.1079 {2}! double-softmax$/.test(l)), rows.join('\n'));
  const planted = examples.length - clean.length;
  assert.ok(lines.includes(`${planted} of ${planted} planted mistakes found by the rule named after them.`), r.out);
  assert.ok(lines.includes(`HTML report: ${join(out, 'double-softmax.html')}`));
  assert.ok(lines.includes('Training the tutorial mini project (regression, fraud, tags, news) in the embedded engine…'));
  assert.equal(lines.at(-1), `HTML report: ${join(out, 'mini-project.html')}`);
  const page = readFileSync(join(out, 'double-softmax.html'), 'utf8');
  assert.match(page, /<title>Loss Debugger — double-softmax\.json<\/title>/);
  assert.match(readFileSync(join(out, 'mini-project.html'), 'utf8'), /<title>Loss Debugger — [^<]*mini[^<]*<\/title>/i);
});

test('demo: the default output folder is ./lossdbg-demo', async () => {
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const r = await run('demo', '--skip-training');
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(tmp, 'lossdbg-demo', 'double-softmax.html')));
    assert.equal(r.out.split('\n').at(-1), `HTML report: ${join('lossdbg-demo', 'double-softmax.html')}`);
  } finally {
    process.chdir(cwd);
  }
});

test('--html of inspect, train and curves: the page is written and named; never over an input', async () => {
  const file = join(ROOT, 'examples', 'double-softmax.json');
  const html = join(tmp, 'inspect.html');
  const r = await run('inspect', file, '--html', html);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.split('\n').at(-1), `HTML report: ${html}`);
  assert.match(readFileSync(html, 'utf8'), /<title>Loss Debugger — double-softmax\.json<\/title>/);
  const copy = join(tmp, 'case.json');
  writeFileSync(copy, readFileSync(file));
  const self = await run('inspect', copy, '--html', copy);
  assert.equal(self.code, 2);
  assert.equal(self.err, `lossdbg: ${copy}: refusing to write HTML report ${copy}: it is the input file ${copy} (choose another output name, e.g. report.html)`);
  assert.equal(readFileSync(copy, 'utf8'), readFileSync(file, 'utf8'));

  const th = join(tmp, 'train.html');
  const t = await run('train', 'regression', '--epochs', '1', '--html', th);
  assert.equal(t.code, 0, t.err);
  assert.equal(t.out.split('\n').at(-1), `HTML report: ${th}`);
  assert.match(readFileSync(th, 'utf8'), /<title>Loss Debugger — Regression with MSE<\/title>/);

  const ch = join(tmp, 'curves.html');
  const c = await run('curves', join(ROOT, 'examples', 'curves', 'overfitting.csv'), '--html', ch);
  assert.equal(c.code, 0, c.err);
  assert.equal(c.out.split('\n').at(-1), `HTML report: ${ch}`);
  assert.match(readFileSync(ch, 'utf8'), /overfitting/);
});

test('curves --html never writes over a log it read: the file given, or a file read in a folder given', async () => {
  const src = readFileSync(join(ROOT, 'examples', 'curves', 'overfitting.csv'), 'utf8');
  const log = join(tmp, 'log.csv');
  writeFileSync(log, src);
  const self = await run('curves', log, '--html', log);
  assert.equal(self.code, 2);
  assert.equal(self.out, '');
  assert.equal(self.err, `lossdbg: ${log}: refusing to write HTML report ${log}: it is the input file ${log} (choose another output name, e.g. report.html)`);
  assert.equal(readFileSync(log, 'utf8'), src);
  const dir = join(tmp, 'run');
  mkdirSync(join(dir, 'version_0'), { recursive: true });
  const inner = join(dir, 'version_0', 'metrics.csv');
  writeFileSync(inner, src);
  const r = await run('curves', dir, '--html', inner);
  assert.equal(r.code, 2);
  assert.equal(r.err, `lossdbg: ${inner}: refusing to write HTML report ${inner}: it is the input file ${inner} (choose another output name, e.g. report.html)`);
  assert.equal(readFileSync(inner, 'utf8'), src);
  // a page beside the logs is fine, and a missing folder is a clear error, not a crash
  const beside = join(dir, 'report.html');
  assert.equal((await run('curves', dir, '--html', beside)).code, 0);
  assert.match(readFileSync(beside, 'utf8'), /^<!doctype html>/i);
  const nowhere = join(tmp, 'no-such-folder', 'r.html');
  const n = await run('curves', log, '--html', nowhere);
  assert.equal(n.code, 2);
  assert.equal(n.err, `lossdbg: ${nowhere}: cannot write HTML report ${nowhere}: the folder ${join(tmp, 'no-such-folder')} does not exist (create the folder first or choose another path)`);
});

/** A little-endian .npy file. */
function npy(shape: number[], descr: string, data: Uint8Array): Uint8Array {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + h.length + 1) % 64) h += ' ';
  h += '\n';
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  out.set(new TextEncoder().encode(h), 10);
  out.set(data, 10 + h.length);
  return out;
}

test('inspect --stream, or an input over --max-file-size: the findings of the in-memory run, read in chunks', async () => {
  const N = 640, C = 16, L = 32;
  const t: number[] = [];
  for (let s = 0; s < N / L; s++) { const len = 10 + ((s * 7) % 18); for (let i = 0; i < L; i++) t.push(i < len ? 1 + ((s * 31 + i * 7) % (C - 1)) : 0); }
  const x = new Float32Array(N * C);
  for (let r = 0; r < N; r++) for (let k = 0; k < C; k++) x[r * C + k] = Math.sin(r * 1.3 + k * 0.7) + (k === t[r] ? 2 : 0);
  writeFileSync(join(tmp, 'x.npy'), npy([N, C], '<f4', new Uint8Array(x.buffer)));
  writeFileSync(join(tmp, 't.npy'), npy([N], '<i8', new Uint8Array(BigInt64Array.from(t.map(BigInt)).buffer)));
  const file = join(tmp, 'lm.json');
  writeFileSync(file, JSON.stringify({ loss: 'CrossEntropyLoss', input: { npy: 'x.npy' }, target: { npy: 't.npy' }, meta: { pad_token_id: 0 } }));
  const whole = JSON.parse((await run('inspect', file, '--json')).out) as { loss: number; findings: Array<{ rule: string; message: string }>; streamed?: unknown };
  assert.equal(whole.streamed, undefined);
  assert.ok(whole.findings.some((f) => f.rule === 'missing-ignore-index'));
  for (const argv of [['--stream'], ['--max-file-size', '0.02']]) {
    const r = await run('inspect', file, '--json', ...argv);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out) as typeof whole & { streamed: { rows: number; chunks: number } };
    assert.equal(s.streamed.rows, N, argv.join(' '));
    assert.ok(s.streamed.chunks >= 1);
    assert.ok(Math.abs(s.loss - whole.loss) <= 1e-9 * Math.abs(whole.loss), `${s.loss} vs ${whole.loss}`);
    assert.deepEqual(s.findings.map((f) => f.rule), whole.findings.map((f) => f.rule), argv.join(' '));
  }
  const text = await run('inspect', file, '--stream');
  assert.match(text.out.split('\n').at(-1) ?? '', /^Input read in \d+ chunks of rows \(640 rows\)\./);
  const sh = join(tmp, 's.html');
  const html = await run('inspect', file, '--stream', '--html', sh);
  assert.equal(html.code, 0, html.err);
  assert.match(readFileSync(sh, 'utf8'), /<title>Loss Debugger — lm\.json<\/title>/);
  writeFileSync(join(tmp, 'bce.json'), JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { npy: 'x.npy' }, target: { shape: [1], data: [1] } }));
  const bce = await run('inspect', join(tmp, 'bce.json'), '--stream');
  assert.equal(bce.code, 2);
  assert.match(bce.err, /cannot be inspected in chunks: streamed inspection supports CrossEntropyLoss and NLLLoss, not BCEWithLogitsLoss/);
  // a limit above the file's size loads it whole
  assert.equal((JSON.parse((await run('inspect', file, '--json', '--max-file-size', '1')).out) as { streamed?: unknown }).streamed, undefined);
});

test('inspect --stream: the closing line names each rule left unchecked; a file exactly at --max-file-size is not over it', async () => {
  const N = 64, C = 4;
  const x = new Float32Array(N * C);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37);
  const t = Array.from({ length: N }, (_, i) => (i * 3) % C);
  const d = join(tmp, 'streamed');
  mkdirSync(d);
  const xBytes = npy([N, C], '<f4', new Uint8Array(x.buffer));
  writeFileSync(join(d, 'x.npy'), xBytes);
  writeFileSync(join(d, 't.npy'), npy([N], '<i8', new Uint8Array(BigInt64Array.from(t.map(BigInt)).buffer)));
  const base = { loss: 'CrossEntropyLoss', input: { npy: 'x.npy' }, target: { npy: 't.npy' } };
  writeFileSync(join(d, 'plain.json'), JSON.stringify(base));
  writeFileSync(join(d, 'reported.json'), JSON.stringify({ ...base, meta: { reported_loss: 5 } }));
  const plain = await run('inspect', join(d, 'plain.json'), '--stream');
  assert.equal(plain.code, 0, plain.err);
  assert.equal(plain.out.split('\n').at(-1), `Input read in 1 chunks of rows (${N} rows).`);
  // a reported loss the recomputation does not match: its variants need the whole input
  const rep = await run('inspect', join(d, 'reported.json'), '--stream');
  assert.equal(rep.code, 0, rep.err);
  assert.equal(rep.out.split('\n').at(-1), `Input read in 1 chunks of rows (${N} rows). Not checked (they need the whole input in memory): reported-loss-mismatch (the loss variants that could explain a reported loss).`);

  writeFileSync(join(d, 'bce.json'), JSON.stringify({ loss: 'BCEWithLogitsLoss', input: { npy: 'x.npy' }, target: { shape: [1], data: [1] } }));
  const why = 'streamed inspection supports CrossEntropyLoss and NLLLoss, not BCEWithLogitsLoss';
  const atLimit = await run('inspect', join(d, 'bce.json'), '--stream', '--max-file-size', String(xBytes.length / 1048576));
  assert.equal(atLimit.code, 2);
  assert.equal(atLimit.err, `lossdbg: ${join(d, 'x.npy')}: --stream: this case cannot be inspected in chunks: ${why} (leave out --stream to load it whole)`);
  const over = await run('inspect', join(d, 'bce.json'), '--stream', '--max-file-size', String((xBytes.length - 1) / 1048576));
  assert.equal(over.code, 2);
  assert.match(over.err, new RegExp(`^lossdbg: ${join(d, 'x\\.npy')}: the input file is [\\d.]+ KB, over the [\\d.]+ KB limit, and cannot be inspected in chunks: ${why} \\(raise the limit`));
});

test('demo: a separator line before each part; a report it cannot write is named as the HTML report', async () => {
  const out = join(tmp, 'demo-blocked');
  // the training part's page name is taken by a folder
  mkdirSync(join(out, 'mini-project.html'), { recursive: true });
  const r = await run('demo', '--out', out);
  assert.equal(r.code, 2);
  assert.equal(r.err, `lossdbg: ${join(out, 'mini-project.html')}: cannot write HTML report ${join(out, 'mini-project.html')}: it is a folder (give a file name, e.g. report.html)`);
  const lines = r.out.split('\n');
  assert.equal(lines.filter((l) => l === '─'.repeat(72)).length, 2, 'one before the showcase, one before the training');
  assert.equal(lines[lines.indexOf('─'.repeat(72)) + 1], `${relative(process.cwd(), join(ROOT, 'examples', 'double-softmax.json'))}: CrossEntropyLoss(reduction='mean', ignore_index=-100, label_smoothing=0, smoothing_mode='pytorch')`);
  const skip = await run('demo', '--out', join(tmp, 'demo-skip'), '--skip-training');
  assert.equal(skip.code, 0, skip.err);
  assert.equal(skip.out.split('\n').filter((l) => l === '─'.repeat(72)).length, 1);
});

test('lint: a file named ..odd.py in the working folder is shown by its relative name (it is inside, not above it)', async () => {
  const dir = mkdtempSync(join(tmp, 'dots-'));
  writeFileSync(join(dir, '..odd.py'), 'import torch\nx = torch.zeros(3)\n');
  writeFileSync(join(dir, 'plain.py'), 'import torch\nx = torch.zeros(3)\n');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await run('lint', '..odd.py', 'plain.py', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const paths = (JSON.parse(r.out) as { files: Array<{ path: string }> }).files.map((f) => f.path);
    assert.deepEqual(paths.sort(), ['..odd.py', 'plain.py']);
  } finally {
    process.chdir(cwd);
  }
});
