import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let threadId: number;
let postId: number;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'approval' });
  threadId = (await startThread(t.app, w.member, w.forumId, { kind: 'question' })).thread.id;
  postId = (await replyTo(t.app, w.moderator, threadId, 'Respuesta privada')).id;
});
afterAll(async () => {
  await t.app.close();
});

const readPaths = () => [
  `/api/communities/${w.slug}`,
  `/api/communities/${w.slug}/members`,
  `/api/forums/${w.forumId}`,
  `/api/forums/${w.forumId}/threads`,
  `/api/threads/${threadId}`,
  `/api/posts/${postId}/revisions`,
  `/api/posts/${postId}/reactions`,
];

describe('a private community', () => {
  it('answers 404 on every path to an anonymous visitor and to an outsider, exactly like a missing one', async () => {
    for (const viewer of [null, w.outsider]) {
      for (const path of readPaths()) {
        const response = await as(t.app, viewer).get(path);
        expect(response.statusCode, `${path} for ${viewer ? 'outsider' : 'anonymous'}`).toBe(404);
        const missing = await as(t.app, viewer).get(path.replace(w.slug, 'no-existe').replace(/\/(\d+)(?=\/|$)/, '/999999'));
        expect(response.json().error.message).toBe(missing.json().error.message);
      }
      const writes = [
        as(t.app, viewer).post(`/api/forums/${w.forumId}/threads`, { title: 'Intento de intrusión', body: 'x', kind: 'discussion' }),
        as(t.app, viewer).post(`/api/threads/${threadId}/posts`, { body: 'x' }),
        as(t.app, viewer).post(`/api/posts/${postId}/reactions`, { kind: 'like' }),
        as(t.app, viewer).post(`/api/communities/${w.slug}/join`),
      ];
      for (const response of await Promise.all(writes)) expect([401, 404]).toContain(response.statusCode);
    }
  });

  it('is not listed to outsiders, and is to members and admins', async () => {
    const slugs = async (viewer: typeof w.member | null) =>
      (await as(t.app, viewer).get('/api/communities')).json().items.map((c: { slug: string }) => c.slug);
    expect(await slugs(null)).not.toContain(w.slug);
    expect(await slugs(w.outsider)).not.toContain(w.slug);
    expect(await slugs(w.member)).toContain(w.slug);
    expect(await slugs(w.admin)).toContain(w.slug);
  });

  it('answers 200 on every path to an active member', async () => {
    for (const path of readPaths()) {
      expect((await as(t.app, w.member).get(path)).statusCode, path).toBe(200);
    }
  });
});

describe('a public community', () => {
  it('is readable without an account, and writing needs membership', async () => {
    const pub = await buildWorld(t.app, { admin: w.admin });
    const { thread } = await startThread(t.app, pub.member, pub.forumId);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/forums/${pub.forumId}/threads`)).json().items).toHaveLength(1);
    const anonymous = await as(t.app, null).post(`/api/threads/${thread.id}/posts`, { body: 'hola' });
    expect(anonymous.statusCode).toBe(401);
    const outsider = await as(t.app, pub.outsider).post(`/api/threads/${thread.id}/posts`, { body: 'hola' });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('NOT_A_MEMBER');
    const page = (await as(t.app, pub.outsider).get(`/api/threads/${thread.id}`)).json();
    expect(page.permissions).toMatchObject({ canReply: false, replyBlockedReason: 'not_member' });
  });
});
