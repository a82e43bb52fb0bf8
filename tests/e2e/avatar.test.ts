/**
 * Settings in the browser (issue 16, part 11): a member uploads a picture, frames it with the
 * cropper (keyboard), and sees it on their post, their profile and the header; the browser's
 * time zone is adopted, another one picked in settings moves a post's time; the owner's profile
 * has their bookmarks and drafts as tabs, another member's view of it has none.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser in Montevideo, signed in as this person. */
async function signedIn(account: { cookie: string }) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', timezoneId: 'America/Montevideo' });
  const [name, value] = account.cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/** A 600×400 picture: red on the left two thirds, blue on the right. */
async function picture(): Promise<Buffer> {
  const blue = await sharp({ create: { width: 200, height: 400, channels: 3, background: '#0000ff' } }).png().toBuffer();
  return sharp({ create: { width: 600, height: 400, channels: 3, background: '#ff0000' } })
    .composite([{ input: blue, left: 400, top: 0 }])
    .png()
    .toBuffer();
}

const timeTitle = (page: Page, postId: number) => page.locator(`#post-${postId} time`).first().getAttribute('title');
const formatted = (iso: string, timeZone: string) => new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
const me = async (account: World['member']) => (await as(server.app, account).get('/api/me')).json().user;

describe('avatar and time zone', () => {
  it('a member frames and saves a picture, sees it on their post, profile and header; picks a time zone and the post’s time follows', async () => {
    const { thread, post } = await startThread(server.app, w.member, w.forumId, { title: 'Aprendices en talleres de soldadura' });
    const { page, pageErrors, context } = await signedIn(w.member);

    // The browser's zone is taken once, for a member who has none yet.
    await page.goto('/settings');
    await page.getByRole('heading', { level: 1, name: 'Configuración' }).waitFor();
    await expect.poll(async () => (await me(w.member)).timeZone).toBe('America/Montevideo');

    // Choose, frame with the keyboard (zoom in, move right), save.
    await page.getByLabel('Elegir una foto').setInputFiles({ name: 'yo.png', mimeType: 'image/png', buffer: await picture() });
    const frame = page.getByRole('group', { name: 'Recorte de la foto: arrastre para moverla' });
    await frame.waitFor();
    await frame.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Guardar la foto' }).click();
    await page.getByRole('status').filter({ hasText: 'Foto guardada.' }).waitFor({ state: 'attached' });
    const avatar = (await me(w.member)).avatar as string;
    expect(avatar).toMatch(/^\/api\/avatars\/\d+\/[0-9a-f]{16}$/);
    // The header shows it at once.
    await page.locator(`header img[src^="${avatar}"]`).first().waitFor();

    // On the post (server-rendered, then hydrated): the picture, loaded.
    await page.goto(`/t/${thread.id}`);
    const onPost = page.locator(`#post-${post.id} img[src^="${avatar}"]`);
    await onPost.waitFor();
    await expect.poll(() => onPost.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const iso = (await page.locator(`#post-${post.id} time`).first().getAttribute('datetime'))!;
    expect(await timeTitle(page, post.id)).toBe(formatted(iso, 'America/Montevideo'));

    // On the profile.
    await page.goto(`/u/${w.member.username}`);
    await page.locator(`main img[src^="${avatar}"]`).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Another zone, picked in settings: the same post's time moves with it.
    await page.goto('/settings');
    await page.getByLabel('Huso horario', { exact: true }).selectOption('Asia/Tokyo');
    await page.getByRole('status').filter({ hasText: 'Huso horario guardado.' }).waitFor({ state: 'attached' });
    await page.goto(`/t/${thread.id}`);
    await page.locator(`#post-${post.id} time`).first().waitFor();
    expect(await timeTitle(page, post.id)).toBe(formatted(iso, 'Asia/Tokyo'));

    // Removing it brings the initials back.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Quitar la foto' }).click();
    await page.getByRole('status').filter({ hasText: 'Foto quitada' }).waitFor({ state: 'attached' });
    expect((await me(w.member)).avatar).toBeNull();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an admin uploads theirs too; the profile shows its owner their bookmarks and drafts, another member none', async () => {
    const { thread, post } = await startThread(server.app, w.moderator, w.forumId, { title: 'Evaluación por competencias en cocina' });
    await as(server.app, w.admin).post(`/api/posts/${post.id}/bookmark`, { note: 'leer con el equipo' });
    const draft = await server.app.inject({
      method: 'PUT',
      url: `/api/drafts/reply:${thread.id}`,
      headers: { origin: ORIGIN, cookie: w.admin.cookie },
      payload: { body: 'respuesta a medio escribir' },
    });
    expect(draft.statusCode).toBeLessThan(300);

    const { page, pageErrors, context } = await signedIn(w.admin);
    await page.goto('/settings');
    await page.getByLabel('Elegir una foto').setInputFiles({ name: 'admin.png', mimeType: 'image/png', buffer: await picture() });
    await page.getByRole('button', { name: 'Guardar la foto' }).click();
    await page.getByRole('status').filter({ hasText: 'Foto guardada.' }).waitFor({ state: 'attached' });
    const avatar = (await me(w.admin)).avatar as string;
    expect(avatar).toBeTruthy();

    await page.goto(`/u/${w.admin.username}`);
    const tabs = page.getByRole('navigation', { name: 'Secciones del perfil' });
    await tabs.getByRole('link', { name: 'Marcadores' }).click();
    await page.getByText('leer con el equipo').waitFor();
    expect(await tabs.getByRole('link', { name: 'Marcadores' }).getAttribute('aria-current')).toBe('page');
    expect(await seriousViolations(page)).toEqual([]);
    await tabs.getByRole('link', { name: 'Borradores' }).click();
    await page.getByText('respuesta a medio escribir').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();

    // Another member sees the admin's picture and profile, and no tabs at all.
    const other = await signedIn(w.outsider);
    await other.page.goto(`/u/${w.admin.username}?tab=bookmarks`);
    await other.page.locator(`main img[src^="${avatar}"]`).first().waitFor();
    expect(await other.page.getByRole('navigation', { name: 'Secciones del perfil' }).count()).toBe(0);
    expect(await other.page.getByText('leer con el equipo').count()).toBe(0);
    expect(await other.page.content()).not.toContain('respuesta a medio escribir');
    await other.context.close();
  });
});
