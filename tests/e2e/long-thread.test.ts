/**
 * Long threads in the browser (issue 16, parts 1 and 3): a returning member opens a thread of
 * ~120 posts at their first unread post (a "since your last visit" divider, the earlier posts not
 * loaded), scrolls up and the older posts arrive without the post in view moving, reads to the end
 * and the server learns it; j/k move between posts, r goes to the reply box, ? lists the keys; the
 * timeline jumps to the start and the end; on a 390 px phone the cited knowledge comes before the
 * posts and nothing scrolls sideways; axe finds nothing serious.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, replyTo } from '../helpers/forums.ts';
import { buildLongThread, type LongThread } from '../helpers/long-thread.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let long: LongThread;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  long = await buildLongThread(server.app, 119);
  const senai = (server.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
  // The thread cites an institution: the linked-knowledge panel has something to show.
  long.postIds.push((await replyTo(server.app, long.world.moderator, long.threadId, `Nosotros seguimos la guía de [[institution:${senai}]].`)).id);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const lastRead = async () => (await as(server.app, long.world.member).get(`/api/threads/${long.threadId}`)).json().lastRead as number;
const post = (page: Page, number: number) => page.locator(`#post-${long.postIds[number - 1]}`);
const focusedNumber = (page: Page) => page.evaluate(() => Number((document.activeElement as HTMLElement | null)?.dataset.number ?? 0));
const top = (page: Page, number: number) => post(page, number).evaluate((element) => element.getBoundingClientRect().top);

describe('a long thread', () => {
  it('opens a returning member at the first unread post, loads both ways without jumps, and reports the reading', async () => {
    const { world } = long;
    await as(server.app, world.member).post(`/api/threads/${long.threadId}/read`, { postNumber: 80 });

    // The server renders the same window the browser asks for: at the first unread post.
    const html = (await server.app.inject({ method: 'GET', url: `/t/${long.threadId}`, headers: { cookie: world.member.cookie } })).body;
    expect(html).toContain('id="since-last-visit"');
    expect(html).toContain(`id="post-${long.postIds[80]}"`);
    expect(html).not.toContain(`id="post-${long.postIds[0]}"`);
    // A linked post number (?post=N) is rendered around that post, for anyone, scripts or not.
    const linked = (await server.app.inject({ method: 'GET', url: `/t/${long.threadId}?post=40` })).body;
    expect(linked).toContain(`id="post-${long.postIds[39]}"`);
    expect(linked).not.toContain(`id="post-${long.postIds[0]}"`);
    expect(linked).toContain(`href="/t/${long.threadId}?post=1"`);

    const { page, pageErrors } = await signedInVisitor(browser, server.url, world.member);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/t/${long.threadId}`);

    // Landed at the divider, the first unread post just below it; the start is not loaded.
    const divider = page.locator('#since-last-visit');
    await divider.getByText('Desde su última visita').waitFor();
    await expect.poll(() => divider.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
    const landed = await divider.evaluate((element) => element.getBoundingClientRect().top);
    expect(landed).toBeGreaterThanOrEqual(-1);
    expect(await post(page, 1).count()).toBe(0);
    const loaded = await page.locator('article.post').count();
    expect(loaded).toBeLessThan(60);
    // Opening the page records nothing by itself.
    expect(await lastRead()).toBe(80);

    // The timeline says where the reader is.
    const timeline = page.getByRole('navigation', { name: 'Línea de tiempo del tema' });
    await timeline.getByText(/^8\d de 120$/).waitFor();

    // Upwards: the first post shown stays where it is on screen while older posts arrive above it.
    const first = Number(await page.locator('article.post').first().getAttribute('data-number'));
    expect(first).toBeGreaterThan(1);
    // Measured in the same task as the scroll, before anything can load.
    const before = await post(page, first).evaluate((element) => {
      window.scrollTo(0, 0);
      return element.getBoundingClientRect().top;
    });
    await post(page, first - 1).waitFor({ state: 'attached' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(Math.abs((await top(page, first)) - before)).toBeLessThan(2);

    // Downwards to the end: later pages load, and the reader's place reaches the server.
    for (let i = 0; i < 30 && (await post(page, 120).count()) === 0; i++) {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(150);
    }
    await post(page, 120).scrollIntoViewIfNeeded();
    await expect.poll(lastRead, { timeout: 15_000, interval: 500 }).toBe(120);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('sends the reader’s place when the page goes, before the next batch was due', async () => {
    const reader = await registerUser(server.app, { displayName: 'Carmen Rojas' });
    await as(server.app, reader).post(`/api/communities/${long.world.slug}/join`);
    const place = async () => (await as(server.app, reader).get(`/api/threads/${long.threadId}`)).json().lastRead as number;
    const { page, context } = await signedInVisitor(browser, server.url, reader);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/t/${long.threadId}?post=30`);
    await expect.poll(() => focusedNumber(page)).toBe(30);
    // Long enough on screen to count (about a second), closed before the batch (every 4 s) is sent.
    await page.waitForTimeout(1_600);
    expect(await place()).toBe(0);
    await page.close({ runBeforeUnload: true });
    await expect.poll(place, { timeout: 5_000, interval: 200 }).toBeGreaterThanOrEqual(30);
    await context.close();
  }, 60_000);

  it('moves between posts with j and k, replies with r, lists the keys with ?, and jumps with the timeline', async () => {
    const { page, pageErrors } = await signedInVisitor(browser, server.url, long.world.member);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/t/${long.threadId}?post=40`);
    await expect.poll(() => focusedNumber(page)).toBe(40);

    await page.keyboard.press('j');
    await expect.poll(() => focusedNumber(page)).toBe(41);
    await page.keyboard.press('j');
    await expect.poll(() => focusedNumber(page)).toBe(42);
    await page.keyboard.press('k');
    await expect.poll(() => focusedNumber(page)).toBe(41);
    const inView = await top(page, 41);
    expect(inView).toBeGreaterThanOrEqual(-1);
    expect(inView).toBeLessThan(900);

    // r: the reply box, in one key; letters typed there stay letters.
    await page.keyboard.press('r');
    const box = page.locator('#composer-body');
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('jk');
    expect(await box.inputValue()).toBe('jk');
    await box.fill('');

    // ?: the list of shortcuts; Escape closes it and the focus comes back.
    await post(page, 41).focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await dialog.getByText('Mensaje siguiente').waitFor();
    await dialog.getByText('Responder (lleva al cuadro de respuesta)').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedNumber(page)).toBe(41);

    // The timeline: to the start, to the end.
    const timeline = page.getByRole('navigation', { name: 'Línea de tiempo del tema' });
    await timeline.getByRole('link', { name: /^Principio/ }).click();
    await expect.poll(() => focusedNumber(page)).toBe(1);
    await timeline.getByText(/^1 de 120$/).waitFor();
    await timeline.getByRole('link', { name: /^Final/ }).click();
    await expect.poll(() => focusedNumber(page)).toBe(120);
    const end = await top(page, 120);
    expect(end).toBeGreaterThanOrEqual(-1);
    expect(end).toBeLessThan(900);
    // Deep in the thread on a wide screen, the timeline and the cited knowledge are still in view, beside the posts.
    const panel = await page.getByRole('complementary', { name: 'Conocimiento enlazado' }).boundingBox();
    const side = await timeline.boundingBox();
    const posts = await post(page, 120).boundingBox();
    for (const box of [panel!, side!]) {
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeLessThan(900);
      expect(box.x).toBeGreaterThan(posts!.x + posts!.width - 1);
    }

    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('puts the cited knowledge before the posts on a 390 px phone, with nothing scrolling sideways', async () => {
    const { page, pageErrors } = await signedInVisitor(browser, server.url, long.world.member);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/t/${long.threadId}?post=60`);
    await expect.poll(() => focusedNumber(page)).toBe(60);
    const panel = page.getByRole('complementary', { name: 'Conocimiento enlazado' });
    const panelTop = await panel.evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
    const postsTop = await page.locator('article.post').first().evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
    expect(panelTop).toBeLessThan(postsTop);
    // The timeline is a bar kept in view while reading.
    const bar = page.getByRole('navigation', { name: 'Línea de tiempo del tema' });
    const box = await bar.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeLessThan(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
