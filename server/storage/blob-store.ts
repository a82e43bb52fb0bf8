import type { Readable } from 'node:stream';

/** A stored object being read: its bytes as a stream, and how many there are. */
export interface StoredBlob {
  stream: Readable;
  size: number;
}

/**
 * Where uploaded files live (issue 21): a folder (MINGA_FILES_DIR, by default beside the SQLite
 * file) or an S3-compatible bucket, behind one interface so that several hosts can share the
 * files and nothing needs to stay on one host's disk.
 *
 * Keys are paths of plain segments (`ab/ab12…`, `exports/…zip`): content-addressed files keep
 * the layout the folder always had (`<first 2 hex>/<sha256>`), so backups and old data folders
 * read the same.
 */
export interface BlobStore {
  readonly kind: 'directory' | 's3';
  /** For logs and the health of operations: the folder, or `s3://bucket/prefix` at the endpoint. */
  readonly description: string;
  /** The folder, for the directory store (backups copy from it); null for a bucket. */
  readonly dir: string | null;
  /**
   * A local folder for a file being prepared before it is stored (an upload being checked, an
   * export being zipped): the store's own folder for a directory, so keeping one is a rename;
   * the system's temporary folder for a bucket.
   */
  stagingDir(): Promise<string>;
  /** Stores bytes (or a stream of them, of `size` bytes when known) under `key`, replacing any. */
  put(key: string, body: Buffer | Readable, size?: number): Promise<void>;
  /** Stores a prepared local file under `key`; the local file is gone afterwards (moved or uploaded, then removed). */
  putFile(key: string, path: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  /** The whole object in memory (small objects: avatars, pictures), or null when there is none. */
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** The keys under a prefix (`exports/`), in no promised order. */
  list(prefix: string): AsyncIterable<string>;
  /** Throws, saying what is wrong, when the store cannot be used (a folder not writable, a bucket missing or refused). */
  check(): Promise<void>;
}

/** The key of a content-addressed file (uploads, avatars, news pictures): as laid out on disk since the start. */
export const contentKey = (sha256: string): string => `${sha256.slice(0, 2)}/${sha256}`;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

/** Keys are made by the server, never taken from a request; this refuses anything that could leave the store. */
export function checkKey(key: string): string {
  if (!key.split('/').every((segment) => SEGMENT.test(segment) && !segment.includes('..'))) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
