import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listScenarios, runScenario, scenarioRule, SCENARIO_IDS, type ScenarioProgress, type ScenarioResult } from '../../../src/scenarios/index';

const rules = (r: ScenarioResult, name: string): string[] => r.runs.find((x) => x.name === name)!.findings.map((f) => f.rule);

test('listScenarios lists every fixed id with a kind and a one-line description', () => {
  const ids = listScenarios().map((s) => s.id);
  for (const id of ['regression', 'fraud', 'tags', 'news', 'mini-project', 'double-softmax', 'double-sigmoid', 'missing-ignore-index',
    'imbalance-unweighted', 'unscaled-targets', 'sweep-label-smoothing', 'sweep-pos-weight', 'sweep-multilabel-pos-weight', 'sweep-target-scale',
    'multiclass-imbalance', 'smoothing-noisy-labels', 'rare-class-smoothing', 'threshold-tuning', 'accuracy-trap', 'outliers-mse-vs-huber',
    'bce-on-saturated-sigmoid', 'regression-large', 'news-large']) {
    assert.ok(ids.includes(id), id);
  }
  assert.deepEqual(ids, [...SCENARIO_IDS]);
  for (const s of listScenarios()) {
    assert.ok(['tutorial', 'mistake', 'sweep'].includes(s.kind));
    assert.ok(s.description.length > 10 && !s.description.includes('\n'));
    assert.ok(s.description.includes('docs/tutorial-map.md'), `${s.id}: the description links the tutorial map`);
  }
});

test('mini project lands where PyTorch does (3 seeds) and flags the unlearnable problems', async () => {
  for (const seed of [1, 2, 3]) {
    const r = await runScenario('mini-project', { seed });
    assert.deepEqual(r.runs.map((x) => x.name), ['regression', 'fraud', 'tags', 'news']);
    const reg = r.runs[0].final, news = r.runs[3].final;
    // PyTorch 1.13 on the same recipe, 20 seeds: MSE 0.126 ± 0.022, CE 0.646 ± 0.007, accuracy 0.962 ± 0.006.
    assert.ok(reg.train_loss > 0.08 && reg.train_loss < 0.25, `regression MSE ${reg.train_loss}`);
    assert.ok(news.train_loss > 0.62 && news.train_loss < 0.67, `news CE ${news.train_loss}`);
    assert.ok(news.accuracy > 0.94 && news.accuracy < 0.985, `news accuracy ${news.accuracy}`);
    assert.equal(reg.mse, reg.train_loss);
    for (const run of r.runs) {
      assert.equal(run.history.train_loss.length, run.recipe.epochs);
      assert.equal(run.history.val_loss.length, run.recipe.epochs);
    }
    assert.equal(r.runs[0].recipe.epochs, 50);
    assert.equal(r.runs[1].recipe.batch_size, 256);
    // fraud and tags labels do not depend on X: held-out metrics sit at the base rate.
    assert.ok(rules(r, 'fraud').includes('base-rate-metrics'), `fraud findings ${rules(r, 'fraud')}`);
    assert.ok(rules(r, 'tags').includes('base-rate-metrics'), `tags findings ${rules(r, 'tags')}`);
    assert.ok(!rules(r, 'regression').includes('base-rate-metrics'));
    assert.ok(!rules(r, 'news').includes('base-rate-metrics'));
    const fraud = r.runs[1];
    assert.ok(Array.isArray(fraud.loss.pos_weight) && fraud.loss.pos_weight[0] > 10, 'pos_weight = N_neg/N_pos ≈ 19');
    for (const k of ['accuracy', 'precision', 'recall', 'f1', 'pr_auc', 'val_pr_auc']) assert.equal(typeof fraud.final[k], 'number', k);
    for (const k of ['mse', 'rmse', 'mae', 'r2']) assert.equal(typeof reg[k], 'number', k);
  }
});

