/**
 * Our WebAssembly SIMD kernels, written with the tiny assembler in ./asm.ts and assembled at load.
 *
 * Functions (all pointers are byte offsets into the module's own exported memory):
 * - `gemm_f32(pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, ldcBytes)`: C = A·B in float32.
 *   A's element (i, k) is at pA + i·sa + k·sk (bytes: row-major A or its transpose without copying);
 *   B comes in panels of 8 columns: panel p, row k at pB + p·sbp + k·sbk (a packed [nPanels][K][8]
 *   layout, or a row-major K×N matrix read in place with sbk = row bytes, sbp = 32). Each 4×8 tile of
 *   C (row stride ldcBytes) is overwritten; 8 f32x4 accumulators.
 * - `gemm_f64(…)`: the same in float64 with f64x2 lanes and 4×4 tiles (panels of 4 columns).
 * - `row_stats(px, n, pout)`: over n (a multiple of 4) float32 values: lane-wise max (f32x4 at pout)
 *   and the sum in float64 (two f64x2 at pout+16, pout+32).
 * - `row_stats_w(px, pw, n, pout)`: as row_stats, plus Σ w·x in float64 (f64x2 at pout+48, pout+64).
 * - `exp_sum(px, n, m) -> f64`: x ← exp(x − m) in place (float32, ~2 ulp near 1; 0 below e^−87.7), returns Σ
 *   accumulated in float64. n must be a multiple of 8. Needs x ≤ m (m is the row max) and m finite.
 * - `scale_sub(px, n, a, b)`: x ← x·a − b. `scale_sub_w(px, pw, n, a, b)`: x ← x·a − b·w.
 * - `bce_pass(pz, py, pl, pg, n, pw, gscale) -> f64`: BCEWithLogits (scalar pos_weight) loss terms to pl,
 *   scaled gradient to pg, Σ loss returned (see bcePass).
 * - `adamw_f32` / `adamw_f64(pd, pg, pm, pv, n, decay, stepSize, invBc2s, eps)`: an AdamW update in place.
 * - `row_max_f32` / `row_max_f64(px, n, pmin) -> f64`: the max of n (a multiple of 4) values, NaN ignored;
 *   their min stored as f64 at pmin.
 * - `exp_sum64_f32` / `exp_sum64_f64(pin, pout, n, m) -> f64`: e = exp(x − m) in float64 for n (a multiple
 *   of 4) float32 / float64 values x ≤ m, written as float64 to pout; returns Σ e. Needs the 64-entry
 *   table 2^(j/64) (EXP2_TABLE) at byte 0 of the memory (see expSum64). `exp_sum64n_f32` /
 *   `exp_sum64n_f64`: the same bits, faster, for rows whose x − m are all NaN or ≥ −707.
 * - `scale_f64(px, n, a)`: x ← x·a in place (n float64 values, a multiple of 2).
 * - `adamw_f64_exact(pd, pg, pm, pv, n, decay, negStep, bc2Sqrt, eps, beta1, a1, beta2, a2)`: the
 *   float64 AdamW update of optim/optimizers.ts with the same operations in the same order (so the same
 *   bits): m ← m·β1 + g·a1; v ← v·β2 + g·g·a2; d ← d·decay + negStep·(m / (√v / bc2Sqrt + eps)).
 *   n a multiple of 2.
 * - `pack_bt_f64(pSrc, N, K, pDst)` / `pack_bt_f32`: B given transposed (N×K row-major at pSrc) packed into
 *   the panels gemm_f64 / gemm_f32 read (panel p, row k, lane c = B[p·w + c][k]; w = 4 / 8), zero past N.
 * - `relu_f64` / `relu_f32(px, py, n)`: y = (x + |x|)·0.5; `relu_grad_f64` / `relu_grad_f32(px, pdy, pdx, n)`:
 *   dx = dy·(x > 0 ? 1 : 0), the JS loops of nn/modules.ts ReLU on lanes. n a multiple of the lanes.
 * - `add_rows_f64` / `add_rows_f32(pC, rows, n, pb)`: C[i][j] += b[j] for a rows×n row-major C, n a
 *   multiple of the lanes.
 * - `col_sums_f64(pA, rows, n, pOut)`: out[j] = Σ_i A[i][j] for a rows×n row-major A, each column summed
 *   from 0 in row order (nn/matmul.ts `colSums`); n even.
 * - `col_sums_f32(pA, rows, n, pOut)`: the same for float32 A, summed in float64 and rounded once; n a
 *   multiple of 4.
 * - `f32_to_f64(ps, pd, n)`: n (a multiple of 4) float32 values at ps widened to float64 at pd.
 * - `summary_f32(px, n, pout)`: over n (a multiple of 4) float32 values, lane-wise: min and max of the
 *   finite values (f32x4 at pout, pout+16), Σ and Σ² of the finite values in float64 (f64x2 at pout+32,
 *   +48 and pout+64, +80), and counts (i32x4 at pout+96, +112, +128, +144, +160) of NaN, +Infinity,
 *   −Infinity, finite negatives and values in [0, 1]. Accumulates onto what is at pout (the caller
 *   zeroes it / sets min +Infinity, max −Infinity first), so a long tensor goes through in chunks.
 */
import { assemble, Code, F32, F64, I32, V128, type FuncDef } from './asm';
import { EXP64_CONSTANTS } from '../exp';

