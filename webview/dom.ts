/**
 * Tiny DOM helpers. Everything is built with createElement/textContent: no innerHTML, no style
 * attributes (the panel's CSP allows stylesheets from the extension only).
 */
import { l10n } from '../src/l10n';

export type Child = Node | string | null | undefined | false;

export interface Attrs {
  class?: string;
  id?: string;
  title?: string;
  role?: string;
  /** aria-* and data-* attributes and other plain attributes. */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, a: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (a) {
    if (a.class) el.className = a.class;
    if (a.id) el.id = a.id;
    if (a.title) el.title = a.title;
    if (a.role) el.setAttribute('role', a.role);
    if (a.attrs) for (const [k, v] of Object.entries(a.attrs)) el.setAttribute(k, v);
    if (a.on) {
      for (const [k, f] of Object.entries(a.on)) el.addEventListener(k, f as EventListener);
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function button(label: string, onClick: () => void, cls = '', aria?: string): HTMLButtonElement {
  const b = h('button', { class: cls, attrs: { type: 'button', ...(aria ? { 'aria-label': aria } : {}) } }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A table with a header row; cells are strings or nodes; `tips` are header tooltips. Wrapped in a box
 * that scrolls inside itself (the first column stays in place, see style.css).
 */
export function table(head: string[], rows: Child[][], cls = '', caption?: string, tips?: string[]): HTMLElement {
  const t = h('table', { class: `data-table ${cls}` });
  if (caption) t.appendChild(h('caption', null, caption));
  const thead = h('thead', null, h('tr', null, ...head.map((c, i) => h('th', { attrs: { scope: 'col' }, ...(tips?.[i] ? { title: tips[i] } : {}) }, c))));
  const tbody = h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c, i) => (i === 0 ? h('th', { attrs: { scope: 'row' } }, c) : h('td', null, c))))));
  t.append(thead, tbody);
  return h('div', { class: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': caption ?? head.join(', ') } }, t);
}

const EMPTY = new Set(['', '—', null, undefined]);

/** Leaves out the columns (after the first) that are empty in every row. */
export function compactColumns(head: string[], rows: Child[][]): { head: string[]; rows: Child[][]; keep: boolean[] } {
  const keep = head.map((_, j) => j === 0 || rows.some((r) => !EMPTY.has(r[j] as string)));
  return { head: head.filter((_, j) => keep[j]), rows: rows.map((r) => r.filter((_, j) => keep[j])), keep };
}

const SVG = 'http://www.w3.org/2000/svg';

/** 'error' / 'warning' / 'info' in the page's language. */
export function severityName(sev: 'error' | 'warning' | 'info'): string {
  return sev === 'error' ? l10n.t('error') : sev === 'warning' ? l10n.t('warning') : l10n.t('info');
}

/** Severity icons as inline SVG (no fonts, no images). */
export function severityIcon(sev: 'error' | 'warning' | 'info'): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('class', `sev-icon sev-${sev}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', severityName(sev));
  const add = (name: string, attrs: Record<string, string>) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    svg.appendChild(e);
  };
  if (sev === 'warning') {
    add('path', { d: 'M8 1.5 15 14.5H1Z', class: 'shape' });
    add('rect', { x: '7.2', y: '5.5', width: '1.6', height: '5', class: 'mark' });
    add('rect', { x: '7.2', y: '11.6', width: '1.6', height: '1.6', class: 'mark' });
  } else if (sev === 'error') {
    add('circle', { cx: '8', cy: '8', r: '7', class: 'shape' });
    add('path', { d: 'M5 5 11 11M11 5 5 11', class: 'stroke' });
  } else {
    add('circle', { cx: '8', cy: '8', r: '7', class: 'shape' });
    add('rect', { x: '7.2', y: '7', width: '1.6', height: '5', class: 'mark' });
    add('rect', { x: '7.2', y: '4', width: '1.6', height: '1.6', class: 'mark' });
  }
  return svg;
}
