import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../lib/errors.ts';
import { contentKey, type BlobStore } from '../../storage/index.ts';
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS } from '../users/avatars.ts';

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
/** The stored picture: at most this wide (a news page's column on a 2x screen). */
const MAX_WIDTH = 1600;

/**
 * A news item's picture, re-encoded as the avatars are: decoded (JPEG, PNG or WebP only, a
 * bounded number of pixels), turned upright, scaled down and written as a new WebP, so nothing
 * of the uploaded file (metadata, trailing bytes) survives. Stored content-addressed with
 * the other uploaded files (`<2 hex>/<sha256>` in the files' store), so backups carry it.
 */
export function createNewsImages(files: BlobStore) {
  async function reencode(input: Buffer): Promise<Buffer> {
    let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
    try {
      meta = await sharp(input, { limitInputPixels: false }).metadata();
    } catch {
      throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
    }
    if (!meta.format || !ACCEPTED.has(meta.format) || !meta.width || !meta.height) throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
    if (meta.width * meta.height > AVATAR_MAX_PIXELS) throw new AppError('AVATAR_IMAGE_TOO_BIG', { field: 'file', params: { max: AVATAR_MAX_PIXELS / 1_000_000 } });
    try {
      return await sharp(input, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'error', pages: 1 })
        .rotate()
        .resize({ width: MAX_WIDTH, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .webp({ quality: 82 })
        .toBuffer();
    } catch {
      throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
    }
  }

  return {
    maxBytes: AVATAR_MAX_BYTES,

    /** Re-encodes and keeps the picture; answers its version (the content's hash). */
    async store(input: Buffer | undefined): Promise<string> {
      if (!input || input.length === 0) throw new AppError('FILE_MISSING', { field: 'file' });
      const bytes = await reencode(input);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await files.put(contentKey(sha256), bytes);
      return sha256;
    },

    async read(sha256: string): Promise<Buffer> {
      const bytes = await files.read(contentKey(sha256));
      if (!bytes) throw new AppError('NEWS_NOT_FOUND');
      return bytes;
    },
  };
}

export type NewsImages = ReturnType<typeof createNewsImages>;
