import {
  errorMessageKey,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../../../shared/i18n/index.ts';
import type { UserResponse } from '../../../shared/schemas/auth.ts';
import { api, type ApiError } from './api.ts';
import { session } from './state/session.svelte.ts';

/** Reactive lookup: a template that calls t() re-renders when the language changes. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(session.locale, key, params);
}

/**
 * Switches the interface language, remembers it in this browser (cookie read by the server's
 * negotiation) and, for a signed-in person, on the account so it follows them elsewhere.
 */
export async function setLocale(locale: Locale): Promise<void> {
  session.useLocale(locale);
  if (session.user) {
    const { user } = await api.patch<UserResponse>('/api/me', { locale });
    session.user = user;
  }
}

/**
 * An API error in the current language. The catalog is the source so a language switch
 * re-renders it; the server's own (already filled-in) message is the fallback when the
 * template needs a value the client does not know.
 */
export function errorText(error: ApiError): string {
  const params: MessageParams = {};
  if (error.field) params.field = error.field;
  if (error.retryAfter) params.seconds = error.retryAfter;
  const text = t(errorMessageKey(error.code), params);
  return /\{\w+\}/.test(text) && error.message ? error.message : text;
}

export function formatDate(iso: string, style: 'long' | 'medium' = 'long'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(session.locale, { dateStyle: style }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(session.locale).format(value);
}

/** A country's name in the current language. */
export function countryName(country: { names: Record<Locale, string> }): string {
  return country.names[session.locale];
}

/** Sorts by a label the way a reader of the current language expects (accents, case). */
export function compareText(a: string, b: string): number {
  let collator = collators.get(session.locale);
  if (!collator) {
    collator = new Intl.Collator(session.locale, { sensitivity: 'base' });
    collators.set(session.locale, collator);
  }
  return collator.compare(a, b);
}
const collators = new Map<Locale, Intl.Collator>();
