import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inlineJs, renderHtmlReport, scriptJson } from '../../../src/report/html';
import type { TrainReport } from '../../../src/shapes/index';
import { LossDebuggerError } from '../../../src/errors';

function fakeAssets(js = 'console.log("</script><!-- x");\n//# sourceMappingURL=webview.js.map\n', css = 'body{}'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lossdbg-assets-'));
  writeFileSync(path.join(dir, 'webview.js'), js);
  writeFileSync(path.join(dir, 'webview-charts.js'), 'window.lossdbgChartLib = {};\n');
  writeFileSync(path.join(dir, 'webview.css'), css);
  return dir;
}

const result: TrainReport = {
  scenario: 'demo', seed: 1, seconds: 0.5, title: 'A </title><b>title</b>',
  runs: [{ name: 'r</script>', loss: {}, history: { train_loss: [1, NaN, 0.5] }, final: { train_loss: 0.5 }, findings: [] }],
};

describe('renderHtmlReport', () => {
  it('embeds the data as JSON that survives </script> and NaN', () => {
    const html = renderHtmlReport(result, { assetsDir: fakeAssets() });
    const m = /<script type="application\/json" id="lossdbg-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(m, 'data block present');
    const data = JSON.parse(m[1]);
    assert.equal(data[0].type, 'runFinished');
    assert.equal(data[0].result.runs[0].name, 'r</script>');
    assert.deepEqual(data[0].result.runs[0].history.train_loss, [1, null, 0.5]);
    // Only the script elements we wrote close: data, boot, the charts bundle, the bundle.
    assert.equal(html.match(/<\/script>/g)?.length, 4);
    assert.ok(!html.includes('sourceMappingURL'));
    assert.ok(!html.includes('<!-- x'));
    assert.match(html, /<title>A &lt;\/title&gt;&lt;b&gt;title&lt;\/b&gt; — Loss Debugger<\/title>/);
  });

  it('uses one fresh nonce for its CSP, styles and scripts', () => {
    const a = renderHtmlReport(result, { assetsDir: fakeAssets() });
    const b = renderHtmlReport(result, { assetsDir: fakeAssets() });
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(a)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.equal(a.match(new RegExp(`nonce="${nonce}"`, 'g'))?.length, 4, 'style, boot script, charts bundle, bundle');
    assert.ok(!b.includes(nonce));
    assert.match(a, /default-src 'none'/);
  });

  it('wraps case views and errors; forced themes', () => {
    const view = { title: 'c.json', lossType: 'MSELoss', lossArgs: {}, lossValue: 1, summary: [], metrics: [], findings: [] };
    const html = renderHtmlReport({ caseView: view }, { assetsDir: fakeAssets(), theme: 'dark' });
    assert.match(html, /"type":"showCase"/);
    assert.match(html, /var forced = "dark"/);
    assert.match(renderHtmlReport({ caseError: { message: 'bad' } }, { assetsDir: fakeAssets() }), /"type":"caseError"/);
  });

  it('fails with a LossDebuggerError when the bundle is missing', () => {
    assert.throws(() => renderHtmlReport(result, { assetsDir: path.join(tmpdir(), 'no-such-dir-lossdbg') }), (e) => e instanceof LossDebuggerError && /npm run build/.test(e.message));
  });

  it('escapes script-breaking sequences', () => {
    assert.equal(scriptJson({ a: '</script>&\u2028' }), '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    assert.equal(inlineJs('x = "</SCRIPT>"'), 'x = "<\\/SCRIPT>"');
  });
});
