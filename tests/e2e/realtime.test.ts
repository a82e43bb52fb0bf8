import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { openPostMenu } from './support/post-menu.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

type Account = World['member'];

/** The first account of the server is its admin: every world after the first reuses it. */
let admin: Account | undefined;
async function newWorld(options: Parameters<typeof buildWorld>[1] = {}): Promise<World> {
  const world = await buildWorld(server.app, { ...options, ...(admin ? { admin } : {}) });
  admin ??= world.admin;
  return world;
}

/** A browser already signed in as this person; its page errors are collected. */
async function signedIn(account: Account) {
  const visitor = await newVisitor(browser, server.url);
  const [name, value] = account.cookie.split('=');
  await visitor.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  contexts.push(visitor.context);
  return visitor;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const button = (scope: Page | Locator, name: string | RegExp) => scope.getByRole('button', { name });
const bell = (page: Page, name: string) => page.getByRole('link', { name, exact: true });

/**
 * Waits until a browser follows the room: a list page shows nothing when it has joined, and
 * what happens before that is (rightly) not sent to it.
 */
async function following(room: string, browsers = 1): Promise<void> {
  await expect.poll(async () => (await server.app.io.in(room).fetchSockets()).length).toBeGreaterThanOrEqual(browsers);
}

/** Whether any part of the element is inside the window. */
const inView = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });

async function lastPostId(page: Page): Promise<number> {
  return Number((await page.locator('article.post').last().getAttribute('id'))!.replace('post-', ''));
}

