/**
 * The network activity dashboard in Chromium: server-rendered charts with their table
 * alternatives, the admin's view counting a private community and a member's not, filters in
 * the address, no sideways scrolling on a phone; axe finds nothing serious.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let open: World;
let closed: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  open = await buildWorld(server.app);
  closed = await buildWorld(server.app, { visibility: 'private', admin: open.admin });
  await as(server.app, open.member).patch('/api/me', { countryCode: 'UY' });
  const thread = await startThread(server.app, open.member, open.forumId);
  await replyTo(server.app, open.moderator, thread.thread.id, 'Usamos rúbricas compartidas con las empresas.');
  const secret = await startThread(server.app, closed.member, closed.forumId);
  await replyTo(server.app, closed.moderator, secret.thread.id, 'Solo para los miembros.');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The figure in the posts chart's table alternative for the last period (today's). */
async function postsToday(page: import('playwright-core').Page): Promise<string> {
  const table = page.locator('#activity-posts-title').locator('xpath=ancestor::figure').locator('table');
  return (await table.locator('tbody tr').last().locator('td').textContent())!.trim();
}

describe('the network activity page', () => {
  it('is rendered on the server: charts with a name, a description and a table, for anyone', async () => {
    const response = await fetch(`${server.url}/network/activity`, { headers: { 'accept-language': 'es' } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<h1');
    expect(html).toContain('Actividad de la red');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="activity-posts-title"/);
    expect(html).toContain('Ver los datos en una tabla');
    expect(html).toContain('Cifras de las comunidades públicas.');
    expect(html).not.toContain(closed.slug);
  });

  it('shows an admin every community and a member the public ones, in charts with tables; filters go in the address', async () => {
    const admin = await signedInVisitor(browser, server.url, open.admin);
    await admin.page.goto('/network/activity?interval=day');
    await admin.page.getByRole('heading', { level: 1, name: 'Actividad de la red' }).waitFor();
    await admin.page.getByText('Cifras de todas las comunidades, privadas incluidas.').waitFor();
    expect(await admin.page.getByRole('img', { name: 'Publicaciones' }).count()).toBe(1);
    await admin.page.locator('#activity-posts-title').locator('xpath=ancestor::figure').locator('summary').click();
    expect(await postsToday(admin.page)).toBe('4');
    expect(await admin.page.locator('select[name="community"] option').allTextContents()).toContain(`Formación dual ${closed.slug.split('-')[1]}`);
    expect(await seriousViolations(admin.page)).toEqual([]);
    expect(admin.pageErrors, admin.pageErrors.join('\n')).toEqual([]);

    const member = await signedInVisitor(browser, server.url, closed.member);
    await member.page.goto('/network/activity?interval=day');
    await member.page.getByText('Cifras de las comunidades públicas.').waitFor();
    await member.page.locator('#activity-posts-title').locator('xpath=ancestor::figure').locator('summary').click();
    expect(await postsToday(member.page)).toBe('2');
    expect(await member.page.locator('select[name="community"] option').allTextContents()).not.toContain(`Formación dual ${closed.slug.split('-')[1]}`);

    // A filter goes into the address and the charts follow it.
    await member.page.locator('select[name="country"]').selectOption('UY');
    await member.page.getByRole('button', { name: 'Aplicar' }).click();
    await member.page.waitForURL(/country=UY/);
    await expect.poll(() => postsToday(member.page)).toBe('1');
    expect(await seriousViolations(member.page)).toEqual([]);
    expect(member.pageErrors).toEqual([]);
  });

  it('counts a record’s page as one view, from the page cache too, and shows it in the knowledge-use bars', async () => {
    await server.app.knowledgeUse.stop();
    const created = await as(server.app, open.admin).post('/api/resources', {
      title: 'Guía del tutor de empresa',
      summary: 'Para tutores de la formación dual.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'UY',
      authors: ['Ana Souza'],
      year: 2024,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    const id = created.json().item.id as number;
    // The page (rendered from its API answer), then the same page again from the cache: one reader, one view.
    for (let i = 0; i < 2; i++) expect((await fetch(`${server.url}/knowledge/resources/${id}`)).status).toBe(200);
    await server.app.knowledgeUse.flush();
    const { page } = await signedInVisitor(browser, server.url, open.member);
    await page.goto('/network/activity');
    const bars = page.getByRole('img', { name: 'Registros más vistos' });
    await bars.waitFor();
    const figure = page.locator('#use-mostViewed-title').locator('xpath=ancestor::figure');
    await figure.locator('summary').click();
    expect(await figure.locator('tbody tr').first().textContent()).toMatch(/Guía del tutor de empresa\s*1/);
  });

  it('does not scroll sideways on a phone', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', viewport: { width: 375, height: 812 }, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/network/activity');
    await page.getByRole('heading', { level: 1, name: 'Actividad de la red' }).waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - Math.min(window.innerWidth, 375))).toBeLessThanOrEqual(0);
    await context.close();
  });
});
