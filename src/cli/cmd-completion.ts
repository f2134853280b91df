/**
 * `lossdbg completion bash|zsh`: a shell completion script, generated from the commands themselves
 * (their names, the options in their usage line, the values an option lists as `a|b|c`), the rule ids
 * (`lossdbg rules ID`) and the scenario ids (`lossdbg train ID`). zsh loads the bash function through
 * its bashcompinit layer, so both shells complete the same words.
 */
import { CODE_ONLY_RULE_IDS } from '../diagnostics/code/index';
import { ALL_RULE_IDS } from '../diagnostics/registry';
import { SCENARIO_IDS } from '../scenarios/index';
import { checkFlags, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { l10n } from '../l10n';
import { option } from './text';

const SHELLS = ['bash', 'zsh'] as const;

/** A shell word list: ids and option names only ever hold [A-Za-z0-9_.-], anything else is dropped. */
function words(list: readonly string[]): string {
  return list.filter((w) => /^[A-Za-z0-9_.-]+$/.test(w)).join(' ');
}

interface CommandWords {
  name: string;
  options: string[];
  /** option → the values it lists in the usage line (`--dtype float64|float32`). */
  values: Map<string, string[]>;
  /** words for the positional arguments (empty: file names). */
  positionals: string[];
}

function describe(cmd: Command): CommandWords {
  const line = cmd.usage.split('\n')[0];
  const options = [...new Set([...line.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
  const values = new Map<string, string[]>();
  for (const m of line.matchAll(/(--[a-z][a-z0-9-]*) ([a-z0-9]+(?:\|[a-z0-9]+)+)/g)) values.set(m[1], m[2].split('|'));
  const positionals = cmd.name === 'rules' ? [...ALL_RULE_IDS, ...CODE_ONLY_RULE_IDS]
    : cmd.name === 'train' ? [...SCENARIO_IDS]
      : cmd.name === 'completion' ? [...SHELLS] : [];
  return { name: cmd.name, options: [...options, '--help'], values, positionals };
}

export function bashScript(commands: readonly Command[]): string {
  const cmds = commands.map(describe);
  const valueCases = cmds.flatMap((c) => [...c.values].map(([opt, vals]) => `    "${c.name} ${opt}") COMPREPLY=($(compgen -W "${words(vals)}" -- "$cur")); return ;;`));
  const optionCases = cmds.map((c) => `      ${c.name}) COMPREPLY=($(compgen -W "${words(c.options)}" -- "$cur")) ;;`);
  const positionalCases = cmds.filter((c) => c.positionals.length).map((c) => `    ${c.name}) COMPREPLY=($(compgen -W "${words(c.positionals)}" -- "$cur")) ;;`);
  return [
    '# lossdbg completion (bash). Load it with:  eval "$(lossdbg completion bash)"',
    '# or save it as ~/.local/share/bash-completion/completions/lossdbg',
    '_lossdbg() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="${COMP_WORDS[1]}"',
    '  COMPREPLY=()',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${words(cmds.map((c) => c.name))} --help --version" -- "$cur"))`,
    '    return',
    '  fi',
    '  case "$cmd $prev" in',
    ...valueCases,
    '  esac',
    '  if [[ "$cur" == -* ]]; then',
    '    case "$cmd" in',
    ...optionCases,
    '    esac',
    '    return',
    '  fi',
    '  case "$cmd" in',
    ...positionalCases,
    '  esac',
    '  # anything else: file names (complete -o default)',
    '}',
    'complete -o default -F _lossdbg lossdbg',
    '',
  ].join('\n');
}

export function zshScript(commands: readonly Command[]): string {
  return [
    '# lossdbg completion (zsh). Load it with:  eval "$(lossdbg completion zsh)"  (after compinit)',
    '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }',
    'autoload -U +X bashcompinit && bashcompinit',
    bashScript(commands).split('\n').filter((l) => !l.startsWith('# ')).join('\n'),
  ].join('\n');
}

/** The command; `all` returns every command (this one included) when the script is written. */
export function completionCommand(all: () => readonly Command[]): Command {
  return {
    name: 'completion',
    get summary() { return l10n.t('print a shell completion script (bash or zsh)'); },
    get usage() {
      return 'lossdbg completion bash|zsh\n\n' +
        option('  bash   ', l10n.t('{0} in {1}', 'eval "$(lossdbg completion bash)"', '~/.bashrc')) +
        option('  zsh    ', l10n.t('{0} in {1}', 'eval "$(lossdbg completion zsh)"', '~/.zshrc')).trimEnd();
    },
    async run(argv, io) {
      const args = parseArgs(argv, []);
      checkFlags(args, [], 'completion');
      const shell = args.positionals[0];
      if (args.positionals.length !== 1 || !(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(l10n.t('expects one shell: {0} or {1}', SHELLS[0], SHELLS[1]));
      }
      io.out((shell === 'bash' ? bashScript(all()) : zshScript(all())).trimEnd());
      return 0;
    },
  };
}
