/**
 * Withdrawing a knowledge record in the browser: an editor withdraws a resource with a reason
 * through the record page's dialog, sees the banner, restores it, withdraws it again; a member
 * then gets the not-found page, the same page (and status) as for an id that never existed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
let editor: Awaited<ReturnType<typeof registerUser>>;
let resourceId: number;
const pageErrors: string[][] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await registerUser(server.app, { displayName: 'Editora Alba' });
  world = await buildWorld(server.app, { admin });
  editor = await registerUser(server.app, { displayName: 'Editor Bruno' });
  server.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  const created = await as(server.app, editor).post('/api/resources', {
    title: 'Guía de mantenimiento de calderas',
    summary: 'Procedimientos de mantenimiento preventivo.',
    type: 'guide',
    languages: ['es'],
    countryCode: 'UY',
    year: 2020,
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  resourceId = created.json().item.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(pageErrors.flat()).toEqual([]);
});

describe('withdrawing a record, in the browser', () => {
  it('lets an editor withdraw a resource with a reason and restore it; a member then finds nothing there', async () => {
    const { page, pageErrors: errors } = await signedInVisitor(browser, server.url, editor);
    pageErrors.push(errors);
    await page.goto(`/knowledge/resources/${resourceId}`);
    await page.getByRole('heading', { level: 1, name: 'Guía de mantenimiento de calderas' }).waitFor();

    await page.getByRole('button', { name: 'Retirar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirar este registro' });
    await dialog.waitFor();
    // No reason: the field says what is missing, and keeps the focus.
    await dialog.getByRole('button', { name: 'Retirar el registro' }).click();
    const reason = dialog.getByLabel('Motivo (lo verán los editores)');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await reason.fill('Duplicado de la guía de UTU');
    await dialog.getByRole('button', { name: 'Retirar el registro' }).click();
    await dialog.waitFor({ state: 'detached' });

    const banner = page.getByRole('note');
    await banner.getByText(/^Retirado el .+ por Editor Bruno: Duplicado de la guía de UTU$/).waitFor();
    await page.getByText('Registro retirado.').waitFor();
    expect(await page.getByRole('button', { name: 'Retirar', exact: true }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await server.app.inject({ url: `/api/resources/${resourceId}` })).statusCode).toBe(404);

    await banner.getByRole('button', { name: 'Restaurar' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByText('Registro restaurado.').waitFor();
    await page.getByRole('button', { name: 'Retirar', exact: true }).waitFor();
    expect((await server.app.inject({ url: `/api/resources/${resourceId}` })).statusCode).toBe(200);

    // Withdrawn again: a member reaches the not-found page, as for a record that never was.
    await page.getByRole('button', { name: 'Retirar', exact: true }).click();
    await page.getByLabel('Motivo (lo verán los editores)').fill('Material desactualizado');
    await page.getByRole('button', { name: 'Retirar el registro' }).click();
    await page.getByRole('note').waitFor();

    const member = await signedInVisitor(browser, server.url, world.member);
    pageErrors.push(member.pageErrors);
    const answer = await member.page.goto(`/knowledge/resources/${resourceId}`);
    expect(answer?.status()).toBe(404);
    await member.page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
    expect(await member.page.getByText('Guía de mantenimiento de calderas').count()).toBe(0);

    // The server's answer is the missing record's, byte for byte but for the addresses asked (the page's and its API call's).
    const missingId = 99999999;
    for (const cookie of [world.member.cookie, undefined]) {
      const headers = cookie ? { cookie } : {};
      const gone = await server.app.inject({ url: `/knowledge/resources/${resourceId}`, headers });
      const never = await server.app.inject({ url: `/knowledge/resources/${missingId}`, headers });
      expect(gone.statusCode).toBe(404);
      expect(never.statusCode).toBe(404);
      const strip = (html: string, id: number) => html.replace(new RegExp(`(/|%2F)resources(/|%2F)${id}(?=["?&])`, 'g'), '/resources/ID').replace(/nonce-[^"']+|nonce="[^"]+"/g, '');
      expect(strip(gone.body, resourceId)).toBe(strip(never.body, missingId));
    }
  });
});
