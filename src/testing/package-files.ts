import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of a file shipped at the root of the invent-sdk package, found from wherever this module runs (src/ or a build). */
export function packageFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'invent-sdk') return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`invent-sdk: cannot find ${name} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