describe('a thread two people read at once', () => {
  it('shows posts, typing, readers, moderation and a mention live, and the bell follows', async () => {
    const { app } = server;
    const world = await newWorld();
    await as(app, world.member).patch('/api/me', { displayName: 'Ana Souza' });
    await as(app, world.moderator).patch('/api/me', { displayName: 'José Pérez' });
    const title = 'Aprendizaje dual en la práctica';
    const { thread } = await startThread(app, world.moderator, world.forumId, { title, body: 'Compartamos experiencias.' });
    // A long thread, so that "further up" exists.
    for (let n = 1; n <= 30; n += 1) {
      await replyTo(app, world.moderator, thread.id, `Experiencia número ${n}: rotamos a los aprendices por tres áreas.`);
    }

    const ana = await signedIn(world.member);
    const jose = await signedIn(world.moderator);
    const member = ana.page;
    const moderator = jose.page;
    await member.goto(`/t/${thread.id}`);
    await heading(member, title).waitFor();
    await bell(member, 'Notificaciones').waitFor();
    await moderator.goto(`/t/${thread.id}`);
    await heading(moderator, title).waitFor();

    // ── Who is reading: both names, the others first ────────────────────────────────────────
    await member.getByText('Leyendo ahora: José Pérez y Ana Souza').waitFor();
    await moderator.getByText('Leyendo ahora: Ana Souza y José Pérez').waitFor();

    // ── A reply written on one page appears on the other, in view for a reader at the end ───
    await member.locator('.replies li').last().evaluate((element) => element.scrollIntoView({ block: 'center' }));
    const composer = moderator.getByLabel('Su respuesta');
    await composer.fill('En nuestro centro el tutor de empresa evalúa cada rotación.');
    await button(moderator, 'Publicar la respuesta').click();
    const first = member.locator('article.post', { hasText: 'el tutor de empresa evalúa cada rotación' });
    await first.waitFor();
    expect(await member.locator('article.post').count()).toBe(32);
    await expect.poll(() => inView(first)).toBe(true);
    expect(await button(member, /mensajes? nuevos?/).count()).toBe(0);
    // The author's own page has it once (HTTP answer and socket echo).
    await moderator.getByRole('status').filter({ hasText: 'Se publicó su respuesta.' }).waitFor();
    expect(await moderator.locator('article.post', { hasText: 'el tutor de empresa evalúa cada rotación' }).count()).toBe(1);
    expect(await moderator.locator('article.post').count()).toBe(32);

    // ── A reader further up is told, not moved ──────────────────────────────────────────────
    await member.evaluate(() => window.scrollTo(0, 0));
    await composer.fill('También usamos un cuaderno de campo que firma el aprendiz.');
    await button(moderator, 'Publicar la respuesta').click();
    const newPosts = button(member, '1 mensaje nuevo');
    await newPosts.waitFor();
    expect(await member.evaluate(() => window.scrollY)).toBe(0);
    const second = member.locator('article.post', { hasText: 'cuaderno de campo' });
    expect(await inView(second)).toBe(false);
    await newPosts.click();
    await expect.poll(() => inView(second)).toBe(true);
    const secondId = await lastPostId(member);
    expect(await member.evaluate(() => document.activeElement?.id)).toBe(`post-${secondId}`);
    await newPosts.waitFor({ state: 'detached' });

    // ── Typing, then a mention: the bell counts it without a reload ────────────────────────
    await composer.pressSequentially(`@${world.member.username} ¿cómo lo resolvieron ustedes?`, { delay: 40 });
    await member.getByText('José Pérez está escribiendo…').waitFor();
    await button(moderator, 'Publicar la respuesta').click();
    const mention = member.locator('article.post', { hasText: '¿cómo lo resolvieron ustedes?' });
    await mention.waitFor();
    const mentionId = Number((await mention.getAttribute('id'))!.replace('post-', ''));
    // The writer's post ends the "typing" line at once.
    await member.getByText('José Pérez está escribiendo…').waitFor({ state: 'detached', timeout: 2_000 });
    const bellWithOne = bell(member, 'Notificaciones (1 sin leer)');
    await bellWithOne.waitFor();
    expect(await bellWithOne.locator('.count').textContent()).toBe('1');
    // An unobtrusive announcement, in a live region.
    const toast = member.locator('[aria-live="polite"]', { hasText: 'Nueva notificación' });
    await toast.getByRole('link', { name: `José Pérez le mencionó en «${title}»` }).waitFor();

    // ── The moderator locks the thread: the member's composer closes, and opens again ───────
    const toolbar = moderator.getByRole('toolbar', { name: 'Moderación' });
    await button(toolbar, 'Cerrar el tema').click();
    await member.getByRole('note').filter({ hasText: 'Este tema está cerrado: ya no admite respuestas.' }).waitFor();
    expect(await member.getByLabel('Su respuesta').count()).toBe(0);
    expect(await button(member, 'Responder').count()).toBe(0);
    await member.locator('.intro').getByText('Cerrado').waitFor();
    await button(toolbar, 'Reabrir el tema').click();
    await member.getByLabel('Su respuesta').waitFor();
    await member.getByRole('status').filter({ hasText: 'El tema se reabrió: ya puede responder.' }).waitFor();

    // ── Edits, reactions and hiding apply in place; the reader's own reaction stays hers ────
    const secondOnMember = member.locator(`#post-${secondId}`);
    await as(app, world.moderator).patch(`/api/posts/${secondId}`, { body: 'También usamos un cuaderno de campo digital.' });
    await secondOnMember.getByText('cuaderno de campo digital').waitFor();
    await secondOnMember.getByText('editado').waitFor();
    await openPostMenu(secondOnMember);
    await button(secondOnMember, 'Añadir una reacción').click();
    await button(secondOnMember, 'Me gusta: 0').click();
    await button(secondOnMember, 'Me gusta: 1').waitFor();
    await as(app, world.moderator).post(`/api/posts/${secondId}/reactions`, { kind: 'like' });
    const liked = button(secondOnMember, 'Me gusta: 2');
    await liked.waitFor();
    expect(await liked.getAttribute('aria-pressed')).toBe('true');
    await as(app, world.moderator).post(`/api/posts/${secondId}/moderation`, { hidden: true });
    await secondOnMember.waitFor({ state: 'detached' });
    // Moderators keep seeing it, marked.
    await moderator.locator(`#post-${secondId}`).locator('.badge', { hasText: 'Oculto' }).waitFor();

    // ── The notifications page lists the mention; opening it leads to the post, read ───────
    await bellWithOne.click();
    await heading(member, 'Notificaciones').waitFor();
    const item = member.getByRole('link', { name: `José Pérez le mencionó en «${title}» (No leída)` });
    await item.waitFor();
    await item.click();
    await heading(member, title).waitFor();
    expect(new URL(member.url()).hash).toBe(`#post-${mentionId}`);
    await expect.poll(() => member.locator(`#post-${mentionId}`).getAttribute('class')).toContain('highlighted');
    await bell(member, 'Notificaciones').waitFor();
    expect(await member.locator('.bell .count').count()).toBe(0);

    // ── Hidden by the moderator: the reader is told, and can no longer write ───────────────
    await following(`thread:${thread.id}`, 2);
    await button(toolbar, 'Ocultar el tema').click();
    await member.getByRole('alert').filter({ hasText: 'La moderación retiró este tema: ya no está disponible.' }).waitFor();
    expect(await member.getByLabel('Su respuesta').count()).toBe(0);
    await moderator.locator('.intro').getByText('Oculto').waitFor();

    expect(ana.pageErrors).toEqual([]);
    expect(jose.pageErrors).toEqual([]);
  });
});

