/**
 * A tiny WebAssembly binary writer: just what our kernels need (one memory, functions with
 * i32/f32/f64/v128 locals, structured control flow, scalar and SIMD instructions). The kernels are
 * written as TypeScript calls on `Code` and assembled to bytes at load time, so the build needs no
 * external assembler and the repository holds no binary blobs.
 *
 * Encoding reference: the WebAssembly core spec (binary format) and the fixed-width SIMD proposal
 * (instructions prefixed 0xFD with a LEB128 opcode). `WebAssembly.validate` checks the result.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

const f32buf = new DataView(new ArrayBuffer(8));

/** The body of one function. Methods append instructions and return `this` for chaining. */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(readonly params: readonly ValType[], readonly results: readonly ValType[] = []) {}

  /** Declares a local and returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.params.length + this.localTypes.length - 1;
  }

  get locals(): readonly ValType[] {
    return this.localTypes;
  }

  op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  simd(opcode: number, ...imm: number[]): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, opcode);
    this.bytes.push(...imm);
    return this;
  }

  private memarg(align: number, offset: number): void {
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
  }

  // control
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if_(): this { return this.op(0x04, 0x40); }
  else_(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, depth); }
  brIf(depth: number): this { return this.op(0x0d, depth); }
  drop(): this { return this.op(0x1a); }

  // locals
  get(i: number): this { this.bytes.push(0x20); uleb(this.bytes, i); return this; }
  set(i: number): this { this.bytes.push(0x21); uleb(this.bytes, i); return this; }
  tee(i: number): this { this.bytes.push(0x22); uleb(this.bytes, i); return this; }

  // constants
  i32(v: number): this { this.bytes.push(0x41); sleb(this.bytes, v | 0); return this; }
  f32(v: number): this {
    f32buf.setFloat32(0, v, true);
    this.bytes.push(0x43);
    for (let i = 0; i < 4; i++) this.bytes.push(f32buf.getUint8(i));
    return this;
  }
  f64(v: number): this {
    f32buf.setFloat64(0, v, true);
    this.bytes.push(0x44);
    for (let i = 0; i < 8; i++) this.bytes.push(f32buf.getUint8(i));
    return this;
  }

  // scalar memory
  f32Load(offset = 0): this { this.bytes.push(0x2a); this.memarg(2, offset); return this; }
  f64Load(offset = 0): this { this.bytes.push(0x2b); this.memarg(3, offset); return this; }
  f32Store(offset = 0): this { this.bytes.push(0x38); this.memarg(2, offset); return this; }
  f64Store(offset = 0): this { this.bytes.push(0x39); this.memarg(3, offset); return this; }

  // i32 arithmetic
  i32Add(): this { return this.op(0x6a); }
  i32Sub(): this { return this.op(0x6b); }
  i32Mul(): this { return this.op(0x6c); }
  i32LtU(): this { return this.op(0x49); }
  i32GtU(): this { return this.op(0x4b); }
  i32Eqz(): this { return this.op(0x45); }
  i32Shl(): this { return this.op(0x74); }
  i32Ne(): this { return this.op(0x47); }
  // f64 scalar
  f64Add(): this { return this.op(0xa0); }
  f64Mul(): this { return this.op(0xa2); }
  f64PromoteF32(): this { return this.op(0xbb); }
  f64Max(): this { return this.op(0xa5); }
  f64Min(): this { return this.op(0xa4); }

  // SIMD memory
  v128Load(offset = 0): this { return this.simd(0x00, ...memargBytes(4, offset)); }
  v128Store(offset = 0): this { return this.simd(0x0b, ...memargBytes(4, offset)); }
  /** v128.load32_splat */
  load32Splat(offset = 0): this { return this.simd(0x09, ...memargBytes(2, offset)); }
  /** v128.load64_splat */
  load64Splat(offset = 0): this { return this.simd(0x0a, ...memargBytes(3, offset)); }
  v128Const(bytes: readonly number[]): this { return this.simd(0x0c, ...bytes); }
  f32x4Const(v: number): this { return this.f32(v).simd(0x13); }
  f64x2Const(v: number): this { return this.f64(v).simd(0x14); }
  i8x16Shuffle(lanes: readonly number[]): this { return this.simd(0x0d, ...lanes); }

  f32x4Splat(): this { return this.simd(0x13); }
  f64x2Splat(): this { return this.simd(0x14); }
  i32x4Splat(): this { return this.simd(0x11); }
  f32x4ExtractLane(l: number): this { return this.simd(0x1f, l); }
  f64x2ExtractLane(l: number): this { return this.simd(0x21, l); }

  f32x4Eq(): this { return this.simd(0x41); }
  f32x4Ne(): this { return this.simd(0x42); }
  f32x4Lt(): this { return this.simd(0x43); }
  f32x4Gt(): this { return this.simd(0x44); }
  f32x4Le(): this { return this.simd(0x45); }
  /** f32x4.pmin(a, b) = b < a ? b : a. */
  f32x4Pmin(): this { return this.simd(0xea); }
  f32x4Ge(): this { return this.simd(0x46); }
  v128And(): this { return this.simd(0x4e); }
  v128Or(): this { return this.simd(0x50); }
  v128Bitselect(): this { return this.simd(0x52); }
  f32x4DemoteF64x2Zero(): this { return this.simd(0x5e); }
  f64x2PromoteLowF32x4(): this { return this.simd(0x5f); }
  f32x4Nearest(): this { return this.simd(0x6a); }
  i32x4Shl(): this { return this.simd(0xab); }
  i32x4Add(): this { return this.simd(0xae); }
  f32x4Abs(): this { return this.simd(0xe0); }
  f32x4Sqrt(): this { return this.simd(0xe3); }
  f64x2Sqrt(): this { return this.simd(0xef); }
  f64x2Div(): this { return this.simd(0xf3); }
  f32x4Neg(): this { return this.simd(0xe1); }
  f32x4Div(): this { return this.simd(0xe7); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Sub(): this { return this.simd(0xe5); }
  f32x4Mul(): this { return this.simd(0xe6); }
  f32x4Min(): this { return this.simd(0xe8); }
  f32x4Max(): this { return this.simd(0xe9); }
  /** f32x4.pmax(a, b) = a < b ? b : a (one maxps; no NaN propagation). */
  f32x4Pmax(): this { return this.simd(0xeb); }
  f64x2Gt(): this { return this.simd(0x4a); }
  /** f64x2.pmin(a, b) = b < a ? b : a (no NaN propagation from b). */
  f64x2Pmin(): this { return this.simd(0xf6); }
  i64x2Shl(): this { return this.simd(0xcb); }
  i64x2Add(): this { return this.simd(0xce); }
  f64x2Abs(): this { return this.simd(0xec); }
  f64x2Add(): this { return this.simd(0xf0); }
  f64x2Sub(): this { return this.simd(0xf1); }
  f64x2Mul(): this { return this.simd(0xf2); }
  f64x2Max(): this { return this.simd(0xf5); }
  i32x4TruncSatF32x4S(): this { return this.simd(0xf8); }
  /** v128.load64_zero: one f64 into lane 0, lane 1 zero. */
  load64Zero(offset = 0): this { return this.simd(0x5d, ...memargBytes(3, offset)); }
  /** v128.load64_lane: [addr, v] → v with lane `lane` loaded from memory. */
  load64Lane(lane: number, offset = 0): this { return this.simd(0x57, ...memargBytes(3, offset), lane); }
  i32x4ExtractLane(l: number): this { return this.simd(0x1b, l); }
  i32x4ShrS(): this { return this.simd(0xac); }
  i32x4Sub(): this { return this.simd(0xb1); }
  f64x2Nearest(): this { return this.simd(0x94); }
  /** f64x2.pmax(a, b) = a < b ? b : a (no NaN propagation from b). */
  f64x2Pmax(): this { return this.simd(0xf7); }
}

