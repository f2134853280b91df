/**
 * Ad-hoc timing of the loss-case parser against readFileSync + JSON.parse + flatten.
 * Usage: node --import tsx bench/io-parse.ts [file.json]  (default: generates a (40, 30522) case in /tmp)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { JsonParser } from '../src/io/json';

const file = process.argv[2] ?? '/tmp/lossdbg-bench-40x30522.json';
if (!existsSync(file)) {
  const rows: string[] = [];
  const f32 = new Float32Array(1);
  for (let r = 0; r < 40; r++) {
    const vals: string[] = [];
    for (let c = 0; c < 30522; c++) { f32[0] = (Math.random() * 2 - 1) * 3; vals.push(String(f32[0])); }
    rows.push(`[${vals.join(', ')}]`);
  }
  writeFileSync(file, `{"loss": "CrossEntropyLoss", "input": [${rows.join(', ')}], "target": [${Array.from({ length: 40 }, (_, i) => i).join(', ')}]}`);
}

function flatten(x: unknown, out: number[]): void {
  if (Array.isArray(x)) for (const y of x) flatten(y, out); else out.push(x as number);
}

const ours: number[] = [];
const base: number[] = [];
const oursCpu: number[] = [];
const baseCpu: number[] = [];
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
for (let round = 0; round < 7; round++) {
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const buf = readFileSync(file);
  const p = new JsonParser(buf, file);
  const r = p.parseDocument({ pack: (path) => path === 'input' || path === 'target' });
  ours.push(performance.now() - t0);
  oursCpu.push(cpuMs(process.cpuUsage(c0)));
  c0 = process.cpuUsage();
  t0 = performance.now();
  const j = JSON.parse(readFileSync(file, 'utf8')) as { input: unknown };
  const flat: number[] = [];
  flatten(j.input, flat);
  const f = Float64Array.from(flat);
  base.push(performance.now() - t0);
  baseCpu.push(cpuMs(process.cpuUsage(c0)));
  if (round === 0) {
    const mine = (r.value as unknown as { input: { data: Float64Array } }).input.data;
    let bad = 0;
    for (let i = 0; i < f.length; i++) if (!Object.is(f[i], mine[i])) bad++;
    console.log(`values ${f.length}, mismatches vs JSON.parse: ${bad}`);
  }
}
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`ours (read + parse): median ${med(ours).toFixed(1)} ms   [${ours.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`readFileSync + JSON.parse + flatten: median ${med(base).toFixed(1)} ms   [${base.map((x) => x.toFixed(0)).join(', ')}]`);
// CPU time is steadier than wall time on a busy machine (GC threads count too)
console.log(`CPU time: ours ${med(oursCpu).toFixed(1)} ms, baseline ${med(baseCpu).toFixed(1)} ms, ratio ${(med(oursCpu) / med(baseCpu)).toFixed(2)} (goal ≥ 2.5× faster: ratio ≤ 0.40)`);
