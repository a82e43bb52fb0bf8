import type { ErrorCode } from '../errors.ts';
import type { Catalog, MessageKey } from './es.ts';

/**
 * The languages and how a message is filled, without any catalog: what the browser needs before
 * it has loaded the one catalog its reader uses (the catalogs are large; each is its own chunk).
 */
export type { Catalog, MessageKey };

export const LOCALES = ['es', 'pt', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export type MessageParams = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Fills a message's `{name}` slots; an unfilled slot stays visible. */
export function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in params ? String(params[name]) : slot));
}

export function errorMessageKey(code: ErrorCode | 'NETWORK'): MessageKey {
  return `error.${code}` as MessageKey;
}
