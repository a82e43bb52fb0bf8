/**
 * Feeds in the browser (issue 17, part 1): the pages that have one offer it to feed readers
 * (`<link rel="alternate">`) and to people (a labelled link that the app's router leaves to the
 * browser), and what it points at is the feed; a private community offers none.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let priv: World;
let threadId: number;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  priv = await buildWorld(server.app, { visibility: 'private', admin: w.admin });
  threadId = (await startThread(server.app, w.member, w.forumId, { title: 'Rúbricas para evaluar prácticas en empresa' })).thread.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function offered(page: Page) {
  const head = page.locator('head link[rel="alternate"][type="application/rss+xml"]');
  const alternate = (await head.count()) ? await head.getAttribute('href') : null;
  const link = page.getByRole('link', { name: /Suscribirse a .+ por RSS/ });
  return { alternate, href: (await link.count()) ? await link.first().getAttribute('href') : null };
}

describe('feeds on the pages', () => {
  it('a visitor finds the feed of a community, a forum, a thread, a knowledge list and the workshops', async () => {
    const { page, pageErrors } = await newVisitor(browser, server.url);
    const cases: [string, string][] = [
      [`/c/${w.slug}`, `/c/${w.slug}.rss`],
      [`/f/${w.forumId}`, `/f/${w.forumId}.rss`],
      [`/t/${threadId}`, `/t/${threadId}.rss`],
      ['/knowledge/resources?country=BR', '/knowledge/resources.rss?country=BR'],
      ['/workshops', '/workshops.rss'],
    ];
    for (const [path, feed] of cases) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const { alternate, href } = await offered(page);
      expect(alternate, path).toBe(`http://localhost:3000${feed}`);
      expect(href, path).toBe(feed);
      const response = await page.request.get(feed);
      expect(response.status(), feed).toBe(200);
      expect(response.headers()['content-type']).toMatch(/rss\+xml/);
    }
    await page.goto(`/c/${w.slug}`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a member of a private community is offered no feed there', async () => {
    const { page } = await signedInVisitor(browser, server.url, priv.member);
    await page.goto(`/c/${priv.slug}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await offered(page)).toEqual({ alternate: null, href: null });
  });
});
