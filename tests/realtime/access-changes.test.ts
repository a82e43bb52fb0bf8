import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';
import { ask, liveWorld, next, silent, type Client } from '../helpers/sockets.ts';
import { openWorkshop } from '../helpers/workshops.ts';

const { state, sockets } = liveWorld();
const app = () => state.server.app;

/** A socket following a thread, its forum, its community and a workshop of it, as the pages do. */
async function following(cookie: string | undefined, w: World, threadId: number, workshopId: number): Promise<Client> {
  const socket = await sockets.connect(cookie);
  for (const [event, payload] of [
    ['thread:join', { threadId }],
    ['forum:join', { forumId: w.forumId }],
    ['community:join', { slug: w.slug }],
    ['workshop:join', { workshopId }],
  ] as const) {
    const answer = await ask(socket, event, payload);
    expect(answer.ok, `${event}: ${JSON.stringify(answer)}`).toBe(true);
  }
  return socket;
}

/**
 * New content in every followed room: a reply (post:created), a new thread (thread:created)
 * and a chat message (workshop:message). Resolves, per socket, which of them arrived.
 */
async function newContent(w: World, author: World['member'], threadId: number, workshopId: number, watchers: Client[]) {
  const window = 700;
  const seen = watchers.map((socket) =>
    Promise.all([
      silent(socket, 'post:created', (p) => p.threadId === threadId, window).then((quiet) => !quiet),
      silent(socket, 'thread:created', (p) => p.thread.forumId === w.forumId, window).then((quiet) => !quiet),
      silent(socket, 'workshop:message', (p) => p.workshopId === workshopId, window).then((quiet) => !quiet),
    ]),
  );
  await replyTo(app(), author, threadId, 'Cifras internas de la comunidad, no para fuera');
  await startThread(app(), author, w.forumId, { title: 'Tema interno de la comunidad' });
  const sent = await ask(await sockets.connect(w.moderator.cookie), 'workshop:message', { workshopId, body: 'Mensaje interno del taller' });
  expect(sent.ok, JSON.stringify(sent)).toBe(true);
  return Promise.all(seen);
}

/** Whether an awaited event came (false after the helper's timeout). */
const arrives = (event: Promise<unknown>) => event.then(() => true, () => false);

const NOTHING = [false, false, false];
const EVERYTHING = [true, true, true];

