/** The temporary workspace of the host tests: our fixtures plus the bundled examples. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtures';

export function writeWorkspace(ws: string, root: string): void {
  mkdirSync(ws, { recursive: true });
  for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(ws, name), text);
  const examples = join(root, 'examples');
  if (existsSync(examples)) {
    mkdirSync(join(ws, 'examples'), { recursive: true });
    for (const f of readdirSync(examples).filter((n) => n.endsWith('.json'))) copyFileSync(join(examples, f), join(ws, 'examples', f));
  }
}