function gemm(name: string, f64: boolean): FuncDef {
  const c = new Code([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [pA, sa, sk, pB, sbk, sbp, pC, mBlocks, nPanels, K, ldc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const p = c.local(I32);
  const b = c.local(I32);
  const a = c.local(I32);
  const bb = c.local(I32);
  const kk = c.local(I32);
  const cp = c.local(I32);
  const sa2 = c.local(I32);
  const sa3 = c.local(I32);
  const acc = Array.from({ length: 8 }, () => c.local(V128));
  const av = c.local(V128);
  const b0 = c.local(V128);
  const b1 = c.local(V128);
  const splat = (): Code => (f64 ? c.load64Splat(0) : c.load32Splat(0));
  const fma = (i: number): void => {
    const bv = i % 2 === 0 ? b0 : b1;
    c.get(acc[i]).get(av).get(bv);
    if (f64) c.f64x2Mul().f64x2Add(); else c.f32x4Mul().f32x4Add();
    c.set(acc[i]);
  };
  c.get(sa).get(sa).i32Add().set(sa2);
  c.get(sa2).get(sa).i32Add().set(sa3);
  c.i32(0).set(p);
  c.block().loop(); // panels
  c.get(p).get(nPanels).i32LtU().i32Eqz().brIf(1);
  c.i32(0).set(b);
  c.block().loop(); // blocks of 4 rows
  c.get(b).get(mBlocks).i32LtU().i32Eqz().brIf(1);
  c.get(pA).get(b).get(sa).i32Mul().i32(2).i32Shl().i32Add().set(a); // row 4b
  c.get(pB).get(p).get(sbp).i32Mul().i32Add().set(bb);
  for (const r of acc) c.v128Const(new Array<number>(16).fill(0)).set(r);
  c.get(K).set(kk);
  c.loop(); // k
  c.get(bb).v128Load(0).set(b0);
  c.get(bb).v128Load(16).set(b1);
  const rowOff = [-1, sa, sa2, sa3];
  for (let r = 0; r < 4; r++) {
    c.get(a);
    if (r > 0) c.get(rowOff[r]).i32Add();
    splat().set(av);
    fma(2 * r);
    fma(2 * r + 1);
  }
  c.get(a).get(sk).i32Add().set(a);
  c.get(bb).get(sbk).i32Add().set(bb);
  c.get(kk).i32(1).i32Sub().tee(kk).brIf(0);
  c.end();
  // store the tile: rows 4b..4b+3, columns of panel p
  c.get(pC).get(b).i32(4).i32Mul().get(ldc).i32Mul().i32Add().get(p).i32(32).i32Mul().i32Add().set(cp);
  for (let r = 0; r < 4; r++) {
    c.get(cp).get(acc[2 * r]).v128Store(0);
    c.get(cp).get(acc[2 * r + 1]).v128Store(16);
    if (r < 3) c.get(cp).get(ldc).i32Add().set(cp);
  }
  c.get(b).i32(1).i32Add().set(b).br(0);
  c.end().end();
  c.get(p).i32(1).i32Add().set(p).br(0);
  c.end().end();
  return { name, code: c };
}

const HI_TO_LO = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** Adds promote(low half of v) to s0 and promote(high half) to s1. */
function addPromoted(c: Code, v: number, s0: number, s1: number): void {
  c.get(s0).get(v).f64x2PromoteLowF32x4().f64x2Add().set(s0);
  c.get(s1).get(v).get(v).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().f64x2Add().set(s1);
}

function rowStats(withW: boolean): FuncDef {
  const c = withW ? new Code([I32, I32, I32, I32]) : new Code([I32, I32, I32]);
  const px = 0;
  const pw = withW ? 1 : -1;
  const n = withW ? 2 : 1;
  const pout = withW ? 3 : 2;
  const end = c.local(I32);
  const mx = c.local(V128);
  const x = c.local(V128);
  const s0 = c.local(V128);
  const s1 = c.local(V128);
  const w0 = c.local(V128);
  const w1 = c.local(V128);
  const w = c.local(V128);
  c.get(px).get(n).i32(4).i32Mul().i32Add().set(end);
  c.f32x4Const(-Infinity).set(mx);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(px).v128Load(0).set(x);
  c.get(mx).get(x).f32x4Pmax().set(mx); // NaN shows up in the sum instead
  addPromoted(c, x, s0, s1);
  if (withW) {
    c.get(pw).v128Load(0).set(w);
    c.get(w0).get(x).f64x2PromoteLowF32x4().get(w).f64x2PromoteLowF32x4().f64x2Mul().f64x2Add().set(w0);
    c.get(w1).get(x).get(x).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4()
      .get(w).get(w).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().f64x2Mul().f64x2Add().set(w1);
    c.get(pw).i32(16).i32Add().set(pw);
  }
  c.get(px).i32(16).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  c.get(pout).get(mx).v128Store(0);
  c.get(pout).get(s0).v128Store(16);
  c.get(pout).get(s1).v128Store(32);
  if (withW) {
    c.get(pout).get(w0).v128Store(48);
    c.get(pout).get(w1).v128Store(64);
  }
  return { name: withW ? 'row_stats_w' : 'row_stats', code: c };
}

/**
 * exp_sum(px, n, m): x ← exp(x − m) in place, returning Σ in float64; two vectors per iteration.
 * exp(d) = 2^t with t = d·log2 e, clamped at −127; k = round(t) by the magic-number trick
 * (t + 1.5·2^23 rounds to an integer held in the low mantissa bits), f = t − k in [−½, ½],
 * 2^f by a degree-6 polynomial (near-minimax, relative error 1.9e-9, ~1e-7 after float32 evaluation),
 * and 2^k by building the exponent bits: (bits(t + MAGIC) + 127) << 23 (the constant's own bits shift
 * out). k = −127 gives exponent bits 0, i.e. exactly +0: results below ~2^−126.5 (d < −87.7) are
 * flushed to 0, and d = −Infinity gives 0.
 * Accuracy: relative error ≈ 1e-7 + |t|·6e-8 (the rounding of d·log2 e), so it grows for tiny results;
 * the absolute error of a softmax entry p = e/Σ stays below ~3e-8·p·|log p| ≤ 1.1e-8.
 */
const LOG2E = Math.LOG2E;
const MAGIC = 12582912; // 1.5·2^23
const T_LOW = -127;
const P2 = [1.0, 0.6931471824645996, 0.24022646248340607, 0.05550329014658928, 0.009618489071726799, 0.0013399888994172215, 0.00015345703286584467];

function expSum(): FuncDef {
  const c = new Code([I32, I32, F32], [F64]);
  const [px, n, m] = [0, 1, 2];
  const end = c.local(I32);
  const mv = c.local(V128);
  const s0 = c.local(V128);
  const s1 = c.local(V128);
  // Constants live in locals: V8 does not hoist splats out of loops.
  const cst = (v: number): number => { const l = c.local(V128); c.f32x4Const(v).set(l); return l; };
  const kLow = cst(T_LOW), kLog2e = cst(LOG2E), kMagic = cst(MAGIC);
  const kP = P2.map(cst);
  const k127 = c.local(V128);
  c.i32(127).i32x4Splat().set(k127);
  const lanes = [0, 1].map(() => ({ t: c.local(V128), tk: c.local(V128), f: c.local(V128) }));
  const ea = c.local(V128);
  const eb = c.local(V128);
  c.get(px).get(n).i32(4).i32Mul().i32Add().set(end);
  c.get(m).f32x4Splat().set(mv);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  lanes.forEach((L, u) => {
    const e = u === 0 ? ea : eb;
    // t = max((x − m)·log2 e, −127); tk = t + MAGIC; f = t − (tk − MAGIC)
    c.get(px).v128Load(16 * u).get(mv).f32x4Sub().get(kLog2e).f32x4Mul().get(kLow).f32x4Pmax().tee(L.t)
      .get(kMagic).f32x4Add().set(L.tk);
    c.get(L.t).get(L.tk).get(kMagic).f32x4Sub().f32x4Sub().set(L.f);
    // 2^f (Horner) · 2^k
    c.get(kP[6]);
    for (let i = 5; i >= 0; i--) c.get(L.f).f32x4Mul().get(kP[i]).f32x4Add();
    c.get(L.tk).get(k127).i32x4Add().i32(23).i32x4Shl().f32x4Mul().set(e);
    c.get(px).get(e).v128Store(16 * u);
  });
  // Σ: pair in float32 (one rounding), then accumulate both halves in float64
  c.get(ea).get(eb).f32x4Add().set(ea);
  c.get(s0).get(ea).f64x2PromoteLowF32x4().f64x2Add().set(s0);
  c.get(s1).get(ea).get(ea).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().f64x2Add().set(s1);
  c.get(px).i32(32).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  c.get(s0).get(s1).f64x2Add().set(s0);
  c.get(s0).f64x2ExtractLane(0).get(s0).f64x2ExtractLane(1).f64Add();
  return { name: 'exp_sum', code: c };
}

/**
 * bce_pass(pz, py, pl, pg, n, pw, gscale) -> f64: BCEWithLogits with a scalar pos_weight over n
 * (a multiple of 4) float32 logits z and targets y. Writes ℓ = (1−y)·z + lw·softplus(−z) to pl and
 * ∂ℓ/∂z·gscale = ((1−y) − lw·σ(−z))·gscale to pg (lw = 1 + (pw−1)·y) and returns Σℓ in float64.
 * softplus(−z) = log1p(e) + max(−z, 0) with e = e^−|z| (the exp of exp_sum) and
 * log1p(e) = 2·atanh(e/(2+e)) by its series to s^11 (|s| <= 1/3); σ(−z) = (z >= 0 ? e : 1)/(1+e).
 * All in float32 (relative error of each term ~3e-7).
 */
function bcePass(): FuncDef {
  const c = new Code([I32, I32, I32, I32, I32, F32, F32], [F64]);
  const [pz, py, pl, pg, n, pw, gscale] = [0, 1, 2, 3, 4, 5, 6];
  const end = c.local(I32);
  const cst = (v: number): number => { const l = c.local(V128); c.f32x4Const(v).set(l); return l; };
  const kLow = cst(T_LOW), kLog2e = cst(LOG2E), kMagic = cst(MAGIC), kOne = cst(1), kTwo = cst(2), kZero = cst(0);
  const kP = P2.map(cst);
  const kS = [1 / 3, 1 / 5, 1 / 7, 1 / 9, 1 / 11].map(cst);
  const k127 = c.local(V128);
  c.i32(127).i32x4Splat().set(k127);
  const pwm1 = c.local(V128);
  c.get(pw).f32x4Splat().get(kOne).f32x4Sub().set(pwm1);
  const gs = c.local(V128);
  c.get(gscale).f32x4Splat().set(gs);
  const z = c.local(V128), y = c.local(V128), t = c.local(V128), tk = c.local(V128), f = c.local(V128), e = c.local(V128);
  const s = c.local(V128), s2 = c.local(V128), sp = c.local(V128), lw = c.local(V128), l = c.local(V128), omy = c.local(V128);
  const s0 = c.local(V128), s1 = c.local(V128);
  c.get(pz).get(n).i32(4).i32Mul().i32Add().set(end);
  c.block().get(pz).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(pz).v128Load(0).set(z);
  c.get(py).v128Load(0).set(y);
  // e = exp(−|z|)
  c.get(z).f32x4Abs().f32x4Neg().get(kLog2e).f32x4Mul().get(kLow).f32x4Pmax().tee(t).get(kMagic).f32x4Add().set(tk);
  c.get(t).get(tk).get(kMagic).f32x4Sub().f32x4Sub().set(f);
  c.get(kP[6]);
  for (let i = 5; i >= 0; i--) c.get(f).f32x4Mul().get(kP[i]).f32x4Add();
  c.get(tk).get(k127).i32x4Add().i32(23).i32x4Shl().f32x4Mul().set(e);
  // log1p(e) = 2s(1 + s²/3 + … + s^10/11), s = e/(2+e); softplus(−z) = log1p(e) + max(−z, 0)
  c.get(e).get(e).get(kTwo).f32x4Add().f32x4Div().tee(s).get(s).f32x4Mul().set(s2);
  c.get(kS[4]);
  for (let i = 3; i >= 0; i--) c.get(s2).f32x4Mul().get(kS[i]).f32x4Add();
  c.get(s2).f32x4Mul().get(kOne).f32x4Add().get(s).f32x4Mul().get(kTwo).f32x4Mul();
  c.get(z).f32x4Neg().get(kZero).f32x4Pmax().f32x4Add().set(sp);
  // lw = 1 + (pw − 1)·y; ℓ = (1 − y)·z + lw·sp
  c.get(y).get(pwm1).f32x4Mul().get(kOne).f32x4Add().set(lw);
  c.get(kOne).get(y).f32x4Sub().set(omy);
  c.get(omy).get(z).f32x4Mul().get(lw).get(sp).f32x4Mul().f32x4Add().set(l);
  c.get(pl).get(l).v128Store(0);
  c.get(s0).get(l).f64x2PromoteLowF32x4().f64x2Add().set(s0);
  c.get(s1).get(l).get(l).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().f64x2Add().set(s1);
  // grad = ((1 − y) − lw·σ(−z))·gscale, σ(−z) = (z >= 0 ? e : 1)/(1 + e)
  c.get(pg);
  c.get(omy).get(lw)
    .get(e).get(kOne).get(z).get(kZero).f32x4Ge().v128Bitselect()
    .get(e).get(kOne).f32x4Add().f32x4Div()
    .f32x4Mul().f32x4Sub().get(gs).f32x4Mul();
  c.v128Store(0);
  c.get(py).i32(16).i32Add().set(py);
  c.get(pl).i32(16).i32Add().set(pl);
  c.get(pg).i32(16).i32Add().set(pg);
  c.get(pz).i32(16).i32Add().tee(pz).get(end).i32LtU().brIf(0);
  c.end().end();
  c.get(s0).get(s1).f64x2Add().set(s0);
  c.get(s0).f64x2ExtractLane(0).get(s0).f64x2ExtractLane(1).f64Add();
  return { name: 'bce_pass', code: c };
}

/**
 * adamw_f32 / adamw_f64(pd, pg, pm, pv, n, decay, stepSize, invBc2s, eps): one AdamW update in place
 * over n parameters (n a multiple of 4 / 2), PyTorch's single-tensor formula with β = (0.9, 0.999):
 *   m ← 0.9·m + 0.1·g;  v ← 0.999·v + 0.001·g²;  d ← d·decay − stepSize·m / (√v·invBc2s + eps)
 */
function adamw(f64: boolean): FuncDef {
  const c = f64 ? new Code([I32, I32, I32, I32, I32, F64, F64, F64, F64]) : new Code([I32, I32, I32, I32, I32, F32, F32, F32, F32]);
  const [pd, pg, pm, pv, n, decay, stepSize, invBc, eps] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const end = c.local(I32);
  const splat = (i: number): number => { const l = c.local(V128); c.get(i); if (f64) c.f64x2Splat(); else c.f32x4Splat(); c.set(l); return l; };
  const cst = (v: number): number => { const l = c.local(V128); if (f64) c.f64x2Const(v); else c.f32x4Const(v); c.set(l); return l; };
  const kDecay = splat(decay), kStep = splat(stepSize), kInv = splat(invBc), kEps = splat(eps);
  const kB1 = cst(0.9), kB1c = cst(0.1), kB2 = cst(0.999), kB2c = cst(0.001);
  const g = c.local(V128), m = c.local(V128), v = c.local(V128);
  const add = (): Code => (f64 ? c.f64x2Add() : c.f32x4Add());
  const sub = (): Code => (f64 ? c.f64x2Sub() : c.f32x4Sub());
  const mul = (): Code => (f64 ? c.f64x2Mul() : c.f32x4Mul());
  const div = (): Code => (f64 ? c.f64x2Div() : c.f32x4Div());
  const sqrt = (): Code => (f64 ? c.f64x2Sqrt() : c.f32x4Sqrt());
  c.get(pd).get(n).i32(f64 ? 8 : 4).i32Mul().i32Add().set(end);
  c.block().get(pd).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(pg).v128Load(0).set(g);
  c.get(pm).v128Load(0).get(kB1); mul(); c.get(g).get(kB1c); mul(); add(); c.set(m);
  c.get(pv).v128Load(0).get(kB2); mul(); c.get(g).get(g); mul(); c.get(kB2c); mul(); add(); c.set(v);
  c.get(pm).get(m).v128Store(0);
  c.get(pv).get(v).v128Store(0);
  c.get(pd);
  c.get(pd).v128Load(0).get(kDecay); mul();
  c.get(kStep).get(m); mul(); c.get(v); sqrt(); c.get(kInv); mul(); c.get(kEps); add(); div();
  sub();
  c.v128Store(0);
  for (const ptr of [pg, pm, pv]) c.get(ptr).i32(16).i32Add().set(ptr);
  c.get(pd).i32(16).i32Add().tee(pd).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: f64 ? 'adamw_f64' : 'adamw_f32', code: c };
}

/**
 * row_max_f32 / row_max_f64(px, n, pmin) -> f64: lane-wise pmax, and pmin stored as f64 at pmin (a NaN
 * value never replaces the running max or min, as `if (v > m) m = v`).
 */
function rowMax(f32In: boolean): FuncDef {
  const c = new Code([I32, I32, I32], [F64]);
  const [px, n, pmin] = [0, 1, 2];
  const end = c.local(I32);
  const a0 = c.local(V128);
  const a1 = c.local(V128);
  const b0 = c.local(V128);
  const b1 = c.local(V128);
  const v = c.local(V128);
  c.get(px).get(n).i32(f32In ? 4 : 8).i32Mul().i32Add().set(end);
  if (f32In) c.f32x4Const(-Infinity).set(a0); else c.f64x2Const(-Infinity).set(a0);
  if (f32In) c.f32x4Const(Infinity).set(b0); else c.f64x2Const(Infinity).set(b0);
  c.get(a0).set(a1);
  c.get(b0).set(b1);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  if (f32In) {
    c.get(px).v128Load(0).set(v);
    c.get(a0).get(v).f32x4Pmax().set(a0);
    c.get(b0).get(v).f32x4Pmin().set(b0);
    c.get(px).i32(16).i32Add().set(px);
  } else {
    c.get(px).v128Load(0).set(v);
    c.get(a0).get(v).f64x2Pmax().set(a0);
    c.get(b0).get(v).f64x2Pmin().set(b0);
    c.get(px).v128Load(16).set(v);
    c.get(a1).get(v).f64x2Pmax().set(a1);
    c.get(b1).get(v).f64x2Pmin().set(b1);
    c.get(px).i32(32).i32Add().set(px);
  }
  c.get(px).get(end).i32LtU().brIf(0);
  c.end().end();
  if (f32In) {
    c.get(pmin);
    c.get(b0).f32x4ExtractLane(0).f64PromoteF32().get(b0).f32x4ExtractLane(1).f64PromoteF32().f64Min();
    c.get(b0).f32x4ExtractLane(2).f64PromoteF32().get(b0).f32x4ExtractLane(3).f64PromoteF32().f64Min().f64Min();
    c.f64Store(0);
    c.get(a0).f32x4ExtractLane(0).f64PromoteF32().get(a0).f32x4ExtractLane(1).f64PromoteF32().f64Max();
    c.get(a0).f32x4ExtractLane(2).f64PromoteF32().get(a0).f32x4ExtractLane(3).f64PromoteF32().f64Max().f64Max();
  } else {
    c.get(b0).get(b1).f64x2Pmin().set(b0);
    c.get(pmin).get(b0).f64x2ExtractLane(0).get(b0).f64x2ExtractLane(1).f64Min().f64Store(0);
    c.get(a0).get(a1).f64x2Pmax().set(a0);
    c.get(a0).f64x2ExtractLane(0).get(a0).f64x2ExtractLane(1).f64Max();
  }
  return { name: f32In ? 'row_max_f32' : 'row_max_f64', code: c };
}

/**
 * exp_sum64_f32 / exp_sum64_f64(pin, pout, n, m) -> f64: exp64 (../exp.ts) on f64x2 lanes, the same
 * operations in the same order (so the same bits for results above 2^−1022):
 *   d = max(x − m, −746); k = round(d·64/ln2) (by adding and subtracting 1.5·2^52, whose low 32 bits
 *   then hold k); r = (d − k·HI) − k·LO; exp(d) = 2^(k>>6) · T[k & 63] · (1 + p(r)).
 * 2^(k>>6) is applied as two exact factors 2^m1 · 2^m2 (m1 = m>>1, m2 = m − m1, both ≥ −539), so
 * subnormal results are rounded once, as a correctly rounded exp would, and d ≤ −746 gives 0.
 * T[j] = 2^(j/64) is read from byte 8j of memory (two scalar lane loads per vector).
 * NaN stays NaN (x − m with a NaN, or m = ±Infinity with x = m).
 *
 * exp_sum64n_f32 / exp_sum64n_f64: the same for rows whose every x − m is NaN or in [−707, 0] (the
 * caller checks the row's min): every result is then a normal number, so 2^(k>>6) is one exact factor,
 * built from k's bits with integer lane operations ((k & ~63) << 46, plus 1023 << 52), and there is
 * no clamp. Multiplying by a power of two is exact for a normal result, so the bits are those of the
 * two-factor form (and of exp64). About a fifth fewer operations per value.
 */
function expSum64(f32In: boolean, normalOnly: boolean): FuncDef {
  const c = new Code([I32, I32, I32, F64], [F64]);
  const [pin, pout, n, m] = [0, 1, 2, 3];
  const K = EXP64_CONSTANTS;
  const end = c.local(I32);
  const cst = (v: number): number => { const l = c.local(V128); c.f64x2Const(v).set(l); return l; };
  const kMin = cst(-746), kInv = cst(K.INV_L2_64), kShift = cst(K.SHIFTER), kHi = cst(K.L2_64_HI), kLo = cst(K.L2_64_LO);
  const kC = [K.C2, K.C3, K.C4, K.C5].map(cst);
  const k63 = c.local(V128);
  c.i32(63).i32x4Splat().set(k63);
  const k1023 = c.local(V128);
  c.i32(1023).i32x4Splat().set(k1023);
  // normalOnly: ~63 in the low word of each i64 lane (the high word all ones), and 1023 << 52 per lane
  const kNot63 = c.local(V128);
  c.v128Const([0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).set(kNot63);
  const kBias = c.local(V128);
  c.f64x2Const(1).set(kBias); // the bits of 1.0 are 1023 << 52
  const zero = c.local(V128); // locals start zeroed
  const mv = c.local(V128);
  c.get(m).f64x2Splat().set(mv);
  const acc = [c.local(V128), c.local(V128)];
  const xv = c.local(V128);
  const L = [0, 1].map(() => ({
    x: c.local(V128), d: c.local(V128), kb: c.local(V128), kf: c.local(V128), r: c.local(V128),
    off: c.local(V128), t: c.local(V128), me: c.local(V128), m1: c.local(V128), y: c.local(V128),
  }));
  // lanes 1 and 3 ← lanes 0 and 2 of b (the high words of two doubles), lanes 0 and 2 ← 0
  const TO_HIGH = [0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27];
  const pow2 = (e: number): void => { c.get(zero).get(e).get(k1023).i32x4Add().i32(20).i32x4Shl().i8x16Shuffle(TO_HIGH); };
  c.get(pin).get(n).i32(f32In ? 4 : 8).i32Mul().i32Add().set(end);
  c.block().get(pin).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  if (f32In) {
    c.get(pin).v128Load(0).set(xv);
    c.get(xv).f64x2PromoteLowF32x4().set(L[0].x);
    c.get(xv).get(xv).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().set(L[1].x);
  } else {
    c.get(pin).v128Load(0).set(L[0].x);
    c.get(pin).v128Load(16).set(L[1].x);
  }
  L.forEach((v, u) => {
    c.get(v.x).get(mv).f64x2Sub();
    if (!normalOnly) c.get(kMin).f64x2Pmax();
    c.set(v.d);
    c.get(v.d).get(kInv).f64x2Mul().get(kShift).f64x2Add().tee(v.kb).get(kShift).f64x2Sub().set(v.kf);
    c.get(v.d).get(v.kf).get(kHi).f64x2Mul().f64x2Sub().get(v.kf).get(kLo).f64x2Mul().f64x2Sub().set(v.r);
    // T[k & 63]: byte offsets in lanes 0 and 2
    c.get(v.kb).get(k63).v128And().i32(3).i32x4Shl().set(v.off);
    c.get(v.off).i32x4ExtractLane(0).load64Zero(0).set(v.t);
    c.get(v.off).i32x4ExtractLane(2).get(v.t).load64Lane(1, 0).set(v.t);
    // m = k >> 6, m1 = m >> 1 (m − m1 below)
    if (!normalOnly) c.get(v.kb).i32(6).i32x4ShrS().tee(v.me).i32(1).i32x4ShrS().set(v.m1);
    // p = r + r²·(C2 + r·(C3 + r·(C4 + r·C5))); y = (t + t·p)·2^m1·2^(m − m1)
    c.get(v.t).get(v.t);
    c.get(v.r);
    c.get(v.r).get(v.r).f64x2Mul();
    c.get(kC[3]).get(v.r).f64x2Mul().get(kC[2]).f64x2Add().get(v.r).f64x2Mul().get(kC[1]).f64x2Add().get(v.r).f64x2Mul().get(kC[0]).f64x2Add();
    c.f64x2Mul().f64x2Add(); // p
    c.f64x2Mul().f64x2Add(); // t + t·p
    if (normalOnly) {
      // 2^m = bits ((k & ~63) << 46) + (1023 << 52): k is in the low bits of kb's i64 lanes
      c.get(v.kb).get(kNot63).v128And().i32(46).i64x2Shl().get(kBias).i64x2Add();
      c.f64x2Mul().set(v.y);
    } else {
      pow2(v.m1);
      c.f64x2Mul();
      c.get(v.me).get(v.m1).i32x4Sub().set(v.me);
      pow2(v.me);
      c.f64x2Mul().set(v.y);
    }
    c.get(pout).get(v.y).v128Store(16 * u);
    c.get(acc[u]).get(v.y).f64x2Add().set(acc[u]);
  });
  c.get(pout).i32(32).i32Add().set(pout);
  c.get(pin).i32(f32In ? 16 : 32).i32Add().tee(pin).get(end).i32LtU().brIf(0);
  c.end().end();
  c.get(acc[0]).get(acc[1]).f64x2Add().set(acc[0]);
  c.get(acc[0]).f64x2ExtractLane(0).get(acc[0]).f64x2ExtractLane(1).f64Add();
  return { name: `exp_sum64${normalOnly ? 'n' : ''}_${f32In ? 'f32' : 'f64'}`, code: c };
}

/** scale_f64(px, n, a): x ← x·a for n (a multiple of 2) float64 values in place. */
function scaleF64(): FuncDef {
  const c = new Code([I32, I32, F64]);
  const [px, n, a] = [0, 1, 2];
  const end = c.local(I32);
  const av = c.local(V128);
  c.get(px).get(n).i32(8).i32Mul().i32Add().set(end);
  c.get(a).f64x2Splat().set(av);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(px).get(px).v128Load(0).get(av).f64x2Mul().v128Store(0);
  c.get(px).i32(16).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: 'scale_f64', code: c };
}

/** summary_f32(px, n, pout): see the header. One f32x4 per iteration; sums in two f64x2 halves. */
function summaryF32(): FuncDef {
  const c = new Code([I32, I32, I32]);
  const [px, n, pout] = [0, 1, 2];
  const end = c.local(I32);
  const acc = Array.from({ length: 11 }, () => c.local(V128));
  const [mn, mx, s0, s1, q0, q1, cNan, cPos, cNeg, cNegv, cUnit] = acc;
  const kInf = c.local(V128), kNegInf = c.local(V128), kZero = c.local(V128), kOne = c.local(V128);
  c.f32x4Const(Infinity).set(kInf);
  c.f32x4Const(-Infinity).set(kNegInf);
  c.f32x4Const(1).set(kOne);
  const v = c.local(V128), fin = c.local(V128), vz = c.local(V128), lo = c.local(V128), hi = c.local(V128);
  acc.forEach((a, i) => c.get(pout).v128Load(16 * i).set(a));
  c.get(px).get(n).i32(4).i32Mul().i32Add().set(end);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(px).v128Load(0).tee(v).f32x4Abs().get(kInf).f32x4Lt().set(fin); // finite lanes (NaN and ±Infinity are not)
  c.get(v).get(fin).v128And().set(vz);
  c.get(mn).get(v).get(kInf).get(fin).v128Bitselect().f32x4Pmin().set(mn);
  c.get(mx).get(v).get(kNegInf).get(fin).v128Bitselect().f32x4Pmax().set(mx);
  c.get(vz).f64x2PromoteLowF32x4().set(lo);
  c.get(vz).get(vz).i8x16Shuffle(HI_TO_LO).f64x2PromoteLowF32x4().set(hi);
  c.get(s0).get(lo).f64x2Add().set(s0);
  c.get(s1).get(hi).f64x2Add().set(s1);
  c.get(q0).get(lo).get(lo).f64x2Mul().f64x2Add().set(q0);
  c.get(q1).get(hi).get(hi).f64x2Mul().f64x2Add().set(q1);
  // counts: a true lane is −1, so subtracting the mask adds 1
  c.get(cNan).get(v).get(v).f32x4Ne().i32x4Sub().set(cNan);
  c.get(cPos).get(v).get(kInf).f32x4Eq().i32x4Sub().set(cPos);
  c.get(cNeg).get(v).get(kNegInf).f32x4Eq().i32x4Sub().set(cNeg);
  c.get(cNegv).get(v).get(kZero).f32x4Lt().get(fin).v128And().i32x4Sub().set(cNegv);
  c.get(cUnit).get(v).get(kZero).f32x4Ge().get(v).get(kOne).f32x4Le().v128And().i32x4Sub().set(cUnit);
  c.get(px).i32(16).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  acc.forEach((a, i) => c.get(pout).get(a).v128Store(16 * i));
  return { name: 'summary_f32', code: c };
}

/** adamw_f64_exact: see the header (optimizers.ts's float64 AdamW loop on f64x2 lanes). */
function adamwF64Exact(): FuncDef {
  const c = new Code([I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64]);
  const [pd, pg, pm, pv, n] = [0, 1, 2, 3, 4];
  const end = c.local(I32);
  const splat = (i: number): number => { const l = c.local(V128); c.get(i).f64x2Splat().set(l); return l; };
  const [kDecay, kNegStep, kBc2, kEps, kB1, kA1, kB2, kA2] = [5, 6, 7, 8, 9, 10, 11, 12].map(splat);
  const g = c.local(V128), mi = c.local(V128), vi = c.local(V128);
  c.get(pd).get(n).i32(8).i32Mul().i32Add().set(end);
  c.block().get(pd).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(pg).v128Load(0).set(g);
  c.get(pm).v128Load(0).get(kB1).f64x2Mul().get(g).get(kA1).f64x2Mul().f64x2Add().set(mi);
  c.get(pv).v128Load(0).get(kB2).f64x2Mul().get(g).get(g).f64x2Mul().get(kA2).f64x2Mul().f64x2Add().set(vi);
  c.get(pm).get(mi).v128Store(0);
  c.get(pv).get(vi).v128Store(0);
  c.get(pd);
  c.get(pd).v128Load(0).get(kDecay).f64x2Mul();
  c.get(kNegStep).get(mi).get(vi).f64x2Sqrt().get(kBc2).f64x2Div().get(kEps).f64x2Add().f64x2Div().f64x2Mul();
  c.f64x2Add().v128Store(0);
  for (const ptr of [pg, pm, pv]) c.get(ptr).i32(16).i32Add().set(ptr);
  c.get(pd).i32(16).i32Add().tee(pd).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: 'adamw_f64_exact', code: c };
}

/**
 * pack_bt_f64 / pack_bt_f32: see the header (gemm-wasm.ts `packB` in WebAssembly). Four columns at a
 * time: a 4 × lanes block (four row loads) transposed with shuffles into `lanes` rows of four (four
 * stores); the last K mod lanes values of those columns, columns of an incomplete last group and the
 * zero columns past N one value at a time.
 */
function packBt(f64: boolean): FuncDef {
  const c = new Code([I32, I32, I32, I32]);
  const [pSrc, N, K, pDst] = [0, 1, 2, 3];
  const es = f64 ? 8 : 4, w = f64 ? 4 : 8, lanes = 16 / es;
  const j = c.local(I32), jEnd = c.local(I32), s = c.local(I32), d = c.local(I32), kk = c.local(I32), rb = c.local(I32);
  const v = [c.local(V128), c.local(V128), c.local(V128), c.local(V128)];
  const t = [c.local(V128), c.local(V128), c.local(V128), c.local(V128)];
  const and = (): Code => c.op(0x71);
  const bytes = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  /** d = pDst + (j − j mod w)·K·es + (j mod w)·es: column j's first slot. */
  const dOf = (): void => {
    c.get(pDst).get(j).i32(-w);
    and();
    c.get(K).i32Mul().i32(es).i32Mul().i32Add().get(j).i32(w - 1);
    and();
    c.i32(es).i32Mul().i32Add().set(d);
  };
  const move = (from: number, to: number): void => {
    if (f64) c.f64Load(from).f64Store(to); else c.f32Load(from).f32Store(to);
  };
  /** column j alone: B[j][k] for every k, or zeros when j ≥ N */
  const column = (): void => {
    dOf();
    c.get(K).set(kk);
    c.get(j).get(N).i32LtU();
    c.if_();
    c.get(pSrc).get(j).get(K).i32Mul().i32(es).i32Mul().i32Add().set(s);
    c.loop();
    c.get(d).get(s);
    move(0, 0);
    c.get(s).i32(es).i32Add().set(s);
    c.get(d).i32(w * es).i32Add().set(d);
    c.get(kk).i32(1).i32Sub().tee(kk).brIf(0);
    c.end();
    c.else_();
    c.loop();
    c.get(d);
    if (f64) c.f64(0).f64Store(0); else c.f32(0).f32Store(0);
    c.get(d).i32(w * es).i32Add().set(d);
    c.get(kk).i32(1).i32Sub().tee(kk).brIf(0);
    c.end();
    c.end();
  };
  // jEnd = N rounded up to a whole panel
  c.get(N).i32(w - 1).i32Add().i32(-w);
  and();
  c.set(jEnd);
  c.get(K).i32(es).i32Mul().set(rb); // bytes per source row
  c.block().get(K).i32Eqz().brIf(0);
  c.i32(0).set(j);
  c.block().get(j).get(jEnd).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(j).i32(3).i32Add().get(N).i32LtU(); // columns j … j + 3 all real
  c.if_();
  dOf();
  c.get(pSrc).get(j).get(rb).i32Mul().i32Add().set(s);
  c.get(K).i32(lanes).op(0x6e).set(kk); // whole blocks of `lanes` k (i32.div_u)
  c.block().get(kk).i32Eqz().brIf(0);
  c.loop();
  for (let q = 0; q < 4; q++) {
    c.get(s);
    if (q > 0) c.get(rb).i32(q).i32Mul().i32Add();
    c.v128Load(0).set(v[q]);
  }
  if (f64) {
    // rows k and k + 1 of the panel: (v0, v1, v2, v3 lane 0), (… lane 1)
    c.get(d).get(v[0]).get(v[1]).i8x16Shuffle([...bytes(0, 8), ...bytes(16, 8)]).v128Store(0);
    c.get(d).get(v[2]).get(v[3]).i8x16Shuffle([...bytes(0, 8), ...bytes(16, 8)]).v128Store(16);
    c.get(d).get(v[0]).get(v[1]).i8x16Shuffle([...bytes(8, 8), ...bytes(24, 8)]).v128Store(32);
    c.get(d).get(v[2]).get(v[3]).i8x16Shuffle([...bytes(8, 8), ...bytes(24, 8)]).v128Store(48);
  } else {
    // 4×4 transpose: t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
    c.get(v[0]).get(v[1]).i8x16Shuffle([...bytes(0, 4), ...bytes(16, 4), ...bytes(4, 4), ...bytes(20, 4)]).set(t[0]);
    c.get(v[0]).get(v[1]).i8x16Shuffle([...bytes(8, 4), ...bytes(24, 4), ...bytes(12, 4), ...bytes(28, 4)]).set(t[1]);
    c.get(v[2]).get(v[3]).i8x16Shuffle([...bytes(0, 4), ...bytes(16, 4), ...bytes(4, 4), ...bytes(20, 4)]).set(t[2]);
    c.get(v[2]).get(v[3]).i8x16Shuffle([...bytes(8, 4), ...bytes(24, 4), ...bytes(12, 4), ...bytes(28, 4)]).set(t[3]);
    c.get(d).get(t[0]).get(t[2]).i8x16Shuffle([...bytes(0, 8), ...bytes(16, 8)]).v128Store(0);
    c.get(d).get(t[0]).get(t[2]).i8x16Shuffle([...bytes(8, 8), ...bytes(24, 8)]).v128Store(32);
    c.get(d).get(t[1]).get(t[3]).i8x16Shuffle([...bytes(0, 8), ...bytes(16, 8)]).v128Store(64);
    c.get(d).get(t[1]).get(t[3]).i8x16Shuffle([...bytes(8, 8), ...bytes(24, 8)]).v128Store(96);
  }
  c.get(s).i32(16).i32Add().set(s);
  c.get(d).i32(lanes * w * es).i32Add().set(d);
  c.get(kk).i32(1).i32Sub().tee(kk).brIf(0);
  c.end().end();
  // the last K mod lanes values of the four columns
  c.get(K).i32(lanes - 1);
  and();
  c.set(kk);
  c.block().get(kk).i32Eqz().brIf(0);
  c.loop();
  for (let q = 0; q < 4; q++) {
    c.get(d).get(s);
    if (q > 0) c.get(rb).i32(q).i32Mul().i32Add();
    move(0, q * es);
  }
  c.get(s).i32(es).i32Add().set(s);
  c.get(d).i32(w * es).i32Add().set(d);
  c.get(kk).i32(1).i32Sub().tee(kk).brIf(0);
  c.end().end();
  c.get(j).i32(3).i32Add().set(j);
  c.else_();
  column();
  c.end();
  c.get(j).i32(1).i32Add().tee(j).get(jEnd).i32LtU().brIf(0);
  c.end().end();
  c.end(); // block K = 0
  return { name: f64 ? 'pack_bt_f64' : 'pack_bt_f32', code: c };
}

/** relu_f64 / relu_f32 (grad = false) and relu_grad_f64 / relu_grad_f32: see the header. */
function relu(f64: boolean, grad: boolean): FuncDef {
  const c = grad ? new Code([I32, I32, I32, I32]) : new Code([I32, I32, I32]);
  const px = 0, pdy = grad ? 1 : -1, py = grad ? 2 : 1, n = grad ? 3 : 2;
  const end = c.local(I32);
  const k = c.local(V128);
  c.get(px).get(n).i32(f64 ? 8 : 4).i32Mul().i32Add().set(end);
  if (grad) { if (f64) c.f64x2Const(1); else c.f32x4Const(1); } else if (f64) c.f64x2Const(0.5); else c.f32x4Const(0.5);
  c.set(k);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(py);
  if (grad) {
    // dy · (x > 0 ? 1 : 0): the comparison mask selects the bits of 1.0
    c.get(pdy).v128Load(0);
    c.get(px).v128Load(0);
    if (f64) c.f64x2Const(0).f64x2Gt(); else c.f32x4Const(0).f32x4Gt();
    c.get(k).v128And();
    if (f64) c.f64x2Mul(); else c.f32x4Mul();
    c.get(pdy).i32(16).i32Add().set(pdy);
  } else {
    c.get(px).v128Load(0);
    c.get(px).v128Load(0);
    if (f64) c.f64x2Abs().f64x2Add(); else c.f32x4Abs().f32x4Add();
    c.get(k);
    if (f64) c.f64x2Mul(); else c.f32x4Mul();
  }
  c.v128Store(0);
  c.get(py).i32(16).i32Add().set(py);
  c.get(px).i32(16).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: `relu${grad ? '_grad' : ''}_${f64 ? 'f64' : 'f32'}`, code: c };
}

