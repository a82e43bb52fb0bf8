import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { COMPRESSION_THRESHOLD, isCompressibleFile } from './compressible.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface Precompressed {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/**
 * Writes `name.br` and `name.gz` beside every text file of a built client, at the highest
 * levels (done once per build, not per request). HTML is left out: pages are rendered by the
 * server, not sent from disk. A variant is written only when it is smaller.
 */
export async function precompressDir(dir: string): Promise<Precompressed> {
  const total: Precompressed = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  const files = (await walk(dir)).filter((path) => isCompressibleFile(path) && !/\.(?:html?|br|gz)$/i.test(path));
  await Promise.all(
    files.map(async (path) => {
      if ((await stat(path)).size < COMPRESSION_THRESHOLD) return;
      const body = await readFile(path);
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < body.length) await writeFile(`${path}.br`, br);
      if (gz.length < body.length) await writeFile(`${path}.gz`, gz);
      total.files += 1;
      total.bytes += body.length;
      total.brotliBytes += Math.min(br.length, body.length);
      total.gzipBytes += Math.min(gz.length, body.length);
    }),
  );
  return total;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])));
  return nested.flat();
}
