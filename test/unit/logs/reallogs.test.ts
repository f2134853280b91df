/**
 * The real-log corpus (test/fixtures/reallogs/): training logs from public repositories, each with
 * the verdict given from its printed curves before lossdbg ran on it (manifest.json). Every log must
 * read without an error in the format the manifest names (also with the CRLF line endings the
 * repository has), fire exactly its expected rule ids — minus a documented known miss, which is
 * asserted to stay a miss so that fixing it updates the manifest — with the manifest's numbers, and
 * a refused file must be refused with the stated message. The table in docs/accuracy.md (Real logs)
 * is these logs plus the ones studied but not committed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgeRun } from '../../../src/logs/judge';
import { RunReader, readRunFromBytes } from '../../../src/logs/run';
import type { Finding } from '../../../src/diagnostics/types';

const DIR = join(__dirname, '..', '..', 'fixtures', 'reallogs');

type Range = number | [number, number] | string;
interface Entry {
  id: string;
  file: string;
  source: { repo: string; commit: string; path: string; url: string };
  format: string | null;
  expected: string[];
  decidedBeforeRun: boolean;
  reason: string;
  knownMiss?: { rule: string; why: string };
  numbers?: Record<string, Record<string, Range>>;
  notes?: string;
  refused?: string;
  lineEndings?: string;
  trimmed?: string;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { logs: Entry[] };

function bytesOf(e: Entry, crlf: boolean): Uint8Array {
  const bytes: Uint8Array = readFileSync(join(DIR, e.file));
  return crlf ? new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/\n/g, '\r\n')) : bytes;
}

const nameOf = (e: Entry): string => e.file.split('/').pop() ?? e.file;

function judge(e: Entry, crlf: boolean) {
  return judgeRun(readRunFromBytes(e.file, [{ rel: nameOf(e), shown: e.file, bytes: bytesOf(e, crlf) }]));
}

/** The live path: the file arrives in `size`-byte pieces (a job still writing, a tailer polling). */
function judgeInPieces(e: Entry, crlf: boolean, size: number) {
  const bytes = bytesOf(e, crlf);
  const r = new RunReader(e.file, [nameOf(e)]);
  r.addFile(nameOf(e), e.file, bytes.subarray(0, 8192));
  for (let i = 0; i < bytes.length; i += size) r.push(nameOf(e), bytes.subarray(i, i + size));
  r.end(nameOf(e), true);
  r.sink.closeNotes();
  return judgeRun(r.data());
}

function firedIds(f: Finding[]): string[] {
  return [...new Set(f.map((x) => x.rule))].sort();
}

function checkNumbers(e: Entry, findings: Finding[]): void {
  for (const [rule, want] of Object.entries(e.numbers ?? {})) {
    const f = findings.find((x) => x.rule === rule);
    assert.ok(f, `${e.id}: no ${rule} finding to check numbers on`);
    for (const [key, w] of Object.entries(want)) {
      const got: unknown = f.evidence[key];
      if (key === 'alsoIn') {
        assert.ok(Array.isArray(got) && got.length === w, `${e.id}: ${rule}.alsoIn ${JSON.stringify(got)}`);
      } else if (Array.isArray(w)) {
        assert.ok(typeof got === 'number' && got >= w[0] && got <= w[1], `${e.id}: ${rule}.${key} = ${String(got)}, expected in [${w.join(', ')}]`);
      } else {
        assert.equal(got, w, `${e.id}: ${rule}.${key}`);
      }
    }
  }
}

describe('real logs from public repositories (test/fixtures/reallogs)', () => {
  it('manifest: 10-20 logs, unique ids, sources pinned to a commit, verdicts decided before running, files present', () => {
    const ids = manifest.logs.map((e) => e.id);
    assert.ok(ids.length >= 10 && ids.length <= 20, `${ids.length} logs`);
    assert.equal(new Set(ids).size, ids.length);
    for (const e of manifest.logs) {
      assert.ok(existsSync(join(DIR, e.file)), e.file);
      assert.match(e.source.commit, /^[0-9a-f]{40}$/, e.id);
      assert.equal(e.source.url, `https://github.com/${e.source.repo}/blob/${e.source.commit}/${e.source.path}`);
      assert.equal(e.decidedBeforeRun, true, e.id);
      assert.ok(e.reason.length > 20, e.id);
      if (e.knownMiss) assert.ok(e.expected.includes(e.knownMiss.rule) && e.knownMiss.why.length > 40, e.id);
    }
    // The corpus holds both sides: logs that must fire and healthy logs that must stay silent.
    assert.ok(manifest.logs.filter((e) => e.expected.length && !e.knownMiss).length >= 4);
    assert.ok(manifest.logs.filter((e) => !e.expected.length && !e.refused).length >= 6);
  });

  for (const e of manifest.logs) {
    if (e.refused) {
      it(`${e.id}: refused with a clear message (${e.refused})`, () => {
        assert.throws(() => judge(e, false), (err: Error) => err.message.includes(e.refused ?? '') && !err.message.includes('INFO - Class'));
      });
      continue;
    }
    const want = e.expected.filter((r) => r !== e.knownMiss?.rule).sort();
    it(`${e.id}: read as ${e.format}; ${want.length ? want.join(', ') : 'silent'}${e.knownMiss ? ` (known miss: ${e.knownMiss.rule})` : ''}`, () => {
      const r = judge(e, false);
      assert.equal(r.format, e.format);
      assert.ok(r.series.some((s) => /loss/i.test(s.name)), `${e.id}: no loss series read`);
      assert.deepEqual(firedIds(r.findings), want, r.findings.map((f) => `${f.rule}: ${f.message}`).join('\n'));
      checkNumbers(e, r.findings);
      for (const f of r.findings) {
        assert.ok(f.message.length > 40 && f.fix.length > 0, `${e.id}: ${f.rule} well formed`);
        assert.doesNotMatch(f.message, /NaN|undefined|Infinity/, `${e.id}: ${f.rule}`);
      }
      if (e.notes) assert.ok(r.notes?.some((n) => n.message.includes(e.notes ?? '')), `${e.id}: notes ${JSON.stringify(r.notes)}`);
      else assert.equal(r.notes, undefined, `${e.id}: unexpected notes ${JSON.stringify(r.notes)}`);
    });
    it(`${e.id}: read in 3-byte and 4 KB pieces (live tailing), CRLF and LF, it gives the same series and findings`, () => {
      const whole = judge(e, false);
      for (const crlf of [false, true]) {
        for (const size of [3, 4096]) {
          const r = judgeInPieces(e, crlf, size);
          assert.deepEqual(r.series, whole.series, `${e.id} crlf=${crlf} pieces of ${size}`);
          assert.deepEqual(r.findings.map((f) => [f.rule, f.evidence]), whole.findings.map((f) => [f.rule, f.evidence]));
        }
      }
    });
    if (e.lineEndings) {
      it(`${e.id}: the repository's CRLF form gives the same series and findings`, () => {
        const lf = judge(e, false), crlf = judge(e, true);
        assert.deepEqual(crlf.series, lf.series);
        assert.deepEqual(crlf.findings.map((f) => [f.rule, f.evidence]), lf.findings.map((f) => [f.rule, f.evidence]));
      });
    }
  }
});
