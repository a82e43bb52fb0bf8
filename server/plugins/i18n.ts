import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../shared/i18n/index.ts';
import { LOCALE_COOKIE } from '../../shared/schemas/session.ts';

/**
 * The language before we know who is asking: a `?lang=` in the address (the head's hreflang
 * alternates link to it), else the cookie, else Accept-Language, else Spanish.
 */
export function negotiateLocale(
  cookie: string | undefined,
  acceptLanguage: string | undefined,
  queryLang?: unknown,
): Locale {
  if (isLocale(queryLang)) return queryLang;
  if (isLocale(cookie)) return cookie;
  if (acceptLanguage) {
    const negotiator = new Negotiator({ headers: { 'accept-language': acceptLanguage } });
    // Match on the primary tag, so pt-BR and es-419 find pt and es.
    const wanted = negotiator.languages().map((tag) => tag.toLowerCase().split('-')[0]);
    const match = wanted.find((tag) => isLocale(tag));
    if (match) return match as Locale;
  }
  return DEFAULT_LOCALE;
}

export const i18nPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('locale', DEFAULT_LOCALE);
    app.addHook('onRequest', async (request) => {
      const query = request.query as Record<string, unknown> | undefined;
      request.locale = negotiateLocale(request.cookies?.[LOCALE_COOKIE], request.headers['accept-language'], query?.lang);
    });
  },
  { name: 'minga-i18n', dependencies: ['@fastify/cookie'] },
);

