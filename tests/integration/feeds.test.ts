/**
 * Feeds (issue 17, part 1): RSS 2.0 with full content, public content only, read by a real
 * feed parser. What a visitor may not read (a private community, a hidden thread or post, a
 * deleted post) is in no feed, and a private thing's feed is the same 404 as a missing one; a
 * merged thread's feed moves; feeds answer 304 to ETag and Last-Modified and change after a write;
 * a knowledge list's feed carries the list's own filters.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { openTestDatabase } from '../helpers/postgres.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;
let priv: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  priv = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
});
afterAll(async () => {
  await t?.app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
async function feedOf(url: string) {
  const response = await get(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/rss\+xml/);
  expect(response.body).toMatch(/^<\?xml[^>]*\?>\s*<rss version="2.0"/);
  return parseFeed(response.body);
}

describe('discussion feeds', () => {
  it('carry new public threads in full, in the site, community and forum feeds, and nothing private or hidden', async () => {
    const open = await startThread(t.app, w.member, w.forumId, { title: 'Guías de aprendizaje para la formación dual', body: 'Compartimos **nuestra guía** de aprendizaje.' });
    const hidden = await startThread(t.app, w.member, w.forumId, { title: 'Un tema que el moderador ocultará' });
    expect((await as(t.app, w.moderator).post(`/api/threads/${hidden.thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    const secret = await startThread(t.app, priv.member, priv.forumId, { title: 'Acuerdo privado entre institutos' });

    for (const url of ['/latest.rss', `/c/${w.slug}.rss`, `/f/${w.forumId}.rss`]) {
      const feed = await feedOf(url);
      const titles = feed.items.map((i) => i.title);
      expect(titles, url).toContain('Guías de aprendizaje para la formación dual');
      expect(titles, url).not.toContain('Un tema que el moderador ocultará');
      expect(titles, url).not.toContain('Acuerdo privado entre institutos');
      const item = feed.items.find((i) => i.title === 'Guías de aprendizaje para la formación dual')!;
      expect(item.url).toBe(`http://localhost:3000/t/${open.thread.id}`);
      expect(item.content).toContain('<strong>nuestra guía</strong>');
    }
    const site = await feedOf('/latest.rss');
    expect(site.title).toBe('Minga: temas nuevos');
    expect(site.self).toBe('http://localhost:3000/latest.rss');

    // A private community, forum or thread is the same 404 as a missing one.
    const missing = await get('/c/no-existe-esta.rss');
    expect(missing.statusCode).toBe(404);
    for (const url of [`/c/${priv.slug}.rss`, `/f/${priv.forumId}.rss`, `/t/${secret.thread.id}.rss`, `/t/${hidden.thread.id}.rss`]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toBe(missing.body);
    }
    expect((await get('/f/99999999.rss')).statusCode).toBe(404);
    expect((await get('/t/99999999.rss')).statusCode).toBe(404);
  });

  it('carry a thread’s newest posts, without hidden or deleted ones, in the thread’s language', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Simuladores de soldadura en la formación', language: 'pt' });
    await replyTo(t.app, w.moderator, thread.id, 'Usamos simuladores **desde 2019**.');
    const hiddenReply = await replyTo(t.app, w.member, thread.id, 'Una respuesta que se ocultará');
    expect((await as(t.app, w.moderator).post(`/api/posts/${hiddenReply.id}/moderation`, { hidden: true, reason: 'Fuera de tema' })).statusCode).toBe(200);
    const deleted = await replyTo(t.app, w.member, thread.id, 'Una respuesta que se borrará');
    expect((await as(t.app, w.member).delete(`/api/posts/${deleted.id}`)).statusCode).toBeLessThan(300);
    const feed = await feedOf(`/t/${thread.id}.rss`);
    expect(feed.language).toBe('pt');
    const contents = feed.items.map((i) => i.content ?? '');
    expect(contents[0]).toContain('<strong>desde 2019</strong>');
    expect(contents.some((c) => c.includes('se ocultará'))).toBe(false);
    expect(contents.some((c) => c.includes('se borrará'))).toBe(false);
    expect(feed.items.at(-1)!.title).toBe('Simuladores de soldadura en la formación');
    expect(feed.items[0]!.title).toMatch(/^Respuesta de .+ \(n\.º 2\) en «Simuladores de soldadura en la formación»$/);
  });

  it('answer 304 to ETag and Last-Modified, and change after a new post', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Indicadores de inserción laboral' });
    const first = await get(`/t/${thread.id}.rss`);
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^W\/"/);
    expect(lastModified).toMatch(/GMT$/);
    expect((await get(`/t/${thread.id}.rss`, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get(`/t/${thread.id}.rss`, { 'if-modified-since': lastModified })).statusCode).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await replyTo(t.app, w.moderator, thread.id, 'Medimos a los seis meses del egreso.');
    const after = await get(`/t/${thread.id}.rss`, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body).toContain('Medimos a los seis meses del egreso.');
    expect((await get(`/t/${thread.id}.rss`, { 'if-modified-since': lastModified })).statusCode).toBe(200);
    expect((await get('/latest.rss', { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br');
  });

  it('move with a merged thread', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Tema duplicado sobre tutorías', body: 'Las tutorías en empresa, ¿cómo las organizan?' });
    const b = await startThread(t.app, w.moderator, w.forumId, { title: 'Tema principal sobre tutorías', body: 'Un tema para reunir lo dicho sobre tutorías.' });
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/merge`, { intoThreadId: b.thread.id })).statusCode).toBe(200);
    const moved = await get(`/t/${a.thread.id}.rss`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`/t/${b.thread.id}.rss`);
  });

  it('list public workshops only', async () => {
    await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller abierto de evaluación' });
    await scheduleWorkshop(t.app, priv.moderator, priv.slug, { title: 'Reunión privada del convenio' });
    const feed = await feedOf('/workshops.rss');
    const titles = feed.items.map((i) => i.title);
    expect(titles).toContain('Taller abierto de evaluación');
    expect(titles).not.toContain('Reunión privada del convenio');
    expect(feed.items.find((i) => i.title === 'Taller abierto de evaluación')!.content).toContain('<strong>centro</strong>');
  });

  it('speak the reader’s language for their own words', async () => {
    const english = parseFeed((await get('/latest.rss?lang=en')).body);
    expect(english.title).toBe('Minga: new threads');
    const portuguese = parseFeed((await get('/latest.rss', { 'accept-language': 'pt-BR' })).body);
    expect(portuguese.title).toBe('Minga: tópicos novos');
  });
});

describe('knowledge feeds', () => {
  let demo: App;
  beforeAll(async () => {
    const { database } = await openTestDatabase({ reference: false });
    await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-prueba', scale: 0.02, hashPassword: async () => 'x' });
    demo = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: true });
    await demo.ready();
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
  });

  it('carry a filtered list, newest first, with each record’s summary; bad filters are a 400, unknown kinds a 404', async () => {
    const list = (await demo.inject({ url: '/api/resources?country=BR&sort=recent&limit=30' })).json() as { items: { title: string; url: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    const response = await demo.inject({ url: '/knowledge/resources.rss?country=BR' });
    expect(response.statusCode).toBe(200);
    const feed = parseFeed(response.body);
    expect(feed.items.map((i) => i.title)).toEqual(list.items.map((i) => i.title));
    expect(feed.url).toBe('http://localhost:3000/knowledge/resources?country=BR');
    expect(feed.items.every((i) => (i.content ?? '').startsWith('<p>'))).toBe(true);
    const detail = (await demo.inject({ url: `/api${list.items[0]!.url.replace('/knowledge', '')}` })).json();
    expect(feed.items[0]!.content).toContain(detail.item.summary.split('\n')[0].slice(0, 40).replace(/&/g, '&amp;'));
    expect((await demo.inject({ url: '/knowledge/resources.rss?year=1' })).statusCode).toBe(400);
    expect((await demo.inject({ url: '/knowledge/nothing.rss' })).statusCode).toBe(404);
    for (const kind of ['experiences', 'profiles', 'specialists']) expect((await demo.inject({ url: `/knowledge/${kind}.rss` })).statusCode).toBe(200);
  });
});
