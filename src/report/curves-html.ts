/**
 * `lossdbg curves --html FILE`: a self-contained page (inline SVG, no script, no network) with the
 * loss curves of every run overlaid on a log scale, the other series per run, and the findings.
 */
import { currentLanguage, l10n } from '../l10n';
import type { Finding } from '../diagnostics/types';
import type { CurvesRunReport } from '../logs/judge';
import type { RunData } from '../logs/run';
import type { LogSeries } from '../logs/types';
import { isLossName } from '../diagnostics/curves/roles';
import { decimate } from '../logs/decimate';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const MAX_POINTS = 1500;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decimated(s: LogSeries): Array<[number, number]> {
  const d = decimate(s.steps, s.values, MAX_POINTS);
  return d.steps.map((x, i) => [x, d.values[i]]);
}

function fmtTick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

function chart(title: string, lines: Array<{ label: string; pts: Array<[number, number]>; color: string; dashed: boolean }>, log: boolean): string {
  const W = 900, H = 320, L = 64, R = 16, T = 28, B = 40;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const ty = (v: number): number => (log ? Math.log10(v) : v);
  for (const l of lines) for (const [x, y] of l.pts) {
    if (log && !(y > 0)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, ty(y)); y1 = Math.max(y1, ty(y));
  }
  if (!Number.isFinite(x0)) return '';
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const px = (x: number): number => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y: number): number => T + (1 - (ty(y) - y0) / (y1 - y0)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<text x="${L}" y="18" class="t">${esc(title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const yv = y0 + ((y1 - y0) * k) / 4;
    const v = log ? 10 ** yv : yv;
    const y = T + (1 - k / 4) * (H - T - B);
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" class="g"/><text x="${L - 6}" y="${y + 4}" class="a" text-anchor="end">${fmtTick(v)}</text>`);
    const xv = x0 + ((x1 - x0) * k) / 4;
    parts.push(`<text x="${px(xv)}" y="${H - B + 16}" class="a" text-anchor="middle">${fmtTick(xv)}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" class="a" text-anchor="middle">step</text>`);
  lines.forEach((l, i) => {
    const d = l.pts.filter(([, y]) => !log || y > 0).map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${l.color}" stroke-width="1.5"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<g><rect x="${L + 8 + (i % 4) * 205}" y="${T + 4 + Math.floor(i / 4) * 16}" width="14" height="3" fill="${l.color}"/>` +
      `<text x="${L + 26 + (i % 4) * 205}" y="${T + 9 + Math.floor(i / 4) * 16}" class="a">${esc(l.label.slice(0, 30))}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function findingHtml(f: Finding): string {
  const sev = f.severity === 'error' ? l10n.t('error') : f.severity === 'warning' ? l10n.t('warning') : l10n.t('info');
  return `<div class="f ${f.severity}"><div><b>${esc(sev.toUpperCase())}</b> <code>${esc(f.rule)}</code> ${esc(f.title)}</div>` +
    `<p>${esc(f.message)}</p><pre>${esc(f.fix)}</pre><div class="a">${esc(f.docs)}</div></div>`;
}

export function renderCurvesHtml(runs: readonly RunData[], reports: readonly CurvesRunReport[]): string {
  const multi = runs.length > 1;
  const lossLines: Parameters<typeof chart>[1] = [];
  runs.forEach((r, ri) => {
    r.series.filter((s) => isLossName(s.name)).slice(0, 12).forEach((s, si) => {
      lossLines.push({ label: multi ? `${r.source} · ${s.name}` : s.name, pts: decimated(s), color: COLORS[(multi ? ri : si) % COLORS.length], dashed: multi && si > 0 });
    });
  });
  const body: string[] = [];
  const allPositive = lossLines.every((l) => l.pts.every(([, y]) => y > 0));
  if (lossLines.length) body.push(chart(l10n.t('loss'), lossLines, allPositive));
  runs.forEach((r, ri) => {
    const rep = reports[ri];
    body.push(`<h2>${esc(r.source)} <span class="a">${esc(r.format)}</span></h2>`);
    const others = r.series.filter((s) => !isLossName(s.name)).slice(0, 8);
    for (const s of others) body.push(chart(s.name, [{ label: s.name, pts: decimated(s), color: COLORS[0], dashed: false }], false));
    body.push(rep.findings.length ? rep.findings.map(findingHtml).join('') : `<p>${esc(l10n.t('No problems found in the curves.'))}</p>`);
    for (const n of rep.notes ?? []) body.push(`<p class="a">${esc(l10n.t('note:'))} ${esc(n.file)}${n.where ? ` (${esc(n.where)})` : ''}: ${esc(n.message)}</p>`);
  });
  return `<!doctype html><html lang="${currentLanguage()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(l10n.t('Loss curves'))} — Loss Debugger</title><style>
body{font:14px system-ui,sans-serif;margin:24px auto;max-width:960px;padding:0 12px;color:#1e1e1e;background:#fff}
svg{width:100%;height:auto;margin:8px 0}.t{font-weight:600;font-size:14px;fill:currentColor}.a{font-size:12px;fill:#666;color:#666}
.g{stroke:#ddd}.f{border-left:4px solid #888;padding:4px 12px;margin:12px 0}.f.error{border-color:#d32f2f}.f.warning{border-color:#f9a825}.f.info{border-color:#0288d1}
pre{background:#f4f4f4;padding:8px;overflow:auto}
@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}.g{stroke:#444}pre{background:#2a2a2a}.a{fill:#aaa;color:#aaa}}
</style></head><body><h1>${esc(l10n.t('Loss curves'))}</h1>${body.join('\n')}</body></html>
`;
}
