/**
 * Number spellings where the fast paths end and the exact ones take over:
 * - exponents of 1 to 8 digits (leading zeros, signs, e/E) in long tensor rows, followed by every
 *   separator a row can have (`, `, `,`, a newline, `]`, and NaN/±Infinity written without a space):
 *   each literal ends where the grammar says, so the values and the next ones are JSON.parse's;
 *   garbage right after an exponent gives the general parser's error;
 * - more than 19 significant digits whose dropped digits are all nonzero, just above a halfway point
 *   between two doubles: the value rounds up, as Number() does (truncating to 19 digits rounds down);
 * - ddScale's contract: a decided product is returned, an exact halfway case or a result outside
 *   (1e-280, 1e280) is NaN (left to the caller's exact fallback).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossDebuggerError } from '../../../src/errors';
import { JsonParser, PackedArray, parseJson } from '../../../src/io/json';
import { ddScale, parseNumber } from '../../../src/io/numparse';

const enc = new TextEncoder();
const PAD = Array.from({ length: 30 }, (_, i) => String(i / 4)).join(', ');

function packed(text: string): PackedArray {
  const r = new JsonParser(enc.encode(text), 'c.json').parseDocument({ pack: (p) => p === 'x' });
  const x = (r.value as { x: unknown }).x;
  assert.ok(x instanceof PackedArray);
  return x;
}

const lit = (s: string): number => (s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : Number(s));

test('exponents of 1 to 8 digits, then every separator: each literal ends where it should, in a fast row', () => {
  const mantissas = ['1', '-2.5', '0.125', '7', '-3'];
  const exps: string[] = [];
  for (let n = 1; n <= 8; n++) for (const [sign, last] of [['', '1'], ['-', '3'], ['+', '0'], ['', '9'], ['-', '0']]) exps.push(`${sign}${'0'.repeat(n - 1)}${last}`);
  for (const m of mantissas) {
    for (const e of exps) {
      for (const E of ['e', 'E']) {
        const l = `${m}${E}${e}`;
        for (const sep of [', ', ',', ',\n', ' , ', ',NaN,', ',Infinity,', ',-Infinity,', ',0,', ',-0.5,']) {
          const extra = sep.replace(/^\s*,\s*/, '').replace(/,$/, '');
          const row = [l, ...(extra ? [extra] : []), '4.5', '6'];
          const text = `{"x": [${PAD}, ${l}${sep}${extra ? '' : ''}${extra ? '' : ''}${extra ? '4.5, 6' : '4.5, 6'}, ${PAD}], "z": 0}`;
          const got = packed(text);
          const want = [...PAD.split(', ').map(Number), ...row.map(lit), ...PAD.split(', ').map(Number)];
          assert.equal(got.data.length, want.length, text);
          for (let i = 0; i < want.length; i++) assert.ok(Object.is(got.data[i], want[i]), `${l}${JSON.stringify(sep)}: [${i}] ${got.data[i]} vs ${want[i]}`);
          assert.equal(got.kind, 'float');
        }
        // at the end of a row, then the next row
        const two = packed(`{"x": [[${PAD}, ${l}],\n [${PAD}, 1]], "z": 0}`);
        assert.ok(Object.is(two.data[30], lit(l)), l);
        assert.equal(two.data[61], 1);
      }
    }
  }
});

test('garbage right after an exponent: the same error (message, line, column, path) as the general parser', () => {
  for (const l of ['1e0', '1e5', '1e0000', '2.5E-0001', '1e000001', '-3e12']) {
    for (const after of [',X00', 'X', ',X', '.5', 'e1', '-', ',,', ' 2']) {
      const text = `{"x": [${PAD}, ${l}${after}, ${PAD}], "z": 0}`;
      let fast: unknown;
      try { packed(text); } catch (e) { fast = e; }
      let slow: unknown;
      try { parseJson(text, { file: 'c.json' }); } catch (e) { slow = e; }
      assert.ok(fast instanceof LossDebuggerError, `${l}${after}: accepted`);
      assert.ok(slow instanceof LossDebuggerError, `${l}${after}: JSON accepted`);
      assert.equal(fast.where.column, slow.where.column, `${l}${after}`);
      assert.equal(fast.where.path, after.startsWith(',') ? 'x[31]' : 'x[30]', `${l}${after}`);
      assert.equal(fast.where.path, slow.where.path, `${l}${after}`);
    }
  }
});

