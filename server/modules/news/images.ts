import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../lib/errors.ts';
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS } from '../users/avatars.ts';

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
/** The stored picture: at most this wide (a news page's column on a 2x screen). */
const MAX_WIDTH = 1600;

/**
 * A news item's picture, re-encoded as the avatars are: decoded (JPEG, PNG or WebP only, a
 * bounded number of pixels), turned upright, scaled down and written as a new WebP, so nothing
 * of the uploaded file (metadata, trailing bytes) survives. Stored content-addressed beside
 * the other uploaded files (`files/<2 hex>/<sha256>`), so backups carry it.
 */
export function createNewsImages(filesDir: string) {
  const pathOf = (sha256: string) => join(filesDir, sha256.slice(0, 2), sha256);

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
      await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
      const temp = join(filesDir, `.news-${randomUUID()}.tmp`);
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, pathOf(sha256));
      return sha256;
    },

    async read(sha256: string): Promise<Buffer> {
      try {
        return await readFile(pathOf(sha256));
      } catch {
        throw new AppError('NEWS_NOT_FOUND');
      }
    },
  };
}

export type NewsImages = ReturnType<typeof createNewsImages>;