/** add_rows_f64 / add_rows_f32: see the header. */
function addRows(f64: boolean): FuncDef {
  const c = new Code([I32, I32, I32, I32]);
  const [pC, rows, n, pb] = [0, 1, 2, 3];
  const i = c.local(I32), q = c.local(I32), qEnd = c.local(I32), b = c.local(I32);
  c.block().get(n).i32Eqz().brIf(0);
  c.i32(0).set(i);
  c.block().get(i).get(rows).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(pC).get(i).get(n).i32Mul().i32(f64 ? 8 : 4).i32Mul().i32Add().tee(q);
  c.get(n).i32(f64 ? 8 : 4).i32Mul().i32Add().set(qEnd);
  c.get(pb).set(b);
  c.loop();
  c.get(q).get(q).v128Load(0).get(b).v128Load(0);
  if (f64) c.f64x2Add(); else c.f32x4Add();
  c.v128Store(0);
  c.get(b).i32(16).i32Add().set(b);
  c.get(q).i32(16).i32Add().tee(q).get(qEnd).i32LtU().brIf(0);
  c.end();
  c.get(i).i32(1).i32Add().tee(i).get(rows).i32LtU().brIf(0);
  c.end().end();
  c.end();
  return { name: f64 ? 'add_rows_f64' : 'add_rows_f32', code: c };
}

