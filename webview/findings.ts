/** Finding cards: severity, title, message, evidence, the fix with a Copy button, docs and field links. */
import { l10n } from '../src/l10n';
import type { Finding } from '../src/shapes/index';
import { button, h, severityIcon, severityName, table } from './dom';
import { evidenceLabel, evidenceTip, splitEvidence } from './evidence';
import { fmtEvidence } from './format';
import type { Host } from './host';

/** Copies `text`: tells the host (which owns the clipboard in VS Code) and tries the browser API too. */
export function copyText(host: Host, text: string, btn?: HTMLButtonElement): void {
  host.post({ type: 'copy', text });
  try {
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  } catch { /* not allowed here; the host copies */ }
  if (btn) {
    const label = btn.textContent;
    btn.textContent = l10n.t('Copied');
    btn.classList.add('copied');
    announce(l10n.t('Copied to the clipboard'));
    setTimeout(() => { btn.textContent = label; btn.classList.remove('copied'); }, 1500);
  }
}

export function announce(text: string): void {
  const live = document.getElementById('live');
  if (live) live.textContent = text;
}

export function renderFinding(f: Finding, host: Host, file?: string): HTMLElement {
  const ev = Object.entries(f.evidence ?? {});
  const card = h('article', { class: `finding sev-${f.severity}`, attrs: { 'aria-label': `${severityName(f.severity)}: ${f.title}` } },
    h('div', { class: 'finding-head' },
      severityIcon(f.severity),
      h('h3', { class: 'finding-title' }, f.title),
      h('code', { class: 'rule-id' }, f.rule)),
    h('p', { class: 'finding-message' }, f.message),
    ev.length ? evidenceTable(f.rule, ev) : null,
  );
  if (f.fix) {
    const copy = h('button', { class: 'copy-button', attrs: { type: 'button', 'aria-label': l10n.t('Copy the fix for {0}', f.title) } }, l10n.t('Copy'));
    copy.addEventListener('click', () => copyText(host, f.fix, copy));
    card.appendChild(h('div', { class: 'fix' },
      h('div', { class: 'fix-head' }, h('span', { class: 'fix-label' }, l10n.t('Fix')), copy),
      h('pre', { class: 'code' }, h('code', null, f.fix))));
  }
  const actions = h('div', { class: 'finding-actions' });
  if (f.docs || f.rule) {
    if (host.report) {
      actions.appendChild(h('span', { class: 'doc-path' }, l10n.t('Rule documentation: {0}', f.docs || f.rule)));
    } else {
      actions.appendChild(button(l10n.t('Rule documentation'), () => host.post({ type: 'openRule', rule: f.rule, ...(f.docs ? { docs: f.docs } : {}) }), 'link-button', l10n.t('Open the documentation of rule {0}', f.rule)));
    }
  }
  // Only when the finding is about a file the host can open (a scenario's findings have none).
  if (f.edit && file && !host.report) {
    actions.appendChild(button(l10n.t('Apply fix'), () => host.post({ type: 'applyFix', rule: f.rule, ...(f.field ? { field: f.field } : {}) }), 'primary-button apply-fix', l10n.t('Apply the fix for {0} to the file', f.title)));
  }
  if (f.field && file && !host.report) {
    actions.appendChild(button(l10n.t('Show {0} in file', f.field), () => host.post({ type: 'revealField', field: f.field as string, file }), 'secondary-button'));
  }
  if (actions.childNodes.length) card.appendChild(actions);
  return card;
}

type EvidenceEntries = Array<[string, Parameters<typeof fmtEvidence>[0]]>;

/** The numbers that carry the finding, plainly labelled; the rest behind "more". */
function evidenceTable(rule: string, ev: EvidenceEntries): HTMLElement {
  const { main, more } = splitEvidence(rule, ev);
  const rows = (es: EvidenceEntries) => es.map(([k, v]) => [evidenceLabel(k), fmtEvidence(v)]);
  const tips = (es: EvidenceEntries) => es.map(([k]) => evidenceTip(k));
  const box = h('div', { class: 'evidence-box' }, withRowTips(table([l10n.t('evidence'), l10n.t('value')], rows(main.length ? main : more), 'evidence', l10n.t('Evidence for {0}', rule)), tips(main.length ? main : more)));
  if (main.length && more.length) {
    box.appendChild(h('details', { class: 'evidence-more' }, h('summary', null, more.length > 1 ? l10n.t('{0} more numbers', more.length) : l10n.t('1 more number')),
      withRowTips(table([l10n.t('evidence'), l10n.t('value')], rows(more), 'evidence', l10n.t('More evidence for {0}', rule)), tips(more))));
  }
  return box;
}

function withRowTips(el: HTMLElement, tips: string[]): HTMLElement {
  el.querySelectorAll('tbody tr').forEach((tr, i) => { const th = tr.firstElementChild as HTMLElement | null; if (th && tips[i]) th.title = tips[i]; });
  return el;
}

export function renderFindings(findings: Finding[], host: Host, file?: string, emptyText = l10n.t('No problems found.')): HTMLElement {
  const wrap = h('div', { class: 'findings' });
  if (!findings.length) {
    wrap.appendChild(h('p', { class: 'no-findings' }, emptyText));
    return wrap;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  wrap.appendChild(h('p', { class: 'finding-counts' },
    [counts.error && (counts.error > 1 ? l10n.t('{0} errors', counts.error) : l10n.t('1 error')), counts.warning && (counts.warning > 1 ? l10n.t('{0} warnings', counts.warning) : l10n.t('1 warning')), counts.info && (counts.info > 1 ? l10n.t('{0} notes', counts.info) : l10n.t('1 note'))].filter(Boolean).join(', ')));
  for (const f of findings) wrap.appendChild(renderFinding(f, host, file));
  return wrap;
}
