/**
 * missing-ignore-index's code action when the padding is written in another file than the loss: it
 * pastes the padding value into the loss's file only when the value is a known number written as
 * such. A name (even one spelled `null`, whose value the linter does not know) or a number written
 * another way (`1.0`) gets the finding without an action: pasted, it would be undefined there or not
 * an integer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintTexts } from './harness';

const data = `from torch.nn.utils.rnn import pad_sequence
def by_name(ts, null):
    return pad_sequence(ts, batch_first=True, padding_value=null)
def by_float(ts, _):
    return pad_sequence(ts, batch_first=True, padding_value=1.0)
def by_int(ts, _):
    return pad_sequence(ts, batch_first=True, padding_value=3)
`;
const train = (fn: string): string => `import torch.nn as nn
from data import ${fn}
crit = nn.CrossEntropyLoss()
def step(z, ts, pad):
    return crit(z, ${fn}(ts, pad))
`;

test('missing-ignore-index across files: an action only for a padding value written as a known integer', async () => {
  for (const [fn, action] of [['by_name', undefined], ['by_float', undefined], ['by_int', 'Add ignore_index=3']] as const) {
    const m = await lintTexts({ 'data.py': data, 'train.py': train(fn) });
    const f = m.get('train.py')!.findings;
    assert.deepEqual(f.map((x) => x.rule), ['missing-ignore-index'], fn);
    assert.equal(f[0].fixes?.[0]?.title, action, fn);
  }
});