/** col_sums_f64: see the header. */
function colSums64(): FuncDef {
  const c = new Code([I32, I32, I32, I32]);
  const [pA, rows, n, pOut] = [0, 1, 2, 3];
  const q = c.local(I32), end = c.local(I32), a = c.local(I32), i = c.local(I32);
  c.block().get(n).i32Eqz().brIf(0);
  c.get(pOut).get(n).i32(8).i32Mul().i32Add().set(end);
  c.get(pOut).set(q);
  c.loop();
  c.get(q).v128Const(new Array<number>(16).fill(0)).v128Store(0);
  c.get(q).i32(16).i32Add().tee(q).get(end).i32LtU().brIf(0);
  c.end();
  c.get(pA).set(a);
  c.get(rows).set(i);
  c.block().get(i).i32Eqz().brIf(0);
  c.loop();
  c.get(pOut).set(q);
  c.loop();
  c.get(q).get(q).v128Load(0).get(a).v128Load(0).f64x2Add().v128Store(0);
  c.get(a).i32(16).i32Add().set(a);
  c.get(q).i32(16).i32Add().tee(q).get(end).i32LtU().brIf(0);
  c.end();
  c.get(i).i32(1).i32Sub().tee(i).brIf(0);
  c.end().end();
  c.end();
  return { name: 'col_sums_f64', code: c };
}

