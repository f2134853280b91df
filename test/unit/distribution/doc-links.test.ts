/**
 * Every relative link in the shipped documents points at a file that exists, and every #anchor at a
 * heading of that file (GitHub's heading ids: lower case, punctuation dropped, spaces → hyphens;
 * Korean letters kept). Checked in English and in the translations (docs/ko/).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? markdown(p) : n.endsWith('.md') ? [p] : [];
  });
}

/** GitHub's id for a heading. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const FILES = [
  join(ROOT, 'README.md'), join(ROOT, 'CHANGELOG.md'), join(ROOT, 'SECURITY.md'), join(ROOT, 'python', 'README.md'),
  ...markdown(join(ROOT, 'docs')),
].filter((f) => existsSync(f));

test('GitHub heading ids', () => {
  assert.equal(slug('The tutorial\'s problems'), 'the-tutorials-problems');
  assert.equal(slug('튜토리얼의 문제'), '튜토리얼의-문제');
  assert.equal(slug('`smoothing_mode: \'others\'` (ours, not PyTorch)'), 'smoothing_mode-others-ours-not-pytorch');
  assert.equal(slug('BCELoss(weight)'), 'bcelossweight');
});

test('relative links in the documents resolve, anchors included', () => {
  const broken: string[] = [];
  for (const file of FILES) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const link = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, command:
      const [path, anchor] = link.split('#');
      const target = path === '' ? file : join(dirname(file), decodeURI(path));
      const where = `${relative(ROOT, file)} → ${link}`;
      if (!existsSync(target)) {
        broken.push(`${where}: no such file`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchors(target).has(decodeURIComponent(anchor))) broken.push(`${where}: no such heading`);
    }
  }
  assert.deepEqual(broken, []);
});
