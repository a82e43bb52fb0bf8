import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits, type Config } from '../../server/config.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

/**
 * One search has a bounded cost (short prefixes and many prefixes are refused with a message a
 * person can act on), search is rate-limited per client, and the knowledge lists sorted by
 * relevance without words answer in their default order instead of failing.
 */

async function demoApp(rateLimits: Config['rateLimits'] = { ...defaultRateLimits(), search: { max: 10_000, windowMs: 60_000 } }) {
  // This run's engine: SQLite in memory, or a bare PostgreSQL database.
  const { database } = await openTestDatabase({ reference: false });
  await seedDatabase(database.db, {
    reference: true,
    demoAccounts: true,
    demoPassword: 'contraseña-de-prueba',
    scale: 0.02,
    hashPassword: async () => 'not-a-real-hash',
  });
  const app = await buildApp({ config: { clientDir: undefined, rateLimits }, database, closeDatabase: true });
  await app.ready();
  return app;
}

let app: App;
beforeAll(async () => {
  app = await demoApp();
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const get = (url: string, language = 'es') => app.inject({ url, headers: { 'accept-language': language } });
const searchUrl = (q: string) => `/api/search?q=${encodeURIComponent(q)}`;

const HOSTILE = [
  'a* e* o* i* u* s* t* r* n* l* c* d* m* p*',
  'a* e* o* i* u* s*',
  'e*',
  'de* la* en* co* pa*',
  'formación de* la* el* en* un*',
];

describe('the cost of one search is bounded', () => {
  it('refuses one-letter prefixes and more than three prefixes, in the reader’s language', async () => {
    const short = await get(searchUrl('a* e* o* i* u* s*'));
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'SEARCH_PREFIX_TOO_SHORT', field: 'q' });
    expect(short.json().error.message).toMatch(/\*/);
    const english = await get(searchUrl('e*'), 'en');
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toMatch(/letters/i);

    const many = await get(searchUrl('de* la* en* co* pa*'));
    expect(many.statusCode).toBe(400);
    expect(many.json().error).toMatchObject({ code: 'SEARCH_TOO_MANY_PREFIXES', field: 'q', params: { max: 3 } });

    for (const url of ['/api/search/suggest?q=' + encodeURIComponent('a* e* o* i*')]) {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('SEARCH_PREFIX_TOO_SHORT');
    }
  });

  it('still reads what someone is typing: a one-letter last word is a word, up to three prefixes answer', async () => {
    for (const q of ['formación d', 'formación de', 'form* eval* comp*', 'a', 'y o']) {
      const response = await get(searchUrl(q));
      expect(response.statusCode, q).toBe(200);
    }
    expect((await get(`/api/search/suggest?q=${encodeURIComponent('formación d')}`)).statusCode).toBe(200);
  });

  it('answers a hostile query fast, and a normal request sent alongside is served promptly', async () => {
    const started = performance.now();
    const hostile = Promise.all(
      Array.from({ length: 20 }, (_, i) => get(searchUrl(HOSTILE[i % HOSTILE.length]!)).then((r) => ({ status: r.statusCode, at: performance.now() - started }))),
    );
    const normal = get('/api/health').then((r) => ({ status: r.statusCode, at: performance.now() - started }));
    const [answers, health] = await Promise.all([hostile, normal]);
    expect(health.status).toBe(200);
    for (const a of answers) expect([200, 400]).toContain(a.status);
    expect(Math.max(...answers.map((a) => a.at))).toBeLessThan(1000);
    expect(health.at).toBeLessThan(1000);
    // The broadest query still allowed: a bounded amount of work.
    const t0 = performance.now();
    expect((await get(searchUrl('de* la* en*'))).statusCode).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('search is rate-limited per client', () => {
  it('answers 429 past the limit, on search, suggestions and knowledge lists with words', async () => {
    const limited = await demoApp({ ...defaultRateLimits(), search: { max: 3, windowMs: 60_000 } });
    try {
      for (const url of ['/api/search?q=formacion', '/api/search/suggest?q=form', '/api/resources?q=formacion']) {
        for (let i = 0; i < 3; i += 1) expect((await limited.inject({ url })).statusCode, url).toBe(200);
        const refused = await limited.inject({ url });
        expect(refused.statusCode, url).toBe(429);
        expect(refused.json().error.code).toBe('RATE_LIMITED');
        // Another client is not held back.
        expect((await limited.inject({ url, remoteAddress: '10.0.0.9' })).statusCode, url).toBe(200);
      }
      // Browsing without words is not a search.
      for (let i = 0; i < 6; i += 1) expect((await limited.inject({ url: '/api/resources' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('knowledge lists sorted by relevance without words', () => {
  it('answer 200 in the default order for every kind', async () => {
    for (const kind of ['resources', 'experiences', 'profiles', 'specialists']) {
      const recent = await get(`/api/${kind}?limit=5`);
      expect(recent.statusCode, kind).toBe(200);
      expect(recent.json().items.length, kind).toBeGreaterThan(0);
      for (const query of ['sort=relevance', 'sort=relevance&q=---', 'sort=relevance&q=%20', 'sort=relevance&q=%22%22']) {
        const response = await get(`/api/${kind}?${query}&limit=5`);
        expect(response.statusCode, `${kind}?${query}: ${response.body}`).toBe(200);
        expect(response.json().items.map((i: { id: number }) => i.id), `${kind}?${query}`).toEqual(
          recent.json().items.map((i: { id: number }) => i.id),
        );
        const next = response.json().nextCursor as string | null;
        if (next) expect((await get(`/api/${kind}?${query}&limit=5&cursor=${next}`)).statusCode, kind).toBe(200);
      }
    }
  });
});
