/** The hostile corpus: every file must give a LossDebuggerError whose message holds the expected fragment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LossDebuggerError } from '../../../src/errors';
import { loadCaseFile, loadTensorFile } from '../../../src/io';

const dir = join(__dirname, '../../fixtures/hostile');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, string>;

test('the hostile manifest covers the required kinds of damage', () => {
  const names = Object.keys(expected);
  assert.ok(names.length >= 40, `only ${names.length} cases`);
  for (const must of ['truncated.json', 'ragged.json', 'string-in-tensor.json', 'deep-nesting.json', 'overflow.json', 'unknown-loss.json',
    'unknown-arg.json', 'bad-label-smoothing.json', 'shape-data-mismatch.json', 'negative-shape.json', 'gigantic-shape.json',
    'float-class-targets.json', 'weight-wrong-length.json', 'missing-target.json', 'non-object-root.json', 'empty.json', 'npy-as-case.json',
    'lying-header.npy', 'bad-magic.npy', 'lying-offsets.safetensors', 'safetensors-missing-name.json', 'missing-side-file.json']) {
    assert.ok(must in expected, must);
  }
});

for (const [name, fragment] of Object.entries(expected)) {
  test(`hostile: ${name}`, () => {
    const path = join(dir, name);
    const load = (): unknown => (name.endsWith('.json') ? loadCaseFile(path) : loadTensorFile(path));
    let caught: unknown;
    try {
      load();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof LossDebuggerError, `expected a LossDebuggerError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
    assert.ok(caught.message.includes(fragment), `message:\n  ${caught.message}\nlacks:\n  ${fragment}`);
    assert.ok(caught.message.length < 1000, 'message too long');
    assert.ok(!caught.message.includes('\n'), 'one line');
  });
}
