/**
 * Case tables of the padding invariants (issue #20): padding-is-a-real-class, ignore-index-is-real-class,
 * and missing-ignore-index next to them (labels already padded with -100 while meta.pad_token_id is a
 * real class's id; a pad value that is a real class is the other rule's). Severities written
 * literally. NER-like batches: tags O=0 (most tokens), B-/I- tags in short runs, sentences of
 * varying length right-padded to the longest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable, mkCase, seeded } from '../harness';
import { tensor } from '../../../../src/engine/tensor';
import { paddingIsARealClass } from '../../../../src/diagnostics/rules/padding-is-a-real-class';
import { ignoreIndexIsRealClass } from '../../../../src/diagnostics/rules/ignore-index-is-real-class';
import { missingIgnoreIndex } from '../../../../src/diagnostics/rules/missing-ignore-index';
import { runDiagnostics } from '../../../../src/diagnostics/run';

const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];

/** One sentence of `n` tags: mostly O, entities B-x (I-x)?. */
function sentence(r: ReturnType<typeof seeded>, n: number): number[] {
  const s: number[] = [];
  while (s.length < n) {
    if (r.uniform() < 0.22 && s.length < n - 1) {
      const e = r.int(2);
      s.push(1 + 2 * e);
      if (r.uniform() < 0.5) s.push(2 + 2 * e);
    } else s.push(0);
  }
  return s.slice(0, n);
}

interface NerOpts {
  B?: number; L?: number; pad?: number; ignore?: number; seed?: number;
  /** Every sentence fills the row (no padding). */
  full?: boolean;
  meta?: Record<string, unknown>;
  /** Flatten to (B·L,) targets and (B·L, C) logits. */
  flat?: boolean;
  /** Shift real tags by 1 (0 is a dedicated pad label). */
  shift?: number;
}

function nerTargets(o: NerOpts): Float64Array {
  const B = o.B ?? 8, L = o.L ?? 24;
  const r = seeded(o.seed ?? 11);
  const t = new Float64Array(B * L);
  for (let b = 0; b < B; b++) {
    const n = o.full ? L : b === 0 ? L : 6 + r.int(L - 8);
    const s = sentence(r, n);
    for (let l = 0; l < L; l++) t[b * L + l] = l < n ? s[l] + (o.shift ?? 0) : o.pad ?? 0;
  }
  return t;
}

function nerCase(o: NerOpts) {
  const B = o.B ?? 8, L = o.L ?? 24, C = TAGS.length + (o.shift ?? 0);
  const t = nerTargets(o);
  const r = seeded((o.seed ?? 11) + 1);
  // (B, C, L) logits of a partly trained tagger: noise plus a margin on the true tag
  const x = new Float64Array(B * C * L);
  for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) for (let l = 0; l < L; l++) {
    const y = t[b * L + l];
    x[(b * C + c) * L + l] = r.normal() + (y === c ? 2 : 0);
  }
  const loss = { type: 'CrossEntropyLoss' as const, ignore_index: o.ignore ?? -100 };
  if (o.flat) {
    const xf = new Float64Array(B * L * C);
    for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) for (let l = 0; l < L; l++) xf[(b * L + l) * C + c] = x[(b * C + c) * L + l];
    return mkCase({ loss, input: tensor(xf, [B * L, C], 'float32'), target: tensor(t, [B * L], 'int64'), meta: o.meta ?? {} });
  }
  return mkCase({ loss, input: tensor(x, [B, C, L], 'float32'), target: tensor(t, [B, L], 'int64'), meta: o.meta ?? {} });
}

/** (N, C, H, W) segmentation: background 0 around an object of class 1 or 2; padded images get a 0 band at the right/bottom. */
function segCase(o: { pad?: number; ignore?: number; meta?: Record<string, unknown>; padBand?: boolean }) {
  const N = 3, C = 3, H = 10, W = 12;
  const r = seeded(31);
  const t = new Float64Array(N * H * W);
  for (let n = 0; n < N; n++) {
    const cy = 3 + r.int(4), cx = 3 + r.int(5), k = 1 + r.int(2);
    const w = o.padBand && n > 0 ? W - 2 - n : W, h = o.padBand && n > 0 ? H - n : H;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      let v = Math.abs(y - cy) <= 2 && Math.abs(x - cx) <= 3 ? k : 0;
      if (x >= w || y >= h) v = o.pad ?? 0;
      t[(n * H + y) * W + x] = v;
    }
  }
  const xs = new Float64Array(N * C * H * W);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) xs[(n * C + c) * H * W + i] = r.normal() + (t[n * H * W + i] === c ? 2 : 0);
  return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: o.ignore ?? 255 }, input: tensor(xs, [N, C, H, W], 'float32'), target: tensor(t, [N, H, W], 'int64'), meta: o.meta ?? {} });
}

