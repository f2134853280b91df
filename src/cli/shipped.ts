/**
 * Files shipped with the package (docs/, examples/): beside the built CLI (dist/../NAME) or, when
 * running from the sources (src/cli/../../NAME). Never the user's working directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function shippedPath(...segments: string[]): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [join(here, '..', ...segments), join(here, '..', '..', ...segments)].find((p) => existsSync(p));
}
