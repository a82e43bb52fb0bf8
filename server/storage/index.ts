import type { OpenedDb } from '../../db/client.ts';
import type { BlobStore } from './blob-store.ts';
import { filesDirBeside, throwawayFilesDir, type FilesConfig } from './config.ts';
import { createDirectoryStore } from './directory-store.ts';
import { createS3Store } from './s3-store.ts';

export { contentKey, type BlobStore, type StoredBlob } from './blob-store.ts';
export { filesDirBeside, filesDirFromEnv, filesDirOf, loadFilesConfig, type FilesConfig } from './config.ts';

/** The store a database's uploads go to, and whether it is a throwaway folder (removed when the app closes). */
export function openBlobStore(config: FilesConfig | undefined, database: OpenedDb): { store: BlobStore; throwaway: boolean } {
  if (config?.kind === 's3') return { store: createS3Store(config.s3), throwaway: false };
  if (config?.dir) return { store: createDirectoryStore(config.dir), throwaway: false };
  const file = database.engine === 'sqlite' ? database.sqlite.name : '';
  if (file && file !== ':memory:') return { store: createDirectoryStore(filesDirBeside(file)), throwaway: false };
  return { store: createDirectoryStore(throwawayFilesDir()), throwaway: true };
}
