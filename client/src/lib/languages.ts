import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../shared/schemas/users.ts';
import { t } from './i18n.svelte.ts';

export function isContentLanguage(code: string): code is ContentLanguage {
  return (CONTENT_LANGUAGES as readonly string[]).includes(code);
}

/** A working language's name in the interface language (an unknown code stays as it is). */
export function languageName(code: string): string {
  return isContentLanguage(code) ? t(`contentLanguage.${code}`) : code;
}
