import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moderationLog } from '../../db/schema/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { logOf } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const expire = (sql: string, id: number) => t.database.sqlite.prepare(sql).run(Date.now() - 1000, id);

describe('site-wide suspension', () => {
  it('refuses every write at once with 403, lets the person read and log in, and ends at its end date', async () => {
    const { thread, post } = await startThread(t.app, w.moderator, w.forumId);
    expect((await as(t.app, w.moderator).post(`/api/users/${w.member.user.id}/suspension`, { until: inAWeek(), reason: 'x' })).statusCode).toBe(403);
    expect((await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until: '2001-01-01', reason: 'x' })).json().error.code).toBe('UNTIL_INVALID');
    expect((await as(t.app, w.admin).post(`/api/users/${w.admin.user.id}/suspension`, { until: inAWeek(), reason: 'x' })).statusCode).toBe(403);

    const suspended = await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until: inAWeek(), reason: 'Spam repetido' });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().suspendedUntil).not.toBeNull();
    const writes = [
      as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Sigo aquí' }),
      as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'Un tema nuevo', body: 'Texto', kind: 'discussion' }),
      as(t.app, w.member).post(`/api/posts/${post.id}/reactions`, { kind: 'like' }),
      as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'spam' }),
      as(t.app, w.member).patch('/api/me', { displayName: 'Otro nombre' }),
      as(t.app, w.member).post('/api/me/tokens', { name: 'script' }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ACCOUNT_SUSPENDED');
    }
    expect((await as(t.app, w.member).get(`/api/threads/${thread.id}`)).json().permissions).toMatchObject({ canReply: false, replyBlockedReason: 'suspended' });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://localhost:80' }, payload: { username: w.member.username, password: w.member.password } });
    expect(login.statusCode).toBe(200);

    const [entry] = (await as(t.app, w.admin).get('/api/moderation/log?targetType=user')).json().items;
    expect(entry).toMatchObject({ action: 'user.suspend', reason: 'Spam repetido', targetId: w.member.user.id, communityId: null });
    expect((await as(t.app, w.moderator).get('/api/moderation/log')).json().items.some((e: { action: string }) => e.action === 'user.suspend')).toBe(false);

    expire('UPDATE users SET suspended_until = ? WHERE id = ?', w.member.user.id);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Ya puedo escribir' })).statusCode).toBe(201);
  });

  it('is lifted by undoing it from the log', async () => {
    await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until: inAWeek(), reason: 'Error' });
    const [entry] = (await as(t.app, w.admin).get('/api/moderation/log?action=user.suspend')).json().items;
    expect((await as(t.app, w.moderator).post(`/api/moderation/log/${entry.id}/undo`, {})).statusCode).toBe(403);
    expect((await as(t.app, w.admin).post(`/api/moderation/log/${entry.id}/undo`, {})).statusCode).toBe(200);
    expect((await as(t.app, w.admin).post(`/api/moderation/log/${entry.id}/undo`, {})).json().error.code).toBe('ALREADY_UNDONE');
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Libre otra vez' })).statusCode).toBe(201);
  });

  it('two admins suspending one member at once take turns: each entry\'s "before" is the previous one\'s "after"', async () => {
    const other = await registerUser(t.app);
    expect((await as(t.app, w.admin).patch(`/api/users/${other.user.id}/role`, { role: 'admin' })).statusCode).toBe(200);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    for (let round = 0; round < 10; round++) {
      const responses = await Promise.all([
        as(t.app, round % 2 ? w.admin : other).post(`/api/users/${w.member.user.id}/suspension`, { until: day(2 * round + 1), reason: 'Turnos' }),
        as(t.app, round % 2 ? other : w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until: day(2 * round + 2), reason: 'Turnos' }),
      ]);
      for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    }
    const entries = await t.database.db
      .select({ before: moderationLog.before, after: moderationLog.after })
      .from(moderationLog)
      .where(and(eq(moderationLog.action, 'user.suspend'), eq(moderationLog.targetId, w.member.user.id)))
      .orderBy(asc(moderationLog.id));
    expect(entries).toHaveLength(20);
    // What undoing each entry would put back is what the one before it left.
    const chain = entries.map((e, i) => ({ before: e.before?.suspendedUntil, previousAfter: i ? entries[i - 1]!.after?.suspendedUntil : null }));
    expect(chain.filter((link) => link.before !== link.previousAfter)).toEqual([]);
  });
});

