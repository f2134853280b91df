import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LossDebuggerError } from '../../src/errors';
import { L10N_SCRIPT_ID, MAX_COPY_CHARS, isHostToWebview, isTrainReport, isWebviewToHost, pageShell, readL10nSetup, toCaseErrorView } from '../../src/protocol';
import type { WebviewToHost } from '../../src/shapes/index';

const ruleId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/);
const field = fc.oneof(
  fc.constantFrom('loss', 'input', 'target', 'meta.reported_loss', 'loss.ignore_index', 'history'),
  fc.tuple(fc.constantFrom('input', 'target'), fc.array(fc.nat(99), { minLength: 1, maxLength: 3 })).map(([n, ix]) => n + ix.map((i) => `[${i}]`).join('')),
);
const scenario = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/);

const valid: fc.Arbitrary<WebviewToHost> = fc.oneof(
  fc.constant({ type: 'ready' } as const),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'copy', text }) as const),
  ruleId.map((rule) => ({ type: 'openRule', rule }) as const),
  fc.tuple(ruleId, ruleId).map(([rule, d]) => ({ type: 'openRule', rule, docs: `docs/rules/${d}.md` }) as const),
  field.map((f) => ({ type: 'revealField', field: f }) as const),
  fc.tuple(field, fc.string({ minLength: 1, maxLength: 50 })).map(([f, file]) => ({ type: 'revealField', field: f, file }) as const),
  fc.option(scenario, { nil: undefined }).map((s) => (s === undefined ? { type: 'cancelRun' } as const : { type: 'cancelRun', scenario: s } as const)),
  fc.option(scenario, { nil: undefined }).map((s) => (s === undefined ? { type: 'rerun' } as const : { type: 'rerun', scenario: s } as const)),
  fc.string({ minLength: 1, maxLength: 100 }).map((message) => ({ type: 'webviewError', message }) as const),
  fc.string({ maxLength: 300 }).map((text) => ({ type: 'saveExport', name: 'loss-mseloss.csv', text }) as const),
  fc.base64String({ minLength: 4, maxLength: 200 }).map((b) => ({ type: 'saveExport', name: 'metric curves.png', dataUrl: `data:image/png;base64,${b}` }) as const),
  fc.tuple(ruleId, fc.option(field, { nil: undefined })).map(([rule, f]) => (f === undefined ? { type: 'applyFix', rule } as const : { type: 'applyFix', rule, field: f } as const)),
);

describe('isWebviewToHost', () => {
  it('accepts every valid message', () => {
    fc.assert(fc.property(valid, (m) => isWebviewToHost(m)), { numRuns: 500 });
  });

  it('rejects random junk', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      // fc.anything() can by chance build {type: 'ready'}; everything it builds must then be valid.
      if (isWebviewToHost(x)) assert.ok(typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'ready' && Object.keys(x).length === 1);
    }), { numRuns: 1000 });
  });

  it('rejects valid messages with a wrong, missing or extra field', () => {
    fc.assert(fc.property(valid, fc.string({ minLength: 1, maxLength: 10 }), fc.anything(), (m, key, value) => {
      const extra = { ...m, [`x_${key}`]: value };
      assert.equal(isWebviewToHost(extra), false);
      for (const k of Object.keys(m)) {
        if (k === 'type') continue;
        const broken = { ...m, [k]: 42 };
        assert.equal(isWebviewToHost(broken), false, `${m.type}.${k} = 42`);
      }
    }), { numRuns: 300 });
  });

  it('rejects unknown types, unsafe ids and paths, huge strings, odd prototypes', () => {
    const bad: unknown[] = [
      null, undefined, 1, 'ready', [], [{ type: 'ready' }], { type: 'READY' }, { type: 'nope' }, { type: 'ready', extra: 1 },
      { type: 'copy' }, { type: 'copy', text: 5 }, { type: 'copy', text: 'x'.repeat(MAX_COPY_CHARS + 1) },
      { type: 'openRule', rule: '' }, { type: 'openRule', rule: '../etc/passwd' }, { type: 'openRule', rule: 'Double Softmax' },
      { type: 'openRule', rule: 'ok', docs: '../../secret.md' }, { type: 'openRule', rule: 'ok', docs: 'https://evil.example/x' },
      { type: 'openRule', rule: 'ok', docs: 'command:workbench.action.terminal.new' },
      { type: 'revealField', field: 'input[3' }, { type: 'revealField', field: 'a b' }, { type: 'revealField', field: '' },
      { type: 'cancelRun', scenario: '' }, { type: 'rerun', scenario: '; rm -rf /' }, { type: 'webviewError', message: '' },
      { type: 'revealField' }, { type: 'revealField', line: 0 }, { type: 'revealField', line: 2.5 }, { type: 'revealField', line: -1, column: 1 },
      { type: 'revealField', line: 3, column: 'x' }, { type: 'revealField', file: '/a.json' },
      { type: 'saveExport', name: 'x.csv' }, { type: 'saveExport', name: '../x.csv', text: '' }, { type: 'saveExport', name: 'x.sh', text: '' },
      { type: 'saveExport', name: 'x.csv', dataUrl: 'data:image/png;base64,AAAA' }, { type: 'saveExport', name: 'x.png', text: 'a' },
      { type: 'saveExport', name: 'x.png', dataUrl: 'data:text/html;base64,AAAA' }, { type: 'saveExport', name: 'x.png', dataUrl: 'javascript:alert(1)' },
      { type: 'saveExport', name: 'x.csv', text: 'a', dataUrl: 'data:image/png;base64,AAAA' },
      { type: 'applyFix' }, { type: 'applyFix', rule: 'Bad Rule' }, { type: 'applyFix', rule: 'ok', field: 'a b' },
      Object.assign(Object.create({ evil: true }), { type: 'ready' }),
      new (class Msg { type = 'ready'; })(),
    ];
    for (const b of bad) assert.equal(isWebviewToHost(b), false, JSON.stringify(b) ?? String(b));
    assert.equal(isWebviewToHost(JSON.parse('{"type":"ready","__proto__":{"x":1}}')), false);
    assert.equal(isWebviewToHost(Object.assign(Object.create(null), { type: 'ready' })), true);
  });

  it('accepts a place to reveal without a field (a malformed file: line and column)', () => {
    assert.equal(isWebviewToHost({ type: 'revealField', line: 3, column: 17, file: '/w/broken.json' }), true);
    assert.equal(isWebviewToHost({ type: 'revealField', line: 3 }), true);
    assert.equal(isWebviewToHost({ type: 'revealField', field: 'input[3]', line: 12, column: 7 }), true);
  });
});

