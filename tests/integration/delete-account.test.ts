/**
 * Deleting one's account (issue 19, part 5b): `DELETE /api/me {password, posts}` erases the
 * account; its posts stay under "Deleted member" or go, mentions and quotes of the member in
 * others' posts are anonymised, the audit log keeps the action and not the person, and the
 * member cannot come back in by any way.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookmarks, drafts, notifications, postReactions, threadWatches, users } from '../../db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
}, 60_000);

afterAll(async () => {
  await t?.app.close();
});

type Account = Awaited<ReturnType<typeof registerUser>>;

const erase = (account: Account, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'DELETE', url: '/api/me', headers: { origin: ORIGIN, cookie: account.cookie, ...headers }, payload });

async function joinedMember(username: string, displayName: string): Promise<Account> {
  const account = await registerUser(t.app, { username, displayName });
  await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${account.user.id}`, { status: 'active' });
  return account;
}

async function apiToken(account: Account): Promise<string> {
  const created = await as(t.app, account).post('/api/me/tokens', { name: 'script', scope: 'read+write' });
  expect(created.statusCode).toBe(201);
  return created.json().token as string;
}

/** A thread by the member, a reply of theirs elsewhere, and a moderator's reply that mentions and quotes them. */
async function traces(account: Account) {
  const own = await startThread(t.app, account, w.forumId, { title: `Aprendizaje en alternancia ${account.user.id}`, body: 'Compartimos la guía de tutores de empresa.' });
  const other = await startThread(t.app, w.moderator, w.forumId, { title: `Certificación de competencias ${account.user.id}`, body: 'Qué instrumentos usan?' });
  const reply = await replyTo(t.app, account, other.thread.id, 'Nosotros usamos portafolios de evidencias.');
  const quoting = await replyTo(
    t.app,
    w.moderator,
    own.thread.id,
    `> [${account.displayName}](/t/${own.thread.id}#post-${own.post.id}) escribió:\n>\n> Compartimos la guía de tutores de empresa.\n\nGracias @${account.username}, la revisamos con @${w.member.username}.`,
  );
  return { own, other, reply, quoting };
}