/**
 * col_sums_f32(pA, rows, n, pOut): out[j] = Σ_i A[i][j] for a rows×n row-major float32 A (n a multiple
 * of 4), each column summed in float64 from 0 in row order and rounded to float32 once (nn/modules.ts
 * `colSums32`, the same operations).
 */
function colSums32(): FuncDef {
  const c = new Code([I32, I32, I32, I32]);
  const [pA, rows, n, pOut] = [0, 1, 2, 3];
  const j = c.local(I32), a = c.local(I32), i = c.local(I32), rb = c.local(I32);
  const v = c.local(V128), s0 = c.local(V128), s1 = c.local(V128);
  c.get(n).i32(4).i32Mul().set(rb); // bytes per row
  c.i32(0).set(j);
  c.block().get(n).i32Eqz().brIf(0);
  c.loop();
  c.v128Const(new Array<number>(16).fill(0)).tee(s0).set(s1);
  c.get(pA).get(j).i32(4).i32Mul().i32Add().set(a);
  c.get(rows).set(i);
  c.block().get(i).i32Eqz().brIf(0);
  c.loop();
  c.get(a).v128Load(0).set(v);
  addPromoted(c, v, s0, s1);
  c.get(a).get(rb).i32Add().set(a);
  c.get(i).i32(1).i32Sub().tee(i).brIf(0);
  c.end().end();
  // demote both halves and join them: lanes 0, 1 of each
  c.get(pOut).get(j).i32(4).i32Mul().i32Add();
  c.get(s0).f32x4DemoteF64x2Zero().get(s1).f32x4DemoteF64x2Zero().i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
  c.v128Store(0);
  c.get(j).i32(4).i32Add().tee(j).get(n).i32LtU().brIf(0);
  c.end().end();
  return { name: 'col_sums_f32', code: c };
}

