/**
 * An agreement space is a private community: invisible to outsiders on every path (API,
 * lists, search, feeds, sitemaps), while the agreement itself is public and in the sitemap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, startThread } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

const PUBLIC_URL = 'http://localhost:3000';
let t: TestApp;
let admin: Account;
let nominee: Account;
let outsider: Account;
let agreementId: number;
let draftId: number;
let slug: string;
let forumId: number;
let threadId: number;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await registerUser(t.app);
  nominee = await registerUser(t.app);
  outsider = await registerUser(t.app);
  const [a, b] = (await as(t.app, null).get('/api/institutions?limit=2')).json().items;
  const body = { title: 'Logística dual INA–INADEH', institutionIds: [a.id, b.id], startDate: '2025-06-01', objectives: 'Formación dual en logística.', status: 'in_force' };
  agreementId = (await as(t.app, admin).post('/api/agreements', body)).json().item.id;
  draftId = (await as(t.app, admin).post('/api/agreements', { ...body, title: 'Borrador reservado', status: 'draft' })).json().item.id;
  await as(t.app, admin).post(`/api/agreements/${agreementId}/people`, { userId: nominee.user.id, institutionId: a.id });
  slug = (await as(t.app, admin).post(`/api/agreements/${agreementId}/space`)).json().community.slug;
  forumId = (await as(t.app, nominee).get(`/api/communities/${slug}`)).json().forums[0].id;
  threadId = (await startThread(t.app, nominee, forumId, { title: 'Cronograma reservado de pasantías', body: 'Calendario zumbayllu de pasantías en puertos.' })).thread.id;
});
afterAll(async () => {
  await t?.app.close();
});

describe('an agreement space, seen from outside', () => {
  it('answers 404 on every API path, exactly like a missing community, and is never listed', async () => {
    for (const viewer of [null, outsider]) {
      for (const path of [`/api/communities/${slug}`, `/api/communities/${slug}/members`, `/api/forums/${forumId}/threads`, `/api/threads/${threadId}`]) {
        expect((await as(t.app, viewer).get(path)).statusCode, path).toBe(404);
      }
      const listed = (await as(t.app, viewer).get('/api/communities?limit=100')).json().items.map((c: { slug: string }) => c.slug);
      expect(listed).not.toContain(slug);
      const agreement = (await as(t.app, viewer).get(`/api/agreements/${agreementId}`)).json().item;
      expect(agreement).toMatchObject({ hasSpace: true, space: null, people: [] });
    }
    expect((await as(t.app, nominee).get(`/api/threads/${threadId}`)).statusCode).toBe(200);
  });

  it('is not found by search', async () => {
    for (const viewer of [null, outsider]) {
      expect((await as(t.app, viewer).get('/api/search?q=zumbayllu')).json().items).toEqual([]);
    }
    expect((await as(t.app, nominee).get('/api/search?q=zumbayllu')).json().items.length).toBeGreaterThan(0);
  });

  it('has no public feed, and stays out of the site feed', async () => {
    for (const path of [`/c/${slug}.rss`, `/f/${forumId}.rss`, `/t/${threadId}.rss`]) {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode, path).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/latest.rss' })).body).not.toContain('zumbayllu');
  });

  it('stays out of the sitemaps, where the public agreement is (and the draft is not)', async () => {
    const index = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
    const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(PUBLIC_URL, ''));
    expect(children).toContain('/sitemaps/agreements-1.xml');
    const all = (await Promise.all(children.map((path) => t.app.inject({ method: 'GET', url: path })))).map((r) => r.body).join('\n');
    expect(all).toContain(`${PUBLIC_URL}/agreements/${agreementId}</loc>`);
    expect(all).not.toContain(`/agreements/${draftId}<`);
    expect(all).not.toContain(`/c/${slug}<`);
    expect(all).not.toContain(`/t/${threadId}<`);
  });
});
