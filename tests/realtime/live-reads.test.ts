/**
 * Live read state (issue 16, part 1): a member with a forum or community list open sees their
 * unread marks and counts move as others post; their own reading, muting and marking read reach
 * their other tabs; all of it personal (their own room), and a visitor or an outsider of a
 * private community learns nothing.
 */
import { describe, expect, it } from 'vitest';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

describe('live read state', () => {
  it('raises the count when another member posts, lowers it when the member reads, removes it when they mute', async () => {
    const { app } = state.server;
    const { w } = state;
    const { thread } = await startThread(app, w.moderator, w.forumId, { title: 'Indicadores de inserción laboral' });
    await as(app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 1 });

    const list = await sockets.connect(w.member.cookie);
    expect(await ask(list, 'forum:join', { forumId: w.forumId })).toMatchObject({ ok: true });
    const otherTab = await sockets.connect(w.member.cookie);

    const risen = next(list, 'reads:changed', (p) => p.thread?.id === thread.id && p.thread.unread === 1);
    await replyTo(app, w.moderator, thread.id, 'Un dato nuevo sobre inserción');
    const up = await risen;
    expect(up.thread).toMatchObject({ forumId: w.forumId, isNew: false });
    const forum = up.forums!.find((f) => f.forumId === w.forumId)!;
    expect(forum.unreadThreads).toBeGreaterThanOrEqual(1);

    // Reading in one tab lowers the count in the others.
    const lowered = next(otherTab, 'reads:changed', (p) => p.thread?.id === thread.id && p.thread.unread === 0);
    await as(app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 2 });
    expect((await lowered).forums!.find((f) => f.forumId === w.forumId)!.unreadThreads).toBe(forum.unreadThreads - 1);

    // Muted: a new post changes nothing; the mute itself reaches the other tabs.
    const unreadAgain = next(otherTab, 'reads:changed', (p) => p.thread?.id === thread.id && p.thread.unread === 1);
    await replyTo(app, w.moderator, thread.id, 'Otro dato sobre inserción');
    await unreadAgain;
    const muted = next(otherTab, 'reads:changed', (p) => p.thread?.id === thread.id && p.thread.unread === 0);
    await as(app, w.member).post(`/api/threads/${thread.id}/watch`, { level: 'muted' });
    expect((await muted).thread).toMatchObject({ unread: 0, isNew: false });
    const quiet = next(list, 'reads:changed', (p) => p.thread?.id === thread.id);
    await replyTo(app, w.moderator, thread.id, 'Un tercer dato sobre inserción');
    expect((await quiet).thread!.unread).toBe(0);
  });

  it('shows a new thread as new on the community page, and marking read clears every tab', async () => {
    const { app } = state.server;
    const { w } = state;
    const page = await sockets.connect(w.member.cookie);
    expect(await ask(page, 'community:join', { slug: w.slug })).toMatchObject({ ok: true });
    const fresh = next(page, 'reads:changed', (p) => p.thread?.isNew === true);
    const { thread } = await startThread(app, w.moderator, w.forumId, { title: 'Aprendizaje en el puesto de trabajo' });
    expect((await fresh).thread).toMatchObject({ id: thread.id, unread: 0 });

    const cleared = next(page, 'reads:changed', (p) => p.cleared !== null);
    await as(app, w.member).post(`/api/communities/${w.slug}/read`);
    const done = await cleared;
    expect(done.cleared).toEqual({ forumId: null });
    expect(done.forums!.every((f) => f.unreadThreads === 0 && f.newThreads === 0)).toBe(true);
  });

  it('tells visitors nothing, and nobody outside a private community', async () => {
    const { app } = state.server;
    const { w } = state;
    const visitor = await sockets.connect();
    expect(await ask(visitor, 'forum:join', { forumId: w.forumId })).toMatchObject({ ok: true });
    const outsider = await sockets.connect(w.outsider.cookie);
    const priv = await buildWorld(app, { visibility: 'private', admin: w.admin });
    expect(await ask(outsider, 'forum:join', { forumId: priv.forumId })).toMatchObject({ ok: false });
    const insider = await sockets.connect(priv.member.cookie);
    await ask(insider, 'forum:join', { forumId: priv.forumId });

    const visitorQuiet = silent(visitor, 'reads:changed');
    const outsiderQuiet = silent(outsider, 'reads:changed');
    const insiderHears = next(insider, 'reads:changed');
    await startThread(app, priv.moderator, priv.forumId, { title: 'Convenio reservado sobre becas' });
    await startThread(app, w.moderator, w.forumId, { title: 'Tema abierto sobre becas' });
    expect((await insiderHears).thread?.isNew).toBe(true);
    expect(await visitorQuiet).toBe(true);
    expect(await outsiderQuiet).toBe(true);
  });
});
