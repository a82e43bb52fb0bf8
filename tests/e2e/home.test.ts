/**
 * The home in the browser (issue 16, part 2). A member: the tabs Latest / Unread / New / Top are
 * an ARIA tablist worked with the arrow keys, each tab an address of its own (`/?tab=unread`,
 * `/?tab=top&period=week`) that the server renders; a thread they read shows in "Unread" once
 * another member replies. A visitor gets the public home (recent public threads, workshops,
 * knowledge, the figures, a way in); an admin gets their member home. No serious axe violation,
 * and nothing wider than a 390 px phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openWorkshop } from '../helpers/workshops.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let priv: World;
let readThread: number;
const errors: string[][] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const { app } = server;
  w = await buildWorld(app, { admin: await registerUser(app, { displayName: 'Administración Minga' }) });
  priv = await buildWorld(app, { visibility: 'private', admin: w.admin });
  await startThread(app, w.moderator, w.forumId, { title: 'Tutorías en la empresa' });
  readThread = (await startThread(app, w.moderator, w.forumId, { title: 'Rúbricas de evaluación dual' })).thread.id;
  await startThread(app, priv.moderator, priv.forumId, { title: 'Convenio reservado de la comunidad privada' });
  await openWorkshop(app, w.moderator, w.slug, { title: 'Taller abierto de tutores' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(errors.flat()).toEqual([]);
});

async function open(account: World['member'] | null, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const visitor = account ? await signedInVisitor(browser, server.url, account) : await newVisitor(browser, server.url);
  errors.push(visitor.pageErrors);
  if (viewport) await visitor.page.setViewportSize(viewport);
  await visitor.page.goto(path);
  await visitor.page.getByRole('heading', { level: 1 }).waitFor();
  await visitor.page.waitForLoadState('networkidle');
  return visitor.page;
}

const selectedTab = (page: Page) => page.locator('[role="tab"][aria-selected="true"]').textContent();

describe('the member home', () => {
  it('switches tabs with the arrow keys, keeps the tab in the address, and shows a reply in Unread', async () => {
    // The member read the thread; someone else replies after.
    await as(server.app, w.member).post(`/api/threads/${readThread}/read`, { postNumber: 1 });
    const page = await open(w.member, '/');
    expect(await page.getByRole('tablist', { name: 'Temas de sus comunidades' }).count()).toBe(1);
    expect(await selectedTab(page)).toBe('Recientes');
    await page.getByRole('tabpanel').getByRole('link', { name: 'Tutorías en la empresa' }).waitFor();
    await page.getByRole('tab', { name: 'Recientes' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).search).toBe('?tab=unread');
    expect(await selectedTab(page)).toBe('No leídos');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('No leídos');
    await page.getByText('Está al día').waitFor();

    await replyTo(server.app, w.moderator, readThread, 'Una respuesta que el miembro aún no leyó');
    await page.reload();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('link', { name: 'Rúbricas de evaluación dual' }).waitFor();
    await panel.getByText('1 sin leer').waitFor();

    // End goes to Top, which carries its period; the period links change it.
    await page.getByRole('tab', { name: 'No leídos' }).focus();
    await page.keyboard.press('End');
    await expect.poll(() => new URL(page.url()).search).toBe('?tab=top&period=week');
    await page.getByRole('link', { name: 'el mes' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?tab=top&period=month');
    await page.keyboard.press('Home');
    await page.getByRole('tab', { name: 'Destacados' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).search).toBe('?tab=new');

    // The server renders the tab the address names (the page works before its scripts).
    const rendered = await server.app.inject({ url: '/?tab=unread', headers: { cookie: w.member.cookie } });
    expect(rendered.headers['cache-control']).toBe('private, no-store');
    const html = rendered.body;
    expect(html).toContain('aria-selected="true"');
    expect(html).toContain('Rúbricas de evaluación dual');
    expect(html).not.toContain('Convenio reservado');
    // Live workshops are in the member's panel, marked live.
    await page.getByRole('region', { name: 'Sus talleres' }).getByText('en vivo').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a 390 px phone, and an admin gets a home of their own', async () => {
    const phone = await open(w.member, '/', { width: 390, height: 844 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);

    const admin = await open(w.admin, '/');
    await admin.getByRole('heading', { level: 1, name: 'Hola, Administración Minga' }).waitFor();
    expect(await admin.getByRole('tablist').count()).toBe(1);
    expect(await seriousViolations(admin)).toEqual([]);
  });
});

describe('the public home', () => {
  it('shows a visitor recent public threads, live workshops, the figures and a way in, never a private thread', async () => {
    const page = await open(null, '/');
    await page.getByRole('region', { name: 'Conversaciones recientes' }).getByRole('link', { name: 'Tutorías en la empresa' }).waitFor();
    await page.getByRole('region', { name: 'Talleres en vivo y próximos' }).getByRole('link', { name: 'Taller abierto de tutores' }).waitFor();
    await page.getByRole('link', { name: 'Únase a la red' }).waitFor();
    expect(await page.getByRole('tablist').count()).toBe(0);
    expect(await page.content()).not.toContain('Convenio reservado');
    expect(await seriousViolations(page)).toEqual([]);
    const phone = await open(null, '/', { width: 390, height: 844 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
