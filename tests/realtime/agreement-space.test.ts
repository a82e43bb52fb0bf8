/**
 * An agreement space over sockets: outsiders cannot join its rooms (as the REST API answers
 * 404), its nominated people can, and someone taken off the agreement stops hearing it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, replyTo, startThread } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ask, next, silent, socketFactory } from '../helpers/sockets.ts';

let server: TestServer;
const sockets = socketFactory(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(async () => {
  await server.close();
});

describe('an agreement space over sockets', () => {
  it('refuses outsiders, admits nominated people, and drops someone removed from the agreement', async () => {
    const app = server.app;
    const admin = await registerUser(app);
    const nominee = await registerUser(app);
    const outsider = await registerUser(app);
    const [a, b] = (await as(app, null).get('/api/institutions?limit=2')).json().items;
    const { id } = (
      await as(app, admin).post('/api/agreements', { title: 'Soldadura SENAI–INFOTEP', institutionIds: [a.id, b.id], startDate: '2025-01-15', objectives: '', status: 'in_force' })
    ).json().item;
    await as(app, admin).post(`/api/agreements/${id}/people`, { userId: nominee.user.id, institutionId: b.id });
    const { slug } = (await as(app, admin).post(`/api/agreements/${id}/space`)).json().community;
    const forumId = (await as(app, nominee).get(`/api/communities/${slug}`)).json().forums[0].id;
    const { thread } = await startThread(app, nominee, forumId);

    for (const socket of [await sockets.connect(outsider.cookie), await sockets.connect()]) {
      expect((await ask(socket, 'thread:join', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
      expect((await ask(socket, 'forum:join', { forumId })).error?.code).toBe('FORUM_NOT_FOUND');
      expect((await ask(socket, 'community:join', { slug })).error?.code).toBe('COMMUNITY_NOT_FOUND');
    }

    const reader = await sockets.connect(nominee.cookie);
    expect((await ask(reader, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const heard = next(reader, 'post:created');
    await replyTo(app, admin, thread.id, 'Primera reunión el lunes');
    await heard;

    await as(app, admin).delete(`/api/agreements/${id}/people/${nominee.user.id}`);
    const quiet = silent(reader, 'post:created');
    await replyTo(app, admin, thread.id, 'Segunda reunión');
    expect(await quiet).toBe(true);
    expect((await ask(reader, 'thread:join', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
  });
});