test('each mistake fires its rule on the mistake run and not on the fixed twin', async () => {
  for (const id of ['double-softmax', 'double-sigmoid', 'missing-ignore-index', 'imbalance-unweighted', 'unscaled-targets', 'rare-class-smoothing']) {
    const rule = scenarioRule(id)!;
    // The rules look at the final batch, so a few epochs suffice (the full runs behave the same).
    const r = await runScenario(id, { seed: 42, epochs: 3 });
    assert.deepEqual(r.runs.map((x) => x.name), [id, `${id}-fixed`]);
    assert.ok(rules(r, id).includes(rule), `${id}: ${rule} should fire (got ${rules(r, id)})`);
    assert.ok(!rules(r, `${id}-fixed`).includes(rule), `${id}-fixed: ${rule} should not fire`);
    assert.equal(r.summary?.rows.length, 2);
  }
});

test('the fixes show up in the metrics', async () => {
  const imb = await runScenario('imbalance-unweighted', { seed: 7, epochs: 8 });
  const [bad, good] = imb.runs;
  assert.ok(good.final.val_recall > bad.final.val_recall + 0.2, `recall ${bad.final.val_recall} → ${good.final.val_recall}`);
  const curve = good.details.pr_curve as { recall: number; precision: number }[];
  assert.ok(curve.length > 10 && curve.length <= 101);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].recall >= curve[i - 1].recall, 'recall grows as the threshold falls');
  assert.equal(curve[curve.length - 1].recall, 1);
  const sc = await runScenario('unscaled-targets', { seed: 7, epochs: 10 });
  assert.ok(sc.runs[1].final.val_r2 > sc.runs[0].final.val_r2 + 0.3, `R² ${sc.runs[0].final.val_r2} → ${sc.runs[1].final.val_r2}`);
  const pad = await runScenario('missing-ignore-index', { seed: 7, epochs: 5 });
  assert.ok(pad.runs[0].final.accuracy_with_padding > pad.runs[0].final.accuracy, 'padding inflates accuracy');
  assert.ok(pad.runs[0].final.padding_share > 0.4);
});

test('sweeps: target scale slows MSE training; the others report their table', async () => {
  const ts = await runScenario('sweep-target-scale', { seed: 42 });
  const [one, ten] = ts.runs;
  assert.ok(Number.isFinite(one.final.epochs_to_target), 'scale 1 reaches the target');
  assert.ok(!(ten.final.epochs_to_target <= one.final.epochs_to_target), `×10 should need more epochs (${one.final.epochs_to_target} vs ${ten.final.epochs_to_target})`);
  // Not reached within the recipe: the table and the verdict say so in words, never NaN.
  const row10 = ts.summary!.rows[1];
  if (ten.final.epochs_to_target === undefined) assert.match(String(row10[1]), /^not reached \(> 50 epochs\)$/);
  assert.ok(!ts.summary!.rows.flat().some((c) => typeof c === 'number' && Number.isNaN(c)), 'no NaN in the table');
  assert.ok(!/NaN/.test(ts.verdict ?? ''), ts.verdict);
  const ls = await runScenario('sweep-label-smoothing', { seed: 42, epochs: 3 });
  assert.deepEqual(ls.runs.map((r) => r.loss.label_smoothing ?? 0), [0, 0.05, 0.1, 0.2, 0.1]);
  assert.deepEqual(ls.runs.map((r) => r.loss.smoothing_mode), [undefined, undefined, undefined, undefined, 'others']);
  assert.deepEqual(ls.summary?.columns, ['run', 'label_smoothing', 'convention', 'train_loss', 'val_accuracy', 'val_ece']);
  for (const r of ls.runs) assert.ok(r.final.val_ece >= 0 && r.final.val_ece <= 1);
  // The two conventions put different mass on the true class, so the same ε gives a different loss.
  assert.notEqual(ls.runs[2].final.train_loss, ls.runs[4].final.train_loss);
  assert.match(ls.verdict ?? '', /conventions/);
  const pw = await runScenario('sweep-pos-weight', { seed: 42, epochs: 2 });
  assert.deepEqual(pw.runs.map((r) => r.name), ['none', 'ratio', 'sqrt-ratio']);
  const ratio = (pw.runs[1].loss.pos_weight as number[])[0], sq = (pw.runs[2].loss.pos_weight as number[])[0];
  assert.ok(Math.abs(sq - Math.sqrt(ratio)) < 1e-5);
  const ml = await runScenario('sweep-multilabel-pos-weight', { seed: 42, epochs: 2 });
  assert.equal((ml.runs[1].loss.pos_weight as number[]).length, 4);
  assert.equal(ml.runs[0].loss.pos_weight, undefined);
});

