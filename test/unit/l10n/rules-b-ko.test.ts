/**
 * Korean findings of the curve rules, the code rules and the value rules m–z (#17), in process
 * through the CLI's main(): `--lang ko` prints Korean messages and fix comments with the rule ids
 * unchanged, and JSON/SARIF without --lang stay English whatever the locale says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/command';
import { useLanguage } from '../../../src/cli/language';
import { setL10n } from '../../../src/l10n';
import { lintFiles, FIX } from '../lint/harness';
import { runCurveRules } from '../../../src/diagnostics/curves/index';

const ROOT = path.join(__dirname, '..', '..', '..');
const HANGUL = /[\uac00-\ud7a3]/;
const KO = { LANG: 'ko_KR.UTF-8' };

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  const outs: string[] = [];
  const io: Io = { out: (s) => outs.push(s), err: (s) => outs.push(s), isTTY: false };
  try {
    const code = await main(argv, io, env);
    return { code, out: outs.join('\n') };
  } finally {
    setL10n();
  }
}

interface JsonFinding { rule: string; title: string; message: string; fix: string; docs: string }

/** Every comment line of a fix (`# …` or `code  # …`) that says something in words is Korean. */
function assertKoreanComments(fix: string, englishFix: string, what: string): void {
  const en = englishFix.split('\n');
  const ko = fix.split('\n');
  assert.equal(ko.length, en.length, `${what}: same number of fix lines`);
  let translated = 0;
  for (let i = 0; i < en.length; i++) {
    const hash = en[i].indexOf('#');
    if (hash < 0) {
      assert.equal(ko[i], en[i], `${what}: code line ${i} unchanged`);
      continue;
    }
    assert.equal(ko[i].slice(0, hash), en[i].slice(0, hash), `${what}: the code before the comment of line ${i} unchanged`);
    if (ko[i] !== en[i]) {
      translated++;
      assert.match(ko[i].slice(hash), HANGUL, `${what}: line ${i}`);
    }
  }
  if (/#\s+[a-z]+ [a-z]+ [a-z]+/.test(englishFix)) assert.ok(translated > 0, `${what}: its comments are translated`);
}

const CURVE_LOGS = ['loss-divergence', 'loss-plateau', 'loss-spikes', 'non-finite-loss', 'overfitting'];

test('lossdbg curves --lang ko: Korean messages and fix comments, rule ids unchanged; --json without --lang stays English', async () => {
  for (const name of CURVE_LOGS) {
    const log = path.join(ROOT, 'examples', 'curves', `${name}.csv`);
    const en = JSON.parse((await run(['curves', log, '--json'])).out) as { runs: { findings: JsonFinding[] }[] };
    const ko = JSON.parse((await run(['curves', log, '--json', '--lang', 'ko'])).out) as typeof en;
    const enF = en.runs[0].findings, koF = ko.runs[0].findings;
    assert.ok(enF.some((f) => f.rule === name), `${name} fires on its example`);
    assert.deepEqual(koF.map((f) => f.rule), enF.map((f) => f.rule));
    for (const [i, f] of koF.entries()) {
      assert.match(f.message, HANGUL, `${name}: ${f.message}`);
      assert.doesNotMatch(f.message, /\b(the|is|at step|and)\b/, `${name}: no English words left: ${f.message}`);
      assert.equal(f.docs, `docs/ko/rules/${f.rule}.md`);
      assertKoreanComments(f.fix, enF[i].fix, name);
    }
    // The locale alone does not change machine-readable output.
    const localeJson = (await run(['curves', log, '--json'], KO)).out;
    assert.deepEqual(JSON.parse(localeJson), en);
    // The text report follows the locale.
    const text = (await run(['curves', log], KO)).out;
    assert.match(text, new RegExp(`${name}\\s+\\S*[\\uac00-\\ud7a3]`));
    assert.ok(text.includes(koF.find((f) => f.rule === name)!.message.slice(0, 20)));
  }
});

test('a NaN that also reaches validation, and a log that recovers, read whole in Korean', () => {
  const steps = Array.from({ length: 40 }, (_, i) => i * 10);
  const loss = steps.map((_, i) => (i >= 30 && i < 38 ? NaN : 2 / (1 + i / 5)));
  const val = { name: 'val_loss', steps: [0, 100, 200, 300, 390], values: [2, 1.2, 1, NaN, NaN] };
  const series = [{ name: 'loss', steps, values: loss }, val];
  const en = runCurveRules(series).find((f) => f.rule === 'non-finite-loss');
  useLanguage({ language: 'ko', explicit: true, rest: [] });
  let ko;
  try {
    ko = runCurveRules(series).find((f) => f.rule === 'non-finite-loss');
  } finally {
    setL10n();
  }
  assert.ok(en && ko);
  assert.match(en.message, /\(later values are finite again: .*\); then also 'val_loss' \(step 300\)\. Once NaN/);
  assert.match(ko.message, /^'loss': 스텝 300에서 처음으로 NaN 값이 나왔습니다\(직전 값은 스텝 290의 .+\)\. 기록된 값 40개 중 8개가 유한하지 않습니다\(뒤의 값은 다시 유한합니다: .+\)\. 이어서 'val_loss'\(스텝 300\)에서도 같은 일이 일어났습니다\. NaN이/);
  assert.deepEqual(ko.evidence, en.evidence);
});

test('lossdbg lint --lang ko: Korean messages, rule ids unchanged; SARIF and JSON under a Korean locale stay English', async () => {
  const dir = path.join(FIX, 'firing');
  const en = JSON.parse((await run(['lint', dir, '--json'])).out) as { files: { findings: JsonFinding[] }[] };
  const ko = JSON.parse((await run(['lint', dir, '--json', '--lang', 'ko'])).out) as typeof en;
  const enF = en.files.flatMap((f) => f.findings), koF = ko.files.flatMap((f) => f.findings);
  assert.ok(enF.length >= 10);
  assert.deepEqual(koF.map((f) => f.rule), enF.map((f) => f.rule));
  for (const f of koF) assert.match(f.message, HANGUL, f.message);
  assert.deepEqual(JSON.parse((await run(['lint', dir, '--json'], KO)).out), en);
  const sarifEn = (await run(['lint', dir, '--format', 'sarif'])).out;
  assert.equal((await run(['lint', dir, '--format', 'sarif'], KO)).out, sarifEn);
  const text = (await run(['lint', dir, '--lang', 'ko'])).out;
  assert.match(text, /\[double-softmax\] .*로짓이 확률로 바뀌는데/);
  assert.match(text, /\n +\S+ .*seq2seq_padding\.py:11:11: 여기서 패딩이 추가됨/);
});

test('code rules in Korean: related messages, quick-fix titles and fix comments; the inserted code stays English', async () => {
  const files = ['binary_functional.py', 'concise_softmax_regression.py', 'digits_mse.py', 'distill.py', 'handwritten.py', 'seq2seq_padding.py', 'seq_tagger_shapes.py']
    .map((f) => path.join(FIX, 'firing', f));
  const en = (await lintFiles(files)).flatMap((r) => r.findings);
  useLanguage({ language: 'ko', explicit: true, rest: [] });
  let ko;
  try {
    ko = (await lintFiles(files)).flatMap((r) => r.findings);
  } finally {
    setL10n();
  }
  assert.deepEqual(ko.map((f) => f.rule), en.map((f) => f.rule));
  const rules = new Set(ko.map((f) => f.rule));
  for (const id of ['bce-expects-probabilities', 'class-dim-misplaced', 'double-sigmoid', 'double-softmax', 'kl-div-expects-log-probabilities',
    'log-of-softmax', 'missing-ignore-index', 'mse-on-class-labels', 'nll-expects-log-probabilities', 'softmax-implicit-dim', 'sum-reduction']) {
    assert.ok(rules.has(id), `${id} fires on the fixtures`);
  }
  let titles = 0;
  for (const [i, f] of ko.entries()) {
    const e = en[i];
    assert.match(f.message, HANGUL, f.message);
    assert.equal(f.related?.length ?? 0, e.related?.length ?? 0);
    for (const r of f.related ?? []) assert.match(r.message, HANGUL, r.message);
    assertKoreanComments(f.fix, e.fix, f.rule);
    assert.equal(f.fixes?.length ?? 0, e.fixes?.length ?? 0);
    for (const [j, x] of (f.fixes ?? []).entries()) {
      titles++;
      assert.match(x.title, HANGUL, x.title);
      assert.deepEqual(x.edits, e.fixes![j].edits, 'the edit itself is code and stays as it is');
    }
  }
  assert.ok(titles >= 3, `quick fixes seen: ${titles}`);
});

/** The value rules m–z (and the case forms of loss-divergence and loss-plateau), each on its example. */
const VALUE_RULES = ['loss-divergence', 'loss-plateau', 'missing-ignore-index', 'mse-on-class-labels', 'mse-outliers', 'nll-expects-log-probabilities',
  'non-finite-values', 'normalized-along-wrong-axis', 'padding-is-a-real-class', 'regression-target-scale', 'reported-loss-mismatch', 'shape-mismatch',
  'sum-reduction', 'suspect-labels', 'target-not-a-distribution', 'target-out-of-range', 'weighted-probability-targets'];

test('lossdbg inspect --lang ko: the value rules m–z speak Korean on their examples; --json under a Korean locale stays English', async () => {
  for (const id of VALUE_RULES) {
    const file = path.join(ROOT, 'examples', `${id}.json`);
    const en = JSON.parse((await run(['inspect', file, '--json'])).out) as { findings: JsonFinding[] };
    const ko = JSON.parse((await run(['inspect', file, '--json', '--lang', 'ko'])).out) as typeof en;
    assert.deepEqual(ko.findings.map((f) => f.rule), en.findings.map((f) => f.rule), id);
    const i = en.findings.findIndex((f) => f.rule === id);
    assert.ok(i >= 0, `${id} fires on its example`);
    const f = ko.findings[i];
    assert.match(f.message, HANGUL, `${id}: ${f.message}`);
    // PyTorch's own error texts are quoted as they are ("Target -100 is out of bounds").
    assert.doesNotMatch(f.message.replace(/"[^"]*"/g, ''), /\b(the|is|are|of the|and)\b/, `${id}: no English words left: ${f.message}`);
    assert.equal(f.docs, `docs/ko/rules/${id}.md`);
    assertKoreanComments(f.fix, en.findings[i].fix, id);
    assert.deepEqual(JSON.parse((await run(['inspect', file, '--json'], KO)).out), en, `${id}: JSON follows --lang only`);
  }
});
