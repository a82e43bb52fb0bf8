/**
 * Issue 20, part 2: every cache a process keeps of the database stays true when another process
 * writes. Two whole apps on one SQLite file and one real Redis (buildAppPair): what one writes,
 * the other shows at once, from its caches or past them; while Redis is away the caches are
 * bypassed, and when it returns they answer again, with nothing stale kept from before.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../server/lib/paths.ts';
import { ensureClientBuilt } from '../../e2e/support/client-build.ts';
import { ORIGIN, registerUser } from '../../helpers/accounts.ts';
import { buildAppPair, eventually, untilShared, type AppPair } from '../../helpers/cluster.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../../helpers/forums.ts';
import { EVERYONE_TRUSTED, setTrust } from '../../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let pair: AppPair;
let w: World;
let editor: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  await ensureClientBuilt();
  redis = await startRedis();
  // With the client, so that rendered pages are served (and cached for anonymous readers).
  pair = await buildAppPair(redis, { clientDir: join(projectRoot(), 'dist/client') });
  w = await buildWorld(pair.a.app);
  editor = await registerUser(pair.a.app);
  pair.a.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
}, 180_000);
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

const bodies = (page: { posts: { bodyHtml: string }[] }) => page.posts.map((p) => p.bodyHtml).join('\n');
const links = (n: number) => Array.from({ length: n }, (_, i) => `[enlace ${i}](https://example.org/${i})`).join(' ');

describe('caches across processes', () => {
  it('applies a trust setting changed on A to posts on B at once', async () => {
    const { a, b } = pair;
    await setTrust(b.app, w);
    const { thread } = await startThread(b.app, w.moderator, w.forumId);
    // B has read (and keeps) the settings: three links from a member are fine.
    expect((await as(b.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: `Tres ${links(3)}` })).statusCode).toBe(201);
    await setTrust(a.app, w, { newAccountHours: 24, newAccountMinPosts: 50, newUser: { ...EVERYONE_TRUSTED.newUser, linksPerPost: 1 } });
    const refused = await eventually(async () => {
      const response = await as(b.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: `Dos ${links(2)}` });
      expect(response.statusCode).toBe(400);
      return response.json();
    });
    expect(refused.error).toMatchObject({ code: 'TOO_MANY_LINKS', params: { max: 1 } });
    await setTrust(a.app, w);
  });

  it("shows B's new post in the thread page A has cached: JSON, the rendered page and the feed", async () => {
    const { a, b } = pair;
    const { thread } = await startThread(a.app, w.moderator, w.forumId, { title: 'Hilo entre dos procesos', body: 'Primer mensaje del hilo' });
    const read = async () => (await as(a.app, null).get(`/api/threads/${thread.id}`)).json();
    const anonymous = (url: string) => async () => {
      const response = await a.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es' } });
      expect(response.statusCode).toBe(200);
      return response.body;
    };
    const [rendered, feed] = [anonymous(`/t/${thread.id}`), anonymous(`/t/${thread.id}.rss`)];
    expect(bodies(await read())).toContain('Primer mensaje');
    expect(await rendered()).toContain('Primer mensaje');
    expect(await feed()).toContain('Primer mensaje');
    await replyTo(b.app, w.member, thread.id, 'Respuesta escrita en el proceso B');
    await eventually(async () => expect(bodies(await read())).toContain('Respuesta escrita en el proceso B'));
    await eventually(async () => expect(await rendered()).toContain('Respuesta escrita en el proceso B'));
    await eventually(async () => expect(await feed()).toContain('Respuesta escrita en el proceso B'));
    // An edit through B too (post.updated).
    const first = (await read()).posts[0].id;
    expect((await as(b.app, w.moderator).patch(`/api/posts/${first}`, { body: 'Primer mensaje, corregido en B' })).statusCode).toBe(200);
    await eventually(async () => expect(bodies(await read())).toContain('corregido en B'));
  });

  it('refuses on A a session signed out through B', async () => {
    const { a, b } = pair;
    const account = await registerUser(a.app);
    const me = (app: typeof a.app) => app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    expect((await me(a.app)).statusCode).toBe(200);
    expect((await me(a.app)).statusCode).toBe(200);
    const out = await b.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: ORIGIN, cookie: account.cookie } });
    expect(out.statusCode).toBe(204);
    await eventually(async () => expect((await me(a.app)).statusCode).toBe(401), 1_000);
  });

  it('signs out on A the other browsers a member signed out on B', async () => {
    const { a, b } = pair;
    const account = await registerUser(a.app);
    const second = await a.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
    const other = second.cookies.find((c) => c.name === 'minga_session')!;
    const otherCookie = `minga_session=${other.value}`;
    const meWith = (app: typeof a.app, cookie: string) => app.inject({ url: '/api/me', headers: { cookie } });
    expect((await meWith(a.app, otherCookie)).statusCode).toBe(200);
    const sessions = (await as(b.app, account).get('/api/me/sessions')).json();
    expect(sessions.items.length).toBe(2);
    const signedOut = await as(b.app, account).post('/api/me/sessions/revoke-others');
    expect(signedOut.statusCode).toBeLessThan(300);
    await eventually(async () => expect((await meWith(a.app, otherCookie)).statusCode).toBe(401), 1_000);
    expect((await meWith(a.app, account.cookie)).statusCode).toBe(200);
  });

  /** A guide from SENAI (Brazil) in Spanish, created through the API of `app`: its id. */
  async function brazilianGuide(app: typeof pair.a.app, title: string, url: string): Promise<number> {
    const senai = (pair.a.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
    const created = await as(app, editor).post('/api/resources', {
      title,
      summary: 'Cómo acompañar a los aprendices.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: senai,
      authors: ['Ana Souza'],
      year: 2021,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
      modality: 'dual',
      licence: 'cc_by',
      url,
    });
    expect(created.statusCode).toBe(201);
    return created.json().item.id as number;
  }

  it('shows a knowledge record edited on B in the facets and search metadata of A', async () => {
    const { a, b } = pair;
    const id = await brazilianGuide(a.app, 'Guía de zarzaparrilla para tutores', 'https://www.senai.br/guia');
    const browse = async () => (await as(a.app, null).get('/api/resources?q=zarzaparrilla')).json();
    const search = async () => (await as(a.app, null).get('/api/search?q=zarzaparrilla')).json();
    expect((await browse()).facets.country).toEqual([expect.objectContaining({ value: 'BR', count: 1 })]);
    expect((await search()).facets.country).toEqual([expect.objectContaining({ value: 'BR', count: 1 })]);
    expect((await as(b.app, editor).patch(`/api/resources/${id}`, { countryCode: 'CO', languages: ['pt'] })).statusCode).toBe(200);
    await eventually(async () => expect((await browse()).facets.country).toEqual([expect.objectContaining({ value: 'CO', count: 1 })]));
    await eventually(async () => {
      const facets = (await search()).facets;
      expect(facets.country).toEqual([expect.objectContaining({ value: 'CO', count: 1 })]);
      expect(facets.language).toEqual([expect.objectContaining({ value: 'pt', count: 1 })]);
    });
  });

  it('shows in the facets and search metadata of B a record changed behind the app (a script: no event), at the next request', async () => {
    const { a, b } = pair;
    const id = await brazilianGuide(a.app, 'Guía de guanábana para evaluadores', 'https://www.senai.br/guanabana');
    const browse = async () => (await as(b.app, null).get('/api/resources?q=guanabana')).json();
    const search = async () => (await as(b.app, null).get('/api/search?q=guanabana')).json();
    await eventually(async () => expect((await browse()).facets.country).toEqual([expect.objectContaining({ value: 'BR', count: 1 })]));
    await eventually(async () => expect((await search()).facets.country).toEqual([expect.objectContaining({ value: 'BR', count: 1 })]));
    // Written by A's connection, as an import on another host would: no domain event reaches B.
    a.database.sqlite.prepare("UPDATE resources SET country_code = 'PE' WHERE id = ?").run(id);
    expect((await browse()).facets.country).toEqual([expect.objectContaining({ value: 'PE', count: 1 })]);
    expect((await search()).facets.country).toEqual([expect.objectContaining({ value: 'PE', count: 1 })]);
  });

  it("shows a record added on B in the new knowledge of A's home", async () => {
    const { a, b } = pair;
    const ids = async () => ((await as(a.app, null).get('/api/home')).json().knowledge.items as { url: string }[]).map((i) => i.url);
    expect(await ids()).toBeDefined();
    const created = await as(b.app, editor).post('/api/resources', {
      title: 'Guía recién llegada',
      summary: 'Resumen',
      type: 'guide',
      languages: ['es'],
      countryCode: 'UY',
      authors: ['Ana Souza'],
      year: 2024,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    expect(created.statusCode).toBe(201);
    await eventually(async () => expect(await ids()).toContain(`/knowledge/resources/${created.json().item.id}`));
  });

  it("shows the views B wrote in A's knowledge-use answer", async () => {
    const { a, b } = pair;
    const viewed = async () => ((await as(a.app, null).get('/api/network/knowledge-use')).json().mostViewed as { id: number; views: number }[]);
    const created = await as(b.app, editor).post('/api/resources', {
      title: 'Guía muy consultada',
      summary: 'Resumen',
      type: 'guide',
      languages: ['es'],
      countryCode: 'UY',
      authors: ['Ana Souza'],
      year: 2024,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    const id = created.json().item.id as number;
    expect((await viewed()).find((r) => r.id === id)).toBeUndefined();
    for (let i = 1; i <= 4; i++) {
      const response = await b.app.inject({ method: 'GET', url: `/api/resources/${id}`, remoteAddress: `10.9.0.${i}` });
      expect(response.statusCode).toBe(200);
    }
    await b.app.knowledgeUse.flush();
    await eventually(async () => expect((await viewed()).find((r) => r.id === id)).toMatchObject({ views: 4 }));
  });

  it('counts as seen a mention written on B when the member opens the thread again on A', async () => {
    const { a, b } = pair;
    const { thread } = await startThread(a.app, w.moderator, w.forumId, { title: 'Abierto dos veces, en dos procesos' });
    const seen = () =>
      a.database.sqlite
        .prepare("SELECT count(*) AS n FROM notification_mail_state s JOIN notifications n ON n.id = s.notification_id WHERE n.user_id = ? AND n.thread_id = ? AND s.outcome = 'seen'")
        .get(w.member.user.id, thread.id) as { n: number };
    // Opened on A with nothing waiting: A remembers there was nothing…
    expect((await as(a.app, w.member).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
    await replyTo(b.app, w.moderator, thread.id, `Ahora sí, @${w.member.username}`);
    // …until the mention written on B reaches the member: opening the thread again on A sees it.
    await eventually(async () => {
      expect((await as(a.app, w.member).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
      expect(seen().n).toBe(1);
    });
  });

  it("counts B's public posts in the activity of A's network map", async () => {
    const { a, b } = pair;
    expect((await as(a.app, w.member).patch('/api/me', { countryCode: 'UY' })).statusCode).toBe(200);
    const { thread } = await startThread(a.app, w.moderator, w.forumId, { title: 'Hilo para el mapa' });
    const uruguay = async () => ((await as(a.app, null).get('/api/network/map')).json().countries as { code: string; activity: number }[]).find((c) => c.code === 'UY')!.activity;
    const before = await uruguay();
    await replyTo(b.app, w.member, thread.id, 'Actividad desde Uruguay, escrita en B');
    await eventually(async () => expect(await uruguay()).toBe(before + 1));
  });

  it("applies an admin's change to a sign-in provider on A to B", async () => {
    const { a, b } = pair;
    const admin = w.admin;
    const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      a.app.inject({ method, url, headers: { origin: ORIGIN, cookie: admin.cookie }, ...(payload ? { payload } : {}) });
    const buttons = async () => (await b.app.inject({ url: '/api/auth/providers' })).json().items as { id: string; name: string }[];
    expect(await buttons()).toEqual([]);
    const created = await call('POST', '/api/admin/oidc-providers', { id: 'inst', name: 'SENAI', issuer: 'http://127.0.0.1:9/', clientId: 'a', clientSecret: 'b' });
    expect(created.statusCode).toBe(201);
    await eventually(async () => expect(await buttons()).toEqual([{ id: 'inst', name: 'SENAI' }]));
    expect((await call('PATCH', '/api/admin/oidc-providers/inst', { name: 'SENAI Brasil' })).statusCode).toBe(200);
    await eventually(async () => expect(await buttons()).toEqual([{ id: 'inst', name: 'SENAI Brasil' }]));
    expect((await call('PATCH', '/api/admin/oidc-providers/inst', { enabled: false })).statusCode).toBe(200);
    await eventually(async () => expect(await buttons()).toEqual([]));
  });
});

describe('caches while Redis is away', () => {
  it('bypasses the caches while Redis is down, and uses them again, fresh, when it returns', async () => {
    const { a, b } = pair;
    const { thread } = await startThread(a.app, w.moderator, w.forumId, { title: 'Hilo durante la caída', body: 'Antes de la caída' });
    const read = async () => bodies((await as(a.app, null).get(`/api/threads/${thread.id}`)).json());
    expect(await read()).toContain('Antes de la caída');
    // A write no event announces (another tool on the file): a cached page does not show it.
    const first = (await as(a.app, null).get(`/api/threads/${thread.id}`)).json().posts[0].id as number;
    const rewrite = (text: string) => pair.a.database.sqlite.prepare('UPDATE posts SET body_html = ? WHERE id = ?').run(`<p>${text}</p>`, first);
    rewrite('Reescrito sin aviso');
    expect(await read()).toContain('Antes de la caída');

    await redis.stop();
    await eventually(() => expect([a.app.shared.coherent(), b.app.shared.coherent()]).toEqual([false, false]), 8_000);
    // Nothing answers from memory: the silent write shows, and so does B's post (its event is lost).
    expect(await read()).toContain('Reescrito sin aviso');
    await replyTo(b.app, w.member, thread.id, 'Escrito en B durante la caída');
    expect(await read()).toContain('Escrito en B durante la caída');
    // A session signed out through B meanwhile is refused on A at once.
    const account = await registerUser(b.app);
    expect((await a.app.inject({ url: '/api/me', headers: { cookie: account.cookie } })).statusCode).toBe(200);
    await b.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: ORIGIN, cookie: account.cookie } });
    expect((await a.app.inject({ url: '/api/me', headers: { cookie: account.cookie } })).statusCode).toBe(401);
    // A trust setting changed on B meanwhile applies on A.
    await setTrust(b.app, w, { newAccountHours: 24, newAccountMinPosts: 50, newUser: { ...EVERYONE_TRUSTED.newUser, linksPerPost: 1 } });
    expect((await as(a.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: links(2) })).statusCode).toBe(400);
    await setTrust(b.app, w);

    await redis.start();
    await Promise.all([untilShared(a, 10_000), untilShared(b, 10_000)]);
    // What A kept from before the outage is gone: B's post shows.
    expect(await read()).toContain('Escrito en B durante la caída');
    expect(await read()).toContain('Reescrito sin aviso');
    // The cache answers again: a silent write does not show until an event says so.
    rewrite('Reescrito otra vez sin aviso');
    expect(await read()).not.toContain('Reescrito otra vez');
    await replyTo(b.app, w.member, thread.id, 'Escrito en B después de la caída');
    await eventually(async () => expect(await read()).toContain('Escrito en B después de la caída'));
    expect(await read()).toContain('Reescrito otra vez sin aviso');
  }, 30_000);
});

// Last: once required, the staff of this file's world cannot write any more.
describe('site settings read through memory', () => {
  it('requires a second factor of staff on B once an admin asks for it on A', async () => {
    const { a, b } = pair;
    const policy = async () => (await as(b.app, w.admin).get('/api/admin/second-factor-policy')).json();
    expect(await policy()).toEqual({ requiredForStaff: false });
    expect((await as(a.app, w.admin).put('/api/admin/second-factor-policy', { requiredForStaff: true })).statusCode).toBe(200);
    await eventually(async () => expect(await policy()).toEqual({ requiredForStaff: true }));
    const refused = await as(b.app, w.moderator).post(`/api/forums/${w.forumId}/threads`, { title: 'Un hilo del moderador', body: 'Texto', kind: 'discussion' });
    expect(refused.json().error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');
  });
});
