/**
 * News (issue 18, part 1): who may publish (editors and admins for any institution, a
 * representative for their own, nobody else), the list's filters, the comments thread, and an
 * unpublished item gone from every path: API, page, feed, sitemap.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let editor: Awaited<ReturnType<typeof registerUser>>;
let representative: Awaited<ReturnType<typeof registerUser>>;
let senai: number;
let sena: number;
let theme: string;

const item = (extra: Record<string, unknown> = {}) => ({
  title: 'SENAI abre inscripciones para la formación dual',
  summary: 'Más de dos mil plazas en mecatrónica y logística.',
  body: 'El **SENAI** abrió las inscripciones.\n\n<script>alert(1)</script>',
  language: 'es',
  ...extra,
});

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  editor = await registerUser(t.app);
  representative = await registerUser(t.app);
  expect((await as(t.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' })).statusCode).toBe(200);
  const id = (acronym: string) => (t.database.sqlite.prepare('SELECT id FROM institutions WHERE acronym = ?').get(acronym) as { id: number }).id;
  senai = id('SENAI');
  sena = id('SENA');
  theme = (t.database.sqlite.prepare("SELECT code FROM vocab_terms WHERE scheme = 'theme' LIMIT 1").get() as { code: string }).code;
  expect((await as(t.app, w.admin).put(`/api/institutions/${senai}/representatives/${representative.user.id}`)).statusCode).toBe(200);
});
afterAll(async () => {
  await t?.app.close();
});

describe('publishing news', () => {
  it('a member may not publish (403), a visitor must sign in (401)', async () => {
    expect((await as(t.app, w.member).post('/api/news', item({ institutionId: senai }))).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post('/api/news', item())).statusCode).toBe(403);
    expect((await as(t.app, null).post('/api/news', item())).statusCode).toBe(401);
  });

  it('a representative publishes for their own institution only', async () => {
    const own = await as(t.app, representative).post('/api/news', item({ institutionId: senai }));
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().item).toMatchObject({ institution: { id: senai, acronym: 'SENAI' }, country: { code: 'BR' }, canEdit: true });
    expect(own.json().item.bodyHtml).toContain('<strong>SENAI</strong>');
    expect(own.json().item.bodyHtml).not.toContain('<script');
    expect((await as(t.app, representative).post('/api/news', item({ institutionId: sena }))).statusCode).toBe(403);
    const none = await as(t.app, representative).post('/api/news', item());
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ code: 'NEWS_INSTITUTION_REQUIRED', field: 'institutionId' });
  });

  it('editors and admins publish for any institution, or for none', async () => {
    expect((await as(t.app, editor).post('/api/news', item({ institutionId: sena, language: 'en', title: 'SENA opens a new centre' }))).statusCode).toBe(201);
    expect((await as(t.app, w.admin).post('/api/news', item({ countryCode: 'UY', title: 'Noticia de la red en Uruguay' }))).statusCode).toBe(201);
  });

  it('bad input is a 400 naming the field', async () => {
    const bad = async (extra: Record<string, unknown>) => (await as(t.app, editor).post('/api/news', item(extra))).json().error;
    expect(await bad({ countryCode: 'XX' })).toMatchObject({ code: 'COUNTRY_UNKNOWN', field: 'countryCode' });
    expect(await bad({ institutionId: 999_999 })).toMatchObject({ code: 'INSTITUTION_UNKNOWN', field: 'institutionId' });
    expect(await bad({ topics: ['no-such-topic'] })).toMatchObject({ code: 'VOCAB_UNKNOWN', field: 'topics' });
    expect((await as(t.app, editor).post('/api/news', item({ language: 'fr' }))).statusCode).toBe(400);
  });
});

describe('reading news', () => {
  it('lists newest first with filters: country, institution, topic, language, q', async () => {
    const topical = await as(t.app, editor).post('/api/news', item({ institutionId: senai, topics: [theme], title: 'Competencias digitales en el SENAI', language: 'pt' }));
    expect(topical.statusCode, topical.body).toBe(201);
    const titles = async (query: string) => (await as(t.app, null).get(`/api/news?${query}`)).json().items.map((i: { title: string }) => i.title);
    expect((await titles(''))[0]).toBe('Competencias digitales en el SENAI');
    expect(await titles(`topic=${theme}`)).toEqual(['Competencias digitales en el SENAI']);
    expect(await titles('language=en')).toEqual(['SENA opens a new centre']);
    expect(await titles('country=UY')).toEqual(['Noticia de la red en Uruguay']);
    expect(await titles(`institution=${sena}`)).toEqual(['SENA opens a new centre']);
    expect(await titles('q=digitales')).toEqual(['Competencias digitales en el SENAI']);
    expect(await titles(`institution=${senai}`)).toHaveLength(2);
    const first = (await as(t.app, null).get('/api/news?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const rest = (await as(t.app, null).get(`/api/news?limit=10&cursor=${first.nextCursor}`)).json();
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect((await as(t.app, null).get('/api/news?cursor=nonsense')).statusCode).toBe(400);
  });

  it('an item has its comments thread: a member comments there, the item counts it, the thread links back', async () => {
    const created = (await as(t.app, representative).post('/api/news', item({ institutionId: senai, title: 'Comentemos esta noticia' }))).json().item;
    expect(created.threadId).toEqual(expect.any(Number));
    const thread = await as(t.app, null).get(`/api/threads/${created.threadId}`);
    expect(thread.statusCode).toBe(200);
    expect(thread.json().thread.title).toBe('Comentemos esta noticia');
    expect(JSON.stringify(thread.json())).toContain(`/news/${created.id}`);
    // A member joins the News community and comments.
    expect((await as(t.app, w.member).post('/api/communities/news/join')).statusCode).toBe(200);
    await replyTo(t.app, w.member, created.threadId, 'Excelente noticia para la región.');
    const again = (await as(t.app, null).get(`/api/news/${created.id}`)).json().item;
    expect(again).toMatchObject({ threadId: created.threadId, commentCount: 1, canEdit: false, body: null });
    expect((await as(t.app, null).get(`/api/threads/${created.threadId}/news`)).json()).toEqual({ newsId: created.id });
  });

  it('the author, editors and admins edit; others may not', async () => {
    const created = (await as(t.app, representative).post('/api/news', item({ institutionId: senai, title: 'Una noticia para editar' }))).json().item;
    expect((await as(t.app, w.member).patch(`/api/news/${created.id}`, { title: 'Cambio ajeno' })).statusCode).toBe(403);
    const mine = await as(t.app, representative).patch(`/api/news/${created.id}`, { title: 'Una noticia editada', body: 'Texto *nuevo*.' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().item).toMatchObject({ title: 'Una noticia editada', bodyHtml: '<p>Texto <em>nuevo</em>.</p>', body: 'Texto *nuevo*.' });
    expect((await as(t.app, representative).patch(`/api/news/${created.id}`, { institutionId: sena })).statusCode).toBe(403);
    expect((await as(t.app, null).get(`/api/threads/${created.threadId}`)).json().thread.title).toBe('Una noticia editada');
    expect((await as(t.app, editor).patch(`/api/news/${created.id}`, { summary: 'Resumen del editor.' })).statusCode).toBe(200);
    // Typed links are cooked as in posts (the editor's preview and the stored HTML agree).
    const linked = await as(t.app, editor).patch(`/api/news/${created.id}`, { body: `Más en [[institution:${senai}]].` });
    expect(linked.json().item.bodyHtml).toContain(`/knowledge/institutions/${senai}`);
    expect(linked.json().item.bodyHtml).toBe((await as(t.app, editor).post('/api/markdown/preview', { body: `Más en [[institution:${senai}]].` })).json().html);
  });
});

describe('an unpublished item', () => {
  it('is a 404 on every path: API, list, feed, sitemap, and its comments thread', async () => {
    const created = (await as(t.app, representative).post('/api/news', item({ institutionId: senai, title: 'Noticia que será retirada' }))).json().item;
    const sitemapHas = async () => {
      const index = (await as(t.app, null).get('/sitemap.xml')).body;
      if (!index.includes('/sitemaps/news-1.xml')) return false;
      return (await as(t.app, null).get('/sitemaps/news-1.xml')).body.includes(`/news/${created.id}<`);
    };
    const feedTitles = async () => parseFeed((await as(t.app, null).get('/news.rss')).body).items.map((i) => i.title);
    expect(await sitemapHas()).toBe(true);
    expect(await feedTitles()).toContain('Noticia que será retirada');

    expect((await as(t.app, w.member).delete(`/api/news/${created.id}`)).statusCode).toBe(403);
    expect((await as(t.app, editor).delete(`/api/news/${created.id}`)).statusCode).toBe(204);

    const api = await as(t.app, null).get(`/api/news/${created.id}`);
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NEWS_NOT_FOUND');
    expect((await as(t.app, editor).get(`/api/news/${created.id}`)).statusCode).toBe(404);
    expect((await as(t.app, null).get('/api/news?limit=100')).json().items.map((i: { id: number }) => i.id)).not.toContain(created.id);
    expect(await sitemapHas()).toBe(false);
    expect(await feedTitles()).not.toContain('Noticia que será retirada');
    expect((await as(t.app, editor).patch(`/api/news/${created.id}`, { title: 'Resucitada' })).statusCode).toBe(404);
    // Its comments thread, which carries its summary, is gone with it (hidden, as a moderator would).
    expect((await as(t.app, null).get(`/api/threads/${created.threadId}`)).statusCode).toBe(404);
    expect((await as(t.app, w.member).get(`/api/threads/${created.threadId}`)).statusCode).toBe(404);
    expect((await as(t.app, null).get(`/api/threads/${created.threadId}/news`)).json()).toEqual({ newsId: null });
    expect((await as(t.app, null).get(`/t/${created.threadId}.rss`)).statusCode).toBe(404);
  });

  it('the feed parses with a channel of the news', async () => {
    const response = await as(t.app, null).get('/news.rss?lang=en');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/rss+xml');
    const feed = parseFeed(response.body);
    expect(feed.title).toBe('News from the network · Minga');
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items[0]!.url).toMatch(/\/news\/\d+$/);
  });
});

describe('an author who may not write in the News forum', () => {
  it('publishes nothing: the item is refused before anything is kept', async () => {
    const banned = await registerUser(t.app);
    expect((await as(t.app, w.admin).put(`/api/institutions/${senai}/representatives/${banned.user.id}`)).statusCode).toBe(200);
    expect((await as(t.app, w.admin).post(`/api/communities/news/members/${banned.user.id}`, { status: 'banned' })).statusCode).toBe(200);
    const before = (t.database.sqlite.prepare('SELECT count(*) AS n FROM news_items').get() as { n: number }).n;
    const refused = await as(t.app, banned).post('/api/news', item({ institutionId: senai, title: 'Noticia de alguien expulsado' }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('BANNED_FROM_COMMUNITY');
    expect((t.database.sqlite.prepare('SELECT count(*) AS n FROM news_items').get() as { n: number }).n).toBe(before);
  });
});
