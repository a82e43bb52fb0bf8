import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { allText, unzip } from '../helpers/zip.ts';
import { myDataRepositories } from '../../server/modules/my-data/index.ts';

/**
 * "My data" (issue 19, 5a) through the API: a member asks for an export, it is prepared in the
 * background, and the ZIP (opened with a real reader) holds what they wrote and the data about
 * them, and nothing of what others wrote; nobody else can see it; it expires after 24 hours.
 */
let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  vi.useRealTimers();
  await t.app.close();
});

type Account = World['member'];

async function exportOf(account: Account) {
  const asked = await as(t.app, account).post('/api/me/export');
  expect(asked.statusCode).toBe(202);
  const { id } = asked.json() as { id: number };
  await t.app.dataExports.idle();
  const status = await as(t.app, account).get(`/api/me/export/${id}`);
  expect(status.statusCode).toBe(200);
  return { id, status: status.json() as { status: string; progress: number; url?: string; expiresAt?: string } };
}

async function download(account: Account | null, url: string) {
  return as(t.app, account).get(url);
}

async function filesOf(account: Account) {
  const { status } = await exportOf(account);
  expect(status).toMatchObject({ status: 'ready', progress: 1 });
  const zip = await download(account, status.url!);
  expect(zip.statusCode).toBe(200);
  return unzip(zip.rawPayload);
}

describe('what the ZIP holds', () => {
  it('the member’s posts as Markdown and HTML, their bookmarks, drafts, notifications and sessions — never secrets, never another member’s post', async () => {
    const { thread, post: opening } = await startThread(t.app, w.moderator, w.forumId, { title: 'Rúbricas para competencias transversales', body: 'Texto del moderador: PALABRA-AJENA' });
    const mine = await replyTo(t.app, w.member, thread.id, 'Usamos **rúbricas analíticas** con @' + w.moderator.username);
    await replyTo(t.app, w.moderator, thread.id, `Respuesta ajena OTRA-PALABRA-AJENA a @${w.member.username}`);
    await as(t.app, w.member).post(`/api/posts/${opening.id}/bookmark`, { note: 'Volver a leer' });
    await t.app.inject({ method: 'PUT', url: `/api/drafts/reply:${thread.id}`, headers: { origin: ORIGIN, cookie: w.member.cookie }, payload: { body: 'Mi borrador a medias' } });
    const token = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN, cookie: w.member.cookie }, payload: { name: 'mi script' } });
    expect(token.statusCode).toBe(201);

    const files = await filesOf(w.member);
    const names = [...files.keys()];
    const markdown = names.find((name) => name.startsWith('posts/') && name.endsWith(`-${mine.id}.md`));
    expect(markdown).toBeDefined();
    const md = files.get(markdown!)!.toString();
    expect(md).toContain('Usamos **rúbricas analíticas**');
    expect(md).toContain('thread: "Rúbricas para competencias transversales"');
    expect(md).toContain(`/t/${thread.id}#post-${mine.id}`);
    expect(files.get(markdown!.replace(/\.md$/, '.html'))!.toString()).toContain('<strong>rúbricas analíticas</strong>');
    const posts = JSON.parse(files.get('posts.json')!.toString());
    expect(posts).toEqual([expect.objectContaining({ id: mine.id, raw: expect.stringContaining('rúbricas analíticas'), cooked: expect.stringContaining('<strong>') })]);

    expect(JSON.parse(files.get('bookmarks.json')!.toString())).toEqual([expect.objectContaining({ postId: opening.id, note: 'Volver a leer', threadTitle: 'Rúbricas para competencias transversales' })]);
    expect(JSON.parse(files.get('drafts.json')!.toString())).toEqual([expect.objectContaining({ place: `reply:${thread.id}`, body: 'Mi borrador a medias' })]);
    expect(JSON.parse(files.get('notifications.json')!.toString())).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'mention' })]));
    const sessions = JSON.parse(files.get('sessions.json')!.toString());
    expect(sessions.length).toBeGreaterThan(0);
    expect(JSON.parse(files.get('profile.json')!.toString())).toMatchObject({ username: w.member.username, email: w.member.email.toLowerCase() });
    expect(JSON.parse(files.get('api-tokens.json')!.toString())).toEqual([expect.objectContaining({ name: 'mi script' })]);
    expect(files.get('README.md')!.toString()).toContain('posts.json');
    for (const name of ['threads.json', 'reactions.json', 'consents.json', 'memberships.json', 'knowledge.json', 'workshops.json', 'workshop-messages.json']) expect(names).toContain(name);

    const text = allText(files);
    expect(text).not.toContain('PALABRA-AJENA');
    expect(text).not.toContain('OTRA-PALABRA-AJENA');
    const sessionSecret = w.member.cookie.split('=')[1]!.split(';')[0]!;
    expect(text).not.toContain(sessionSecret);
    expect(text).not.toContain(token.json().token);
    expect(text).not.toContain(w.member.password);
  });

  it('keeps the member’s own post in a private community they left, but not its other posts nor titles they can no longer read', async () => {
    const secret = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    const { thread } = await startThread(t.app, secret.moderator, secret.forumId, { title: 'Convenio reservado de formación', body: 'CONTENIDO-PRIVADO del moderador' });
    await as(t.app, w.admin).post(`/api/communities/${secret.slug}/members/${w.member.user.id}`, { status: 'active' });
    const mine = await replyTo(t.app, w.member, thread.id, 'Mi aporte en el espacio privado');
    const theirs = await replyTo(t.app, secret.moderator, thread.id, 'Otra respuesta PRIVADA-AJENA');
    await as(t.app, w.member).post(`/api/posts/${theirs.id}/bookmark`, {});
    const other = await startThread(t.app, secret.moderator, secret.forumId, { title: 'Hilo-privado-que-nunca-vio', body: 'nada' });
    expect(other.thread.id).toBeGreaterThan(0);
    // A mention in another private thread: the member was told while they could read it.
    await startThread(t.app, secret.moderator, secret.forumId, { title: 'Hilo-privado-con-mencion', body: `Pregunta para @${w.member.username}` });
    // The member leaves (banned): the community is not readable to them any more.
    expect((await as(t.app, w.admin).post(`/api/communities/${secret.slug}/members/${w.member.user.id}`, { status: 'banned' })).statusCode).toBe(200);

    const files = await filesOf(w.member);
    const text = allText(files);
    expect(text).toContain('Mi aporte en el espacio privado');
    expect(JSON.parse(files.get('posts.json')!.toString())).toEqual([expect.objectContaining({ id: mine.id, threadTitle: 'Convenio reservado de formación' })]);
    expect(text).not.toContain('CONTENIDO-PRIVADO');
    expect(text).not.toContain('PRIVADA-AJENA');
    expect(text).not.toContain('Hilo-privado-que-nunca-vio');
    expect(text).not.toContain('Hilo-privado-con-mencion');
    expect(JSON.parse(files.get('notifications.json')!.toString())).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'mention', threadTitle: null, link: null })]));
    // Their bookmark stays (it is theirs), without the title of a thread they may not read now.
    expect(JSON.parse(files.get('bookmarks.json')!.toString())).toEqual([expect.objectContaining({ postId: theirs.id, threadTitle: null })]);
  });
});

