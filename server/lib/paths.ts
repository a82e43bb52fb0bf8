import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from both the sources (server/lib) and the build (dist/server/lib). */
export function projectRoot(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
