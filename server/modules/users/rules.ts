import { AppError } from '../../lib/errors.ts';
import { DISPLAY_NAME_MAX } from '../../../shared/schemas/auth.ts';
import { BIO_MAX, CONTENT_LANGUAGES } from '../../../shared/schemas/users.ts';

// Control characters never belong in a name or a bio line (newlines are fine in a bio).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Bidirectional embeddings, overrides and isolates: they make a name read as another (spoofing). */
export const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Refuses a name that carries direction controls, naming the field at fault. */
export function refuseDirectionControls(value: string, field: string): void {
  if (DIRECTION_CONTROL.test(value)) throw new AppError('NAME_DIRECTION_CONTROL', { field });
}

/**
 * Characters that show nothing: format characters (zero-width spaces and joiners, soft hyphen,
 * word joiner, BOM), combining marks on their own, and the blank letters and symbols (Braille
 * blank, Hangul fillers). A name needs at least one character that is none of these.
 */
const INVISIBLE = /[\p{Cf}\p{M}\p{Z}\s\u2800\u3164\u115F\u1160\uFFA0]/gu;

export function cleanDisplayName(value: string): string {
  refuseDirectionControls(value, 'displayName');
  const name = value.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if (name.length < 1 || name.length > DISPLAY_NAME_MAX || name.replace(INVISIBLE, '') === '') {
    throw new AppError('DISPLAY_NAME_INVALID', { field: 'displayName' });
  }
  return name;
}

export function cleanBio(value: string): string {
  const bio = value.replace(CONTROL, '').replace(/\r\n/g, '\n').trim();
  if (bio.length > BIO_MAX) throw new AppError('BIO_TOO_LONG', { field: 'bio' });
  return bio;
}

export function cleanLanguages(values: string[]): string[] {
  const known = CONTENT_LANGUAGES as readonly string[];
  if (values.some((v) => !known.includes(v))) {
    throw new AppError('LANGUAGE_UNKNOWN', { field: 'languages' });
  }
  return known.filter((l) => values.includes(l));
}

/**
 * An IANA time zone as the member's browser or the settings list names it, in the form the
 * server's ICU knows it by (aliases resolved); 400 TIME_ZONE_UNKNOWN otherwise.
 */
export function cleanTimeZone(value: string): string {
  const name = value.trim();
  if (/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+){0,2}$/.test(name)) {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      // not a zone this runtime knows
    }
  }
  throw new AppError('TIME_ZONE_UNKNOWN', { field: 'timeZone' });
}
