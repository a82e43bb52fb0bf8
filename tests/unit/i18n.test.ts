import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import { catalogs, LOCALES, translate, type MessageKey } from '../../shared/i18n/index.ts';
import { negotiateLocale } from '../../server/plugins/i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogs', () => {
  const reference = Object.keys(catalogs.es) as MessageKey[];

  it.each(LOCALES)('%s has every key, and no extra ones', (locale) => {
    const keys = Object.keys(catalogs[locale]);
    expect(keys.filter((k) => !(k in catalogs.es))).toEqual([]);
    expect(reference.filter((k) => !(k in catalogs[locale]))).toEqual([]);
  });

  it.each(LOCALES)('%s has no empty message and keeps the placeholders of Spanish', (locale) => {
    for (const key of reference) {
      const text = catalogs[locale][key];
      expect(text.trim(), `${locale}:${key}`).not.toBe('');
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(catalogs.es[key]));
    }
  });

  it('has a message for every error code in every language', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) {
        expect(catalogs[locale][`error.${code}` as MessageKey], `${locale}:${code}`).toBeTruthy();
      }
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'error.RATE_LIMITED', { seconds: 42 })).toBe('Too many attempts. Try again in 42 seconds.');
    expect(translate('pt', 'nav.userMenu', { name: 'Ana' })).toBe('Menu de Ana');
  });
});

describe('language negotiation', () => {
  it.each([
    [undefined, undefined, 'es'],
    [undefined, 'pt-BR,pt;q=0.9,en;q=0.8', 'pt'],
    [undefined, 'en-GB', 'en'],
    [undefined, 'de-DE,fr;q=0.9', 'es'],
    [undefined, 'de-DE,en;q=0.5', 'en'],
    ['pt', 'en', 'pt'],
    ['xx', 'en', 'en'],
  ] as const)('cookie %s, Accept-Language %s → %s', (cookie, header, expected) => {
    expect(negotiateLocale(cookie, header)).toBe(expected);
  });
});
