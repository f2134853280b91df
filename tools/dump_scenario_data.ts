/**
 * Writes the data and recipe of the lesson scenarios, for seeds 42 and 0–4, as one JSON file that
 * tools/scenario_directions_torch.py trains in PyTorch (same rows, same recipe; torch's own
 * initialisation and batch order), to check that each scenario's story is not an artefact of our
 * engine.
 *
 *   node --import tsx tools/dump_scenario_data.ts OUT.json [SEEDS]      (SEEDS default 42,0,1,2,3,4)
 */
import { writeFileSync } from 'node:fs';
import type { Dataset } from '../src/engine/data/loader';
import { lossConfig } from '../src/scenarios/train';
import { scenarioRunSpecs } from '../src/scenarios/index';

const IDS = ['multiclass-imbalance', 'smoothing-noisy-labels', 'rare-class-smoothing', 'threshold-tuning', 'accuracy-trap', 'outliers-mse-vs-huber', 'bce-on-saturated-sigmoid'];

const out = process.argv[2];
if (!out) throw new Error('usage: dump_scenario_data.ts OUT.json [SEEDS]');
const seeds = (process.argv[3] ?? '42,0,1,2,3,4').split(',').map(Number);
const scenarios = [];
for (const id of IDS) {
  for (const seed of seeds) {
    // Runs of a scenario share their data sets: each is written once and referred to by index.
    const sets: unknown[] = [];
    const index = new Map<Dataset, number>();
    const data = (d: Dataset | undefined): number | null => {
      if (!d) return null;
      if (!index.has(d)) {
        index.set(d, sets.length);
        sets.push({ x: Array.from(d.x), y: Array.from(d.y), n: d.n, x_cols: d.xCols, y_cols: d.yCols });
      }
      return index.get(d)!;
    };
    const runs = scenarioRunSpecs(id, seed).map((r) => ({
      name: r.name, task: r.task, sizes: r.sizes, head: r.head ?? null, loss: lossConfig(r.loss), epochs: r.epochs,
      batch_size: r.batchSize, shuffle: r.shuffle ?? true, lr: r.lr ?? 1e-3, weight_decay: r.weightDecay ?? 0.01,
      sample_weights: r.sampleWeights ? Array.from(r.sampleWeights) : null, saturation: r.saturation ?? false,
      train: data(r.train), val: data(r.val), test: data(r.test),
    }));
    scenarios.push({ id, seed, runs, data: sets });
  }
}
writeFileSync(out, JSON.stringify({ scenarios }));
console.log(`wrote ${scenarios.length} scenario×seed entries to ${out}`);