describe('deleting my account', () => {
  it('a wrong password is 400 WRONG_PASSWORD and changes nothing', async () => {
    const account = await joinedMember('yanina_wrong', 'Yanina Condori');
    const before = (await as(t.app, account).get('/api/me')).json();
    const refused = await erase(account, { password: 'no-es-esta-clave', posts: 'remove' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('WRONG_PASSWORD');
    const me = await as(t.app, account).get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(before);
    expect((await as(t.app, null).get(`/api/users/${account.username}`)).statusCode).toBe(200);
  });

  it('an API token cannot delete the account, whatever its scope', async () => {
    const account = await joinedMember('yanina_token', 'Yanina Token');
    const secret = await apiToken(account);
    const refused = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${secret}` }, payload: { password: account.password, posts: 'keep' } });
    expect(refused.statusCode).toBe(403);
    expect(['TOKEN_SCOPE', 'SESSION_REQUIRED']).toContain(refused.json().error.code);
    expect((await as(t.app, account).get('/api/me')).statusCode).toBe(200);
  });

  it('keep: posts stay under "Deleted member", the old name is nowhere, and the member cannot come back', async () => {
    const account = await joinedMember('ximena_quispe', 'Ximena Quispe Mamani');
    const secret = await apiToken(account);
    const { own, other, reply, quoting } = await traces(account);
    await as(t.app, account).post(`/api/posts/${quoting.id}/reactions`, { kind: 'thanks' });
    await as(t.app, account).post(`/api/posts/${other.post.id}/bookmark`, {});
    await as(t.app, account).put(`/api/drafts/reply:${other.thread.id}`, { body: 'Un borrador a medio escribir' });
    const { db } = t.database;
    expect((await db.select().from(notifications).where(eq(notifications.userId, account.user.id))).length).toBeGreaterThan(0);
    expect(await db.select().from(bookmarks).where(eq(bookmarks.userId, account.user.id))).toHaveLength(1);
    expect(await db.select().from(drafts).where(eq(drafts.userId, account.user.id))).toHaveLength(1);
    // A workshop they registered for: the count follows them out.
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug);
    expect((await as(t.app, account).post(`/api/workshops/${workshop.id}/registration`)).json().registrationCount).toBe(1);
    // An earlier version of the moderator's post, still naming the member.
    const edited = await as(t.app, w.moderator).patch(`/api/posts/${quoting.id}`, { body: `Gracias otra vez @${account.username}, la revisamos con @${w.member.username}.` });
    expect(edited.statusCode).toBe(200);
    // An admin action about the member: the log must keep it without the person.
    expect((await as(t.app, w.admin).patch(`/api/users/${account.user.id}/role`, { role: 'editor' })).statusCode).toBe(200);

    const membersBefore = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community.memberCount as number;
    // The feeds, read (and cached) before: they name the member.
    const feedBefore = await t.app.inject({ method: 'GET', url: `/t/${own.thread.id}.rss`, headers: { 'accept-language': 'es' } });
    expect(feedBefore.body).toContain('Ximena Quispe Mamani');

    const done = await erase(account, { password: account.password, posts: 'keep' });
    expect(done.statusCode).toBe(204);
    expect(done.cookies.find((c) => c.name === 'minga_session')?.value).toBe('');

    const oldName = /ximena|quispe|mamani/i;
    // The thread they started and the one they answered: readable, under "Deleted member".
    const thread = await as(t.app, w.outsider).get(`/api/threads/${own.thread.id}`);
    expect(thread.statusCode).toBe(200);
    expect(thread.body).not.toMatch(oldName);
    const first = thread.json().posts.find((p: { id: number }) => p.id === own.post.id);
    expect(first.author).toMatchObject({ deleted: true, displayName: '' });
    expect(first.bodyHtml).toContain('guía de tutores');
    const answered = await as(t.app, w.outsider).get(`/api/threads/${other.thread.id}`);
    expect(answered.body).not.toMatch(oldName);
    expect(answered.json().posts.find((p: { id: number }) => p.id === reply.id).bodyHtml).toContain('portafolios');

    // The moderator's mention and quote: anonymised in the source and in the cooked HTML; other mentions stay.
    const source = (await as(t.app, w.moderator).get(`/api/posts/${quoting.id}/source`)).json().body as string;
    expect(source).not.toMatch(oldName);
    expect(source).toBe(`Gracias otra vez @deleted-member, la revisamos con @${w.member.username}.`);
    const quoted = thread.json().posts.find((p: { id: number }) => p.id === quoting.id);
    expect(quoted.bodyHtml).toContain('@deleted-member');
    expect(quoted.bodyHtml).toContain(`href="/u/${w.member.username}"`);
    expect(quoted.bodyHtml).not.toContain('/u/deleted-');

    const revisions = await as(t.app, w.moderator).get(`/api/posts/${quoting.id}/revisions`);
    expect(revisions.statusCode).toBe(200);
    expect(revisions.body).toContain('deleted-member');
    expect(revisions.body).not.toMatch(oldName);

    // Search, feeds and the sitemap do not know the old name either.
    expect((await as(t.app, null).get('/api/search?q=Quispe')).body).not.toMatch(oldName);
    const found = await as(t.app, null).get(`/api/search?q=${encodeURIComponent('portafolios evidencias')}`);
    expect(found.body).toContain('portafolios');
    expect(found.body).not.toMatch(oldName);
    const feedAfter = await t.app.inject({ method: 'GET', url: `/t/${own.thread.id}.rss`, headers: { 'accept-language': 'es' } });
    expect(feedAfter.body).toContain('Miembro eliminado');
    for (const url of ['/latest.rss', `/t/${own.thread.id}.rss`, `/f/${w.forumId}.rss`, '/sitemap.xml']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toMatch(oldName);
    }

    // No way back in: password, the old session cookie, the API token.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: 'ximena_quispe', password: account.password } });
    expect(login.statusCode).toBe(401);
    expect((await as(t.app, account).get('/api/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);

    // The profile is gone under both names, and the old name cannot be registered again (for now).
    expect((await as(t.app, null).get('/api/users/ximena_quispe')).statusCode).toBe(404);
    const renamed = first.author.username as string;
    expect(renamed).toMatch(/^deleted-[0-9a-f]+$/);
    expect((await as(t.app, null).get(`/api/users/${renamed}`)).statusCode).toBe(404);
    for (const username of ['ximena_quispe', 'Ximena_Quispe', renamed, 'deleted-member']) {
      const again = await t.app.inject({ method: 'POST', url: '/api/auth/register', headers: { origin: ORIGIN }, payload: { username, email: 'otra@example.org', password: 'tejido-andino-2026', displayName: 'Otra' } });
      expect(again.statusCode, username).toBe(409);
    }

    // They left the community: it counts one member less.
    expect((await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community.memberCount).toBe(membersBefore - 1);

    expect((await as(t.app, w.outsider).get(`/api/workshops/${workshop.id}`)).json().workshop.registrationCount).toBe(0);
    // Their personal rows are gone; the reaction no longer counts.
    expect(await db.select().from(notifications).where(eq(notifications.userId, account.user.id))).toHaveLength(0);
    expect(await db.select().from(bookmarks).where(eq(bookmarks.userId, account.user.id))).toHaveLength(0);
    expect(await db.select().from(drafts).where(eq(drafts.userId, account.user.id))).toHaveLength(0);
    expect(await db.select().from(postReactions).where(eq(postReactions.userId, account.user.id))).toHaveLength(0);
    expect(await db.select().from(threadWatches).where(eq(threadWatches.userId, account.user.id))).toHaveLength(0);
    expect(quoted.reactions).toEqual([]);
    const row = (await db.select().from(users).where(eq(users.id, account.user.id)))[0]!;
    expect(row).toMatchObject({ email: '', passwordHash: '', displayName: '', bio: '', role: 'member', avatarSha256: null, institutionId: null });
    expect(row.deletedAt).toBeInstanceOf(Date);

    // The audit log keeps the actions (the role given, the erasure), not the person.
    const log = await as(t.app, w.admin).get(`/api/moderation/log?targetType=user&targetId=${account.user.id}`);
    expect(log.statusCode).toBe(200);
    expect(log.json().items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.erase', 'user.role']));
    expect(log.body).not.toMatch(oldName);
  });

  it('remove: their posts are deleted, the others\' replies stay, a thread of theirs alone disappears', async () => {
    const account = await joinedMember('rosa_huaman', 'Rosa Huamán');
    const { own, other, reply, quoting } = await traces(account);
    const alone = await startThread(t.app, account, w.forumId, { title: 'Solo mío: tutorías', body: 'Nadie respondió aún.' });
    const countBefore = (await as(t.app, w.outsider).get(`/api/threads/${other.thread.id}`)).json().thread.postCount as number;

    expect((await erase(account, { password: account.password, posts: 'remove' })).statusCode).toBe(204);

    const thread = (await as(t.app, w.outsider).get(`/api/threads/${own.thread.id}`)).json();
    const first = thread.posts.find((p: { id: number }) => p.id === own.post.id);
    expect(first).toMatchObject({ deleted: true, bodyHtml: '' });
    expect(first.author.deleted).toBe(true);
    const kept = thread.posts.find((p: { id: number }) => p.id === quoting.id);
    expect(kept.deleted).toBe(false);
    expect(kept.bodyHtml).toContain('@deleted-member');
    expect(JSON.stringify(thread)).not.toMatch(/rosa|huam/i);
    const source = (await as(t.app, w.moderator).get(`/api/posts/${quoting.id}/source`)).json().body as string;
    expect(source).toContain(`> [Miembro eliminado](/t/${own.thread.id}#post-${own.post.id}) escribió:`);
    expect(source).toContain('Gracias @deleted-member');
    expect(source).not.toMatch(/rosa|huam/i);

    const answered = (await as(t.app, w.outsider).get(`/api/threads/${other.thread.id}`)).json();
    expect(answered.posts.find((p: { id: number }) => p.id === reply.id)).toMatchObject({ deleted: true, bodyHtml: '' });
    expect(answered.thread.postCount).toBe(countBefore - 1);
    expect((await as(t.app, w.outsider).get(`/api/threads/${alone.thread.id}`)).statusCode).toBe(404);
    expect((await as(t.app, null).get('/api/search?q=tutorías')).body).not.toContain('Solo mío');
  });

  it('a legal hold (admins only, logged) keeps the posts even when the member asks to remove them, and they are told', async () => {
    const account = await joinedMember('teodoro_mayta', 'Teodoro Mayta');
    const { own } = await traces(account);
    expect((await as(t.app, account).get('/api/me/erasure')).json()).toEqual({ legalHold: false });
    expect((await as(t.app, w.moderator).put(`/api/users/${account.user.id}/legal-hold`, { legalHold: true })).statusCode).toBe(403);
    const held = await as(t.app, w.admin).put(`/api/users/${account.user.id}/legal-hold`, { legalHold: true });
    expect(held.statusCode).toBe(200);
    expect(held.json().user.legalHold).toBe(true);
    expect((await as(t.app, account).get('/api/me/erasure')).json()).toEqual({ legalHold: true });
    const log = (await as(t.app, w.admin).get(`/api/moderation/log?action=user.legal_hold`)).json();
    expect(log.items[0]).toMatchObject({ action: 'user.legal_hold', targetId: account.user.id });

    expect((await erase(account, { password: account.password, posts: 'remove' })).statusCode).toBe(204);
    const first = (await as(t.app, w.outsider).get(`/api/threads/${own.thread.id}`)).json().posts.find((p: { id: number }) => p.id === own.post.id);
    expect(first.deleted).toBe(false);
    expect(first.bodyHtml).toContain('guía de tutores');
    expect(first.author.deleted).toBe(true);
  });

  it('the last admin cannot erase themselves (409 LAST_ADMIN), and nothing changes', async () => {
    const refused = await erase(w.admin, { password: w.admin.password, posts: 'keep' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('LAST_ADMIN');
    expect((await as(t.app, w.admin).get('/api/me')).json().user.username).toBe(w.admin.username);
  });
});
