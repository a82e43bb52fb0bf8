import type { NewsItemResponse } from '../../../../shared/schemas/news.ts';
import { ApiError, errorFromAnswer } from '../../lib/api.ts';
import { AVATAR_MAX_MB } from '../../lib/avatar-upload.ts';

/** Sends a news item's picture (multipart, field `file`): the JSON client cannot send a form. Answers the picture's address. */
export async function uploadNewsImage(newsId: number, file: File): Promise<string | null> {
  if (file.size > AVATAR_MAX_MB * 1024 * 1024) throw new ApiError(413, 'FILE_TOO_LARGE', '', 'file', undefined, { max: AVATAR_MAX_MB });
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/news/${newsId}/image`, { method: 'PUT', credentials: 'same-origin', headers: { accept: 'application/json' }, body: form });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromAnswer(response.status, payload, undefined, response.statusText);
  return (payload as NewsItemResponse).item.image;
}
