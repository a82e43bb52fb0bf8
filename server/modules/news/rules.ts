import { AppError } from '../../lib/errors.ts';
import { NEWS_BODY_MAX, NEWS_SUMMARY_MAX, NEWS_TITLE_MAX } from '../../../shared/schemas/news.ts';

const LIMITS = { title: [5, NEWS_TITLE_MAX], summary: [1, NEWS_SUMMARY_MAX], body: [1, NEWS_BODY_MAX] } as const;

/** A title or summary on one line, a body with its line breaks kept; empty or too long is a 400 on that field. */
export function cleanText(value: string, field: keyof typeof LIMITS): string {
  const text = field === 'body' ? value.replace(/\r\n/g, '\n').trim() : value.replace(/\s+/g, ' ').trim();
  const [min, max] = LIMITS[field];
  if (text.length < min) throw new AppError(field === 'title' ? 'TITLE_INVALID' : 'BODY_EMPTY', { field });
  if (text.length > max) throw new AppError(field === 'title' ? 'TITLE_INVALID' : 'BODY_TOO_LONG', { field, params: { max, length: text.length } });
  return text;
}
