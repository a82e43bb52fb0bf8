import { ApiError, errorFromAnswer, withQuery } from './api.ts';

/** What the server takes (it decodes the bytes itself; this only guides the picker and says "too big" early). */
export const AVATAR_ACCEPT = 'image/jpeg,image/png,image/webp';
export const AVATAR_MAX_MB = 8;

/** The square kept, in pixels of the picture as shown upright. */
export interface SquareCrop {
  x: number;
  y: number;
  size: number;
}

/**
 * Sends the picture with the square to keep (multipart, field `file`); the JSON client cannot
 * send a form, so this speaks to the endpoint itself and reads its errors the same way.
 */
export async function uploadAvatar(file: File, crop: SquareCrop): Promise<string> {
  if (file.size > AVATAR_MAX_MB * 1024 * 1024) {
    throw new ApiError(413, 'FILE_TOO_LARGE', '', 'file', undefined, { max: AVATAR_MAX_MB });
  }
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(withQuery('/api/me/avatar', { x: crop.x, y: crop.y, size: crop.size }), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      body: form,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return (payload as { avatar: string }).avatar;
  throw errorFromAnswer(response.status, payload, undefined, response.statusText);
}
