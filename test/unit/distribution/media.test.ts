/**
 * The pictures and the walkthrough stay true: every committed picture under media/screenshots is in
 * its manifest (and the other way round) with the command that produces it still contributed, the
 * webview view it shows still rendered by webview/, the rule it shows still registered; the README
 * and the walkthrough only show pictures that exist; every command link of the walkthrough and the
 * welcome views is a command we contribute or a known VS Code command. The pictures themselves are
 * retaken from the real host by test/vscode/run.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULE_IDS } from '../../../src/diagnostics/registry';
import { SCENARIO_IDS } from '../../../src/scenarios/index';
import { commandLinks, localizeManifest } from '../../vscode/walkthrough-links';

const ROOT = join(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'media', 'screenshots');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

interface Picture { command?: string; setting?: string; webview?: string; workbench?: string; rule?: string; scenario?: string; shows: string }
interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string; svg?: string; altText?: string }; completionEvents?: string[] }
interface Pkg {
  contributes: {
    commands: Array<{ command: string; title: string }>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs: Array<{ id: string; steps: Step[] }>;
    viewsWelcome: Array<{ view: string; contents: string }>;
  };
}
/** As VS Code shows it in English (the strings are `%key%`s of package.nls.json). */
const pkg = localizeManifest(JSON.parse(read('package.json')) as Pkg, JSON.parse(read('package.nls.json')) as Record<string, string>);
const manifest = (JSON.parse(read('media/screenshots/manifest.json')) as { pictures: Record<string, Picture> }).pictures;
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
/** VS Code's own commands the walkthrough links to. */
const BUILTIN = new Set(['workbench.actions.view.problems', 'workbench.action.openWalkthrough']);
const webviewSources = readdirSync(join(ROOT, 'webview')).filter((f) => f.endsWith('.ts')).map((f) => read(join('webview', f))).join('\n');

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('every committed picture is in the manifest, and what it shows still exists', () => {
  const files = readdirSync(SHOTS).filter((f) => f !== 'manifest.json').sort();
  assert.deepEqual(files, Object.keys(manifest).sort(), 'media/screenshots and its manifest.json disagree');
  for (const [name, p] of Object.entries(manifest)) {
    const size = pngSize(join(SHOTS, name));
    assert.ok(size.width >= 800 && size.height >= 400, `${name}: ${size.width}×${size.height}`);
    assert.ok(p.command || p.setting, `${name}: names neither the command nor the setting that produces it`);
    if (p.command) assert.ok(contributed.has(p.command), `${name}: its command ${p.command} is no longer contributed`);
    if (p.setting) assert.ok(settings.has(p.setting), `${name}: its setting ${p.setting} is no longer contributed`);
    assert.ok(p.webview || p.workbench, `${name}: says neither which webview view nor which workbench part it shows`);
    if (p.webview) assert.ok(webviewSources.includes(`class: '${p.webview}'`), `${name}: the webview no longer renders a .${p.webview}`);
    if (p.rule) {
      assert.ok((ALL_RULE_IDS as readonly string[]).includes(p.rule), `${name}: rule ${p.rule} is gone`);
      assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${p.rule}.md`)));
    }
    if (p.scenario) assert.ok(SCENARIO_IDS.includes(p.scenario), `${name}: scenario ${p.scenario} is gone`);
    assert.ok(p.shows.length > 20, `${name}: say what it shows`);
  }
});

test('the README and the walkthrough only show committed pictures and files', () => {
  const readme = read('README.md');
  const inReadme = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(inReadme.length >= 3, 'the README shows the product');
  for (const src of inReadme) {
    assert.ok(!/^https?:/.test(src), `${src}: pictures are committed, not hot-linked`);
    assert.ok(existsSync(join(ROOT, src)), `README.md shows ${src}, which does not exist`);
    if (src.startsWith('media/screenshots/')) assert.ok(manifest[src.slice('media/screenshots/'.length)], `${src} is not in the manifest`);
  }
  for (const step of pkg.contributes.walkthroughs.flatMap((w) => w.steps)) {
    const m = step.media.image ?? step.media.markdown ?? step.media.svg;
    assert.ok(m, `walkthrough step ${step.id} has no media`);
    assert.ok(existsSync(join(ROOT, m)), `walkthrough step ${step.id}: ${m} does not exist`);
    if (step.media.image) {
      assert.ok(step.media.altText && step.media.altText.length > 20, `walkthrough step ${step.id}: alt text`);
      if (m.startsWith('media/screenshots/')) assert.ok(manifest[m.slice('media/screenshots/'.length)], `${m} is not in the manifest`);
    }
  }
});

test('every walkthrough step has a command button, and every command link exists', () => {
  const steps = pkg.contributes.walkthroughs.flatMap((w) => w.steps);
  assert.ok(steps.length >= 6);
  const texts = [...steps.map((s) => s.description), ...pkg.contributes.viewsWelcome.map((v) => v.contents)];
  for (const step of steps) assert.ok(commandLinks(step.description).length > 0, `walkthrough step ${step.id} has no command button`);
  for (const link of texts.flatMap(commandLinks)) {
    assert.ok(contributed.has(link.command) || BUILTIN.has(link.command), `the link "${link.label}" runs ${link.command}, which is not a command`);
  }
  for (const ev of steps.flatMap((s) => s.completionEvents ?? [])) {
    const m = /^onCommand:(.+)$/.exec(ev);
    assert.ok(m && (contributed.has(m[1]) || BUILTIN.has(m[1])), `completion event ${ev}`);
  }
  // the examples the buttons open are bundled
  for (const link of texts.flatMap(commandLinks).filter((l) => l.command === 'lossDebugger.openExamples' && l.args.length)) {
    assert.ok(existsSync(join(ROOT, 'examples', String(link.args[0]))), `the walkthrough opens examples/${String(link.args[0])}, which is not bundled`);
  }
  const scenarios = texts.flatMap(commandLinks).filter((l) => l.command === 'lossDebugger.runScenario' && l.args.length);
  for (const l of scenarios) assert.ok(SCENARIO_IDS.includes(String(l.args[0])), `scenario ${String(l.args[0])}`);
});
