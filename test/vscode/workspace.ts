/** The temporary workspace of the host tests: our fixtures plus the bundled examples. */
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtures';

export function writeWorkspace(ws: string, root: string): void {
  mkdirSync(ws, { recursive: true });
  for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(ws, name), text);
  const examples = join(root, 'examples');
  // the cases, the training-log curves and the example script
  if (existsSync(examples)) cpSync(examples, join(ws, 'examples'), { recursive: true });
}
