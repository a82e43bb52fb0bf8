import { isErrorCode } from '../../../../shared/errors.ts';
import type { Resource } from '../../../../shared/schemas/knowledge.ts';
import { ApiError } from '../api.ts';

export type FileRef = NonNullable<Resource['file']>;

/** What the resource bank accepts (the server checks the bytes; this only filters the picker). */
export const ACCEPTED_FILES = [
  '.pdf',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.gif',
].join(',');

export const MAX_FILE_MB = 50;

/**
 * Attaches a file to a resource (multipart/form-data, field `file`). The JSON client cannot
 * send a form, so this speaks to the endpoint directly and reads its errors the same way.
 */
export function uploadResourceFile(resourceId: number, file: File): Promise<FileRef> {
  return postFile<{ file: FileRef }>(`/api/resources/${resourceId}/file`, file).then((payload) => payload.file);
}

/** Posts one file as multipart/form-data (field `file`) and reads the answer as the JSON client would. */
export async function postFile<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      body: form,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown; params?: unknown } } | null)?.error;
  if (error && isErrorCode(error.code)) {
    const params: Record<string, string | number> = {};
    if (error.params && typeof error.params === 'object') {
      for (const [name, value] of Object.entries(error.params)) if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    }
    return Promise.reject(
      new ApiError(response.status, error.code, typeof error.message === 'string' ? error.message : '', 'file', undefined, params),
    );
  }
  // A proxy or the body limit answered before the API could: tell by the status.
  const code = response.status === 413 ? 'FILE_TOO_LARGE' : response.status === 415 ? 'FILE_TYPE_NOT_ALLOWED' : 'INTERNAL';
  throw new ApiError(response.status, code, response.statusText, 'file', undefined, code === 'FILE_TOO_LARGE' ? { max: MAX_FILE_MB } : {});
}

/** "2.4 MB", "830 KB" in the interface language. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}
