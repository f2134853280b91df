/** The error view for a case that could not be read: prominent, never blank. */
import { l10n } from '../src/l10n';
import type { CaseErrorView } from '../src/shapes/index';
import { button, h, severityIcon } from './dom';
import type { Host } from './host';

export function renderError(e: CaseErrorView, host: Host): HTMLElement {
  const loc = e.line !== undefined ? (e.column !== undefined ? l10n.t('line {0}, column {1}', e.line, e.column) : l10n.t('line {0}', e.line)) : undefined;
  const rows: Array<[string, string | undefined]> = [
    [l10n.t('File'), e.file],
    [l10n.t('Location'), loc],
    [l10n.t('JSON path'), e.path],
    [l10n.t('Kind'), e.code],
  ];
  const dl = h('dl', { class: 'error-where' });
  for (const [k, v] of rows) if (v) dl.append(h('dt', null, k), h('dd', null, v));
  const view = h('section', { class: 'error-view', role: 'alert', attrs: { 'aria-labelledby': 'error-title' } },
    h('div', { class: 'error-head' }, severityIcon('error'), h('h1', { id: 'error-title' }, l10n.t('This loss case could not be read'))),
    h('p', { class: 'error-message' }, e.message || l10n.t('Unknown error')),
    dl.childNodes.length ? dl : null,
    e.hint ? h('p', { class: 'error-hint' }, h('strong', null, l10n.t('How to fix: ')), e.hint) : null,
  );
  if (!host.report && (e.path || e.line !== undefined)) {
    const field = e.path && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/.test(e.path) ? e.path : undefined;
    // A malformed file has no field to find: go to where parsing stopped (line and column).
    const place = e.line !== undefined && e.line >= 1 ? { line: Math.floor(e.line), ...(e.column !== undefined && e.column >= 1 ? { column: Math.floor(e.column) } : {}) } : {};
    if (field || e.line !== undefined) {
      view.appendChild(h('div', { class: 'error-actions' }, button(loc ? l10n.t('Show {0} in file', loc) : l10n.t('Show in file'), () => host.post({ type: 'revealField', ...(field ? { field } : {}), ...place, ...(e.file ? { file: e.file } : {}) }), 'primary-button')));
    }
  }
  return view;
}
