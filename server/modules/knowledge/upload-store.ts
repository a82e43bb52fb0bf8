import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.ts';
import { contentKey, type BlobStore } from '../../storage/index.ts';

/** Bytes received into a temporary local file, with their hash, not yet kept. */
export interface Received {
  tempPath: string;
  sha256: string;
  size: number;
}

export const tooLarge = (maxBytes: number) => new AppError('FILE_TOO_LARGE', { field: 'file', params: { max: Math.round(maxBytes / 1024 / 1024) } });

/**
 * An upload that fails while being read is the request's fault (a cut connection, a malformed
 * form: 4xx), unless the disk failed (errors from the file system name their system call: 5xx).
 */
export function uploadFailure(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; statusCode?: number; syscall?: string } | null;
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (e?.syscall) return error;
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return error;
  return new AppError('VALIDATION_FAILED', { field: 'file' });
}

/**
 * Uploads on their way into the blob store: received into a local temporary file (its type is
 * read from the bytes before it is kept), then stored under their content's hash. For a folder
 * the temporary file sits beside its final place, so keeping it is a rename; for a bucket it is
 * uploaded, then removed.
 */
export function createUploadStore(blobs: BlobStore, maxBytes: number) {
  return {
    /** Streams the upload to a local file while hashing it; on any failure nothing is left behind. */
    async receive(source: Readable): Promise<Received> {
      const tempPath = join(await blobs.stagingDir(), `.upload-${randomUUID()}.tmp`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > maxBytes) return done(tooLarge(maxBytes));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const out = createWriteStream(tempPath, { flags: 'wx' });
      try {
        await pipeline(source, meter, out);
        // The multipart reader may stop at its limit without an error (when told not to throw).
        if ((source as Readable & { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
      } catch (error) {
        // A failure can come before the file is even open: wait until it is closed, or the
        // removal would run first and the open would leave an empty file behind.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await rm(tempPath, { force: true });
        throw uploadFailure(error, maxBytes);
      }
      return { tempPath, sha256: hash.digest('hex'), size };
    },

    /** Stores received bytes under their hash; identical bytes already there are simply replaced. */
    async keep(received: Received): Promise<void> {
      try {
        await blobs.putFile(contentKey(received.sha256), received.tempPath);
      } finally {
        await rm(received.tempPath, { force: true });
      }
    },

    discard: (received: Received) => rm(received.tempPath, { force: true }),

    /** The stored bytes of a hash, or null when they are missing. */
    open: (sha256: string) => blobs.get(contentKey(sha256)),
  };
}
