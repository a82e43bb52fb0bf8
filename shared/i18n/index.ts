import { en } from './en.ts';
import { es, type Catalog, type MessageKey } from './es.ts';
import { pt } from './pt.ts';
import type { ErrorCode } from '../errors.ts';

export type { Catalog, MessageKey };

export const LOCALES = ['es', 'pt', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export const catalogs: Record<Locale, Catalog> = { es, pt, en };

export type MessageParams = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Looks a message up and fills its `{name}` slots; an unfilled slot stays visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogs[locale][key] ?? catalogs[DEFAULT_LOCALE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    name in params ? String(params[name]) : slot,
  );
}

export function errorMessageKey(code: ErrorCode | 'NETWORK'): MessageKey {
  return `error.${code}` as MessageKey;
}

// Every error code must have a message in the catalog; a missing one fails the type check.
const everyErrorHasAMessage: `error.${ErrorCode}` extends MessageKey ? true : never = true;
void everyErrorHasAMessage;
