/** The training-run messages across the webview boundary: runLog (host → webview) and openSnapshot (webview → host, untrusted). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isHostToWebview, isWebviewToHost } from '../../src/protocol';
import { LiveRun } from '../../src/logs/live';

const FIX = join(__dirname, '..', 'fixtures', 'logs');

test('a watched run\'s update is a valid runLog message (and JSON round-trips as postMessage does)', () => {
  const u = new LiveRun(join(FIX, 'run-folder')).poll(true);
  assert.ok(u);
  const msg = JSON.parse(JSON.stringify({ type: 'runLog', title: 'run-folder', status: 'live', runs: [u] })) as unknown;
  assert.ok(isHostToWebview(msg));
  assert.equal(u.snapshots.length, 2);
  assert.ok(u.snapshots.every((s) => s.file.startsWith(join(FIX, 'run-folder'))));
  assert.equal(isHostToWebview({ type: 'runLog', title: 'x', status: 'weird', runs: [] }), false);
  assert.equal(isHostToWebview({ type: 'runLog', title: 'x', status: 'live', runs: [{ source: 1 }] }), false);
});

test('openSnapshot from the webview: a bounded path, no extra keys, no control characters', () => {
  assert.ok(isWebviewToHost({ type: 'openSnapshot', file: '/runs/exp1/cases/step_40.losscase.json' }));
  assert.equal(isWebviewToHost({ type: 'openSnapshot', file: '' }), false);
  assert.equal(isWebviewToHost({ type: 'openSnapshot', file: 'a\u0000b' }), false);
  assert.equal(isWebviewToHost({ type: 'openSnapshot', file: 'x'.repeat(5000) }), false);
  assert.equal(isWebviewToHost({ type: 'openSnapshot', file: '/a', extra: 1 }), false);
  assert.equal(isWebviewToHost({ type: 'openSnapshot' }), false);
});
