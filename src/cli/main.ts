/**
 * `lossdbg`: the command-line face of Loss Debugger. Exit codes: 0 success, 1 `--fail-on` met,
 * 2 bad input or usage (one line on stderr, never a stack trace), 3 internal error.
 */
import { isLossDebuggerError } from '../errors';
import { UsageError } from './args';
import type { Command, Io } from './command';
import { COMMANDS } from './commands';
import { VERSION } from '../version';
import { escapeControls } from '../io/limits';
import { l10n } from '../l10n';
import { availableLanguages, cliLanguage, useLanguage, type CliLanguage } from './language';

/** Our own colour codes (SGR) and line breaks survive; every other control character is shown escaped. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u001b\[(?:0|1|2|31|33|36)m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (m) => (m.length > 1 ? m : escapeControls(m)));
}


function help(): string {
  const lines = [
    l10n.t('lossdbg {0} — find quiet bugs in deep-learning loss functions', VERSION),
    '',
    l10n.t('Usage: {0}', 'lossdbg <command> [options]'),
    '',
    l10n.t('Commands:'),
    ...COMMANDS.map((c: Command) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    l10n.t('Run `lossdbg <command> --help` for a command\'s options.'),
    `  --help       ${l10n.t('show this help')}`,
    `  --version    ${l10n.t('print the version')}`,
    `  --lang LANG  ${l10n.t('the language of messages ({0}; default: the locale, LC_ALL/LC_MESSAGES/LANG)', availableLanguages().join(', '))}`,
  ];
  return lines.join('\n');
}

export async function main(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let language: CliLanguage;
  try {
    language = cliLanguage(argv, env);
    useLanguage(language);
  } catch (e) {
    io.err(`lossdbg: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const [name, ...rest] = language.rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(VERSION);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`lossdbg: ${l10n.t('unknown command \'{0}\' (commands: {1})', name, COMMANDS.map((c) => c.name).join(', '))}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${cmd.summary}\n\n${l10n.t('Usage: {0}', cmd.usage)}`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (isLossDebuggerError(e)) {
      io.err(`lossdbg: ${e.oneLine()}`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`lossdbg ${cmd.name}: ${e.message}`);
      return 2;
    }
    if (e instanceof RangeError && /call stack|Invalid array length|Array buffer allocation/i.test(e.message)) {
      io.err(`lossdbg: ${l10n.t('input too large or too deeply nested to process ({0})', e.message)}`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`lossdbg: ${l10n.t('internal error: {0} (please report this with the input file)', msg)}`);
    if (process.env.LOSSDBG_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return 3;
  }
}

/** What the CLI needs of a real process (`process` itself when run as `lossdbg`; a fake in tests). */
export interface CliProcess {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; on(ev: 'error', f: (e: NodeJS.ErrnoException) => void): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  exitCode?: number | string | null;
  exit(code: number | string): never | void;
}

/** The Io of a real process: terminal-safe lines on stdout and stderr; a reader that left (EPIPE) ends it quietly. */
export function processIo(proc: CliProcess): Io {
  // `lossdbg rules | head`: the reader left; stop quietly instead of dying on EPIPE.
  proc.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return proc.exit(proc.exitCode ?? 0);
    throw e;
  });
  return {
    out: (s) => proc.stdout.write(terminalSafe(s) + '\n'),
    err: (s) => proc.stderr.write(terminalSafe(s) + '\n'),
    isTTY: Boolean(proc.stdout.isTTY),
  };
}

/** `lossdbg ARGS` in `proc`: runs main() and sets the exit code (3 and one line on stderr if it fails itself). */
export function runProcess(proc: CliProcess): Promise<void> {
  return main(proc.argv.slice(2), processIo(proc), proc.env).then(
    (code) => { proc.exitCode = code; },
    (e: unknown) => { proc.stderr.write(`lossdbg: internal error: ${String(e)}\n`); proc.exitCode = 3; },
  );
}

const isEntry = typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module;
if (isEntry) void runProcess(process);
