import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// The architecture (docs/architecture.md, "Who may import what"), enforced: each room lists the
// rooms it may import. An import of any other room fails `npm run lint`. `types` lists rooms it may
// import types from only (`import type`), never values. Rooms not listed (new folders) are free until
// they get a row here and in docs/architecture.md.
// ---------------------------------------------------------------------------------------------
const ROOMS = {
  shapes: { files: ['src/shapes/**'] },
  errors: { files: ['src/errors.ts', 'src/version.ts', 'src/didyoumean.ts'], may: ['l10n', 'shapes'] },
  protocol: { files: ['src/protocol.ts'], may: ['l10n', 'shapes'] },
  l10n: { files: ['src/l10n.ts'], may: ['shapes'] },
  engine: { files: ['src/engine/**'], may: ['l10n', 'shapes', 'errors'], pure: true },
  io: { files: ['src/io/**'], may: ['l10n', 'engine', 'shapes', 'errors'] },
  diagnostics: { files: ['src/diagnostics/**'], may: ['l10n', 'engine', 'shapes', 'errors'], pure: true },
  scenarios: { files: ['src/scenarios/**'], may: ['l10n', 'engine', 'diagnostics', 'shapes', 'errors'], pure: true },
  logs: { files: ['src/logs/**'], may: ['l10n', 'engine', 'io', 'diagnostics', 'shapes', 'errors'] },
  report: { files: ['src/report/**'], may: ['l10n', 'engine', 'diagnostics', 'logs', 'shapes', 'errors', 'protocol'] },
  worker: { files: ['src/worker/**'], may: ['l10n', 'engine', 'io', 'diagnostics', 'logs', 'scenarios', 'report', 'shapes', 'errors'] },
  lint: { files: ['src/lint/**'], may: ['l10n', 'diagnostics', 'shapes', 'errors'] },
  cli: { files: ['src/cli/**'], may: ['l10n', 'engine', 'io', 'diagnostics', 'logs', 'scenarios', 'report', 'lint', 'shapes', 'errors', 'version'] },
  extension: {
    files: ['src/extension/**'], may: ['shapes', 'protocol', 'errors', 'version', 'vscode'],
    types: ['engine', 'io', 'diagnostics', 'scenarios', 'report'],
  },
  webview: { files: ['webview/**'], may: ['l10n', 'shapes', 'protocol'], browser: true },
};

/** How an import specifier names a room (relative paths from anywhere in src/ or webview/). */
const ROOM_RE = {
  shapes: '(^|/)shapes(/|$)',
  errors: '(^|/)(errors|didyoumean)$',
  version: '(^|/)version$',
  protocol: '(^|/)protocol$',
  l10n: '(^|/)l10n$',
  engine: '(^|/)engine(/|$)',
  io: '(^|/)io(/|$)',
  diagnostics: '(^|/)diagnostics(/|$)',
  scenarios: '(^|/)scenarios(/|$)',
  logs: '(^|/)logs(/|$)',
  report: '(^|/)report(/|$)',
  worker: '(^|/)worker(/|$)',
  cli: '(^|/)cli(/|$)',
  lint: '(^|/)lint(/|$)',
  extension: '(^|/)extension(/|$)',
};
const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'fs/promises', 'url', 'util', 'stream', 'zlib', 'http', 'https', 'net'];

function boundaries(name, room) {
  const may = new Set([name, ...(room.may ?? [])]);
  const types = new Set(room.types ?? []);
  const patterns = [];
  const paths = [];
  if (name === 'shapes') {
    patterns.push({ regex: '^(?!\\./)', message: 'src/shapes is the bottom layer: it imports nothing outside its folder' });
  } else {
    for (const [other, re] of Object.entries(ROOM_RE)) {
      if (may.has(other)) continue;
      const msg = `${name} may not import ${other} (docs/architecture.md, "Who may import what")`;
      patterns.push(types.has(other)
        ? { regex: re, allowTypeImports: true, message: `${msg}; only \`import type\` from ${other}` }
        : { regex: re, message: msg });
    }
  }
  if (!may.has('vscode')) paths.push({ name: 'vscode', message: `${name} runs outside VS Code: no vscode import` });
  if (room.pure || room.browser) {
    const why = room.browser ? 'the webview runs in a browser' : `${name} is pure: no I/O, no Node modules`;
    patterns.push({ regex: '^node:', message: why });
    for (const m of NODE_BUILTINS) paths.push({ name: m, message: why });
  }
  return {
    files: room.files.map((f) => (f.endsWith('**') ? `${f}/*.ts` : f)),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.stryker-tmp/**', 'reports/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Function']", message: 'no new Function (CSP and safety)' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  ...Object.entries(ROOMS).map(([name, room]) => boundaries(name, room)),
);
