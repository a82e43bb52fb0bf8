import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ask, socketFactory } from '../helpers/sockets.ts';
import { launchBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
let threadId: number;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const sockets = socketFactory(() => server.url);

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const { app } = server;
  world = await buildWorld(app, { admin: await registerUser(app, { displayName: 'Administración Minga' }) });
  await as(app, world.member).patch('/api/me', { displayName: 'Rosa Quispe' });
  const { thread } = await startThread(app, world.member, world.forumId, { title: '¿Cómo evalúan las prácticas en empresa?' });
  threadId = thread.id;
  for (let i = 1; i <= 12; i += 1) {
    await replyTo(app, i % 2 ? world.moderator : world.member, thread.id, `Respuesta ${i}: en nuestro centro el tutor evalúa cada rotación con una **rúbrica**.`);
  }
  // Unread notifications for the member: the bell shows a badge once they have loaded.
  await replyTo(app, world.moderator, thread.id, `@${world.member.username} ¿cómo lo resolvieron ustedes?`);
});

afterAll(async () => {
  sockets.closeAll();
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
  expect(pageErrors).toEqual([]);
});

const screens = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

async function visitor(screen: keyof typeof screens, account: World['member'] | null): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', ...screens[screen] });
  contexts.push(context);
  if (account) {
    const [name, value] = account.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  // Recorded from the very first paint, before any script of the page runs.
  await context.addInitScript(() => {
    const shifts: { value: number; sources: string[] }[] = [];
    (window as unknown as { layoutShifts: typeof shifts }).layoutShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] }[]) {
        if (entry.hadRecentInput) continue;
        const sources = (entry.sources ?? []).map(({ node }) =>
          node instanceof Element ? `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}.${[...node.classList].join('.')}` : String(node?.nodeName),
        );
        shifts.push({ value: entry.value, sources });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Every shift since the page began, once what was painted last has settled. */
async function shiftsSoFar(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 500)))));
  const shifts = await page.evaluate(() => (window as unknown as { layoutShifts: { value: number; sources: string[] }[] }).layoutShifts);
  return { total: shifts.reduce((sum, shift) => sum + shift.value, 0), shifts };
}

/** Loads the page, waits until everything it fetches has arrived and painted, and sums its shifts. */
async function layoutShiftOf(page: Page, path: string, ready: string) {
  await page.goto(path);
  await page.getByText(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  return shiftsSoFar(page);
}

describe.each(['desktop', 'phone'] as const)('layout shift on a %s', (screen) => {
  it('the public home does not move as its content arrives', async () => {
    const page = await visitor(screen, null);
    const { total, shifts } = await layoutShiftOf(page, '/', 'INEFOP');
    expect(total, JSON.stringify(shifts)).toBe(0);
    // The figures did arrive, in their places.
    expect(await page.locator('.lead').textContent()).toMatch(/formación profesional de \d+ países comparten/);
    expect(await page.locator('.stats li').allTextContents()).toEqual([
      expect.stringMatching(/^\s*\d+\s+países\s*$/),
      expect.stringMatching(/^\s*\d+\s+instituciones\s*$/),
      expect.stringMatching(/^\s*\d+\s+personas\s*$/),
    ]);
  });

  it('the member home does not move as its lists and panels arrive', async () => {
    const page = await visitor(screen, world.member);
    const { total, shifts } = await layoutShiftOf(page, '/', '¿Cómo evalúan las prácticas en empresa?');
    expect(total, JSON.stringify(shifts)).toBe(0);
    // The tabs and the panels are there.
    await page.getByRole('tablist').waitFor();
    await page.getByRole('heading', { name: 'Sus talleres' }).waitFor();
  });

  it('search results do not move as the results, their count and their filters arrive', async () => {
    const page = await visitor(screen, null);
    const { total, shifts } = await layoutShiftOf(page, '/search?q=evaluan', '¿Cómo evalúan las prácticas en empresa?');
    expect(total, JSON.stringify(shifts)).toBe(0);
  });

  it('a thread does not move as its posts, and who else is reading, arrive', async () => {
    // Someone else is reading already: "Reading now: …" appears once the page has joined.
    const other = await sockets.connect(world.moderator.cookie);
    expect((await ask(other, 'thread:join', { threadId })).ok).toBe(true);
    const page = await visitor(screen, world.member);
    await layoutShiftOf(page, `/t/${threadId}`, '¿cómo lo resolvieron ustedes?');
    await page.getByText(/Leyendo ahora/).waitFor();
    const { total, shifts } = await shiftsSoFar(page);
    expect(total, JSON.stringify(shifts)).toBe(0);
    sockets.closeAll();
  });
});
