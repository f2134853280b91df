/** `[label](command:id?args)` links in walkthrough and welcome-view markdown: the command and its decoded JSON arguments. */
export interface CommandLink { label: string; command: string; args: unknown[] }

export function commandLinks(markdown: string): CommandLink[] {
  return [...markdown.matchAll(/\[([^\]]+)\]\(command:([A-Za-z0-9_.-]+)(?:\?([^)]*))?\)/g)].map((m) => {
    const args: unknown = m[3] ? JSON.parse(decodeURIComponent(m[3])) : [];
    return { label: m[1], command: m[2], args: Array.isArray(args) ? args : [args] };
  });
}