describe('forum and community lists', () => {
  it('bring new threads and activity to the top, and drop hidden threads, without a reload', async () => {
    const { app } = server;
    const world = await newWorld();
    const older = await startThread(app, world.moderator, world.forumId, { title: 'Tema antiguo sobre tutorías' });
    const newer = await startThread(app, world.moderator, world.forumId, { title: 'Tema reciente sobre evaluación' });

    const reader = await signedIn(world.member);
    const page = reader.page;
    await page.goto(`/f/${world.forumId}`);
    await heading(page, 'General').waitFor();
    const titles = () => page.locator('.threads h3').allTextContents();
    await expect.poll(titles).toEqual(['Tema reciente sobre evaluación', 'Tema antiguo sobre tutorías']);
    await following(`forum:${world.forumId}`);

    // A new thread lands on top, highlighted and announced.
    await startThread(app, world.moderator, world.forumId, { title: 'Tema nuevo sobre certificación' });
    await expect.poll(async () => (await titles())[0]).toBe('Tema nuevo sobre certificación');
    await page.getByRole('status').filter({ hasText: 'Nuevo tema: Tema nuevo sobre certificación' }).waitFor();
    expect(await page.locator('.threads li.fresh', { hasText: 'Tema nuevo sobre certificación' }).count()).toBe(1);

    // A reply moves the old thread up and counts it.
    await replyTo(app, world.member, older.thread.id, 'Nosotros asignamos un tutor por aprendiz.');
    await expect.poll(titles).toEqual(['Tema antiguo sobre tutorías', 'Tema nuevo sobre certificación', 'Tema reciente sobre evaluación']);
    await page.locator('.threads li', { hasText: 'Tema antiguo sobre tutorías' }).getByText('1 respuesta').waitFor();

    // A pinned thread stays first; a newer thread goes right after it.
    await as(app, world.moderator).post(`/api/threads/${newer.thread.id}/moderation`, { pinned: true });
    await expect.poll(titles).toEqual(['Tema reciente sobre evaluación', 'Tema antiguo sobre tutorías', 'Tema nuevo sobre certificación']);
    await startThread(app, world.moderator, world.forumId, { title: 'Otro tema más sobre pasantías' });
    await expect.poll(titles).toEqual([
      'Tema reciente sobre evaluación',
      'Otro tema más sobre pasantías',
      'Tema antiguo sobre tutorías',
      'Tema nuevo sobre certificación',
    ]);

    // Hidden by a moderator: gone from the member's list.
    await as(app, world.moderator).post(`/api/threads/${older.thread.id}/moderation`, { hidden: true });
    await expect.poll(titles).toEqual(['Tema reciente sobre evaluación', 'Otro tema más sobre pasantías', 'Tema nuevo sobre certificación']);

    // The community's "recent activity" follows too.
    await page.goto(`/c/${world.slug}`);
    const recent = page.getByRole('region', { name: 'Actividad reciente' });
    const recentTitles = () => recent.locator('a.title').allTextContents();
    await expect.poll(async () => (await recentTitles())[0]).toBe('Otro tema más sobre pasantías');
    const communityId = (await as(app, world.member).get(`/api/communities/${world.slug}`)).json().community.id as number;
    await following(`community:${communityId}`);
    await replyTo(app, world.moderator, newer.thread.id, 'Sumamos la autoevaluación del aprendiz.');
    await expect.poll(async () => (await recentTitles())[0]).toBe('Tema reciente sobre evaluación');
    await recent.locator('li', { hasText: 'Tema reciente sobre evaluación' }).getByText(/\d+ mensajes/).waitFor();
    await as(app, world.moderator).post(`/api/threads/${newer.thread.id}/moderation`, { hidden: true });
    await expect.poll(recentTitles).not.toContain('Tema reciente sobre evaluación');

    expect(reader.pageErrors).toEqual([]);
  });
});