const NAMES = { class_names: TAGS };

/** (B, L) token rows with (B, 12, L) logits, no meta. */
function seqs(rows: number[][]) {
  const B = rows.length, L = rows[0].length, V = 12;
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: B * V * L }, (_, i) => Math.sin(0.7 * i)), [B, V, L], 'float32'), target: tensor(Float64Array.from(rows.flat()), [B, L], 'int64') });
}
/** Four rows with one 0 inside each and 15 trailing zeros (the boundary rows of missing-ignore-index-guards). */
const INNER = [[1, 0, 2, 3, 4, 5, 6, 0, 0, 0], [3, 4, 0, 5, 6, 7, 0, 0, 0, 0], [5, 6, 7, 0, 8, 9, 0, 0, 0, 0], [1, 2, 3, 4, 0, 5, 0, 0, 0, 0]];

ruleTable(paddingIsARealClass, {
  severity: 'warning',
  fires: [
    {
      name: 'NER labels padded with 0 = "O", no meta: trailing runs longer than any O run inside',
      case: nerCase({}),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.padValue, 0);
        assert.equal(f.evidence.source, 'trailing runs');
        assert.equal(f.evidence.realBy, 'inside sequences');
        assert.ok((f.evidence.insideCount as number) > 0);
        assert.ok((f.evidence.rowsLongTrail as number) >= 2);
        assert.equal(typeof f.evidence.lossWithoutPadding, 'number');
        assert.notEqual(f.evidence.lossWithPadding, f.evidence.lossWithoutPadding);
        assert.match(f.message, /ignore_index=0 is not the fix/);
        assert.match(f.fix, /masked_fill\(attention_mask == 0, -100\)/);
        assert.equal(f.edit, undefined);
      },
    },
    {
      name: 'meta.pad_token_id = 0 and class_names[0] = "O"',
      case: nerCase({ meta: { pad_token_id: 0, ...NAMES } }),
      expect: { evidence: { source: 'meta.pad_token_id', realBy: 'class name', className: 'O' } },
    },
    {
      name: 'segmentation masks padded with background 0, declared by meta.pad_value',
      case: segCase({ padBand: true, meta: { pad_value: 0 } }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.source, 'meta.pad_value');
        assert.equal(f.evidence.realBy, 'inside sequences');
        assert.equal(f.evidence.lossWithoutPadding, null);
      },
    },
    {
      name: 'flattened (B·L,) NER targets with meta.pad_token_id = 0 and class_names',
      case: nerCase({ flat: true, meta: { pad_token_id: 0, ...NAMES } }),
      expect: { evidence: { realBy: 'class name', className: 'O', flattenedRowLength: 24, rows: 8 } },
    },
    {
      // 16 trailing and 5 inside: 16 / 21 = 0.76 < maxTrailingShare 0.8 (missing-ignore-index is silent on it)
      name: 'pad value inside rows, 76 % of its occurrences trailing',
      case: seqs([...INNER, [1, 2, 0, 4, 5, 6, 7, 8, 9, 0]]),
      expect: { evidence: { realBy: 'inside sequences', insideCount: 5, rows: 5 } },
    },
  ],
  silent: [
    // 16 trailing and 4 inside: exactly 0.8: stray tokens sharing the pad id; missing-ignore-index reports the padding
    { name: 'pad value inside rows, exactly 80 % of its occurrences trailing', case: seqs([...INNER, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]]) },
    { name: 'unpadded sentences: "O" ends rows in runs like its runs inside them', case: nerCase({ full: true }) },
    { name: 'unpadded sentences with meta.pad_token_id = 0 and class names', case: nerCase({ full: true, meta: { pad_token_id: 0, ...NAMES } }) },
    { name: 'flattened unpadded sentences with meta.pad_token_id = 0 and class names', case: nerCase({ full: true, flat: true, meta: { pad_token_id: 0, ...NAMES } }) },
    ...[1, 2, 3, 4, 5].map((seed) => ({ name: `flattened running text (seed ${seed}), O runs only, meta.pad_token_id = 0`, case: nerCase({ full: true, flat: true, seed, B: 12, L: 16, meta: { pad_token_id: 0, ...NAMES } }) })),
    { name: 'labels padded with -100 while meta.pad_token_id = 0 = "O"', case: nerCase({ pad: -100, meta: { pad_token_id: 0, ...NAMES } }) },
    { name: 'flattened labels padded with -100 while meta.pad_token_id = 0', case: nerCase({ pad: -100, flat: true, meta: { pad_token_id: 0, ...NAMES } }) },
    { name: 'dedicated pad label 0 ("PAD"), real tags from 1', case: nerCase({ shift: 1, meta: { class_names: ['PAD', ...TAGS] } }) },
    { name: 'dedicated pad label 0 without names: 0 never occurs inside a sentence', case: nerCase({ shift: 1 }) },
    {
      name: 'a block of padding at a fixed place (text then image tokens): ends at one position',
      case: () => {
        const B = 6, T = 10, I = 8, V = 30;
        const r = seeded(3);
        const t = new Float64Array(B * (T + I));
        for (let b = 0; b < B; b++) {
          const n = 3 + r.int(T - 4);
          for (let l = 0; l < T; l++) t[b * (T + I) + l] = l < n ? 1 + r.int(19) : 0;
          for (let l = 0; l < I; l++) t[b * (T + I) + T + l] = 20 + r.int(V - 20);
        }
        return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: B * V * (T + I) }, () => r.normal()), [B, V, T + I]), target: tensor(t, [B, T + I], 'int64'), meta: { pad_token_id: 0 } });
      },
    },
    { name: 'segmentation without meta: background is not padding', case: segCase({ padBand: true }) },
    { name: 'segmentation padded with the ignore value 255', case: segCase({ padBand: true, pad: 255, meta: { pad_value: 255 } }) },
    { name: 'ignore_index already the pad value', case: nerCase({ ignore: 0 }) },
  ],
});

