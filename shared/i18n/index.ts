import { DEFAULT_LOCALE, fill, type Catalog, type Locale, type MessageKey, type MessageParams } from './core.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';
import type { ErrorCode } from '../errors.ts';

export * from './core.ts';

/** Every catalog at once: the server speaks all three languages (the browser loads one, see core.ts). */
export const catalogs: Record<Locale, Catalog> = { es, pt, en };

/** Looks a message up and fills its `{name}` slots; an unfilled slot stays visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return fill(catalogs[locale][key] ?? catalogs[DEFAULT_LOCALE][key] ?? key, params);
}

// Every error code must have a message in the catalog; a missing one fails the type check.
const everyErrorHasAMessage: `error.${ErrorCode}` extends MessageKey ? true : never = true;
void everyErrorHasAMessage;
