/**
 * A language-model loss case as a user dumps it, for the `inspect-lm-*` workloads: `case.json`
 * (CrossEntropyLoss without ignore_index, meta.pad_token_id 0) pointing at `logits.npy` (rows, V)
 * float32 and `target.npy` (rows,) int64. Rows come in sequences of 256 tokens, each right-padded
 * with token 0 after a length between 40 % and 100 % (so `missing-ignore-index` has something to
 * find). Logits: a Zipf-like log-prior over the vocabulary, bell-shaped noise, and a margin on the
 * target token (a partly trained model). Written row block by row block, so a 4 GB file never
 * needs 4 GB of memory here.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeNpy } from './files';

export const LM_SEQ = 256;

function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  return out;
}

/** Writes case.json, logits.npy and target.npy into `dir`; returns the case path and the logits' byte size. */
export function writeLmCase(dir: string, rows: number, V: number, seed = 20261202): { casePath: string; logitsBytes: number; padRows: number } {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const target = new BigInt64Array(rows);
  let padRows = 0;
  for (let start = 0; start < rows; start += LM_SEQ) {
    const len = Math.max(1, Math.round(LM_SEQ * (0.4 + 0.6 * u())));
    for (let i = start; i < Math.min(rows, start + LM_SEQ); i++) {
      if (i - start < len) target[i] = BigInt(1 + Math.min(V - 2, Math.floor(Math.pow(V, u())) - 1));
      else { target[i] = 0n; padRows++; }
    }
  }
  writeNpy(join(dir, 'target.npy'), target, [rows]);
  const prior = new Float32Array(V);
  for (let c = 0; c < V; c++) prior[c] = -0.6 * Math.log(c + 2);
  const fd = openSync(join(dir, 'logits.npy'), 'w');
  try {
    writeSync(fd, npyHeader('<f4', [rows, V]));
    const block = Math.max(1, Math.floor((16 << 20) / (4 * V)));
    const buf = new Float32Array(block * V);
    const k = 1.2 * Math.sqrt(6);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const n = Math.min(block, rows - r0);
      for (let i = 0; i < n; i++) {
        const off = i * V;
        for (let c = 0; c < V; c++) buf[off + c] = prior[c] + (u() + u() - 1) * k;
        buf[off + Number(target[r0 + i])] += 4;
      }
      writeSync(fd, new Uint8Array(buf.buffer, 0, n * V * 4));
    }
  } finally {
    closeSync(fd);
  }
  const casePath = join(dir, 'case.json');
  writeFileSync(casePath, JSON.stringify({
    loss: { type: 'CrossEntropyLoss' },
    input: { npy: 'logits.npy' },
    target: { npy: 'target.npy' },
    meta: { pad_token_id: 0 },
  }) + '\n');
  return { casePath, logitsBytes: rows * V * 4, padRows };
}
