import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { AVATAR_SIZES, type AvatarCrop } from '../../../shared/schemas/users.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import { avatarUrl } from './mapper.ts';
import type { UsersRepository } from './repository.ts';

/** An upload bigger than this is refused before it is decoded (413 FILE_TOO_LARGE). */
export const AVATAR_MAX_BYTES = 8 * 1024 * 1024;
/** Decoding more pixels than this is refused (a decompression bomb is small on the wire). */
export const AVATAR_MAX_PIXELS = 40_000_000;
/** The stored square: big enough for the largest size served on a 2x screen's profile. */
const MASTER_SIZE = 384;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

/** One avatar size ready to send. */
export interface AvatarImage {
  bytes: Buffer;
  etag: string;
}

/** A small cache of resized avatars: a thread page asks the same few dozen again and again. */
class ResizedCache {
  private readonly entries = new Map<string, AvatarImage>();
  constructor(private readonly limit: number) {}
  get(key: string): AvatarImage | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }
  set(key: string, value: AvatarImage): void {
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The served size for a requested one: the smallest that is at least as big (96 when none was asked). */
export function servedSize(requested: number | undefined): number {
  if (requested === undefined) return 96;
  return AVATAR_SIZES.find((size) => size >= requested) ?? AVATAR_SIZES[AVATAR_SIZES.length - 1];
}

/**
 * The square a member keeps of their picture, re-encoded: the upload is decoded (only JPEG, PNG
 * or WebP, at most AVATAR_MAX_PIXELS), turned upright, cropped, scaled and written as a new WebP,
 * so nothing of the original file (metadata, EXIF, trailing bytes) survives.
 */
export async function cropToSquare(input: Buffer, crop: AvatarCrop): Promise<Buffer> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
  }
  if (!meta.format || !ACCEPTED.has(meta.format) || !meta.width || !meta.height) {
    throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
  }
  if (meta.width * meta.height > AVATAR_MAX_PIXELS) {
    throw new AppError('AVATAR_IMAGE_TOO_BIG', { field: 'file', params: { max: AVATAR_MAX_PIXELS / 1_000_000 } });
  }
  // Orientations 5–8 turn the picture a quarter: its upright width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  const side = crop.size ?? Math.min(width, height);
  const left = crop.x ?? Math.floor((width - side) / 2);
  const top = crop.y ?? Math.floor((height - side) / 2);
  if (left < 0 || top < 0 || left + side > width || top + side > height) {
    throw new AppError('AVATAR_CROP_INVALID', { field: 'crop', params: { width, height } });
  }
  try {
    return await sharp(input, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'error', pages: 1 })
      .rotate()
      .extract({ left, top, width: side, height: side })
      .resize(MASTER_SIZE, MASTER_SIZE, { fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .webp({ quality: 88 })
      .toBuffer();
  } catch {
    throw new AppError('AVATAR_IMAGE_INVALID', { field: 'file' });
  }
}

/**
 * Avatars: stored as content-addressed files beside the uploaded ones (`files/<2 hex>/<sha256>`,
 * so backups carry them), the member's row naming the current one; served resized.
 */
export function createAvatarService(deps: { users: UsersRepository; bus: EventBus; filesDir: string }) {
  const { users, bus, filesDir } = deps;
  const pathOf = (sha256: string) => join(filesDir, sha256.slice(0, 2), sha256);
  const resized = new ResizedCache(500);

  async function store(bytes: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = pathOf(sha256);
    await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
    const temp = join(filesDir, `.avatar-${randomUUID()}.tmp`);
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
    return sha256;
  }

  async function forget(sha256: string | null): Promise<void> {
    if (sha256 && !(await users.storedBytesInUse(sha256))) await rm(pathOf(sha256), { force: true });
  }

  return {
    maxBytes: AVATAR_MAX_BYTES,

    /** The member's stored square (WebP), or null when they have none: their data export carries it. */
    async stored(userId: number): Promise<Buffer | null> {
      const sha256 = await users.avatarOf(userId);
      if (!sha256) return null;
      return readFile(pathOf(sha256)).catch(() => null);
    },
    /** Removes a former avatar's bytes unless something still uses them (an erased account's, once its row let go of it). */
    discard: (sha256: string) => forget(sha256),

    /** Keeps the cropped square as the member's avatar; answers its address. */
    async upload(actor: Actor | null, read: () => Promise<Buffer | undefined>, crop: AvatarCrop): Promise<string> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const input = await read();
      if (!input || input.length === 0) throw new AppError('FILE_MISSING', { field: 'file' });
      const sha256 = await store(await cropToSquare(input, crop));
      const before = await users.setAvatar(actor.id, sha256);
      if (before !== sha256) await forget(before);
      await bus.publish('user.updated', { userId: actor.id });
      return avatarUrl(actor.id, sha256)!;
    },

    async remove(actor: Actor | null): Promise<void> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const before = await users.setAvatar(actor.id, null);
      if (!before) return;
      await forget(before);
      await bus.publish('user.updated', { userId: actor.id });
    },

    /** One size of a member's current avatar; an old version, or none, is 404 (like a missing member). */
    async image(userId: number, version: string, size: number | undefined): Promise<AvatarImage> {
      const sha256 = await users.avatarOf(userId);
      if (!sha256 || !sha256.startsWith(version)) throw new AppError('AVATAR_NOT_FOUND');
      const px = servedSize(size);
      const key = `${sha256}-${px}`;
      const cached = resized.get(key);
      if (cached) return cached;
      let master: Buffer;
      try {
        master = await readFile(pathOf(sha256));
      } catch {
        throw new AppError('AVATAR_NOT_FOUND');
      }
      const bytes = await sharp(master).resize(px, px).webp({ quality: 82 }).toBuffer();
      const image = { bytes, etag: `"${sha256.slice(0, 16)}-${px}"` };
      resized.set(key, image);
      return image;
    },
  };
}

export type AvatarService = ReturnType<typeof createAvatarService>;