describe('the notifications page', () => {
  it('sends visitors to log in first', async () => {
    const visitor = await newVisitor(browser, server.url);
    contexts.push(visitor.context);
    await visitor.page.goto('/notifications');
    await heading(visitor.page, 'Iniciar sesión').waitFor();
    expect(new URL(visitor.page.url()).search).toBe(`?next=${encodeURIComponent('/notifications')}`);
  });

  it('says what happened for every kind, filters unread ones and marks all as read', async () => {
    const { app } = server;
    const world = await newWorld();
    await as(app, world.moderator).patch('/api/me', { displayName: 'José Pérez' });
    const rosa = await registerUser(app, { displayName: 'Rosa Quispe' });
    await as(app, rosa).post(`/api/communities/${world.slug}/join`);

    // A reply to her post, her accepted answer, a mention and a reply in a thread she watches.
    const question = await startThread(app, world.moderator, world.forumId, { title: '¿Qué duración tienen sus pasantías?', kind: 'question' });
    const answer = await replyTo(app, rosa, question.thread.id, 'Seis meses, en dos empresas.');
    await replyTo(app, world.moderator, question.thread.id, 'Gracias, ¿y quién evalúa?', answer.id);
    await as(app, world.moderator).post(`/api/threads/${question.thread.id}/accept`, { postId: answer.id });
    const watched = await startThread(app, world.moderator, world.forumId, { title: 'Calendario de seminarios' });
    await as(app, rosa).post(`/api/threads/${watched.thread.id}/watch`, { level: 'watching' });
    await replyTo(app, world.moderator, watched.thread.id, 'El próximo seminario es en marzo.');
    await replyTo(app, world.moderator, watched.thread.id, `@${rosa.username} ¿podría presentar su experiencia?`);
    // A request to join a community with approval, approved by its moderator.
    const closed = await newWorld({ joinPolicy: 'approval' });
    expect((await as(app, rosa).post(`/api/communities/${closed.slug}/join`)).json()).toEqual({ status: 'pending' });
    await as(app, closed.moderator).post(`/api/communities/${closed.slug}/members/${rosa.user.id}`, { status: 'active' });

    const visitor = await signedIn(rosa);
    const page = visitor.page;
    await page.goto('/notifications');
    await heading(page, 'Notificaciones').waitFor();
    await bell(page, 'Notificaciones (5 sin leer)').waitFor();
    const items = page.locator('main li a');
    await expect.poll(() => items.allTextContents()).toEqual([
      expect.stringMatching(/^Se aprobó su solicitud para unirse a «Formación dual \d+»/),
      'José Pérez le mencionó en «Calendario de seminarios» (No leída)',
      'José Pérez respondió en «Calendario de seminarios», que usted sigue (No leída)',
      'José Pérez aceptó su respuesta en «¿Qué duración tienen sus pasantías?» (No leída)',
      'José Pérez respondió a su mensaje en «¿Qué duración tienen sus pasantías?» (No leída)',
    ]);

    // Read elsewhere (another tab): the count follows; "unread only" leaves it out.
    const { items: listed } = (await as(app, rosa).get('/api/notifications')).json() as { items: { id: number }[] };
    await as(app, rosa).post(`/api/notifications/${listed.at(-1)!.id}/read`);
    await bell(page, 'Notificaciones (4 sin leer)').waitFor();
    await page.getByLabel('Solo no leídas').check();
    await expect.poll(() => items.count()).toBe(4);
    expect((await items.allTextContents()).some((text) => text.includes('respondió a su mensaje'))).toBe(false);

    // The same sentences in another language.
    await page.getByTestId('language-switcher').selectOption('en');
    await page.getByRole('link', { name: 'José Pérez mentioned you in “Calendario de seminarios” (Unread)' }).waitFor();
    await page.getByTestId('language-switcher').selectOption('es');

    await button(page, 'Marcar todas como leídas').click();
    await page.getByRole('status').filter({ hasText: 'Todas las notificaciones quedaron leídas.' }).waitFor();
    await bell(page, 'Notificaciones').waitFor();
    expect(await page.locator('main li a', { hasText: '(No leída)' }).count()).toBe(0);
    expect(await button(page, 'Marcar todas como leídas').isDisabled()).toBe(true);
    await page.getByLabel('Solo no leídas').uncheck();
    await expect.poll(() => items.count()).toBe(5);

    expect(visitor.pageErrors).toEqual([]);
  });
});