describe('isHostToWebview', () => {
  it('accepts the messages the host sends', () => {
    const good: unknown[] = [
      { type: 'showCase', view: { title: 't', lossType: 'MSELoss', lossArgs: {}, lossValue: 1, summary: [], metrics: [], findings: [] } },
      { type: 'caseError', error: { message: 'bad', line: 3 } },
      { type: 'runStarted', scenario: 's', title: 'S', runs: ['a', 'b'], kind: 'sweep', epochs: 5 },
      { type: 'progress', run: 'a', epoch: 1, epochs: 5, train_loss: 0.5, val_loss: null, metrics: { accuracy: 0.9 } },
      { type: 'progress', run: 'a', epoch: 1, epochs: 5, train_loss: null },
      { type: 'runFinished', result: { scenario: 's', seed: 0, seconds: 1, runs: [{ name: 'a', loss: {}, history: { train_loss: [1, null] }, final: { train_loss: 1 }, findings: [] }] } },
      { type: 'runFailed', scenario: 's', message: 'boom' },
      { type: 'runCancelled', scenario: 's' },
    ];
    for (const g of good) assert.equal(isHostToWebview(g), true, JSON.stringify(g));
  });

  it('rejects junk and half-formed messages', () => {
    fc.assert(fc.property(fc.anything(), (x) => !isHostToWebview(x)), { numRuns: 1000 });
    const bad: unknown[] = [
      { type: 'showCase', view: 5 }, { type: 'progress', run: 'x' }, { type: 'runStarted', scenario: 's', title: 'S', runs: ['a'], kind: 'other' },
      { type: 'runFinished', result: { scenario: 's', runs: [{ name: 'a', history: { train_loss: ['x'] } }] } },
      { type: 'caseError', error: 'bad' },
      // The host never sends rule pages to the panel (Explain Rule opens the markdown preview).
      { type: 'ruleDoc', rule: 'r', title: 'R', text: '# R' },
    ];
    for (const b of bad) assert.equal(isHostToWebview(b), false, JSON.stringify(b));
  });

  it('refuses a progress message whose val_loss (or train_loss, metrics) is not a number or null', () => {
    const progress = (over: Record<string, unknown>): unknown => ({ type: 'progress', run: 'a', epoch: 2, epochs: 5, train_loss: 0.5, ...over });
    for (const ok of [{}, { val_loss: null }, { val_loss: 0.41 }]) assert.equal(isHostToWebview(progress(ok)), true, JSON.stringify(ok));
    const bad = [
      { val_loss: '0.41' }, { val_loss: [0.41] }, { val_loss: { value: 0.41 } }, { val_loss: true },
      { train_loss: '0.5' }, { train_loss: undefined }, { metrics: { accuracy: '0.9' } }, { metrics: 0.9 }, { epoch: '2' },
    ];
    for (const b of bad) assert.equal(isHostToWebview(progress(b)), false, JSON.stringify(b));
  });

  it('checks TrainReport histories', () => {
    assert.equal(isTrainReport({ scenario: 's', runs: [] }), true);
    assert.equal(isTrainReport({ scenario: 's', runs: [{ name: 'a', history: { train_loss: [1, 2] }, final: { acc: 'x' } }] }), false);
  });
});

