/**
 * bench `load-json`: the (40, 30522) ce data as a nested-JSON loss case read by loadCaseFile, vs
 * readFileSync + JSON.parse + flatten.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CE_K, CE_N, ce } from '../loss-workloads';
import { unavailable, type Variant, type Workload } from '../harness';

export const loadJson: Workload = {
  id: 'load-json', title: '(40, 30522) floats from a nested-JSON loss case (~25 MB)', goal: '≥ 2.5× faster than read + JSON.parse + flatten',
  async prepare(dir) {
    const { x, t } = ce();
    const rows: string[] = [];
    for (let i = 0; i < CE_N; i++) rows.push('[' + Array.from(x.subarray(i * CE_K, (i + 1) * CE_K), String).join(', ') + ']');
    const text = `{"loss": {"type": "CrossEntropyLoss"},\n "input": [${rows.join(',\n  ')}],\n "target": [${Array.from(t).join(', ')}]}\n`;
    const file = join(dir, 'case.json');
    writeFileSync(file, text);
    const baseline = (): Float64Array => {
      const obj = JSON.parse(readFileSync(file, 'utf8')) as { input: number[][] };
      const out = new Float64Array(CE_N * CE_K);
      let p = 0;
      for (const row of obj.input) for (const v of row) out[p++] = v;
      return out;
    };
    const ours: Variant[] = [];
    try {
      const { loadCaseFile } = await import('../../src/io/case');
      loadCaseFile(file);
      ours.push({ id: 'load-json', run: () => loadCaseFile(file), note: `io loadCaseFile; file ${(text.length / 1e6).toFixed(1)} MB` });
    } catch (e) {
      ours.push(unavailable('load-json', e));
    }
    return { ours, baselines: [{ key: 'json_parse', run: baseline }] };
  },
};
