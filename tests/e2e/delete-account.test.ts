/**
 * Deleting one's account from the settings page (issue 19, part 5b): the member reads what
 * happens, chooses what becomes of their posts, confirms it is them and confirms again; they
 * are signed out and land on the home page with a message. An admin sets a legal hold on the
 * people page. Both pages pass axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('delete my account, from the browser', () => {
  it('an admin sets a legal hold on the people page', async () => {
    const held = await registerUser(server.app, { username: 'hilda_retenida', displayName: 'Hilda Retenida' });
    const { context, page, pageErrors } = await signedInVisitor(browser, server.url, world.admin);
    await page.goto('/admin/people');
    const row = page.locator('li[data-person="hilda_retenida"]');
    await row.waitFor();
    const toggle = row.getByRole('checkbox', { name: 'Conservación legal' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await page.getByRole('status').filter({ hasText: 'Conservación legal activada para Hilda Retenida.' }).waitFor();
    expect((await as(server.app, held).get('/api/me/erasure')).json()).toEqual({ legalHold: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a member deletes their account through settings and is signed out; their posts stay under "Deleted member"', async () => {
    const leaver = await registerUser(server.app, { username: 'wilma_choque', displayName: 'Wilma Choque Apaza' });
    await as(server.app, world.admin).post(`/api/communities/${world.slug}/members/${leaver.user.id}`, { status: 'active' });
    const { thread } = await startThread(server.app, leaver, world.forumId, { title: 'Tutores en la empresa', body: 'Así formamos a los tutores de empresa.' });
    await replyTo(server.app, world.moderator, thread.id, `Gracias @${leaver.username} por compartirlo.`);

    const { context, page, pageErrors } = await signedInVisitor(browser, server.url, leaver);
    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Eliminar mi cuenta' });
    await section.waitFor();
    await section.getByText('Tus menciones y las citas con tu nombre').waitFor();
    expect(await section.getByRole('radio', { name: 'Conservarlos como «Miembro eliminado»' }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong password: the final dialog, then the error beside the field, and nothing happened.
    await section.getByLabel('Tu contraseña').fill('no-es-mi-clave');
    await section.getByRole('button', { name: 'Eliminar mi cuenta…' }).click();
    const dialog = page.getByRole('dialog', { name: '¿Eliminar tu cuenta definitivamente?' });
    await dialog.getByText('Tus mensajes se conservarán como «Miembro eliminado».').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Sí, eliminar mi cuenta' }).click();
    await page.locator('#delete-account-password-error').waitFor();
    expect((await as(server.app, leaver).get('/api/me')).statusCode).toBe(200);

    // The right password: confirmed, signed out, home with a message.
    await section.getByLabel('Tu contraseña').fill(leaver.password);
    await section.getByRole('button', { name: 'Eliminar mi cuenta…' }).click();
    await dialog.getByRole('button', { name: 'Sí, eliminar mi cuenta' }).click();
    await page.getByText('Tu cuenta fue eliminada. Gracias por tu participación.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('link', { name: 'Iniciar sesión' }).first().waitFor();
    expect((await as(server.app, leaver).get('/api/me')).statusCode).toBe(401);

    // The thread, as anyone sees it: the page the server renders, then the hydrated page.
    const html = await (await fetch(`${server.url}/t/${thread.id}`, { headers: { 'accept-language': 'es' } })).text();
    expect(html).toContain('Así formamos a los tutores');
    expect(html).not.toMatch(/wilma|choque|apaza/i);
    await page.goto(`/t/${thread.id}`);
    await page.getByText('Así formamos a los tutores de empresa.').waitFor();
    await page.locator('.deleted-member').first().waitFor();
    expect(await page.locator('.deleted-member').first().textContent()).toContain('Miembro eliminado');
    expect(await page.content()).not.toMatch(/wilma|choque|apaza/i);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
