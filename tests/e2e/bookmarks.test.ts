/**
 * Bookmarks in the browser (issue 16, part 5): a member bookmarks a post from its "More actions"
 * menu with a reminder, sees the marker on the post, finds it on the Bookmarks page (linked
 * from the user menu), changes its reminder there and removes it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { openPostMenu } from './support/post-menu.ts';

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

const listed = async () => (await as(server.app, w.member).get('/api/bookmarks')).json().items as { postId: number; remindAt: string | null }[];

describe('bookmarks', () => {
  it('bookmarks a post from its menu with a reminder, lists it, edits the reminder and removes it', async () => {
    const { thread } = await startThread(server.app, w.moderator, w.forumId, { title: 'Rúbricas de evaluación dual' });
    const reply = await replyTo(server.app, w.moderator, thread.id, 'Nosotros evaluamos con una **rúbrica** de cuatro niveles.');
    const { page, pageErrors, context } = await signedInVisitor(browser, server.url, w.member);

    await page.goto(`/t/${thread.id}`);
    const post = page.locator(`#post-${reply.id}`);
    await openPostMenu(post);
    await post.getByRole('button', { name: 'Guardar en marcadores', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Guardar en marcadores' });
    await dialog.getByLabel('Mañana a las 9:00').check();
    await dialog.getByRole('button', { name: 'Guardar', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // The post shows the marker; the server has the bookmark with tomorrow's reminder.
    await post.locator('.bookmark-mark').getByText(/^En sus marcadores; recordatorio el /).waitFor({ state: 'attached' });
    await expect.poll(listed).toHaveLength(1);
    const [saved] = await listed();
    expect(saved!.postId).toBe(reply.id);
    const tomorrow = new Date(saved!.remindAt!);
    expect(tomorrow.getTime()).toBeGreaterThan(Date.now());
    expect(tomorrow.getTime() - Date.now()).toBeLessThan(48 * 3_600_000);

    // The menu now offers to edit it.
    await openPostMenu(post);
    await post.getByRole('button', { name: 'Editar marcador', exact: true }).waitFor();
    await page.keyboard.press('Escape');

    // The server renders the Bookmarks page with the list in it (issue 15's pages).
    const html = (await server.app.inject({ method: 'GET', url: '/bookmarks', headers: { cookie: w.member.cookie, 'accept-language': 'es' } })).body;
    expect(html).toContain('Rúbricas de evaluación dual');
    expect(html).toContain('Nosotros evaluamos con una rúbrica de cuatro niveles.');

    // The Bookmarks page, from the user menu.
    await page.locator('button[aria-controls="user-menu-items"]').click();
    await page.getByRole('link', { name: 'Marcadores' }).click();
    await page.waitForURL('**/bookmarks');
    await page.getByRole('heading', { level: 1, name: 'Marcadores' }).waitFor();
    const item = page.locator('li.bookmark');
    await item.getByRole('link', { name: 'Rúbricas de evaluación dual' }).waitFor();
    expect(await item.getByRole('link', { name: 'Rúbricas de evaluación dual' }).getAttribute('href')).toBe(`/t/${thread.id}#post-${reply.id}`);
    await item.getByText('Nosotros evaluamos con una rúbrica de cuatro niveles.').waitFor();
    await item.getByText(/^⏰ Recordatorio: /).waitFor();

    // The reminder is edited there: none.
    await item.getByRole('button', { name: 'Editar el recordatorio: Rúbricas de evaluación dual' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar marcador' });
    await edit.getByLabel('Sin recordatorio').check();
    await edit.getByRole('button', { name: 'Guardar', exact: true }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => (await listed())[0]?.remindAt).toBeNull();
    expect(await item.getByText(/^⏰ Recordatorio: /).count()).toBe(0);

    // Removed: gone from the page and from the server.
    await item.getByRole('button', { name: 'Quitar de marcadores: Rúbricas de evaluación dual' }).click();
    await item.waitFor({ state: 'detached' });
    await page.getByText('Aún no guardó ningún mensaje.', { exact: false }).waitFor();
    expect(await listed()).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
