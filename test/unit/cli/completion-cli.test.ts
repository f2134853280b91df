/**
 * `lossdbg completion bash|zsh`: the bash script, loaded into a real bash, completes command names,
 * a command's options, an option's listed values, rule ids and scenario ids, and leaves file
 * arguments to bash's file completion.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runCli } from './cli-helpers';

function complete(script: string, line: string[]): string[] {
  // COMP_WORDS/COMP_CWORD as bash sets them for the line typed so far (the last word is being completed)
  const words = line.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _lossdbg; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('the bash completion script completes commands, options, values and ids', () => {
  const r = runCli(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  const s = r.stdout;
  assert.match(s, /^complete -o default -F _lossdbg lossdbg$/m);
  assert.deepEqual(complete(s, ['lossdbg', 'in']), ['inspect']);
  assert.deepEqual(complete(s, ['lossdbg', 'c']), ['curves', 'completion']);
  assert.deepEqual(complete(s, ['lossdbg', 'inspect', '--d']), ['--disable', '--dtype']);
  assert.deepEqual(complete(s, ['lossdbg', 'inspect', '--dtype', '']), ['float64', 'float32']);
  assert.deepEqual(complete(s, ['lossdbg', 'lint', '--format', 's']), ['sarif']);
  assert.deepEqual(complete(s, ['lossdbg', 'rules', 'double-s']), ['double-softmax', 'double-sigmoid']);
  assert.ok(complete(s, ['lossdbg', 'train', 'sweep-']).includes('sweep-label-smoothing'));
  assert.deepEqual(complete(s, ['lossdbg', 'completion', '']), ['bash', 'zsh']);
  assert.deepEqual(complete(s, ['lossdbg', 'inspect', 'ca']), [], 'a case file: left to file completion');
});

test('the zsh script loads the same function through bashcompinit; a bad shell is a usage error', () => {
  const z = runCli(['completion', 'zsh']);
  assert.equal(z.code, 0, z.stderr);
  assert.match(z.stdout, /bashcompinit/);
  assert.match(z.stdout, /^complete -o default -F _lossdbg lossdbg$/m);
  const bad = runCli(['completion', 'fish']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bash or zsh/);
  assert.equal(runCli(['completion']).code, 2);
});
