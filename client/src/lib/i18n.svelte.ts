import { errorMessageKey, fill, type Locale, type MessageKey, type MessageParams } from '../../../shared/i18n/core.ts';
import type { UserResponse } from '../../../shared/schemas/auth.ts';
import { api, type ApiError } from './api.ts';
import { catalogOf } from './catalogs.ts';
import { session } from './state/session.svelte.ts';
import { viewerZone } from './time-zone.svelte.ts';

/** Reactive lookup: a template that calls t() re-renders when the language changes. */
export function t(key: MessageKey, params?: MessageParams): string {
  return fill(catalogOf(session.locale)?.[key] ?? key, params);
}

/** Keys that come as a pair `<base>.one` / `<base>.other`, with a `{count}` slot. */
export type CountedKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

const pluralRules = new Map<string, Intl.PluralRules>();

/** "1 member", "12 members": the form the interface language wants for this number. */
export function tCount(key: CountedKey, count: number, params?: MessageParams): string {
  let rules = pluralRules.get(session.locale);
  if (!rules) {
    rules = new Intl.PluralRules(session.locale);
    pluralRules.set(session.locale, rules);
  }
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as MessageKey, { ...params, count: formatNumber(count) });
}

/**
 * Switches the interface language, remembers it in this browser (cookie read by the server's
 * negotiation) and, for a signed-in person, on the account so it follows them elsewhere.
 */
export async function setLocale(locale: Locale): Promise<void> {
  await session.useLocale(locale);
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
  for (const [name, value] of Object.entries(error.params)) {
    params[name] = typeof value === 'number' ? formatNumber(value) : value;
  }
  const text = t(errorMessageKey(error.code), params);
  return /\{\w+\}/.test(text) && error.message ? error.message : text;
}

/**
 * One formatter per language, time zone and shape, made once: building an Intl formatter costs far more
 * than using one (a thread page formats a few hundred dates and numbers).
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(kind: string, make: (locale: Locale, timeZone: string) => F): F {
  const timeZone = viewerZone();
  const key = `${session.locale}|${timeZone}|${kind}`;
  let found = formatters.get(key) as F | undefined;
  if (!found) {
    found = make(session.locale, timeZone);
    formatters.set(key, found);
  }
  return found;
}

export function formatDate(iso: string, style: 'long' | 'medium' = 'long'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(`date-${style}`, (locale, timeZone) => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone })).format(date);
}

/** Date and time, for the tooltip beside a relative time ("12 mar 2026, 14:05"). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter('datetime', (locale, timeZone) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", "yesterday", in the interface language, measured from `now`. */
export function formatRelative(iso: string, now: number): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  let amount = (time - now) / 1000;
  const format = formatter('relative', (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  // Clocks differ a little between server and browser: the last minute is "now".
  if (Math.abs(amount) < 45) return format.format(0, 'second');
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatDate(iso);
}

export function formatNumber(value: number): string {
  return formatter('number', (locale) => new Intl.NumberFormat(locale)).format(value);
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

/** A time of day ("14:05") in the viewer's zone. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter('clock', (locale, timeZone) => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone })).format(date);
}