/** The exact decimal digits of the point halfway between double `a` and the next one up. */
function halfwayDigits(a: number): { digits: string; exp10: number } {
  const f = new Float64Array([a]);
  const u = new BigUint64Array(f.buffer);
  const bits = u[0];
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = e ? frac | (1n << 52n) : frac; // a = m · 2^(q), q = e - 1075
  const q = (e || 1) - 1075;
  // halfway = (2m + 1) · 2^(q - 1) = (2m + 1) · 5^(1 - q) / 10^(1 - q) for q < 1
  if (q >= 1) return { digits: ((2n * m + 1n) << BigInt(q - 1)).toString(), exp10: 0 };
  const k = 1 - q;
  const n = (2n * m + 1n) * 5n ** BigInt(k);
  return { digits: n.toString(), exp10: -k };
}

test('more than 19 digits, all dropped ones nonzero, just above a halfway point: rounds up as Number() does', () => {
  const cases: string[] = [];
  for (const a of [1, 1.5, 3, 0.1, 1e-5, 123456.789, 2 ** 60, 1e22, 0.3, 7e-300]) {
    const { digits, exp10 } = halfwayDigits(a);
    // the first 19 digits (below the halfway point), then nonzero digits that lift it just above
    const t19 = digits.slice(0, 19);
    const e = exp10 + digits.length - 1; // scientific exponent of the leading digit
    cases.push(`${t19[0]}.${t19.slice(1)}1111e${e}`, `${t19[0]}.${t19.slice(1)}9e${e}`, `${t19}11e${e - 18}`, `${t19}.5e${e - 18}`);
  }
  for (const s of cases) {
    const want = Number(s);
    assert.ok(Object.is(parseNumber(enc.encode(s), 0), want), `${s}: ${parseNumber(enc.encode(s), 0)} vs ${want}`);
    const p = packed(`{"x": [${PAD}, ${s}, ${PAD}], "z": 0}`);
    assert.ok(Object.is(p.data[30], want), `${s} in a row`);
  }
  // one of them written out: 1 + 2^-53 is halfway between 1 and the next double
  assert.equal(parseNumber(enc.encode('1.0000000000000001111'), 0), 1.0000000000000002);
  assert.equal(parseNumber(enc.encode('1.000000000000000111'), 0), 1);
  assert.equal(parseNumber(enc.encode('10000000000000001111e-19'), 0), 1.0000000000000002);
});

test('ddScale: returns the product when it is decided, NaN for an exact halfway case or a result outside (1e-280, 1e280)', () => {
  // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: not decided here (the caller falls back)
  assert.ok(Number.isNaN(ddScale(2 ** 53, 1, 0)));
  assert.ok(Number.isNaN(ddScale(2 ** 54, 2, 0)));
  assert.equal(ddScale(2 ** 53, -1, 0), 2 ** 53 - 1);
  assert.equal(ddScale(2 ** 53, 2, 0), 2 ** 53 + 2);
  assert.equal(ddScale(3, 0, 0), 3);
  assert.equal(ddScale(12345, 0, -5), 0.12345);
  assert.equal(ddScale(1, 0, -250), 1e-250);
  assert.equal(ddScale(1, 0, 250), 1e250);
  assert.equal(ddScale(9007199254740991, 0, 250), Number('9007199254740991e250'));
  // 123456789012345678 as a double-double: the nearest double and the rest
  assert.equal(ddScale(123456789012345680, -2, -200), Number('123456789012345678e-200'));
  assert.equal(ddScale(123456789012345680, 0, -200), Number('123456789012345680e-200'));
  assert.ok(Number.isNaN(ddScale(1e31, 0, 250)), 'above 1e280');
  assert.ok(Number.isNaN(ddScale(1e-31, 0, -250)), 'below 1e-280');
});

