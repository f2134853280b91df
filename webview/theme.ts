/**
 * Chart colours come from VS Code's theme variables, read from the computed style of <body>. When the
 * theme changes (VS Code swaps the body class vscode-light / vscode-dark / vscode-high-contrast and
 * the variables), every chart is recoloured.
 */

export interface Palette {
  series: string[];
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  highlight: string;
  error: string;
  highContrast: boolean;
}

const SERIES_VARS = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const fg = cssVar(style, '--vscode-foreground', '#cccccc');
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    series: SERIES_VARS.map((c, i) => cssVar(style, `--vscode-charts-${c}`, FALLBACK[i])),
    foreground: cssVar(style, '--vscode-charts-foreground', fg),
    muted: cssVar(style, '--vscode-descriptionForeground', fg),
    grid: hc ? cssVar(style, '--vscode-contrastBorder', fg) : withAlpha(fg, 0.16),
    background: cssVar(style, '--vscode-editor-background', '#1e1e1e'),
    highlight: cssVar(style, '--vscode-charts-green', '#89d185'),
    error: cssVar(style, '--vscode-charts-red', '#f14c4c'),
    highContrast: hc,
  };
}

/** `color` with an alpha, for fills. Handles #rgb, #rrggbb and rgb(...) / rgba(...). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let r: number, g: number, b: number;
  if (/^#[0-9a-f]{3}$/i.test(c)) {
    r = parseInt(c[1] + c[1], 16); g = parseInt(c[2] + c[2], 16); b = parseInt(c[3] + c[3], 16);
  } else if (/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(c)) {
    r = parseInt(c.slice(1, 3), 16); g = parseInt(c.slice(3, 5), 16); b = parseInt(c.slice(5, 7), 16);
  } else {
    const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
    if (!m) return c;
    r = Number(m[1]); g = Number(m[2]); b = Number(m[3]);
  }
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Calls `onChange` when the body's theme class changes. */
export function observeTheme(onChange: () => void): MutationObserver {
  let last = themeKind();
  const mo = new MutationObserver(() => {
    const k = themeKind();
    if (k !== last) { last = k; onChange(); }
  });
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  return mo;
}

export function themeKind(): string {
  const cl = document.body.classList;
  const kinds = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-light', 'vscode-dark'];
  return `${kinds.find((k) => cl.contains(k)) ?? 'none'}|${document.body.getAttribute('data-vscode-theme-id') ?? ''}`;
}
