import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../..');
const builtIndex = join(root, 'dist/client/index.html');
const builtRenderer = join(root, 'dist/ssr/entry-server.js');
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
    return Math.min(statSync(builtIndex).mtimeMs, statSync(builtRenderer).mtimeMs);
  } catch {
    return 0;
  }
}

/**
 * Builds dist/client and the page renderer (dist/ssr) when missing or older than their sources
 * (the server serves the one and renders pages with the other).
 */
export async function ensureClientBuilt(): Promise<void> {
  const newestSource = Math.max(...sources.map(newestChange));
  if (builtAt() > newestSource) return;
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { ssr: 'src/entry-server.ts' } });
}
