import { AppError } from './errors.ts';

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Returns null for a cursor that is not ours, so a tampered cursor gives a 400, not a 500. */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== shape.length) return null;
    return key.every((v, i) => typeof v === shape[i]) ? key : null;
  } catch {
    return null;
  }
}

/** The key a request's cursor carries, null without one; a tampered cursor is a 400 on `cursor`. */
export function readCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): (string | number)[] | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor, shape);
  if (!key) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
  return key;
}

export const DEFAULT_PAGE_SIZE = 25;
