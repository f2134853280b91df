/**
 * Test builds only (statements labelled TEST_BUILD, dropped from release bundles by esbuild.mjs): `crash` takes the worker down so the tests can
 * check the host's restart path. The shipped bundle does not contain it.
 */
import type { Handler } from './handler';

export const crash: Handler<'crash'> = ({ how }) => {
  if (how === 'exit') process.exit(7);
  if (how === 'hang') {
    const until = Date.now() + 60_000;
    while (Date.now() < until) { /* busy: only termination stops this */ }
  }
  if (how === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array<number>(1 << 20).fill(Math.random()));
  }
  setTimeout(() => {
    throw new Error('deliberate crash (test)');
  }, 0);
  return new Promise<never>(() => undefined);
};