function memargBytes(align: number, offset: number): number[] {
  const out: number[] = [];
  uleb(out, align);
  uleb(out, offset);
  return out;
}

export interface FuncDef {
  name: string;
  code: Code;
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  out.push(...body);
}

function vec(out: number[], items: number[][]): void {
  uleb(out, items.length);
  for (const it of items) out.push(...it);
}

function nameBytes(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  const out: number[] = [];
  uleb(out, b.length);
  out.push(...b);
  return out;
}

/**
 * A module that defines and exports one memory ("memory", `pages` × 64 KiB) and the functions. With
 * `sharedMaxPages` the memory is shared (backed by a SharedArrayBuffer) with that maximum: growing it
 * then never detaches views taken before.
 */
export function assemble(funcs: readonly FuncDef[], pages: number, sharedMaxPages?: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // type section: one type per function (simple; duplicates are allowed)
  const types = funcs.map((f) => {
    const t: number[] = [0x60];
    uleb(t, f.code.params.length);
    t.push(...f.code.params);
    uleb(t, f.code.results.length);
    t.push(...f.code.results);
    return t;
  });
  const typeSec: number[] = [];
  vec(typeSec, types);
  section(out, 1, typeSec);
  const funcSec: number[] = [];
  vec(funcSec, funcs.map((_, i) => { const b: number[] = []; uleb(b, i); return b; }));
  section(out, 3, funcSec);
  const memSec: number[] = [];
  const lim: number[] = [sharedMaxPages === undefined ? 0x00 : 0x03];
  uleb(lim, pages);
  if (sharedMaxPages !== undefined) uleb(lim, sharedMaxPages);
  vec(memSec, [lim]);
  section(out, 5, memSec);
  const exports: number[][] = [[...nameBytes('memory'), 0x02, 0x00]];
  funcs.forEach((f, i) => { const e = [...nameBytes(f.name), 0x00]; uleb(e, i); exports.push(e); });
  const expSec: number[] = [];
  vec(expSec, exports);
  section(out, 7, expSec);
  const bodies = funcs.map((f) => {
    const body: number[] = [];
    // locals, run-length encoded
    const groups: number[][] = [];
    const ls = f.code.locals;
    for (let i = 0; i < ls.length;) {
      let j = i;
      while (j < ls.length && ls[j] === ls[i]) j++;
      const g: number[] = [];
      uleb(g, j - i);
      g.push(ls[i]);
      groups.push(g);
      i = j;
    }
    vec(body, groups);
    body.push(...f.code.bytes, 0x0b);
    const sized: number[] = [];
    uleb(sized, body.length);
    sized.push(...body);
    return sized;
  });
  const codeSec: number[] = [];
  vec(codeSec, bodies);
  section(out, 10, codeSec);
  return Uint8Array.from(out);
}
