/**
 * The time a lint request reports (LintResult.ms, shown in the editor's output channel) is the time
 * the lint took: never negative, never more than the time measured around the call. Not a speed test:
 * it checks what the number means, whatever the machine's load.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintRequest } from '../../../src/lint/serve';
import { getLinter } from './harness';

test('lintRequest: ms lies between 0 and the wall time around the call', async () => {
  const l = await getLinter();
  const text = 'import torch.nn.functional as F\ndef f(z, y):\n    return F.cross_entropy(F.softmax(z, dim=1), y)\n';
  const disk = { read: () => undefined };
  for (let i = 0; i < 3; i++) {
    const before = performance.now();
    const r = lintRequest(l, { docs: [{ file: '/p/a.py', text }], roots: ['/p'], disabled: [] }, disk);
    const wall = performance.now() - before;
    assert.equal(r.files[0].findings[0].rule, 'double-softmax');
    assert.ok(r.ms >= 0 && r.ms <= wall, `ms ${r.ms} within [0, ${wall}]`);
  }
});
