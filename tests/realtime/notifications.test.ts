import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

const list = (account: World['member']) => as(state.server.app, account).get('/api/notifications');

describe('notifications', () => {
  it('notifies a mention and a reply in a watched thread, live and in the list, once each', async () => {
    const reader = await registerUser(state.server.app);
    await as(state.server.app, reader).post(`/api/communities/${state.w.slug}/join`);
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId, { title: 'Tema con avisos' });
    const memberSocket = await sockets.connect(state.w.member.cookie);
    const readerSocket = await sockets.connect(reader.cookie);

    // The author watches their thread: a reply notifies them.
    const watched = next(memberSocket, 'notification');
    await replyTo(state.server.app, state.w.moderator, thread.id, 'Primera respuesta');
    const first = await watched;
    expect(first.notification).toMatchObject({ kind: 'watched_reply', actor: { id: state.w.moderator.user.id }, thread: { id: thread.id, title: 'Tema con avisos' }, read: false });
    expect(first.unread).toBe(1);

    // A mention of someone who also watches: one notification, the mention.
    const joined = next(memberSocket, 'notification');
    await replyTo(state.server.app, reader, thread.id, 'Me sumo');
    expect((await joined).notification.kind).toBe('watched_reply');
    const mention = next(memberSocket, 'notification');
    const readerGetsMention = next(readerSocket, 'notification');
    await replyTo(state.server.app, state.w.moderator, thread.id, `Gracias @${state.w.member.username} y @${reader.username}`);
    expect((await mention).notification.kind).toBe('mention');
    expect((await readerGetsMention).notification.kind).toBe('mention');

    const listed = (await list(state.w.member)).json();
    expect(listed.unread).toBe(3);
    expect(listed.items.map((n: { kind: string }) => n.kind)).toEqual(['mention', 'watched_reply', 'watched_reply']);
    expect(listed.items[0].url).toMatch(new RegExp(`^/t/${thread.id}#post-\\d+$`));

    const readOne = next(memberSocket, 'notifications:unread');
    expect((await as(state.server.app, state.w.member).post(`/api/notifications/${listed.items[0].id}/read`)).json()).toEqual({ unread: 2 });
    expect((await readOne).unread).toBe(2);
    expect((await as(state.server.app, state.w.member).post('/api/notifications/read-all')).json()).toEqual({ unread: 0 });
    expect((await list(state.w.member)).json().unread).toBe(0);
  });

  it('notifies the author of the post replied to, and the author of an accepted answer', async () => {
    const { thread, post } = await startThread(state.server.app, state.w.member, state.w.forumId, { kind: 'question' });
    await as(state.server.app, state.w.member).post(`/api/threads/${thread.id}/watch`, { level: 'muted' });
    const answer = await replyTo(state.server.app, state.w.moderator, thread.id, 'Respondo directamente', post.id);
    expect((await list(state.w.member)).json().items.filter((n: { postId: number }) => n.postId === answer.id)).toEqual([]);

    await as(state.server.app, state.w.member).post(`/api/threads/${thread.id}/watch`, { level: 'none' });
    const direct = await replyTo(state.server.app, state.w.admin, thread.id, 'Otra respuesta directa', post.id);
    const replyNotice = (await list(state.w.member)).json().items.find((n: { postId: number }) => n.postId === direct.id);
    expect(replyNotice.kind).toBe('reply');

    const moderatorSocket = await sockets.connect(state.w.moderator.cookie);
    const accepted = next(moderatorSocket, 'notification');
    await as(state.server.app, state.w.member).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect((await accepted).notification).toMatchObject({ kind: 'answer_accepted', postId: answer.id });
  });

  it('never tells a non-member about a mention inside a private community', async () => {
    const privateWorld = await buildWorld(state.server.app, { visibility: 'private', admin: state.w.admin });
    const outsiderSocket = await sockets.connect(privateWorld.outsider.cookie);
    const quiet = silent(outsiderSocket, 'notification');
    const { thread } = await startThread(state.server.app, privateWorld.member, privateWorld.forumId);
    await replyTo(state.server.app, privateWorld.member, thread.id, `Secreto para @${privateWorld.outsider.username}`);
    expect(await quiet).toBe(true);
    const listed = (await list(privateWorld.outsider)).json();
    expect(listed).toMatchObject({ items: [], unread: 0 });
  });

  it('tells people when their request to join is approved or declined', async () => {
    const gated = await buildWorld(state.server.app, { joinPolicy: 'approval', admin: state.w.admin });
    const applicant = await registerUser(state.server.app);
    const other = await registerUser(state.server.app);
    await as(state.server.app, applicant).post(`/api/communities/${gated.slug}/join`);
    await as(state.server.app, other).post(`/api/communities/${gated.slug}/join`);
    await as(state.server.app, gated.moderator).post(`/api/communities/${gated.slug}/members/${applicant.user.id}`, { status: 'active' });
    await as(state.server.app, gated.moderator).delete(`/api/communities/${gated.slug}/members/${other.user.id}`);
    expect((await list(applicant)).json().items[0]).toMatchObject({ kind: 'membership_approved', community: { slug: gated.slug }, url: `/c/${gated.slug}` });
    expect((await list(other)).json().items[0]).toMatchObject({ kind: 'membership_declined' });
  });

  it('hides notifications whose content the reader can no longer see, from the list and the count', async () => {
    const privateWorld = await buildWorld(state.server.app, { visibility: 'private', admin: state.w.admin });
    const { thread } = await startThread(state.server.app, privateWorld.moderator, privateWorld.forumId);
    await replyTo(state.server.app, privateWorld.moderator, thread.id, `Hola @${privateWorld.member.username}`);
    expect((await list(privateWorld.member)).json().unread).toBe(1);
    await as(state.server.app, privateWorld.member).post(`/api/communities/${privateWorld.slug}/leave`);
    expect((await list(privateWorld.member)).json()).toMatchObject({ items: [], unread: 0 });
  });

  it('requires a session', async () => {
    expect((await as(state.server.app, null).get('/api/notifications')).statusCode).toBe(401);
  });
});
