/**
 * The mutation-testing areas (`npm run test:mutation -- <area>`): which sources StrykerJS mutates
 * and which test files may kill the mutants. Scores, durations and the surviving mutants judged
 * equivalent are recorded in docs/testing.md.
 */
export const AREAS = {
  'engine-losses': {
    mutate: ['src/engine/losses/**/*.ts'],
    testFiles: ['test/unit/engine/losses/**/*.test.ts'],
  },
  rules: {
    mutate: ['src/diagnostics/rules/**/*.ts'],
    // The rule tables only: the whole-pipeline tests (realworld corpus, quality, examples) run every
    // rule on every case and would make each mutant cost minutes.
    testFiles: ['test/unit/diagnostics/rules/**/*.test.ts'],
  },
  io: {
    mutate: ['src/io/**/*.ts'],
    testFiles: ['test/unit/io/**/*.test.ts'],
  },
  // The CLI tests that spawn dist/cli.js report no coverage to Stryker (another process), so the
  // mutants are judged by the tests that call the CLI's modules in this process; the command files
  // (cmd-*.ts) are also called in process by commands.test.ts and commands-files.test.ts.
  cli: {
    mutate: ['src/cli/**/*.ts'],
    testFiles: ['test/unit/cli/main.test.ts', 'test/unit/cli/args.test.ts', 'test/unit/cli/commands.test.ts', 'test/unit/cli/language.test.ts', 'test/unit/cli/text.test.ts', 'test/unit/cli/output-file.test.ts', 'test/unit/cli/commands-files.test.ts', 'test/unit/cli/render-units.test.ts', 'test/unit/cli/cli-edges.test.ts', 'test/unit/cli/cli-output.test.ts'],
  },
  lint: {
    mutate: ['src/lint/**/*.ts', 'src/diagnostics/code/**/*.ts'],
    // Not lint-worker.test.ts: it bundles the (instrumented) sources into a worker, which fails under Stryker.
    testFiles: ['test/unit/lint/**/!(lint-worker).test.ts', 'test/unit/diagnostics/code/**/*.test.ts'],
  },
  logs: {
    mutate: ['src/logs/**/*.ts', 'src/diagnostics/curves/**/*.ts'],
    testFiles: ['test/unit/logs/**/*.test.ts', 'test/unit/diagnostics/curves/**/*.test.ts'],
  },
};

/** A comma-separated list of globs (LOSSDBG_MUTATE, LOSSDBG_MUTATION_TESTS), split at the commas that
 * are outside braces: `test/unit/lint/{flow*,serve}.test.ts` is one glob, not two broken halves. */
export function splitGlobs(list) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) { if (cur) out.push(cur); cur = ''; } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