describe('who may see an export', () => {
  it('another member gets 404 for its status and its download, even with the link; a wrong token is 404', async () => {
    const { id, status } = await exportOf(w.member);
    expect((await as(t.app, w.outsider).get(`/api/me/export/${id}`)).statusCode).toBe(404);
    const stolen = await download(w.outsider, status.url!);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error.code).toBe('EXPORT_NOT_FOUND');
    expect((await download(w.member, `/api/me/export/${id}/download?token=wrong`)).statusCode).toBe(404);
    expect((await as(t.app, w.outsider).get('/api/me/exports')).json().items).toEqual([]);
    // The link itself opens it in a tab or a download manager without the session.
    const anonymous = await download(null, status.url!);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['content-type']).toBe('application/zip');
    expect(anonymous.headers['content-disposition']).toMatch(/^attachment; filename="minga-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(anonymous.headers['cache-control']).toBe('private, no-store');
  });

  it('is asked for from a signed-in browser, not with an API token', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN, cookie: w.member.cookie }, payload: { name: 'script', scope: 'read+write' } });
    const withToken = await t.app.inject({ method: 'POST', url: '/api/me/export', headers: { authorization: `Bearer ${created.json().token}` } });
    expect(withToken.statusCode).toBe(403);
    expect(withToken.json().error.code).toBe('SESSION_REQUIRED');
    expect((await as(t.app, null).post('/api/me/export')).statusCode).toBe(401);
  });

  it('an API token cannot read the link of an export asked for from the browser (the ZIP holds sessions and addresses)', async () => {
    const { id } = await exportOf(w.member);
    const created = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN, cookie: w.member.cookie }, payload: { name: 'lector', scope: 'read' } });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    for (const url of [`/api/me/export/${id}`, '/api/me/exports']) {
      const answer = await t.app.inject({ method: 'GET', url, headers: bearer });
      expect(answer.body, url).not.toContain('/download?token=');
      expect(answer.statusCode, url).toBe(403);
      expect(answer.json().error.code).toBe('SESSION_REQUIRED');
    }
  });

  it('stays open to a suspended member: taking one’s data is a right, not a contribution', async () => {
    const until = new Date(Date.now() + 7 * 24 * 3_600_000).toISOString();
    expect((await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until, reason: 'Mensajes repetidos' })).statusCode).toBe(200);
    expect((await as(t.app, w.member).post(`/api/threads/1/posts`, { body: 'x' })).statusCode).toBe(403);
    const { status } = await exportOf(w.member);
    expect(status.status).toBe('ready');
  });
});

