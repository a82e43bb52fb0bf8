import { AppError } from '../../lib/errors.ts';
import { COMMUNITY_NAME_MAX, DESCRIPTION_MAX, SLUG_MAX, SLUG_PATTERN } from '../../../shared/schemas/communities.ts';

export function cleanSlug(value: string): string {
  const slug = value.trim().toLowerCase();
  if (slug.length < 2 || slug.length > SLUG_MAX || !SLUG_PATTERN.test(slug)) {
    throw new AppError('SLUG_INVALID', { field: 'slug' });
  }
  return slug;
}

export function cleanName(value: string): string {
  const name = value.replace(/\s+/g, ' ').trim();
  if (name.length < 3 || name.length > COMMUNITY_NAME_MAX) throw new AppError('NAME_INVALID', { field: 'name' });
  return name;
}

export function cleanDescription(value: string): string {
  const description = value.replace(/\r\n/g, '\n').trim();
  if (description.length > DESCRIPTION_MAX) throw new AppError('DESCRIPTION_TOO_LONG', { field: 'description' });
  return description;
}