describe('toCaseErrorView', () => {
  it('takes where and hint from a LossDebuggerError', () => {
    const e = new LossDebuggerError('syntax', 'unexpected token }', { file: 'a.json', path: 'input[2]', line: 4, column: 9 }, 'remove the trailing comma');
    assert.deepEqual(toCaseErrorView(e), { message: 'unexpected token }', file: 'a.json', path: 'input[2]', line: 4, column: 9, hint: 'remove the trailing comma', code: 'syntax' });
  });
  it('handles plain errors and non-errors, filling in the file', () => {
    assert.deepEqual(toCaseErrorView(new Error('disk\nfull'), 'b.json'), { message: 'disk full', file: 'b.json' });
    assert.deepEqual(toCaseErrorView('weird'), { message: 'weird' });
    assert.equal(toCaseErrorView(undefined).message, 'unknown error');
  });
});

describe('pageShell (the page of the panel, the HTML report and the Chromium tests)', () => {
  it('carries the CSP, the mode, the app root and live region, styles and scripts in order, escaped', () => {
    const html = pageShell({
      mode: 'report', title: 'a <b> & "c"', csp: "default-src 'none'; script-src 'nonce-n1'", nonce: 'n1', bodyClass: 'vscode-dark',
      styles: [{ href: 'https://x/s.css' }, { css: 'body{}' }],
      scripts: [{ json: '[1]', id: 'lossdbg-data' }, { js: 'boot()' }, { src: 'https://x/w.js' }],
    });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n1'">/);
    assert.match(html, /<meta name="lossdbg-mode" content="report">/);
    assert.match(html, /<title>a &lt;b&gt; &amp; &quot;c&quot;<\/title>/);
    assert.match(html, /<body class="vscode-dark">\n<main id="app"><\/main>\n<div id="live" class="visually-hidden" aria-live="polite"><\/div>/);
    const order = ['<link rel="stylesheet" href="https://x/s.css">', '<style nonce="n1">', 'id="lossdbg-data">[1]</script>', '<script nonce="n1">\nboot()', '<script nonce="n1" src="https://x/w.js">'].map((s) => html.indexOf(s));
    assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])), `order ${order.join(' ')}`);
  });

  it('carries the display language: <html lang> and the L10nSetup as the first script, which readL10nSetup gets back', () => {
    const base = { mode: 'vscode' as const, title: 't', csp: '', nonce: 'n', styles: [], scripts: [{ src: 'w.js' }] };
    assert.match(pageShell(base), /<html lang="en">/);
    assert.doesNotMatch(pageShell(base), new RegExp(L10N_SCRIPT_ID));
    assert.doesNotMatch(pageShell({ ...base, l10n: { language: 'en' } }), new RegExp(L10N_SCRIPT_ID), 'English needs no bundle');
    const setup = { language: 'ko', bundle: { 'Rerun': '다시 실행', 'a </script><script>alert(1)</script> & b': '<!-- x -->', 'm/c': { message: 'ㅁ', comment: ['c'] } } };
    const html = pageShell({ ...base, l10n: setup });
    assert.match(html, /<html lang="ko">/);
    const open = `<script type="application/json" id="${L10N_SCRIPT_ID}">`;
    const at = html.indexOf(open);
    assert.ok(at > 0 && at < html.indexOf('src="w.js"'), 'before the webview script');
    const text = html.slice(at + open.length, html.indexOf('</script>', at));
    assert.doesNotMatch(text, /<|>/, 'nothing in it closes the script element');
    assert.deepEqual(readL10nSetup(text), setup);
    assert.match(pageShell({ ...base, l10n: { language: 'x" onload="y' } }), /<html lang="en">/, 'a strange language tag is not written into the page');
  });

  it('readL10nSetup: English (undefined) for nothing, junk or a malformed bundle', () => {
    assert.equal(readL10nSetup(undefined), undefined);
    assert.equal(readL10nSetup(''), undefined);
    assert.equal(readL10nSetup('{'), undefined);
    assert.equal(readL10nSetup('[]'), undefined);
    assert.equal(readL10nSetup('{"bundle": {}}'), undefined);
    assert.equal(readL10nSetup('{"language": "ko", "bundle": {"a": 1}}'), undefined);
    assert.equal(readL10nSetup('{"language": "ko", "bundle": {"a": {"message": "x", "comment": [1]}}}'), undefined);
    assert.deepEqual(readL10nSetup('{"language": "ko"}'), { language: 'ko' });
  });
});