/** f32_to_f64: see the header. */
function f32ToF64(): FuncDef {
  const c = new Code([I32, I32, I32]);
  const [ps, pd, n] = [0, 1, 2];
  const end = c.local(I32), v = c.local(V128);
  c.get(ps).get(n).i32(4).i32Mul().i32Add().set(end);
  c.block().get(ps).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(ps).v128Load(0).set(v);
  c.get(pd).get(v).f64x2PromoteLowF32x4().v128Store(0);
  c.get(pd).get(v).get(v).i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]).f64x2PromoteLowF32x4().v128Store(16);
  c.get(pd).i32(32).i32Add().set(pd);
  c.get(ps).i32(16).i32Add().tee(ps).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: 'f32_to_f64', code: c };
}

function scaleSub(withW: boolean): FuncDef {
  const c = withW ? new Code([I32, I32, I32, F32, F32]) : new Code([I32, I32, F32, F32]);
  const px = 0;
  const pw = withW ? 1 : -1;
  const n = withW ? 2 : 1;
  const a = withW ? 3 : 2;
  const bArg = withW ? 4 : 3;
  const end = c.local(I32);
  const av = c.local(V128);
  const bv = c.local(V128);
  c.get(px).get(n).i32(4).i32Mul().i32Add().set(end);
  c.get(a).f32x4Splat().set(av);
  c.get(bArg).f32x4Splat().set(bv);
  c.block().get(px).get(end).i32LtU().i32Eqz().brIf(0);
  c.loop();
  c.get(px);
  c.get(px).v128Load(0).get(av).f32x4Mul();
  if (withW) {
    c.get(pw).v128Load(0).get(bv).f32x4Mul();
    c.get(pw).i32(16).i32Add().set(pw);
  } else {
    c.get(bv);
  }
  c.f32x4Sub().v128Store(0);
  c.get(px).i32(16).i32Add().tee(px).get(end).i32LtU().brIf(0);
  c.end().end();
  return { name: withW ? 'scale_sub_w' : 'scale_sub', code: c };
}

