/** `[label](command:id?args)` links in walkthrough and welcome-view markdown: the command and its decoded JSON arguments. */
export interface CommandLink { label: string; command: string; args: unknown[] }

export function commandLinks(markdown: string): CommandLink[] {
  return [...markdown.matchAll(/\[([^\]]+)\]\(command:([A-Za-z0-9_.-]+)(?:\?([^)]*))?\)/g)].map((m) => {
    const args: unknown = m[3] ? JSON.parse(decodeURIComponent(m[3])) : [];
    return { label: m[1], command: m[2], args: Array.isArray(args) ? args : [args] };
  });
}

/** `package.json` as VS Code shows it: every `"%key%"` string replaced from `package.nls.json` (or a language's file). */
export function localizeManifest<T>(manifest: T, nls: Record<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = /^%([\w.-]+)%$/.exec(v);
      return m && m[1] in nls ? nls[m[1]] : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(manifest) as T;
}
