/**
 * Read tracking in the browser (issue 16, part 1): a returning member sees "3 sin leer" on a
 * forum's row (server-rendered, then live as another reply arrives), the count on the community
 * page's forum, marks the forum read and the marks go; nothing serious for axe.
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

describe('unread marks', () => {
  it('shows a returning member what changed, live, and marks the forum read', async () => {
    const { thread } = await startThread(server.app, w.moderator, w.forumId, { title: 'Seguimiento de egresados técnicos' });
    await as(server.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 1 });
    for (let i = 1; i <= 3; i++) await replyTo(server.app, w.moderator, thread.id, `Novedad ${i} sobre egresados técnicos`);
    const fresh = await startThread(server.app, w.moderator, w.forumId, { title: 'Tema que el miembro nunca abrió' });

    // The community page: the forum's counts.
    const { page, pageErrors } = await signedInVisitor(browser, server.url, w.member);
    await page.goto(`/c/${w.slug}`);
    const forumItem = page.locator(`#forum-${w.forumId}`);
    await forumItem.getByText('1 tema sin leer', { exact: true }).waitFor();
    await forumItem.getByText('1 tema nuevo', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The forum page, rendered on the server with the member's marks already in it.
    const html = (await server.app.inject({ method: 'GET', url: `/f/${w.forumId}`, headers: { cookie: w.member.cookie, 'accept-language': 'es' } })).body;
    expect(html).toContain('3 sin leer');
    await page.goto(`/f/${w.forumId}`);
    const row = page.locator('article.thread', { has: page.getByRole('link', { name: 'Seguimiento de egresados técnicos' }) });
    await row.getByText('3 sin leer', { exact: true }).waitFor();
    const freshRow = page.locator('article.thread', { has: page.getByRole('link', { name: 'Tema que el miembro nunca abrió' }) });
    await freshRow.getByText('nuevo', { exact: true }).waitFor();
    expect(await row.getByRole('link', { name: 'Seguimiento de egresados técnicos' }).getAttribute('href')).toBe(`/t/${thread.id}`);
    expect(await seriousViolations(page)).toEqual([]);

    // Live: another reply raises it.
    await replyTo(server.app, w.moderator, thread.id, 'Una cuarta novedad sobre egresados');
    await row.getByText('4 sin leer', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Marcar el foro como leído' }).click();
    await page.getByRole('status').filter({ hasText: '2 temas marcados como leídos.' }).waitFor({ state: 'attached' });
    await row.locator('[data-testid="read-unread"]').waitFor({ state: 'detached' });
    await freshRow.locator('[data-testid="read-new"]').waitFor({ state: 'detached' });
    expect((await as(server.app, w.member).get(`/api/threads/${thread.id}`)).json().lastRead).toBe(5);
    expect((await as(server.app, w.member).get(`/api/threads/${fresh.thread.id}`)).json().lastRead).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