test('the tutorial\'s larger examples: B-3 (1024×10, 200 full-batch epochs) and E-3 (K = 7)', async () => {
  const reg = (await runScenario('regression-large', { seed: 42 })).runs[0];
  assert.equal(reg.recipe.batch_size, 1024);
  assert.equal(reg.recipe.epochs, 200);
  assert.equal(reg.recipe.model, 'Linear(10, 64) → ReLU → Linear(64, 1)');
  assert.equal(reg.recipe.optimizer, 'AdamW(lr=0.001, weight_decay=0.0001)');
  // 200 full-batch updates bring the MSE near the noise floor (noise sd 0.5 → 0.25), R² well above 0.9.
  assert.ok(reg.final.train_loss > 0.15 && reg.final.train_loss < 0.8, `MSE ${reg.final.train_loss}`);
  assert.ok(reg.final.val_r2 > 0.9, `R² ${reg.final.val_r2}`);
  const news = (await runScenario('news-large', { seed: 42, epochs: 5 })).runs[0];
  assert.equal(news.recipe.model, 'Linear(50, 128) → ReLU → Linear(128, 7)');
  assert.equal(news.recipe.batch_size, 1024);
  assert.equal(news.history.train_loss.length, 5);
  assert.equal((news.details.per_class as unknown[]).length, 7);
  for (const k of ['val_macro_f1', 'val_min_class_recall']) assert.equal(typeof news.final[k], 'number', k);
});

test('reproducible for a seed, different across seeds, plain data in and out', async () => {
  const progress: ScenarioProgress[] = [];
  const a = await runScenario('news', { seed: 3, epochs: 2, onProgress: (p) => progress.push(p) });
  const b = await runScenario('news', { seed: 3, epochs: 2 });
  const c = await runScenario('news', { seed: 4, epochs: 2 });
  const strip = (r: ScenarioResult): unknown => ({ ...r, seconds: 0 });
  assert.deepEqual(strip(a), strip(b));
  assert.notEqual(a.runs[0].final.train_loss, c.runs[0].final.train_loss);
  const bins = a.runs[0].details.reliability as { count: number; confidence: number; accuracy: number }[];
  assert.equal(bins.length, 15);
  assert.equal(bins.reduce((n, b) => n + b.count, 0), a.runs[0].recipe.val_rows);
  assert.equal(progress.length, 2);
  assert.deepEqual(progress.map((p) => p.epoch), [1, 2]);
  assert.equal(progress[1].train_loss, a.runs[0].history.train_loss[1]);
  assert.deepEqual(structuredClone(progress), progress);
  assert.deepEqual(structuredClone(a), a);
});

test('cancellation is prompt and rejects with AbortError', async () => {
  const ac = new AbortController();
  let epochs = 0;
  await assert.rejects(
    runScenario('mini-project', { seed: 1, signal: ac.signal, onProgress: () => { epochs++; if (epochs === 2) ac.abort(); } }),
    (e: Error) => e.name === 'AbortError',
  );
  assert.equal(epochs, 2, 'no epoch finishes after the abort');
  // An abort from outside (a timer) lands while training: the runner yields to the event loop inside
  // an epoch, so the epoch in flight does not finish either. (Behaviour, not wall time: the tests run
  // on loaded machines; the speed of cancellation is measured by npm run bench.)
  const ac2 = new AbortController();
  let epochs2 = 0;
  let atAbort = -1;
  setTimeout(() => { atAbort = epochs2; ac2.abort(); }, 30);
  await assert.rejects(runScenario('mini-project', { seed: 1, signal: ac2.signal, onProgress: () => { epochs2++; } }), (e: Error) => e.name === 'AbortError');
  assert.ok(atAbort >= 0, 'the timer fired while the scenario ran: the runner yielded to the event loop');
  assert.equal(epochs2, atAbort, 'no epoch finished after the abort');
  const ac3 = new AbortController();
  ac3.abort();
  await assert.rejects(runScenario('news', { signal: ac3.signal }), (e: Error) => e.name === 'AbortError');
  await assert.rejects(runScenario('nope'), /unknown scenario/);
  await assert.rejects(runScenario('news', { epochs: 0 }), /epochs/);
});