ruleTable(ignoreIndexIsRealClass, {
  severity: 'warning',
  fires: [
    {
      name: 'ignore_index = pad label id = id of "O"',
      case: nerCase({ ignore: 0, meta: NAMES }),
      expect: (f) => {
        assert.equal(f.severity, 'warning');
        assert.equal(f.evidence.ignoreIndex, 0);
        assert.equal(f.evidence.className, 'O');
        assert.ok((f.evidence.realLabelsIgnored as number) > 0);
        assert.ok((f.evidence.paddingIgnored as number) > 0);
        assert.equal(typeof f.evidence.lossCountingClass, 'number');
        assert.notEqual(f.evidence.lossNow, f.evidence.lossCountingClass);
        assert.match(f.fix, /-100/);
      },
    },
    {
      name: 'unpadded tagger batch, ignore_index = a named tag',
      case: nerCase({ ignore: 0, full: true, meta: NAMES }),
      expect: { evidence: { paddingIgnored: 0 } },
    },
    {
      name: 'flattened (B·L,) tags (view(-1)), ignore_index = the id of "O"',
      case: nerCase({ ignore: 0, flat: true, meta: NAMES }),
      expect: (f) => {
        assert.equal(f.evidence.realLabelsIgnored, null);
        assert.ok((f.evidence.ignoredRuns as number) >= 2);
        assert.match(f.message, /never trained to predict 'O'/);
      },
    },
  ],
  silent: [
    { name: 'ignore_index = 0 = a dedicated "PAD" label', case: nerCase({ shift: 1, ignore: 0, meta: { class_names: ['PAD', ...TAGS] } }) },
    { name: 'no class names (masked-LM labels look alike)', case: nerCase({ ignore: 0 }) },
    { name: 'ignore_index -100', case: nerCase({ pad: -100, meta: NAMES }) },
    { name: 'segmentation ignoring the background on purpose (regions)', case: segCase({ ignore: 0, meta: { class_names: ['background', 'cat', 'dog'] } }) },
    {
      name: 'flattened segmentation, ignore_index = background by name (regions: deliberate)',
      case: () => {
        const c = segCase({ ignore: 0, meta: { class_names: ['background', 'cat', 'dog'] } });
        const [N, C, H, W] = c.input.shape;
        const x = new Float64Array(N * H * W * C);
        for (let n = 0; n < N; n++) for (let k = 0; k < C; k++) for (let i = 0; i < H * W; i++) x[(n * H * W + i) * C + k] = c.input.data[(n * C + k) * H * W + i];
        return mkCase({ loss: { type: 'CrossEntropyLoss', ignore_index: 0 }, input: tensor(x, [N * H * W, C], 'float32'), target: tensor(Float64Array.from(c.target.data), [N * H * W], 'int64'), meta: c.meta });
      },
    },
  ],
});

