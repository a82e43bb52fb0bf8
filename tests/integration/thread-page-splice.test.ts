/**
 * The signed-in thread read is spliced into the cached page's JSON (issue 16, Speed): for every
 * kind of reader the bytes the route sends equal a plain JSON.stringify of the page object the
 * service builds for them: a member, the author with editable posts, a reactor, a moderator
 * (who sees a hidden post), a reader who stopped halfway and watches the thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/modules/auth/actor.ts';
import { communitiesRepositories } from '../../server/modules/communities/index.ts';
import { createDiscussions, discussionsRepositories } from '../../server/modules/discussions/index.ts';
import { ThreadPageCache } from '../../server/modules/discussions/thread-page-cache.ts';
import { linksRepositories } from '../../server/modules/links/index.ts';
import { usersRepositories } from '../../server/modules/users/index.ts';
import { EventBus } from '../../server/lib/event-bus.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let service: ReturnType<typeof createDiscussions>['service'];

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  const { threads, posts, reads, readCounts } = discussionsRepositories(t.database);
  service = createDiscussions({
    communities: communitiesRepositories(t.database).communities,
    threads,
    posts,
    reads,
    readCounts,
    users: usersRepositories(t.database).users,
    links: linksRepositories(t.database).links,
    bus: new EventBus(),
    pageCache: new ThreadPageCache(),
    expertiseExists: () => true,
  }).service;
});
afterAll(async () => {
  await t?.app.close();
});

async function actorOf(account: World['member']): Promise<Actor> {
  const { user } = (await as(t.app, account).get('/api/me')).json();
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale ?? null };
}

describe('a signed-in reader\'s thread page, spliced', () => {
  it('sends exactly the JSON of the page object, for every kind of reader', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Rúbricas para la evaluación de prácticas', kind: 'question' });
    const replies: { id: number }[] = [];
    for (let i = 1; i <= 6; i++) replies.push(await replyTo(t.app, i % 2 ? w.moderator : w.member, thread.id, `Aporte ${i} sobre **rúbricas** de prácticas`));
    await as(t.app, w.admin).post(`/api/posts/${replies[1]!.id}/reactions`, { kind: 'thanks' });
    await as(t.app, w.member).post(`/api/threads/${thread.id}/accept`, { postId: replies[2]!.id });
    await as(t.app, w.moderator).post(`/api/posts/${replies[3]!.id}/moderation`, { hidden: true });
    await as(t.app, w.outsider).post(`/api/threads/${thread.id}/read`, { postNumber: 3 });
    await as(t.app, w.outsider).post(`/api/threads/${thread.id}/watch`, { level: 'watching' });

    const readers = { member: w.member, moderator: w.moderator, reactor: w.admin, halfway: w.outsider };
    for (const [name, account] of Object.entries(readers)) {
      const actor = await actorOf(account);
      for (const query of [{}, { limit: 3 }, { limit: 3, page: 2 }]) {
        const url = `/api/threads/${thread.id}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
        // Twice: the second answer comes from the cached page's JSON.
        for (let round = 0; round < 2; round++) {
          const sent = await as(t.app, account).get(url);
          expect(sent.statusCode, name).toBe(200);
          expect(sent.body, `${name} ${url} round ${round}`).toBe(JSON.stringify(await service.readThread(actor, thread.id, query)));
          const body = await service.readThreadBody(actor, thread.id, query);
          expect('json' in body ? body.json.toString('utf8') : JSON.stringify(body.page)).toBe(sent.body);
        }
      }
    }
    // The personal bits are there: the reactor's mark, their place, what the author may edit.
    const reactor = (await as(t.app, w.admin).get(`/api/threads/${thread.id}`)).json();
    expect(reactor.posts.find((p: { id: number }) => p.id === replies[1]!.id).reactions).toEqual([{ kind: 'thanks', count: 1, reacted: true }]);
    expect((await as(t.app, w.outsider).get(`/api/threads/${thread.id}`)).json()).toMatchObject({ lastRead: 3, thread: { watching: 'watching' } });
    const author = (await as(t.app, w.member).get(`/api/threads/${thread.id}`)).json();
    expect(author.posts.filter((p: { canEdit: boolean }) => p.canEdit).length).toBeGreaterThan(1);
    expect(author.acceptedPost.id).toBe(replies[2]!.id);
    expect((await as(t.app, w.moderator).get(`/api/threads/${thread.id}`)).json().posts.some((p: { hidden: boolean }) => p.hidden)).toBe(true);
  });
});
