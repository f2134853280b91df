/**
 * The CLI in Korean (#17): headings, counts, usage and scenario texts follow --lang or the locale;
 * English stays the default and the JSON keys never change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, CLI, ROOT } from './cli-helpers';
import { displayWidth } from '../../../src/cli/text';

function cli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  ensureBuilt();
  const base = { ...process.env };
  for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES']) delete base[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HANGUL = /[\uac00-\ud7a3]/;

test('LANG=ko_KR.UTF-8 lossdbg inspect prints Korean headings; LANG=C stays English', () => {
  const ko = cli(['inspect', 'examples/double-softmax.json'], { LANG: 'ko_KR.UTF-8' });
  assert.equal(ko.code, 0, ko.stderr);
  for (const heading of ['  입력 (64, 10) float32, 범위 [', '  클래스별 개수 [', '  손실 = ', '  근거:', '  수정 방법:', '  문서:', '진단 결과 1개: 오류 0, 경고 1, 정보 0']) {
    assert.ok(ko.stdout.includes(heading), `missing ${JSON.stringify(heading)} in\n${ko.stdout}`);
  }
  assert.match(ko.stdout, /^경고 {3} double-softmax {2}CrossEntropyLoss 앞에 소프트맥스가 적용됨$/m, 'severity word padded to 7 cells, the rule title in Korean');
  const message = ko.stdout.split('\n').filter((l) => /^ {2}\S/.test(l) && HANGUL.test(l) && !/^ {2}(입력|클래스별|손실|근거|수정 방법|문서)/.test(l));
  assert.ok(message.length >= 2, 'the Korean message is wrapped');
  for (const l of message) assert.ok(displayWidth(l) <= 98, `wrapped by display width (Hangul = 2 cells): ${displayWidth(l)} cells: ${l}`);
  const en = cli(['inspect', 'examples/double-softmax.json'], { LANG: 'C' });
  assert.doesNotMatch(en.stdout, HANGUL);
  for (const heading of ['  loss = ', '  evidence:', '  fix:', '1 finding: 0 error, 1 warning, 0 info']) assert.ok(en.stdout.includes(heading), heading);
  assert.match(en.stdout, /^WARNING double-softmax {2}Softmax applied before CrossEntropyLoss$/m);
});

test('lossdbg scenarios --lang ko: Korean headings, titles and descriptions; --json --lang ko gives Korean titles under the same keys', () => {
  const text = cli(['scenarios', '--lang', 'ko']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^튜토리얼 문제:$/m);
  assert.match(text.stdout, /^실수 \(각각 수정한 쌍과 나란히\):$/m);
  assert.match(text.stdout, /^ {2}double-softmax +CrossEntropyLoss 앞의 소프트맥스\n {4,}학습 가능한 5클래스 데이터/m);
  assert.match(text.stdout, /^실행하려면: lossdbg train ID/m);
  const json = JSON.parse(cli(['scenarios', '--json', '--lang', 'ko']).stdout) as { id: string; title: string; kind: string }[];
  const ds = json.find((s) => s.id === 'double-softmax');
  assert.deepEqual(Object.keys(ds ?? {}).sort(), ['description', 'id', 'kind', 'title']);
  assert.equal(ds?.title, 'CrossEntropyLoss 앞의 소프트맥스');
  assert.equal(ds?.kind, 'mistake');
  // the locale alone does not translate JSON
  const enJson = JSON.parse(cli(['scenarios', '--json'], { LANG: 'ko_KR.UTF-8' }).stdout) as { id: string; title: string }[];
  assert.equal(enJson.find((s) => s.id === 'double-softmax')?.title, 'Softmax before CrossEntropyLoss');
});

test('lossdbg train --lang ko: run texts, the comparison table and the verdict in Korean; run names and metric keys unchanged', () => {
  const r = cli(['train', 'sweep-target-scale', '--epochs', '2', '--lang', 'ko']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^회귀 타깃 ×1 vs ×10 \(sweep-target-scale, 시드 42\) — 실행 2개, [\d.]+초$/m);
  // the epoch override is spliced into the Korean description too
  assert.match(r.stdout, /^scale-1: 타깃 ×1; epochs_to_target은 train_loss \/ 1 ≤ 1이 되는 첫 에포크입니다\.$/m);
  assert.match(r.stdout, /^ {2}볼 점 {2}epochs_to_target: /m);
  assert.match(r.stdout, /^ {2}실행 {6}epochs_to_target +train_loss +train_loss \/ 스케일² +val_r2 *$/m, 'prose headers translated, metric keys kept; columns aligned by display width');
  assert.match(r.stdout, /도달하지 못함 \(> 2 에포크\)/);
  assert.match(r.stdout, /^판정: train_loss \/ 스케일² ≤ 1이 될 때까지의 에포크: scale-1 /m);
  const json = JSON.parse(cli(['train', 'double-softmax', '--epochs', '1', '--json', '--lang', 'ko']).stdout) as {
    runs: { name: string; description: string; look_for: string }[]; summary: { columns: string[]; rows: unknown[][] };
  };
  assert.deepEqual(json.runs.map((x) => x.name), ['double-softmax', 'double-softmax-fixed']);
  assert.match(json.runs[0].description, /^모델이 Softmax로 끝나고/);
  assert.match(json.runs[0].look_for, /^학습 손실이 1\.0 근처에서 정체합니다/);
  assert.deepEqual(json.summary.columns, ['run', 'double-softmax fired', 'train_loss', 'key metric'], 'columns are keys: English');
  assert.deepEqual(json.summary.rows.map((row) => row[1]), ['예', '아니요']);
  // an --epochs override is written into the Korean description as into the English one
  const reg = JSON.parse(cli(['train', 'regression', '--epochs', '1', '--json', '--lang', 'ko']).stdout) as { runs: { description: string }[] };
  assert.match(reg.runs[0].description, /배치 128, 1 에포크 \(재정의됨\. 원래 레시피는 50\)\.$/);
});

test('usage and usage errors follow the language; option names stay as typed', () => {
  const help = cli(['inspect', '--help', '--lang', 'ko']);
  assert.match(help.stdout, /^손실 케이스 진단: /);
  assert.match(help.stdout, /^사용법: lossdbg inspect CASE\.json \[--json\]/m);
  assert.match(help.stdout, /^ {2}--fail-on LEVEL {4}이 심각도 이상의 진단 결과가 있으면 1로 종료/m);
  assert.match(help.stdout, /^ {2}--max-file-size MB 이보다 큰 파일은 거부 \(기본값 \d+\)$/m);
  const bad = cli(['train', 'double-sofmax'], { LANG: 'ko_KR.UTF-8' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^lossdbg train: 알 수 없는 시나리오 'double-sofmax'/);
  const en = cli(['train', 'double-sofmax'], { LANG: 'C' });
  assert.match(en.stderr, /^lossdbg train: unknown scenario 'double-sofmax'/);
});

test('lossdbg train --html --lang ko: the report carries the Korean setup for its webview; English reports carry none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-ko-'));
  try {
    const ko = cli(['train', 'double-softmax', '--epochs', '1', '--html', join(dir, 'ko.html'), '--lang', 'ko']);
    assert.equal(ko.code, 0, ko.stderr);
    assert.match(ko.stdout, /^HTML 보고서: /m);
    const html = readFileSync(join(dir, 'ko.html'), 'utf8');
    assert.match(html, /^<html lang="ko">$/m);
    const setup = /<script type="application\/json" id="lossdbg-l10n">(.*?)<\/script>/s.exec(html);
    assert.ok(setup, 'the L10nSetup script');
    const parsed = JSON.parse(setup[1]) as { language: string; bundle: Record<string, string> };
    assert.equal(parsed.language, 'ko');
    assert.equal(parsed.bundle['Findings'], '진단 결과');
    assert.match(html, /학습 손실이 1\.0 근처에서 정체합니다/, 'the run texts in the embedded results are Korean');
    const en = cli(['train', 'double-softmax', '--epochs', '1', '--html', join(dir, 'en.html')], { LANG: 'C' });
    assert.equal(en.code, 0, en.stderr);
    const enHtml = readFileSync(join(dir, 'en.html'), 'utf8');
    assert.match(enHtml, /^<html lang="en">$/m);
    assert.doesNotMatch(enHtml, /id="lossdbg-l10n"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lossdbg curves --html under a Korean locale: the static curves report is Korean', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lossdbg-ko-'));
  try {
    const r = cli(['curves', 'examples/curves/overfitting.csv', '--html', join(dir, 'c.html')], { LANG: 'ko_KR.UTF-8' });
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(dir, 'c.html'), 'utf8');
    assert.match(html, /<html lang="ko">/);
    assert.match(html, /<h1>손실 곡선<\/h1>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
