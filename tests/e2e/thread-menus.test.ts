import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLongThread, type LongThread } from '../helpers/long-thread.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { threadWeight } from './support/focusables.ts';
import { openPostMenu } from './support/post-menu.ts';

let server: TestServer;
let browser: Browser;
let long: LongThread;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  long = await buildLongThread(server.app, 50);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function memberOnThread() {
  const visitor = await newVisitor(browser, server.url);
  const [name, value] = long.world.member.cookie.split('=');
  await visitor.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  await visitor.page.goto(`/t/${long.threadId}`);
  await visitor.page.getByLabel('Su respuesta').waitFor();
  await visitor.page.waitForLoadState('networkidle');
  return visitor;
}

const button = (scope: Page | Locator, name: string | RegExp) => scope.getByRole('button', { name, exact: typeof name === 'string' });
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusIsIn = (page: Page, id: string) => page.evaluate((menu) => !!document.getElementById(menu)?.contains(document.activeElement), id);

describe('the long thread keeps per-post actions behind one menu', () => {
  it('gives a member fewer than 5 focusable elements per post, and no menu rendered until opened', async () => {
    const { page, pageErrors, context } = await memberOnThread();
    const weight = await threadWeight(page);
    expect(weight.posts).toBe(50);
    expect(weight.focusablesInPosts / weight.posts).toBeLessThan(5);
    // One "More actions" button per post, each named after the post's author; no menu or picker yet.
    const toggles = page.locator('article.post button[aria-expanded]:not(.who)');
    expect(await toggles.count()).toBe(50);
    expect(await page.locator('article.post [id$="-menu"]').count()).toBe(0);
    expect(await button(page, /^Más acciones sobre el mensaje de /).count()).toBe(50);
    // The reactions already given stay in view; the others wait in the picker.
    const reacted = page.locator(`#post-${long.postIds[1]}`);
    expect(await reacted.getByRole('button', { name: /^(Me gusta|Gracias|Esclarecedor|De acuerdo): \d+$/ }).count()).toBe(2);
    // Who gave them is one step away, in the menu.
    expect(await button(reacted, 'Ver quién reaccionó').count()).toBe(0);
    await openPostMenu(reacted);
    await button(reacted, 'Ver quién reaccionó').click();
    await reacted.locator(`#reactors-${long.postIds[1]}`).getByRole('link', { name: 'Lucía Ferreira' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('opens and closes by keyboard, focus moving into the menu and back', async () => {
    const { page, pageErrors, context } = await memberOnThread();
    const id = long.postIds[2]!;
    const post = page.locator(`#post-${id}`);
    const toggle = post.locator(`#post-${id}-more`);
    expect(await toggle.getAttribute('aria-controls')).toBe(`post-${id}-menu`);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await post.locator(`#post-${id}-menu`).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await focusIsIn(page, `post-${id}-menu`)).toBe(true);
    await button(post, 'Citar').waitFor();
    await button(post, 'Denunciar').waitFor();
    await page.keyboard.press('Escape');
    await post.locator(`#post-${id}-menu`).waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedId(page)).toBe(`post-${id}-more`);
    await page.keyboard.press(' ');
    await post.locator(`#post-${id}-menu`).waitFor();
    expect(await focusIsIn(page, `post-${id}-menu`)).toBe(true);
    // Tab walks the menu's items; Escape from any of them closes it.
    await page.keyboard.press('Tab');
    expect(await focusIsIn(page, `post-${id}-menu`)).toBe(true);
    await page.keyboard.press('Escape');
    await post.locator(`#post-${id}-menu`).waitFor({ state: 'detached' });
    expect(await focusedId(page)).toBe(`post-${id}-more`);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('quotes into the composer, reports through the dialog and adds a reaction through the picker', async () => {
    const { page, pageErrors, context } = await memberOnThread();
    const id = long.postIds[2]!;
    const post = page.locator(`#post-${id}`);
    const toggle = post.locator(`#post-${id}-more`);

    await toggle.click();
    await button(post, 'Citar').click();
    const composer = page.getByLabel('Su respuesta');
    await expect.poll(() => composer.inputValue()).toContain(`(/t/${long.threadId}#post-${id}) escribió:`);
    expect(await composer.inputValue()).toContain('> Respuesta 2:');
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await post.locator(`#post-${id}-menu`).count()).toBe(0);

    await toggle.click();
    await button(post, 'Denunciar').click();
    const dialog = page.getByRole('dialog', { name: 'Denunciar este contenido' });
    await dialog.getByRole('radio', { name: 'Spam o publicidad' }).check();
    await dialog.getByRole('button', { name: 'Enviar la denuncia' }).click();
    await dialog.getByText('Gracias: los moderadores revisarán su denuncia.').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedId(page)).toBe(`post-${id}-more`);

    // No reaction on this post yet: none in view until one is picked.
    expect(await post.getByRole('button', { name: /^Esclarecedor: / }).count()).toBe(0);
    await toggle.click();
    await button(post, 'Añadir una reacción').click();
    const picker = post.getByRole('list', { name: 'Elija una reacción' });
    await picker.waitFor();
    expect(await focusIsIn(page, `post-${id}-menu`)).toBe(true);
    const insightful = button(picker, 'Esclarecedor: 0');
    expect(await insightful.getAttribute('aria-pressed')).toBe('false');
    await insightful.click();
    const given = button(post, 'Esclarecedor: 1');
    await given.waitFor();
    expect(await given.getAttribute('aria-pressed')).toBe('true');
    expect(await picker.count()).toBe(0);
    expect(await focusedId(page)).toBe(`post-${id}-more`);
    // The server counted it, and one click on it takes it back.
    const counted = (await server.app.inject({ url: `/api/threads/${long.threadId}` })).json().posts.find((p: { id: number }) => p.id === id);
    expect(counted.reactions).toEqual([expect.objectContaining({ kind: 'insightful', count: 1 })]);
    await given.click();
    await given.waitFor({ state: 'detached' });

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('gives anonymous readers no menus and no empty footers', async () => {
    const { page, pageErrors, context } = await newVisitor(browser, server.url);
    await page.goto(`/t/${long.threadId}`);
    await page.locator('article.post').nth(49).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('article.post').count()).toBe(50);
    expect(await button(page, /Más acciones/).count()).toBe(0);
    expect(await page.locator('article.post [role="group"]').count()).toBe(0);
    // A footer only where there is something to show: the reactions given.
    const footers = page.locator('article.post footer');
    const withReactions = (await server.app.inject({ url: `/api/threads/${long.threadId}` })).json().posts.filter((p: { reactions: unknown[] }) => p.reactions.length > 0).length;
    expect(withReactions).toBeGreaterThan(0);
    expect(await footers.count()).toBe(withReactions);
    for (const text of await footers.allInnerTexts()) expect(text.trim()).not.toBe('');
    // Who reacted stays one click away for them, beside the counts.
    expect(await button(page, 'Ver quién reaccionó').count()).toBe(withReactions);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("a moderator's actions in the same menu", () => {
  it('hides and restores a reply, and deletes one after confirming', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    const [name, value] = long.world.moderator.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    // The moderator wrote posts up to near the end: the thread opens where they stopped reading (issue 16); this test is about the start.
    await page.goto(`/t/${long.threadId}?post=1`);
    await page.getByLabel('Su respuesta').waitFor();
    await page.waitForLoadState('networkidle');

    const hiddenId = long.postIds[3]!;
    const hidden = page.locator(`#post-${hiddenId}`);
    await openPostMenu(hidden);
    await button(hidden, 'Ocultar').click();
    await hidden.locator('.badge', { hasText: 'Oculto por la moderación' }).waitFor();
    expect(await focusedId(page)).toBe(`post-${hiddenId}-more`);
    await openPostMenu(hidden);
    await button(hidden, 'Mostrar de nuevo').click();
    await hidden.locator('.badge', { hasText: 'Oculto por la moderación' }).waitFor({ state: 'detached' });

    const deletedId = long.postIds[4]!;
    const deleted = page.locator(`#post-${deletedId}`);
    const confirmations: string[] = [];
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await openPostMenu(deleted);
    await button(deleted, 'Eliminar').click();
    await deleted.getByText('Este mensaje fue eliminado.').waitFor();
    expect(confirmations).toEqual(['¿Eliminar este mensaje? No se puede deshacer.']);
    expect(await button(deleted, /^Más acciones/).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
