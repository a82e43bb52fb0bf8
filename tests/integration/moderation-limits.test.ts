import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { EVERYONE_TRUSTED, setTrust } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

type Account = World['member'];

/** A POST from a given address (the test client's default is 127.0.0.1). */
function postFrom(account: Account, address: string, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, remoteAddress: address, headers: { origin: ORIGIN, cookie: account.cookie }, payload });
}

async function answeringSpecialist() {
  const editor = await registerUser(t.app);
  t.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  const created = await as(t.app, editor).post('/api/specialists', {
    name: 'Marta Quispe',
    expertise: ['dual'],
    languages: ['es'],
    summary: 'Formación dual y tutoría en empresa.',
    availability: ['answering'],
  });
  if (created.statusCode !== 201) throw new Error(`specialist: ${created.body}`);
  return created.json().item.id as number;
}

describe('the per-address posting limit holds on every path that creates posts', () => {
  it('counts questions asked to a specialist like any other post', async () => {
    await setTrust(t.app, w, { postsPerMinutePerAddress: 2 });
    const specialistId = await answeringSpecialist();
    const ask = (account: Account, n: number, address = '127.0.0.1') =>
      postFrom(account, address, `/api/specialists/${specialistId}/ask`, {
        forumId: w.forumId,
        title: `¿Cómo evaluar a los tutores de empresa? (${n})`,
        body: `Buscamos criterios para la evaluación número ${n}.`,
      });
    expect((await ask(w.member, 1)).statusCode).toBe(201);
    expect((await ask(w.member, 2)).statusCode).toBe(201);
    await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`);
    // Another account from the same address is held by the same count…
    const refused = await ask(w.outsider, 3);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('POST_RATE_LIMITED');
    // …and so is a plain reply from there, while another address posts freely.
    const { thread } = await startThread(t.app, w.admin, w.forumId);
    expect((await postFrom(w.member, '127.0.0.1', `/api/threads/${thread.id}/posts`, { body: 'Desde la misma red' })).statusCode).toBe(429);
    expect((await ask(w.outsider, 4, '10.1.2.3')).statusCode).toBe(201);
  });
});

describe('staff are exempt from new-account and rate limits, not from sanctions', () => {
  const strict = {
    newAccountHours: 24,
    newAccountMinPosts: 3,
    newUser: { ...EVERYONE_TRUSTED.newUser, postsPerHour: 2, linksPerPost: 1 },
    postsPerMinute: 3,
    postsPerMinutePerAddress: 3,
  };
  const links = 'Vean [uno](https://example.org/1) y [dos](https://example.org/2)';

  it('a moderator on a new account posts freely in their community and elsewhere; a new member does not', async () => {
    await setTrust(t.app, w, strict);
    const { thread } = await startThread(t.app, w.admin, w.forumId);
    for (let i = 0; i < 6; i += 1) {
      const reply = await postFrom(w.moderator, '127.0.0.1', `/api/threads/${thread.id}/posts`, { body: `${links} (${i})` });
      expect(reply.statusCode, reply.body).toBe(201);
    }
    // Staff like in Discourse: a moderator is staff site-wide, also where they are a plain member.
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    await as(t.app, w.moderator).post(`/api/communities/${elsewhere.slug}/join`);
    const other = await startThread(t.app, w.admin, elsewhere.forumId);
    const there = await postFrom(w.moderator, '127.0.0.1', `/api/threads/${other.thread.id}/posts`, { body: links });
    expect(there.statusCode, there.body).toBe(201);

    // A new member is still held to the limits, from another address (the first one's count is not theirs).
    const member = await postFrom(w.member, '10.0.0.9', `/api/threads/${thread.id}/posts`, { body: links });
    expect(member.json().error.code).toBe('TOO_MANY_LINKS');
  });

  it('an admin on a new account is not limited per address either', async () => {
    await setTrust(t.app, w, strict);
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    for (let i = 0; i < 5; i += 1) expect((await postFrom(w.admin, '127.0.0.1', `/api/threads/${thread.id}/posts`, { body: `${links} ${i}` })).statusCode).toBe(201);
  });

  it('a silenced or suspended moderator cannot post', async () => {
    await setTrust(t.app, w, strict);
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    await as(t.app, w.moderator).post(`/api/communities/${elsewhere.slug}/join`);
    const other = await startThread(t.app, w.admin, elsewhere.forumId);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await as(t.app, elsewhere.moderator).post(`/api/communities/${elsewhere.slug}/members/${w.moderator.user.id}/silence`, { until: inAWeek })).statusCode).toBe(200);
    const silenced = await as(t.app, w.moderator).post(`/api/threads/${other.thread.id}/posts`, { body: 'Hola' });
    expect(silenced.statusCode).toBe(403);

    const { thread } = await startThread(t.app, w.admin, w.forumId);
    expect((await as(t.app, w.admin).post(`/api/users/${w.moderator.user.id}/suspension`, { until: inAWeek, reason: 'Prueba' })).statusCode).toBe(200);
    const suspended = await as(t.app, w.moderator).post(`/api/threads/${thread.id}/posts`, { body: 'Hola' });
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().error.code).toBe('ACCOUNT_SUSPENDED');
  });
});

describe('the site-wide queue', () => {
  it('gives every item its own key, also one person asking to join two communities', async () => {
    const one = await buildWorld(t.app, { admin: w.admin, joinPolicy: 'approval' });
    const two = await buildWorld(t.app, { admin: w.admin, joinPolicy: 'approval' });
    const asker = await registerUser(t.app);
    await as(t.app, asker).post(`/api/communities/${one.slug}/join`);
    await as(t.app, asker).post(`/api/communities/${two.slug}/join`);
    const items = (await as(t.app, w.admin).get('/api/moderation/queue')).json().items as { kind: string; key: string; user: { id: number } }[];
    expect(items.filter((i) => i.kind === 'join_request' && i.user.id === asker.user.id)).toHaveLength(2);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    expect(items.every((i) => typeof i.key === 'string' && i.key.length > 0)).toBe(true);

    // Asked at the very same moment: paging one by one still gives both, once each.
    t.database.sqlite
      .prepare('UPDATE community_members SET created_at = (SELECT min(created_at) FROM community_members WHERE user_id = ?) WHERE user_id = ?')
      .run(asker.user.id, asker.user.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { key: string }[]; nextCursor: string | null } = (await as(t.app, w.admin).get(`/api/moderation/queue?kind=join_request&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((i: { key: string }) => i.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((key) => key.endsWith(`:${asker.user.id}`))).toHaveLength(2);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
