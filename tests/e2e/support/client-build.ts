import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../..');
const builtIndex = join(root, 'dist/client/index.html');
/** What the bundle is made of: the client, the shared contract (catalogs, schemas), the config. */
const sources = [join(root, 'client'), join(root, 'shared'), join(root, 'vite.config.ts')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

function builtAt(): number {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return 0;
  }
}

/** Builds dist/client when it is missing or older than its sources (the server serves it). */
export async function ensureClientBuilt(): Promise<void> {
  const newestSource = Math.max(...sources.map(newestChange));
  if (builtAt() > newestSource) return;
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