describe('the connection', () => {
  it('says when it is lost, joins again and brings what was missed', async () => {
    const { app } = server;
    const world = await newWorld();
    const title = 'Movilidad de aprendices entre países';
    const { thread } = await startThread(app, world.moderator, world.forumId, { title, body: 'Primer mensaje.' });
    const visitor = await signedIn(world.member);
    const page = visitor.page;
    await page.goto(`/t/${thread.id}`);
    await heading(page, title).waitFor();
    await following(`thread:${thread.id}`);

    // The network goes away and the server drops the connection.
    await visitor.context.setOffline(true);
    server.app.io.in(`user:${world.member.user.id}`).disconnectSockets(true);
    await page.getByRole('status').filter({ hasText: 'Reconectando…' }).waitFor();
    await replyTo(app, world.moderator, thread.id, 'Escrito mientras usted no tenía conexión.');
    await visitor.context.setOffline(false);

    // Back: the post written meanwhile arrives once, and the notice goes away.
    const missed = page.locator('article.post', { hasText: 'Escrito mientras usted no tenía conexión.' });
    await missed.waitFor({ timeout: 15_000 });
    await page.getByText('Reconectando…').waitFor({ state: 'detached' });
    await replyTo(app, world.moderator, thread.id, 'Y esto, ya conectados de nuevo.');
    await page.locator('article.post', { hasText: 'ya conectados de nuevo' }).waitFor();
    expect(await missed.count()).toBe(1);
    expect(await page.locator('article.post').count()).toBe(3);
  });

  it('starts again with the new session after logging in and out', async () => {
    const { app } = server;
    const world = await newWorld();
    await as(app, world.member).patch('/api/me', { displayName: 'Ana Souza' });
    const title = 'Normas de seguridad en talleres';
    const { thread } = await startThread(app, world.moderator, world.forumId, { title, body: 'Compartamos las normas.' });
    const visitor = await newVisitor(browser, server.url);
    contexts.push(visitor.context);
    const page = visitor.page;

    await page.goto(`/login?next=${encodeURIComponent(`/t/${thread.id}`)}`);
    await page.getByLabel('Usuario o correo electrónico').fill(world.member.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(world.member.password);
    await button(page, 'Entrar').click();
    await heading(page, title).waitFor();
    // The socket knows who this is now: her own notifications reach her.
    await expect.poll(async () => (await server.app.io.in(`user:${world.member.user.id}`).fetchSockets()).length).toBe(1);
    await replyTo(app, world.moderator, thread.id, `@${world.member.username} ¿qué normas aplican ustedes?`);
    await bell(page, 'Notificaciones (1 sin leer)').waitFor();

    await page.getByRole('button', { name: 'Ana Souza' }).click();
    await button(page, 'Cerrar sesión').click();
    await page.getByRole('link', { name: 'Iniciar sesión' }).first().waitFor();
    await expect.poll(async () => (await server.app.io.in(`user:${world.member.user.id}`).fetchSockets()).length).toBe(0);
    // Back on the thread she is an anonymous visitor to the others.
    await as(app, world.moderator).patch('/api/me', { displayName: 'José Pérez' });
    const moderator = await signedIn(world.moderator);
    await moderator.page.goto(`/t/${thread.id}`);
    await page.goto(`/t/${thread.id}`);
    await moderator.page.getByText('Leyendo ahora: José Pérez y 1 visitante').waitFor();
    expect(await page.locator('.bell').count()).toBe(0);
  });
});