test('integer parts of 1 to 10 digits and fractions of 0 to 24 digits (leading zeros too), then every separator: JSON.parse\'s values, in a fast row', () => {
  const ints = ['0', '7', '12', '105', '9999', '12345', '100000', '1234567', '12345678', '123456789', '1000000000'];
  const fracs = [''];
  for (let n = 1; n <= 24; n++) fracs.push('0'.repeat(Math.max(0, n - 3)) + '123'.slice(0, Math.min(3, n)), '9'.repeat(n), '5'.padStart(n, '0'), '31415926535897932384626'.slice(0, n));
  const lits: string[] = [];
  for (const i of ints) for (const f of fracs) for (const s of ['', '-']) lits.push(`${s}${i}${f ? `.${f}` : ''}`);
  for (const sep of [', ', ',', ',\n  ', ' , ', ',NaN,']) {
    // the row's tokens: the literals, with NaN between them for the last separator
    const tokens = sep === ',NaN,' ? lits.flatMap((l, i) => (i ? ['NaN', l] : [l])) : lits;
    const text = `{"x": [${PAD}, ${tokens.join(sep === ',NaN,' ? ',' : sep)}, ${PAD}], "z": 0}`;
    const got = packed(text);
    const want = [...PAD.split(', '), ...tokens, ...PAD.split(', ')].map((t) => (t === 'NaN' ? NaN : (JSON.parse(t) as number)));
    assert.equal(got.data.length, want.length, JSON.stringify(sep));
    for (let i = 0; i < want.length; i++) assert.ok(Object.is(got.data[i], want[i]), `${JSON.stringify(sep)} [${i}]: ${got.data[i]} vs ${want[i]}`);
  }
});

test('17 to 20 significant digits with 1 to 10 integer digits, on and just above halfway points: Number()\'s value in a fast row', () => {
  // a fixed pseudo-random set of doubles of each magnitude; the point halfway to the next double, cut to
  // `total` digits (just below it) and one unit in the last digit more (just above when the cut dropped digits)
  let seed = 12345;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const lits: string[] = [];
  for (let ip = 1; ip <= 10; ip++) {
    for (let total = 17; total <= 20; total++) {
      for (let j = 0; j < 300; j++) {
        const { digits, exp10 } = halfwayDigits(10 ** (ip - 1) * (1 + rnd() * 8.9));
        if (digits.length + exp10 !== ip) continue;
        const t = digits.slice(0, total).padEnd(total, '0');
        for (const d of [t, (BigInt(t) + 1n).toString()]) if (d.length === total) lits.push(`${d.slice(0, ip)}.${d.slice(ip)}`);
      }
    }
  }
  assert.ok(lits.length > 20000);
  const got = packed(`{"x": [0, ${lits.join(', ')}, 0], "z": "${'p'.repeat(70)}"}`).data;
  const wrong = lits.filter((l, i) => !Object.is(got[i + 1], Number(l)));
  assert.deepEqual(wrong, []);
});

test('a literal\'s value does not depend on where it ends relative to the end of the text', () => {
  const lits = ['0.9999999999999999', '0.12345678901234567', '123.4567890123456789', '1.5e-7', '-0.000123456789012345', '9007199254740993', '4294.0061105709341974', '12345678.9'];
  for (const l of lits) {
    for (let k = 0; k <= 90; k++) {
      const text = `{"x": [${PAD}, ${l}, 2], "z": "${'p'.repeat(k)}"}`;
      const got = packed(text).data;
      assert.ok(Object.is(got[30], Number(l)), `${l} with ${k} bytes after: ${got[30]}`);
      assert.equal(got[31], 2);
    }
  }
});
