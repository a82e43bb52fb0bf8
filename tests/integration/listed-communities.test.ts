/**
 * A private community may be "listed": its name, description and member count are shown to
 * everyone (the communities list, its page, the sitemap) and it takes requests to join, while
 * its forums, threads and members stay as hidden as a secret one's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMailConfig } from '../../server/config.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

const PUBLIC_URL = 'https://minga.example.org';

let t: TestApp;
let listed: World;
let secret: World;
let threadId: number;

beforeAll(async () => {
  t = await buildTestApp({ mail: { ...defaultMailConfig(), publicUrl: PUBLIC_URL } });
  listed = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'open' });
  const made = await as(t.app, listed.admin).patch(`/api/communities/${listed.slug}`, { listed: true, description: 'Convenios de pasantías entre institutos' });
  expect(made.json().community).toMatchObject({ visibility: 'private', listed: true });
  secret = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'approval', admin: listed.admin });
  threadId = (await startThread(t.app, listed.member, listed.forumId, { title: 'Borrador reservado quillacollo', body: 'Texto reservado quillacollo de los miembros.' })).thread.id;
});
afterAll(async () => {
  await t.app.close();
});

const slugsFor = async (viewer: World['member'] | null) =>
  (await as(t.app, viewer).get('/api/communities?limit=100')).json().items as { slug: string; name: string; description: string; memberCount: number; listed: boolean }[];

describe('a listed private community', () => {
  it('is in the communities list for everyone, with its name, description and member count; a secret one is not', async () => {
    for (const viewer of [null, listed.outsider]) {
      const items = await slugsFor(viewer);
      expect(items.find((c) => c.slug === listed.slug)).toMatchObject({ listed: true, description: 'Convenios de pasantías entre institutos', memberCount: 3 });
      expect(items.map((c) => c.slug)).not.toContain(secret.slug);
    }
  });

  it('shows its page as the listing only: no forums, moderators or threads', async () => {
    for (const viewer of [null, listed.outsider]) {
      const response = await as(t.app, viewer).get(`/api/communities/${listed.slug}`);
      expect(response.statusCode).toBe(200);
      const detail = response.json();
      expect(detail).toMatchObject({ restricted: true, forums: [], moderators: [], recent: [], permissions: { canPost: false, canModerate: false } });
      expect(detail.permissions.canJoin).toBe(viewer !== null);
      expect(JSON.stringify(detail)).not.toContain('quillacollo');
    }
    expect((await as(t.app, listed.member).get(`/api/communities/${listed.slug}`)).json().restricted).toBeUndefined();
    expect((await as(t.app, null).get(`/api/communities/${secret.slug}`)).statusCode).toBe(404);
  });

  it('keeps its forums, threads and members at 404 for outsiders', async () => {
    for (const viewer of [null, listed.outsider]) {
      for (const path of [`/api/communities/${listed.slug}/members`, `/api/forums/${listed.forumId}`, `/api/forums/${listed.forumId}/threads`, `/api/threads/${threadId}`, `/api/workshops?community=${listed.slug}`]) {
        expect((await as(t.app, viewer).get(path)).statusCode, path).toBe(404);
      }
    }
  });

  it('keeps its content out of search, feeds and the home page', async () => {
    for (const viewer of [null, listed.outsider]) {
      expect((await as(t.app, viewer).get('/api/search?q=quillacollo')).json().items).toEqual([]);
    }
    expect((await as(t.app, listed.member).get('/api/search?q=quillacollo')).json().items.length).toBeGreaterThan(0);
    for (const path of [`/c/${listed.slug}.rss`, `/f/${listed.forumId}.rss`, `/t/${threadId}.rss`]) {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode, path).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/latest.rss' })).body).not.toContain('quillacollo');
    for (const viewer of [null, listed.outsider]) {
      const home = await as(t.app, viewer).get('/api/home');
      expect(home.statusCode).toBe(200);
      expect(home.body).not.toContain('quillacollo');
    }
  });

  it('has its page in the sitemap, never its threads; a secret one has neither', async () => {
    const index = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
    const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(PUBLIC_URL, ''));
    const all = (await Promise.all(children.map((path) => t.app.inject({ method: 'GET', url: path })))).map((r) => r.body).join('\n');
    expect(all).toContain(`${PUBLIC_URL}/c/${listed.slug}</loc>`);
    expect(all).not.toContain(`/c/${secret.slug}<`);
    expect(all).not.toContain(`/t/${threadId}<`);
  });

  it('takes a request to join (whatever its join policy), which its moderators approve', async () => {
    const asker = await registerUser(t.app);
    const joined = await as(t.app, asker).post(`/api/communities/${listed.slug}/join`);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().status).toBe('pending');
    expect((await as(t.app, asker).get(`/api/forums/${listed.forumId}/threads`)).statusCode).toBe(404);
    expect((await as(t.app, asker).get(`/api/communities/${listed.slug}`)).json()).toMatchObject({ restricted: true, membership: { status: 'pending' }, permissions: { canJoin: true } });
    const pending = (await as(t.app, listed.moderator).get(`/api/communities/${listed.slug}/members?status=pending`)).json().items;
    expect(pending.map((m: { user: { id: number } }) => m.user.id)).toContain(asker.user.id);
    expect((await as(t.app, listed.moderator).post(`/api/communities/${listed.slug}/members/${asker.user.id}`, { status: 'active' })).statusCode).toBe(200);
    expect((await as(t.app, asker).get(`/api/forums/${listed.forumId}/threads`)).statusCode).toBe(200);

    const withdrawing = await registerUser(t.app);
    await as(t.app, withdrawing).post(`/api/communities/${listed.slug}/join`);
    expect((await as(t.app, withdrawing).delete(`/api/communities/${listed.slug}/join`)).json().status).toBe('none');
    // A secret one stays as if missing: no request possible.
    expect((await as(t.app, withdrawing).post(`/api/communities/${secret.slug}/join`)).statusCode).toBe(404);
  });

  it('is chosen on creation (private only) and can go back to secret', async () => {
    const created = await as(t.app, listed.admin).post('/api/communities', {
      slug: 'red-listada',
      name: 'Red listada',
      description: 'Visible',
      visibility: 'private',
      joinPolicy: 'approval',
      listed: true,
    });
    expect(created.json().community.listed).toBe(true);
    const publicOne = await as(t.app, listed.admin).post('/api/communities', {
      slug: 'red-publica-listada',
      name: 'Red pública',
      description: '',
      visibility: 'public',
      joinPolicy: 'open',
      listed: true,
    });
    expect(publicOne.json().community.listed).toBe(false);
    expect((await as(t.app, null).get('/api/communities/red-listada')).statusCode).toBe(200);
    await as(t.app, listed.admin).patch('/api/communities/red-listada', { listed: false });
    expect((await as(t.app, null).get('/api/communities/red-listada')).statusCode).toBe(404);
    expect((await slugsFor(null)).map((c) => c.slug)).not.toContain('red-listada');
  });
});
