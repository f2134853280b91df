/** Finding cards: severity, title, message, evidence, the fix with a Copy button, docs and field links. */
import type { Finding } from '../src/shapes/index';
import { button, h, severityIcon, table } from './dom';
import { fmtEvidence, humanize } from './format';
import type { Host } from './host';

/** Copies `text`: tells the host (which owns the clipboard in VS Code) and tries the browser API too. */
export function copyText(host: Host, text: string, btn?: HTMLButtonElement): void {
  host.post({ type: 'copy', text });
  try {
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  } catch { /* not allowed here; the host copies */ }
  if (btn) {
    const label = btn.textContent;
    btn.textContent = 'Copied';
    btn.classList.add('copied');
    announce('Copied to the clipboard');
    setTimeout(() => { btn.textContent = label; btn.classList.remove('copied'); }, 1500);
  }
}

export function announce(text: string): void {
  const live = document.getElementById('live');
  if (live) live.textContent = text;
}

export function renderFinding(f: Finding, host: Host, file?: string): HTMLElement {
  const ev = Object.entries(f.evidence ?? {});
  const card = h('article', { class: `finding sev-${f.severity}`, attrs: { 'aria-label': `${f.severity}: ${f.title}` } },
    h('div', { class: 'finding-head' },
      severityIcon(f.severity),
      h('h3', { class: 'finding-title' }, f.title),
      h('code', { class: 'rule-id' }, f.rule)),
    h('p', { class: 'finding-message' }, f.message),
    ev.length ? table(['evidence', 'value'], ev.map(([k, v]) => [humanize(k), fmtEvidence(v)]), 'evidence', `Evidence for ${f.rule}`) : null,
  );
  if (f.fix) {
    const copy = h('button', { class: 'copy-button', attrs: { type: 'button', 'aria-label': `Copy the fix for ${f.title}` } }, 'Copy');
    copy.addEventListener('click', () => copyText(host, f.fix, copy));
    card.appendChild(h('div', { class: 'fix' },
      h('div', { class: 'fix-head' }, h('span', { class: 'fix-label' }, 'Fix'), copy),
      h('pre', { class: 'code' }, h('code', null, f.fix))));
  }
  const actions = h('div', { class: 'finding-actions' });
  if (f.docs || f.rule) {
    if (host.report) {
      actions.appendChild(h('span', { class: 'doc-path' }, `Rule documentation: ${f.docs || f.rule}`));
    } else {
      actions.appendChild(button('Rule documentation', () => host.post({ type: 'openRule', rule: f.rule, ...(f.docs ? { docs: f.docs } : {}) }), 'link-button', `Open the documentation of rule ${f.rule}`));
    }
  }
  if (f.field && !host.report) {
    actions.appendChild(button(`Show ${f.field} in file`, () => host.post({ type: 'revealField', field: f.field as string, ...(file ? { file } : {}) }), 'secondary-button'));
  }
  if (actions.childNodes.length) card.appendChild(actions);
  return card;
}

export function renderFindings(findings: Finding[], host: Host, file?: string, emptyText = 'No problems found.'): HTMLElement {
  const wrap = h('div', { class: 'findings' });
  if (!findings.length) {
    wrap.appendChild(h('p', { class: 'no-findings' }, emptyText));
    return wrap;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  wrap.appendChild(h('p', { class: 'finding-counts' },
    [counts.error && `${counts.error} error${counts.error > 1 ? 's' : ''}`, counts.warning && `${counts.warning} warning${counts.warning > 1 ? 's' : ''}`, counts.info && `${counts.info} note${counts.info > 1 ? 's' : ''}`].filter(Boolean).join(', ')));
  for (const f of findings) wrap.appendChild(renderFinding(f, host, file));
  return wrap;
}
