/**
 * A watched run's size limit (lossDebugger.maxFileSizeMB): a log file that grows past it stops the
 * watch with a clear error (the file, the limit in MB, the setting to raise); a file exactly at the
 * limit is read. A whole-document log (trainer_state.json) counts the same.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LossDebuggerError } from '../../../src/errors';
import { RunTailer } from '../../../src/logs/tail';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'lossdbg-limit-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const MB = 1024 * 1024;

test('a CSV at exactly the limit is read; one byte more stops the watch with the file, the limit and the setting', () => {
  const d = tmp();
  const f = join(d, 'log.csv');
  const head = 'step,loss\n1,2.5\n';
  // numeric rows, then one padding line: exactly 2 MB
  let text = head;
  for (let s = 2; text.length < 2 * MB - 20; s++) text += `${s},2.5\n`;
  text += '#'.repeat(2 * MB - text.length - 1) + '\n';
  assert.equal(text.length, 2 * MB);
  writeFileSync(f, text);
  const t = new RunTailer(d, { maxFileBytes: 2 * MB });
  assert.equal(t.poll().bytes, 2 * MB);
  appendFileSync(f, '9');
  assert.throws(() => t.poll(), (e: unknown) => {
    assert.ok(e instanceof LossDebuggerError);
    assert.equal(e.code, 'file');
    assert.equal(e.detail, 'log file is larger than the 2 MB limit');
    assert.equal(e.where.file, f);
    assert.equal(e.hint, 'raise lossDebugger.maxFileSizeMB');
    return true;
  });
});

test('the limit is shown in whole MB (3.4 MB → 3) and applies to trainer_state.json too', () => {
  const d = tmp();
  const f = join(d, 'trainer_state.json');
  writeFileSync(f, JSON.stringify({ log_history: [{ loss: 2, step: 1 }], pad: 'x'.repeat(4 * MB) }));
  const t = new RunTailer(d, { maxFileBytes: 3.4 * MB });
  assert.throws(() => t.poll(), (e: unknown) => e instanceof LossDebuggerError && e.detail === 'log file is larger than the 3 MB limit' && e.where.file === f);
  const roomy = new RunTailer(d, { maxFileBytes: 5 * MB });
  roomy.poll();
  assert.deepEqual(Array.from(roomy.data().series[0].values), [2]);
});