export const KERNEL_FUNCS = ['gemm_f32', 'gemm_f64', 'row_stats', 'row_stats_w', 'exp_sum', 'scale_sub', 'scale_sub_w', 'bce_pass', 'adamw_f32', 'adamw_f64',
  'row_max_f32', 'row_max_f64', 'exp_sum64_f32', 'exp_sum64_f64', 'exp_sum64n_f32', 'exp_sum64n_f64', 'scale_f64', 'summary_f32', 'adamw_f64_exact', 'pack_bt_f64', 'pack_bt_f32',
  'relu_f64', 'relu_f32', 'relu_grad_f64', 'relu_grad_f32', 'add_rows_f64', 'add_rows_f32', 'col_sums_f64', 'f32_to_f64', 'col_sums_f32'] as const;

const kernelFuncs = (): FuncDef[] => [
  gemm('gemm_f32', false), gemm('gemm_f64', true), rowStats(false), rowStats(true), expSum(),
  scaleSub(false), scaleSub(true), bcePass(), adamw(false), adamw(true),
  rowMax(true), rowMax(false), expSum64(true, false), expSum64(false, false), expSum64(true, true), expSum64(false, true), scaleF64(), summaryF32(), adamwF64Exact(), packBt(true), packBt(false),
  relu(true, false), relu(false, false), relu(true, true), relu(false, true), addRows(true), addRows(false), colSums64(), f32ToF64(), colSums32(),
];

/** The module's bytes (assembled on first call, about 2 KB). */
let bytes: Uint8Array<ArrayBuffer> | undefined;
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= assemble(kernelFuncs(), 1);
  return bytes;
}

/** The same functions over a shared memory of at most `SHARED_MAX_PAGES` pages (see asm.ts `assemble`). */
export const SHARED_MAX_PAGES = 65536;
let sharedBytes: Uint8Array<ArrayBuffer> | undefined;
export function sharedKernelModuleBytes(): Uint8Array<ArrayBuffer> {
  sharedBytes ??= assemble(kernelFuncs(), 1, SHARED_MAX_PAGES);
  return sharedBytes;
}

