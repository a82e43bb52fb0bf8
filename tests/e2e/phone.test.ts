/**
 * On a phone (375×812): the workshop room never scrolls sideways, breadcrumbs take one line, a
 * forum row is its title then one line of meta, the live chat opens at the newest message and
 * stays there unless the reader scrolls up, and the workshops page opens on "Live now" when
 * something is live.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openWorkshop, scheduleWorkshop } from '../helpers/workshops.ts';
import { launchBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

type Account = Awaited<ReturnType<typeof registerUser>>;

/** A phone in Spanish, signed in as `account` (or anonymous). */
async function phone(account?: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', viewport: { width: 375, height: 812 }, hasTouch: true, deviceScaleFactor: 2 });
  // Not isMobile: a mobile layout viewport widens to fit what overflows (innerWidth would grow with it).
  contexts.push(context);
  if (account) {
    const [name, value] = account.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  return context.newPage();
}

const LONG_URL = `https://repositorio.example.org/recursos/formacion-dual/${'rubrica-de-evaluacion-por-competencias-'.repeat(4)}final.pdf`;
const sideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - Math.min(window.innerWidth, 375));

/** How far the chat log is from its end (0: showing the newest message). */
const fromEnd = (page: Page) =>
  page.getByRole('log').evaluate((log) => Math.max(0, Math.round(log.scrollHeight - log.scrollTop - log.clientHeight)));

async function say(workshopId: number, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const sent = await as(server.app, world.moderator).post(`/api/workshops/${workshopId}/messages`, { body: `Mensaje número ${i + 1} de la sesión, con una idea para compartir.` });
    expect(sent.statusCode).toBe(201);
  }
}

describe('on a phone', () => {
  it('the workshops page opens on "Upcoming" when nothing is live, on "Live now" when something is', async () => {
    await scheduleWorkshop(server.app, world.moderator, world.slug, { title: 'Taller que empieza pronto' });
    const page = await phone();
    await page.goto('/workshops');
    await page.getByRole('link', { name: 'Taller que empieza pronto' }).waitFor();
    const current = () => page.getByRole('navigation', { name: /.+/ }).locator('a[aria-current="page"]').last().textContent();
    expect(await current()).toMatch(/Próximos/i);

    await openWorkshop(server.app, world.moderator, world.slug, { title: 'Sesión en vivo ahora' });
    await page.goto('/workshops');
    await page.getByRole('link', { name: 'Sesión en vivo ahora' }).waitFor();
    expect(await current()).toMatch(/En vivo/i);
    await expect.poll(() => page.getByRole('link', { name: 'Taller que empieza pronto' }).count()).toBe(0);
    // The server's render opens on the same tab (no flash of "Upcoming" before the browser takes over).
    const html = await (await page.request.get('/workshops', { headers: { 'accept-language': 'es' } })).text();
    expect(html).toMatch(/<a [^>]*aria-current="page"[^>]*>En vivo</);
    expect(html).toContain('Sesión en vivo ahora');
  });

  it('the workshop room never scrolls sideways, even with a long address in the chat', async () => {
    const workshop = await openWorkshop(server.app, world.moderator, world.slug, { title: 'Sala con enlaces largos', videoUrl: LONG_URL });
    const sent = await as(server.app, world.moderator).post(`/api/workshops/${workshop.id}/messages`, { body: `Material: ${LONG_URL} y también ${'palabrasinespaciosmuylarga'.repeat(4)}` });
    expect(sent.statusCode).toBe(201);
    const page = await phone(world.member);
    await page.goto(`/w/${workshop.id}`);
    await page.getByRole('log').getByText('Material:').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    // Nor does anything inside it: the chat log wraps the address instead of scrolling it.
    const scrollers = await page.locator('main').evaluate((main) =>
      [...main.querySelectorAll<HTMLElement>('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX)).map((el) => el.className || el.tagName),
    );
    expect(scrollers).toEqual([]);
  });

  it('the live chat opens at the newest message, stays there as messages arrive, and offers a way back after scrolling up', async () => {
    const workshop = await openWorkshop(server.app, world.moderator, world.slug, { title: 'Sala con mucha conversación' });
    await say(workshop.id, 30);
    const page = await phone(world.member);
    await page.goto(`/w/${workshop.id}`);
    await page.getByRole('log').getByText('Mensaje número 30 ').waitFor();
    await expect.poll(() => fromEnd(page)).toBeLessThanOrEqual(2);

    await expect.poll(async () => (await server.app.io.in(`workshop:${workshop.id}`).fetchSockets()).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    await say(workshop.id, 3, 30);
    await page.getByRole('log').getByText('Mensaje número 33 ').waitFor();
    await expect.poll(() => fromEnd(page)).toBeLessThanOrEqual(2);
    const newMessages = page.getByRole('button', { name: /mensajes nuevos/i });
    expect(await newMessages.count()).toBe(0);

    // The reader scrolls up to read: new messages leave them where they are, and say so.
    await page.getByRole('log').evaluate((log) => log.scrollTo({ top: 0 }));
    await expect.poll(() => page.getByRole('log').evaluate((log) => log.scrollTop)).toBe(0);
    await say(workshop.id, 1, 33);
    await page.getByRole('log').getByText('Mensaje número 34 ').waitFor();
    await newMessages.waitFor();
    expect(await page.getByRole('log').evaluate((log) => log.scrollTop)).toBe(0);
    await newMessages.click();
    await expect.poll(() => fromEnd(page)).toBeLessThanOrEqual(2);
    await expect.poll(() => newMessages.count()).toBe(0);
  });

  it('breadcrumbs take one line and keep the current page', async () => {
    const title = 'Una pregunta con un título bastante largo sobre cómo evaluar competencias transversales en la empresa';
    const thread = await startThread(server.app, world.member, world.forumId, { title });
    const page = await phone();
    await page.goto(`/t/${thread.thread.id}`);
    const nav = page.getByRole('navigation', { name: 'Ruta de navegación' });
    await nav.waitFor();
    const lines = await nav.locator('ol').evaluate((ol) => {
      const item = ol.querySelector('li')!;
      const lineHeight = parseFloat(getComputedStyle(item).lineHeight) || parseFloat(getComputedStyle(item).fontSize) * 1.5;
      return ol.getBoundingClientRect().height / lineHeight;
    });
    expect(lines).toBeLessThan(1.5);
    const current = nav.locator('[aria-current="page"]');
    expect(await current.textContent()).toBe(title);
    const box = await current.boundingBox();
    expect(box!.width).toBeGreaterThan(60);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  it('a forum row is its title, then its meta on one line', async () => {
    await startThread(server.app, world.member, world.forumId, { title: 'Fila compacta en el teléfono' });
    const page = await phone();
    await page.goto(`/f/${world.forumId}`);
    const row = page.locator('article', { has: page.getByRole('link', { name: 'Fila compacta en el teléfono' }) });
    await row.waitFor();
    const shape = await row.evaluate((article) => {
      const title = article.querySelector('h3')!.parentElement!.getBoundingClientRect();
      const meta = article.querySelector('[data-testid="thread-meta"]');
      if (!meta) return null;
      const box = meta.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(meta).lineHeight);
      return { lines: box.height / lineHeight, below: box.top >= title.bottom - 1, text: meta.textContent ?? '' };
    });
    expect(shape).not.toBeNull();
    expect(shape!.below).toBe(true);
    expect(shape!.lines).toBeLessThan(1.5);
    expect(shape!.text).toMatch(/respuesta/i);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });
});
