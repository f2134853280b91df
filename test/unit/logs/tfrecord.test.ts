/**
 * TFRecord framing edges: the 12-byte header and 4-byte data CRC exactly, the largest length
 * accepted, a non-zero high word, resynchronisation after garbage (one note per corrupt stretch),
 * record numbers and byte offsets in notes, and what is held back for the next chunk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRecord, maskedCrc32c, MAX_RECORD_BYTES, TFRecordReader } from '../../../src/logs/tfrecord';

interface Seen { records: Array<[string, number, number]>; notes: Array<[string, string]> }
function reader(): { r: TFRecordReader; seen: Seen } {
  const seen: Seen = { records: [], notes: [] };
  const r = new TFRecordReader({
    record: (data, index, offset) => seen.records.push([new TextDecoder().decode(data), index, offset]),
    note: (message, where) => seen.notes.push([message, where]),
  });
  return { r, seen };
}
const rec = (s: string): Uint8Array => encodeRecord(new TextEncoder().encode(s));
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
/** A header (length, high word) with a correct length CRC, and no data. */
function header(lo: number, hi = 0): Uint8Array {
  const h = new Uint8Array(12);
  const v = new DataView(h.buffer);
  v.setUint32(0, lo, true);
  v.setUint32(4, hi, true);
  v.setUint32(8, maskedCrc32c(h.subarray(0, 8)), true);
  return h;
}

test('TFRecord: records, their numbers and offsets; an empty record is 16 bytes', () => {
  const { r, seen } = reader();
  r.push(cat(rec('ab'), rec(''), rec('cde')));
  assert.deepEqual(seen.records, [['ab', 0, 0], ['', 1, 18], ['cde', 2, 34]]);
  assert.deepEqual(seen.notes, []);
  assert.equal(r.consumed, 18 + 16 + 19);
  assert.equal(r.pending, 0);
});

test('TFRecord: a record waits for its last byte (header, data and CRC), byte by byte', () => {
  const { r, seen } = reader();
  const bytes = cat(rec('hello'), rec('x'));
  for (let i = 0; i < bytes.length; i++) {
    r.push(bytes.subarray(i, i + 1));
    const done = i + 1 >= 21 ? (i + 1 >= 38 ? 2 : 1) : 0;
    assert.equal(seen.records.length, done, `after ${i + 1} bytes`);
    assert.equal(r.consumed, done === 0 ? 0 : done === 1 ? 21 : 38);
    assert.equal(r.pending, i + 1 - r.consumed);
  }
  assert.deepEqual(seen.records, [['hello', 0, 0], ['x', 1, 21]]);
  assert.deepEqual(seen.notes, []);
});

test('TFRecord: the largest length accepted is MAX_RECORD_BYTES (held back, no note); one more is impossible', () => {
  const ok = reader();
  ok.r.push(header(MAX_RECORD_BYTES));
  assert.deepEqual(ok.seen.notes, []);
  assert.equal(ok.r.pending, 12);
  const bad = reader();
  bad.r.push(cat(header(MAX_RECORD_BYTES + 1), rec('next')));
  assert.deepEqual(bad.seen.notes, [['record header declares an impossible length (corrupt framing); scanning for the next record', 'record 0 (byte 0)']]);
  assert.deepEqual(bad.seen.records, [['next', 0, 12]]);
});

test('TFRecord: a non-zero high word of the length is impossible (no 4 GiB allocation)', () => {
  const { r, seen } = reader();
  r.push(cat(header(3, 1), rec('ok')));
  assert.equal(seen.notes.length, 1);
  assert.match(seen.notes[0][0], /impossible length/);
  assert.deepEqual(seen.records, [['ok', 0, 12]]);
});

test('TFRecord: garbage is one note per corrupt stretch, with the record number and byte', () => {
  const { r, seen } = reader();
  const junk = new Uint8Array(30); // a zero length with a wrong CRC at every offset
  r.push(cat(rec('a'), junk, rec('b'), junk, rec('c')));
  assert.deepEqual(seen.notes, [
    ['record length fails its CRC check (corrupt framing); scanning for the next record', 'record 1 (byte 17)'],
    ['record length fails its CRC check (corrupt framing); scanning for the next record', 'record 2 (byte 64)'],
  ]);
  assert.deepEqual(seen.records, [['a', 0, 0], ['b', 1, 47], ['c', 2, 94]]);
});

test('TFRecord: a data CRC failure skips the record but counts it; fewer than 12 bytes wait', () => {
  const { r, seen } = reader();
  const bad = rec('zz');
  bad[bad.length - 1] ^= 1;
  r.push(cat(rec('a'), bad, rec('b')));
  assert.deepEqual(seen.notes, [['record data fails its CRC check; skipped', 'record 1 (byte 17)']]);
  assert.deepEqual(seen.records, [['a', 0, 0], ['b', 2, 35]]);
  const w = reader();
  w.r.push(new Uint8Array(11).fill(0x55));
  assert.deepEqual(w.seen.notes, [], 'eleven bytes cannot be judged yet');
  assert.equal(w.r.pending, 11);
});
