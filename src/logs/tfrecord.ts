/**
 * TFRecord framing, as TensorBoard event files use it. Each record is
 *
 *     uint64 length (little endian) | uint32 masked_crc32c(length bytes) | data[length] | uint32 masked_crc32c(data)
 *
 * with masked_crc(x) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32). The reader is
 * incremental: bytes come in chunks, a record split across chunks waits for the rest, and an
 * incomplete record at the end of a finished file is the job still writing (not an error).
 * A record whose data CRC fails is skipped with a note; a length whose CRC fails means the framing
 * is lost, and the reader scans forward for the next valid length header.
 */
import { crc32c } from '@aws-crypto/crc32c';

/** Largest record accepted (a scalar event is ~50 bytes; images and graphs can be a few MB). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function maskedCrc32c(data: Uint8Array): number {
  return maskCrc(crc32c(data));
}

export interface RecordEvents {
  record(data: Uint8Array, index: number, offset: number): void;
  note(message: string, where: string): void;
}

export class TFRecordReader {
  private buf: Uint8Array = new Uint8Array(0);
  /** File offset of buf[0]. */
  private base = 0;
  private index = 0;
  /** Bytes skipped while looking for a valid header after a framing error. */
  private resyncing = false;

  constructor(private readonly on: RecordEvents) {}

  /** File offset just past the last complete record. */
  get consumed(): number {
    return this.base;
  }

  /** Bytes held back: an incomplete record at the end. */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): void {
    if (this.buf.length === 0) this.buf = chunk;
    else {
      const b = new Uint8Array(this.buf.length + chunk.length);
      b.set(this.buf);
      b.set(chunk, this.buf.length);
      this.buf = b;
    }
    this.drain();
  }

  private drain(): void {
    const b = this.buf;
    let p = 0;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    while (b.length - p >= 12) {
      const lo = view.getUint32(p, true);
      const hi = view.getUint32(p + 4, true);
      const lenCrc = view.getUint32(p + 8, true);
      const headerOk = maskedCrc32c(b.subarray(p, p + 8)) === lenCrc && hi === 0 && lo <= MAX_RECORD_BYTES;
      if (!headerOk) {
        if (!this.resyncing) {
          this.on.note(hi !== 0 || lo > MAX_RECORD_BYTES
            ? 'record header declares an impossible length (corrupt framing); scanning for the next record'
            : 'record length fails its CRC check (corrupt framing); scanning for the next record',
          `record ${this.index} (byte ${this.base + p})`);
          this.resyncing = true;
        }
        p++;
        continue;
      }
      if (b.length - p < 12 + lo + 4) break; // incomplete: wait for more bytes
      this.resyncing = false;
      const data = b.subarray(p + 12, p + 12 + lo);
      const dataCrc = view.getUint32(p + 12 + lo, true);
      if (maskedCrc32c(data) !== dataCrc) {
        this.on.note('record data fails its CRC check; skipped', `record ${this.index} (byte ${this.base + p})`);
      } else {
        this.on.record(data, this.index, this.base + p);
      }
      this.index++;
      p += 12 + lo + 4;
    }
    this.base += p;
    this.buf = p === b.length ? new Uint8Array(0) : b.slice(p);
  }
}

/** Encodes one record (for the fixture writer and tests). */
export function encodeRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
