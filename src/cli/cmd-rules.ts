/** `lossdbg rules [ID]`: list the diagnostic rules, or print one rule's doc page. */
import { l10n } from '../l10n';
import { readFileSync } from 'node:fs';
import { CODE_ONLY_RULE_IDS, CODE_RULES } from '../diagnostics/code/index';
import { allRules, checkRuleIds, docsPath, findRule } from '../diagnostics/registry';
import type { Rule } from '../diagnostics/types';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { shippedPath } from './shipped';
import { toJson } from '../report/json-safe';
import { displayWidth, option, padEndW, severityWord } from './text';

/** The rule's page in the current language (docsPath), else the English one. */
function findDoc(id: string): string | undefined {
  return shippedPath(...docsPath(id).split('/')) ?? shippedPath('docs', 'rules', `${id}.md`);
}

type Listed = Pick<Rule, 'id' | 'severity' | 'title' | 'defaults' | 'appliesTo'>;

function ruleJson(r: Listed): Record<string, unknown> {
  return { id: r.id, severity: r.severity, title: l10n.t(r.title), defaults: r.defaults, appliesTo: r.appliesTo ?? null, docs: docsPath(r.id) };
}

/** The loss types a rule judges, after its title (nothing for a rule that judges every type). */
function lossTypes(r: Listed): string {
  return r.appliesTo ? `  [${r.appliesTo.join(', ')}]` : '';
}

/** What `lossdbg rules ID` prints when the rule's page is not installed: its line, its options, where the page belongs. */
export function ruleWithoutPage(rule: Listed): string[] {
  const opts = Object.entries(rule.defaults);
  return [
    `${rule.id} (${severityWord(rule.severity)}): ${l10n.t(rule.title)}${lossTypes(rule)}`,
    ...(opts.length ? [l10n.t('options: {0}', opts.map(([k, v]) => `${k}=${v}`).join(', '))] : []),
    l10n.t('(documentation page {0} not found next to this installation)', docsPath(rule.id)),
  ];
}

export const rulesCommand: Command = {
  name: 'rules',
  get summary() { return l10n.t('list the diagnostic rules, or show one rule\'s documentation'); },
  get usage() {
    return 'lossdbg rules [ID] [--json]\n\n' +
      option('  ID       ', l10n.t('print the rule\'s page (what it does, why it is bad, fix, evidence, options)')) +
      option('  --json   ', l10n.t('list as JSON: {0}', '[{id, severity, title, defaults, appliesTo, docs}]')).trimEnd();
  },
  async run(argv, io) {
    const args = parseArgs(argv, []);
    checkFlags(args, ['json'], 'rules');
    if (args.positionals.length > 1) throw new UsageError(l10n.t('expects at most one rule id'));
    if (args.positionals.length === 0) {
      // value rules, then the rules that only exist in code (`lossdbg lint`)
      const codeOnly = CODE_RULES.filter((r) => (CODE_ONLY_RULE_IDS as readonly string[]).includes(r.id)).map((r) => ({ ...r, defaults: {} }));
      const rules = [...allRules(), ...codeOnly];
      if (args.flags.has('json')) {
        io.out(toJson(rules.map(ruleJson)));
        return 0;
      }
      const w = Math.max(...rules.map((r) => r.id.length));
      const sw = Math.max(7, ...(['error', 'warning', 'info'] as const).map((x) => displayWidth(severityWord(x))));
      for (const r of rules) io.out(`${r.id.padEnd(w)}  ${padEndW(severityWord(r.severity), sw)}  ${l10n.t(r.title)}${lossTypes(r)}`);
      io.out(`\n${l10n.t('{0} rules. `lossdbg rules ID` shows one; `lossdbg inspect --disable ID,ID` turns rules off.', rules.length)}`);
      return 0;
    }
    const id = args.positionals[0];
    const codeRule = CODE_RULES.find((r) => r.id === id && (CODE_ONLY_RULE_IDS as readonly string[]).includes(r.id));
    if (!codeRule) checkRuleIds([id]);
    const rule = findRule(id) ?? (codeRule && { ...codeRule, defaults: {} });
    if (!rule) throw new UsageError(l10n.t('unknown rule \'{0}\'', id));
    if (args.flags.has('json')) {
      io.out(toJson(ruleJson(rule)));
      return 0;
    }
    const doc = findDoc(id);
    if (doc) {
      io.out(readFileSync(doc, 'utf8').trimEnd());
    } else {
      for (const l of ruleWithoutPage(rule)) io.out(l);
    }
    return 0;
  },
};
