/** The StrykerJS configuration shared by every area (tools/mutation/<area>.config.mjs). */
import { AREAS, splitGlobs } from './areas.mjs';

export function config(area) {
  const a = AREAS[area];
  if (!a) throw new Error(`unknown mutation area '${area}' (areas: ${Object.keys(AREAS).join(', ')})`);
  // LOSSDBG_MUTATE narrows the run to some files of the area (comma-separated globs, each inside the area).
  const mutate = process.env.LOSSDBG_MUTATE ? splitGlobs(process.env.LOSSDBG_MUTATE) : a.mutate;
  // LOSSDBG_MUTATION_TESTS narrows the test files that may kill them (each covering test file is one
  // process per mutant: a rule's own tables instead of every suite that runs all rules is several
  // times faster, and a stricter measure). Scores of narrowed runs say so in docs/testing.md.
  const testFiles = process.env.LOSSDBG_MUTATION_TESTS ? splitGlobs(process.env.LOSSDBG_MUTATION_TESTS) : a.testFiles;
  return {
    packageManager: 'npm',
    testRunner: 'tap',
    tap: { testFiles, nodeArgs: ['--import', 'tsx', '--test-reporter=tap'] },
    checkers: ['typescript'],
    tsconfigFile: 'tools/mutation/tsconfig.json',
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    mutate,
    coverageAnalysis: 'perTest',
    // The machine has 2 cores shared with other work: one test process at a time.
    concurrency: 1,
    timeoutMS: 10000,
    // The initial run (every covering test file, instrumented) takes minutes under the shared load:
    // Stryker's default limit of 5 minutes aborted a 47-file area run before any mutant was tested.
    dryRunTimeoutMinutes: 20,
    timeoutFactor: 2,
    // Re-runs only re-test mutants whose code or covering tests changed since the last run. Not with
    // --one-process: the generated file that imports every test file does not change when they do, so
    // an earlier verdict would be kept after new tests.
    incremental: !process.env.LOSSDBG_ONE_PROCESS,
    incrementalFile: `reports/mutation/${area}.incremental.json`,
    reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
    jsonReporter: { fileName: `reports/mutation/${area}.json` },
    htmlReporter: { fileName: `reports/mutation/${area}.html` },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['/python', '/dist', '/reports', '/.stryker-tmp', '/out', '/.vscode-test', '/test-results', '*.vsix'],
    cleanTempDir: 'always',
  };
}