describe('limits and time', () => {
  it('one at a time, three a day: the rest answer 429 with a message to act on', async () => {
    const first = await as(t.app, w.member).post('/api/me/export');
    expect(first.statusCode).toBe(202);
    const busy = await as(t.app, w.member).post('/api/me/export');
    expect(busy.statusCode).toBe(429);
    expect(busy.json().error.code).toBe('EXPORT_IN_PROGRESS');
    await t.app.dataExports.idle();
    await exportOf(w.member);
    await exportOf(w.member);
    const fourth = await as(t.app, w.member).post('/api/me/export');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error).toMatchObject({ code: 'EXPORT_DAILY_LIMIT', message: expect.stringContaining('3') });
    expect((await as(t.app, w.member).get('/api/me/exports')).json().items).toHaveLength(3);
  });

  it('the link works for 24 hours; then it answers 410 and the sweep deletes the file', async () => {
    const { id, status } = await exportOf(w.member);
    const row = (await myDataRepositories(t.database).exports.find(id))!;
    const path = t.app.dataExports.pathOf(row.fileName!);
    expect(existsSync(path)).toBe(true);
    expect(Date.parse(status.expiresAt!) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 24 * 3_600_000 + 1_000);
    const late = await download(w.member, status.url!);
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('EXPORT_EXPIRED');
    expect((await as(t.app, w.member).get(`/api/me/export/${id}`)).json()).toEqual(expect.objectContaining({ status: 'expired' }));
    expect(await t.app.dataExports.sweep()).toBe(1);
    expect(existsSync(path)).toBe(false);
    expect((await download(w.member, status.url!)).statusCode).toBe(410);
  });

  it('progress goes from 0 to 1, told to the member as it moves, and the ready mail carries the link', async () => {
    for (let i = 0; i < 3; i += 1) await startThread(t.app, w.member, w.forumId, { title: `Hilo número ${i + 1} del miembro`, body: `Texto ${i}` });
    const seen: { status: string; progress: number }[] = [];
    t.app.bus.subscribe('data.export.changed', (event) => void seen.push({ status: event.status, progress: event.progress }));
    const { id, status } = await exportOf(w.member);
    expect(seen[0]).toEqual({ status: 'queued', progress: 0 });
    expect(seen.at(-1)).toEqual({ status: 'ready', progress: 1 });
    const progress = seen.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.some((value) => value > 0 && value < 1)).toBe(true);
    const mail = (await t.app.mail.repo.findByEventKey(`data-export:${id}`))!;
    expect(mail).toMatchObject({ recipient: w.member.email.toLowerCase(), kind: 'my_data_export' });
    expect(mail.text).toContain(`/api/me/export/${id}/download?token=`);
    expect(status.url).toContain(`/api/me/export/${id}/download?token=`);
  });
});

describe('the export’s life', () => {
  it('an export left running by a stopped process is prepared again at start-up', async () => {
    const repo = myDataRepositories(t.database).exports;
    const row = await repo.insert(w.member.user.id, 'a'.repeat(43), new Date());
    await repo.claim(row.id, 'stale.zip');
    await t.app.dataExports.stop();
    await t.app.dataExports.start();
    await t.app.dataExports.idle();
    expect((await as(t.app, w.member).get(`/api/me/export/${row.id}`)).json()).toMatchObject({ status: 'ready', progress: 1 });
  });

  it('erasing the member deletes their exports and files', async () => {
    const { id } = await exportOf(w.member);
    const path = t.app.dataExports.pathOf((await myDataRepositories(t.database).exports.find(id))!.fileName!);
    await t.app.bus.publish('user.erased', { userId: w.member.user.id, email: w.member.email });
    await vi.waitFor(() => expect(existsSync(path)).toBe(false));
    expect(await myDataRepositories(t.database).exports.find(id)).toBeUndefined();
  });
});