describe('sockets already in a community’s rooms when who may read it changes', () => {
  it('stop getting its content when the community turns private; its members keep getting it', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin });
    await setTrust(app(), w);
    const { thread } = await startThread(app(), w.member, w.forumId);
    const workshop = await openWorkshop(app(), w.moderator, w.slug);
    const anonymous = await following(undefined, w, thread.id, workshop.id);
    const outsider = await following(w.outsider.cookie, w, thread.id, workshop.id);
    const member = await following(w.member.cookie, w, thread.id, workshop.id);
    const admin = await following(w.admin.cookie, w, thread.id, workshop.id);

    const told = [anonymous, outsider].map((socket) => arrives(next(socket, 'thread:removed', (p) => p.threadId === thread.id)));
    const lost = [anonymous, outsider].map((socket) => arrives(next(socket, 'room:lost', (p) => p.kind === 'workshop' && p.id === workshop.id)));
    const memberNotTold = silent(member, 'thread:removed', () => true, 600);
    const patched = await as(app(), w.admin).patch(`/api/communities/${w.slug}`, { visibility: 'private' });
    expect(patched.statusCode).toBe(200);

    const [fromAnonymous, fromOutsider, fromMember, fromAdmin] = await newContent(w, w.member, thread.id, workshop.id, [anonymous, outsider, member, admin]);
    expect(fromAnonymous).toEqual(NOTHING);
    expect(fromOutsider).toEqual(NOTHING);
    expect(fromMember).toEqual(EVERYTHING);
    expect(fromAdmin).toEqual(EVERYTHING);
    // They were told what they lost; the member was not.
    expect(await Promise.all([...told, ...lost])).toEqual([true, true, true, true]);
    expect(await memberNotTold).toBe(true);
    // Joining again is refused, as for a page of a private community.
    expect((await ask(outsider, 'workshop:join', { workshopId: workshop.id })).error?.code).toBe('WORKSHOP_NOT_FOUND');
    expect((await ask(anonymous, 'forum:join', { forumId: w.forumId })).error?.code).toBe('FORUM_NOT_FOUND');
  });

  it('stop getting it when their member is banned (a private community), others keep getting it', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin, visibility: 'private' });
    await setTrust(app(), w);
    const victim = await registerUser(app());
    await as(app(), w.admin).post(`/api/communities/${w.slug}/members/${victim.user.id}`, { status: 'active' });
    const { thread } = await startThread(app(), w.member, w.forumId);
    const workshop = await openWorkshop(app(), w.moderator, w.slug);
    const banned = await following(victim.cookie, w, thread.id, workshop.id);
    const member = await following(w.member.cookie, w, thread.id, workshop.id);

    const removed = arrives(next(banned, 'thread:removed', (p) => p.threadId === thread.id));
    const ban = await as(app(), w.moderator).post(`/api/communities/${w.slug}/members/${victim.user.id}/ban`, { reason: 'Spam' });
    expect(ban.statusCode, ban.body).toBe(200);

    const [fromBanned, fromMember] = await newContent(w, w.member, thread.id, workshop.id, [banned, member]);
    expect(fromBanned).toEqual(NOTHING);
    expect(fromMember).toEqual(EVERYTHING);
    expect(await removed).toBe(true);
  });

  it('stop getting a thread moved into a private community; the new community’s members get it', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin });
    await setTrust(app(), w);
    const priv = await buildWorld(app(), { admin: state.w.admin, visibility: 'private' });
    const { thread } = await startThread(app(), w.member, w.forumId);
    const readers = await Promise.all([undefined, w.outsider.cookie, w.member.cookie, priv.member.cookie].map(async (cookie) => {
      const socket = await sockets.connect(cookie);
      expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      return socket;
    }));
    const [anonymous, outsider, oldMember, newMember] = readers as [Client, Client, Client, Client];
    const told = [anonymous, outsider, oldMember].map((socket) => next(socket, 'thread:removed', (p) => p.threadId === thread.id));
    expect((await as(app(), state.w.admin).post(`/api/threads/${thread.id}/move`, { forumId: priv.forumId })).statusCode).toBe(200);
    // Told it is gone from the forum they knew it in, not where it went.
    expect(await Promise.all(told)).toEqual([0, 1, 2].map(() => ({ threadId: thread.id, forumId: w.forumId })));

    const quiet = [anonymous, outsider, oldMember].map((socket) => silent(socket, 'post:created', () => true, 700));
    const seen = next(newMember, 'post:created', (p) => p.threadId === thread.id);
    await replyTo(app(), priv.member, thread.id, 'Dato confidencial tras el traslado');
    expect((await seen).post.bodyHtml).toContain('confidencial');
    expect(await Promise.all(quiet)).toEqual([true, true, true]);
  });

  it('takes a member out of a thread hidden by a moderator, and keeps the moderators in it', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin });
    const { thread } = await startThread(app(), w.member, w.forumId);
    const reader = await sockets.connect();
    const moderator = await sockets.connect(w.moderator.cookie);
    for (const socket of [reader, moderator]) expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const removed = next(reader, 'thread:removed', (p) => p.threadId === thread.id);
    await as(app(), w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true });
    await removed;
    const quiet = silent(reader, 'post:created', () => true, 600);
    const seen = next(moderator, 'post:created', (p) => p.threadId === thread.id);
    await replyTo(app(), w.moderator, thread.id, 'Nota de moderación');
    await seen;
    expect(await quiet).toBe(true);
  });

  it('tells a member who leaves a private community what they lost, room by room', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin, visibility: 'private' });
    const leaving = await registerUser(app());
    await as(app(), w.admin).post(`/api/communities/${w.slug}/members/${leaving.user.id}`, { status: 'active' });
    const { thread } = await startThread(app(), w.member, w.forumId);
    const workshop = await openWorkshop(app(), w.moderator, w.slug);
    const socket = await following(leaving.cookie, w, thread.id, workshop.id);
    const communityId = (await as(app(), w.member).get(`/api/communities/${w.slug}`)).json().community.id as number;
    const lost: { kind: string; id: number }[] = [];
    socket.on('room:lost', (payload) => lost.push(payload));
    const removed = next(socket, 'thread:removed', (p) => p.threadId === thread.id);
    expect((await as(app(), leaving).post(`/api/communities/${w.slug}/leave`)).statusCode).toBe(200);
    expect(await removed).toEqual({ threadId: thread.id, forumId: w.forumId });
    await expect.poll(() => lost.length).toBe(3);
    expect(lost).toEqual(
      expect.arrayContaining([
        { kind: 'forum', id: w.forumId },
        { kind: 'community', id: communityId },
        { kind: 'workshop', id: workshop.id },
      ]),
    );
  });
});