describe('community sanctions', () => {
  it('a silenced question author cannot accept an answer', async () => {
    const q = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
    const answer = await replyTo(t.app, w.moderator, q.thread.id, 'Una respuesta aceptable a la pregunta');
    await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/silence`, { until: inAWeek() });
    const accepted = await as(t.app, w.member).post(`/api/threads/${q.thread.id}/accept`, { postId: answer.id });
    expect(accepted.statusCode).toBe(403);
    expect(accepted.json().error.code).toBe('SILENCED_IN_COMMUNITY');
    expect((await as(t.app, w.moderator).post(`/api/threads/${q.thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
  });

  it('silences a member for a period: can read, cannot write, until the end date', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    const body = { until: inAWeek(), reason: 'Tono agresivo' };
    expect((await as(t.app, w.member).post(`/api/communities/${w.slug}/members/${w.moderator.user.id}/silence`, body)).statusCode).toBe(403);
    expect((await as(t.app, elsewhere.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/silence`, body)).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/silence`, body)).statusCode).toBe(200);

    const page = await as(t.app, w.member).get(`/api/threads/${thread.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().permissions).toMatchObject({ canReply: false, replyBlockedReason: 'silenced', canReact: false });
    const refused = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Quiero responder' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('SILENCED_IN_COMMUNITY');
    // Only here: in another community the person writes as before.
    await as(t.app, w.admin).post(`/api/communities/${elsewhere.slug}/members/${w.member.user.id}`, { status: 'active' });
    await replyTo(t.app, w.member, (await startThread(t.app, elsewhere.moderator, elsewhere.forumId)).thread.id, 'Aquí sí escribo');

    const history = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/members/${w.member.user.id}`)).json();
    expect(history.membership.silencedUntil).not.toBeNull();
    expect(history.log[0]).toMatchObject({ action: 'member.silence', reason: 'Tono agresivo' });

    expire('UPDATE community_members SET silenced_until = ? WHERE user_id = ?', w.member.user.id);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Se acabó el silencio' })).statusCode).toBe(201);
  });

  it('bans with a reason, and the ban is undone exactly', async () => {
    const response = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/ban`, { reason: 'Acoso' });
    expect(response.statusCode).toBe(200);
    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'member.ban', reason: 'Acoso' });
    await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {});
    const members = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/members?q=${w.member.username}`)).json().items;
    expect(members[0]).toMatchObject({ role: 'member', status: 'active' });
  });
});

describe('warnings', () => {
  it('a community’s moderators warn only members of that community', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    const refused = await as(t.app, w.moderator).post(`/api/users/${other.moderator.user.id}/warnings`, { reason: 'Porque sí', community: w.slug });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('MEMBER_NOT_FOUND');
    expect((await as(t.app, other.moderator).get('/api/me/warnings')).json().items).toHaveLength(0);
  });

  it('are private messages the person must acknowledge', async () => {
    expect((await as(t.app, w.member).post(`/api/users/${w.outsider.user.id}/warnings`, { reason: 'x', community: w.slug })).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post(`/api/users/${w.member.user.id}/warnings`, { reason: 'x' })).statusCode).toBe(403);
    const warned = await as(t.app, w.moderator).post(`/api/users/${w.member.user.id}/warnings`, { reason: 'Cite sus fuentes, por favor.', community: w.slug });
    expect(warned.statusCode).toBe(201);
    const [warning] = (await as(t.app, w.member).get('/api/me/warnings')).json().items;
    expect(warning).toMatchObject({ reason: 'Cite sus fuentes, por favor.', community: { slug: w.slug }, issuedBy: { id: w.moderator.user.id } });
    expect((await as(t.app, w.member).get('/api/notifications')).json().items[0].kind).toBe('warning');
    expect((await as(t.app, w.outsider).post(`/api/me/warnings/${warning.id}/acknowledge`)).statusCode).toBe(404);
    expect((await as(t.app, w.member).post(`/api/me/warnings/${warning.id}/acknowledge`)).statusCode).toBe(200);
    expect((await as(t.app, w.member).get('/api/me/warnings')).json().items).toEqual([]);
    expect((await logOf(t.app, w))[0]).toMatchObject({ action: 'user.warn', targetId: w.member.user.id });
  });
});

describe('delete spammer', () => {
  it('removes a new account’s content and blocks it in one step; admins only; undoable', async () => {
    const spammer = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${spammer.user.id}`, { status: 'active' });
    const own = await startThread(t.app, spammer, w.forumId, { title: 'Oferta increíble de cursos', body: 'Compre ya en nuestro sitio web' });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const reply = await replyTo(t.app, spammer, thread.id, 'Visite nuestro sitio web de ofertas');
    expect((await as(t.app, w.moderator).post(`/api/users/${spammer.user.id}/delete-spammer`, {})).statusCode).toBe(403);
    const done = await as(t.app, w.admin).post(`/api/users/${spammer.user.id}/delete-spammer`, { reason: 'Spam' });
    expect(done.json()).toEqual({ posts: 2, threads: 1 });
    expect((await as(t.app, null).get(`/api/threads/${own.thread.id}`)).statusCode).toBe(404);
    const page = (await as(t.app, null).get(`/api/threads/${thread.id}`)).json();
    expect(page.posts.find((p: { id: number }) => p.id === reply.id)).toMatchObject({ deleted: true, bodyHtml: '' });
    expect((await as(t.app, spammer).post(`/api/threads/${thread.id}/posts`, { body: 'Otra oferta' })).json().error.code).toBe('ACCOUNT_SUSPENDED');

    const [entry] = (await as(t.app, w.admin).get('/api/moderation/log?action=user.delete_spammer')).json().items;
    await as(t.app, w.admin).post(`/api/moderation/log/${entry.id}/undo`, {});
    expect((await as(t.app, null).get(`/api/threads/${own.thread.id}`)).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts.find((p: { id: number }) => p.id === reply.id).deleted).toBe(false);
  });
});
