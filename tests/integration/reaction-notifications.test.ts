import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  await setTrust(t.app, w);
});
afterEach(async () => {
  await t.app.close();
});

type Note = { id: number; kind: string; others?: number; actor: { id: number } | null; postId: number | null; read: boolean };
const reactionsOf = async (who: World['member']) =>
  ((await as(t.app, who).get('/api/notifications')).json().items as Note[]).filter((n) => n.kind === 'reaction');
const react = async (who: World['member'], postId: number, kind = 'like') => {
  const response = await as(t.app, who).post(`/api/posts/${postId}/reactions`, { kind });
  expect(response.statusCode).toBe(200);
};

async function members(n: number) {
  const people = [];
  for (let i = 0; i < n; i += 1) {
    const person = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${person.user.id}`, { status: 'active' });
    people.push(person);
  }
  return people;
}

describe('reactions notify the post’s author', () => {
  it('coalesces the reactions to a post into one notification while it is unread, never for one’s own reaction', async () => {
    const { post } = await startThread(t.app, w.member, w.forumId);
    const [ana, bea, carla] = await members(3);

    await react(w.member, post.id);
    expect(await reactionsOf(w.member)).toEqual([]);

    await react(ana!, post.id);
    expect(await reactionsOf(w.member)).toMatchObject([{ postId: post.id, actor: { id: ana!.user.id }, others: 0, read: false }]);
    await react(bea!, post.id, 'thanks');
    await react(ana!, post.id, 'agree');
    await react(carla!, post.id);
    const [one, ...more] = await reactionsOf(w.member);
    expect(more).toEqual([]);
    expect(one).toMatchObject({ actor: { id: carla!.user.id }, others: 2 });
    expect((await as(t.app, w.member).get('/api/notifications/unread')).json().unread).toBe(1);
    for (const someone of [ana!, bea!, w.moderator]) expect(await reactionsOf(someone)).toEqual([]);

    // Once read, the next reaction starts a new notification.
    await as(t.app, w.member).post(`/api/notifications/${one!.id}/read`);
    await react(w.moderator, post.id);
    const after = await reactionsOf(w.member);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ actor: { id: w.moderator.user.id }, read: false });
  });

  it('stays quiet for a member who turned reaction notifications off', async () => {
    const { post } = await startThread(t.app, w.member, w.forumId);
    const prefs = (await as(t.app, w.member).get('/api/me/mail-preferences')).json();
    expect(prefs.reactionNotifications).toBe(true);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { origin: 'http://localhost:80', cookie: w.member.cookie },
      payload: { modes: {}, reactionNotifications: false },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().reactionNotifications).toBe(false);

    await react(w.moderator, post.id);
    expect(await reactionsOf(w.member)).toEqual([]);
  });
});
