import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, type Dirent } from 'node:fs';
import { access, copyFile, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, type BlobStore, type StoredBlob } from './blob-store.ts';

const missing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Files in a folder, as Minga always kept them: written under a temporary name in the same
 * folder and renamed into place, so a reader never sees half a file.
 */
export function createDirectoryStore(folder: string): BlobStore {
  const dir = resolve(folder);
  const pathOf = (key: string) => join(dir, ...checkKey(key).split('/'));
  const tempPath = () => join(dir, `.store-${randomUUID()}.tmp`);

  async function place(temp: string, key: string): Promise<void> {
    const target = pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
  }

  async function* walk(folderPath: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(folderPath, { withFileTypes: true });
    } catch (error) {
      if (missing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folderPath, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.isFile()) yield relative(dir, path).split(sep).join('/');
    }
  }

  return {
    kind: 'directory',
    description: dir,
    dir,

    async stagingDir() {
      await mkdir(dir, { recursive: true });
      return dir;
    },

    async put(key, body) {
      await mkdir(dir, { recursive: true });
      const temp = tempPath();
      try {
        await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(temp, { flags: 'wx' }));
        await place(temp, key);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async putFile(key, path) {
      try {
        await place(path, key);
      } catch (error) {
        // Prepared on another file system: copied beside the target first, then renamed.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        const temp = tempPath();
        await copyFile(path, temp);
        await place(temp, key);
        await rm(path, { force: true });
      }
    },

    async get(key): Promise<StoredBlob | null> {
      // Opened first, then measured: the size is that of the file being streamed.
      let handle: FileHandle;
      try {
        handle = await open(pathOf(key), 'r');
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    },

    async read(key) {
      return readFile(pathOf(key)).catch((error: unknown) => {
        if (missing(error)) return null;
        throw error;
      });
    },

    async exists(key) {
      return stat(pathOf(key)).then(
        (found) => found.isFile(),
        () => false,
      );
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async check() {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    },

    list(prefix) {
      const base = prefix.replace(/\/+$/, '');
      return walk(base ? pathOf(base) : dir);
    },
  };
}