/** Text tokens padded with `pad` to T, then I image tokens (ids >= 20): DALL-E's labels. */
function textImage(o: { B?: number; T?: number; pad?: number; fixedLength?: boolean; seed?: number } = {}) {
  const B = o.B ?? 6, T = o.T ?? 10, I = 8, V = 30;
  const r = seeded(o.seed ?? 3);
  const t = new Float64Array(B * (T + I));
  for (let b = 0; b < B; b++) {
    const n = o.fixedLength ? T - 3 : 3 + r.int(T - 4);
    for (let l = 0; l < T; l++) t[b * (T + I) + l] = l < n ? 1 + r.int(19) : o.pad ?? 0;
    for (let l = 0; l < I; l++) t[b * (T + I) + T + l] = 20 + r.int(V - 20);
  }
  return mkCase({ loss: 'CrossEntropyLoss', input: tensor(Float64Array.from({ length: B * V * (T + I) }, () => r.normal()), [B, V, T + I]), target: tensor(t, [B, T + I], 'int64') });
}

ruleTable(missingIgnoreIndex, {
  severity: 'warning',
  fires: [
    {
      name: 'a fixed-length text segment padded with 0 before the image tokens (no row ends with the pad)',
      case: textImage(),
      expect: (f) => {
        assert.equal(f.evidence.source, 'segment padding');
        assert.equal(f.evidence.segmentEnd, 9);
        assert.equal(f.evidence.padValue, 0);
        assert.notEqual(f.evidence.lossWithPadding, f.evidence.lossWithoutPadding);
      },
    },
    {
      name: 'dedicated pad label 0 ("PAD") counted in the loss',
      case: nerCase({ shift: 1, meta: { class_names: ['PAD', ...TAGS] } }),
      expect: { evidence: { padValue: 0, source: 'trailing runs' } },
    },
  ],
  silent: [
    { name: 'NER labels padded with -100, meta.pad_token_id = 0 (the id of "O")', case: nerCase({ pad: -100, meta: { pad_token_id: 0 } }) },
    { name: 'flattened NER labels padded with -100, meta.pad_token_id = 0', case: nerCase({ pad: -100, flat: true, meta: { pad_token_id: 0 } }) },
    { name: 'pad value 0 is also "O": padding-is-a-real-class reports it', case: nerCase({ meta: { pad_token_id: 0, ...NAMES } }) },
    { name: 'segment runs of one length only (every text 7 tokens): a fixed token block, not padding', case: textImage({ fixedLength: true }) },
    { name: 'three rows (below minRows 4) with a padded segment', case: textImage({ B: 3 }) },
  ],
});

test('missing-ignore-index and padding-is-a-real-class never fire together', () => {
  const cases = [nerCase({}), nerCase({ meta: { pad_token_id: 0, ...NAMES } }), nerCase({ shift: 1 }), nerCase({ flat: true, meta: { pad_token_id: 0, ...NAMES } })];
  let real = 0, pad = 0;
  for (const c of cases) {
    const fired = runDiagnostics(c).findings.map((f) => f.rule);
    assert.ok(!(fired.includes('missing-ignore-index') && fired.includes('padding-is-a-real-class')), fired.join(', '));
    if (fired.includes('padding-is-a-real-class')) real++;
    if (fired.includes('missing-ignore-index')) pad++;
  }
  assert.equal(real, 3);
  assert.equal(pad, 1);
});
