import { AppError } from '../../lib/errors.ts';
import { BODY_MAX, TITLE_MAX, TITLE_MIN } from '../../../shared/schemas/discussions.ts';

export function cleanTitle(value: string): string {
  const title = value.replace(/\s+/g, ' ').trim();
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) throw new AppError('TITLE_INVALID', { field: 'title' });
  return title;
}

export function cleanBody(value: string): string {
  const body = value.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  if (body.trim().length === 0) throw new AppError('BODY_EMPTY', { field: 'body' });
  if (body.length > BODY_MAX) {
    throw new AppError('BODY_TOO_LONG', { field: 'body', params: { max: BODY_MAX, length: body.length } });
  }
  return body;
}
