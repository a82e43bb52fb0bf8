import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

const PUBLIC_URL = 'https://minga.example.org';
let server: TestServer;
let browser: Browser;
let world: World;

beforeAll(async () => {
  await ensureClientBuilt();
  // The embedded default (no SMTP: mail waits on the Outbox page) and the product's default rule.
  [server, browser] = await Promise.all([
    startTestServer({ mail: { smtpUrl: undefined, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL }, unverifiedMayPost: false }),
    launchBrowser(),
  ]);
  world = await buildWorld(server.app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Usuario o correo electrónico').fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** A new thread from the page's own session, as the forum's form sends it. */
const postFrom = (page: Page, forumId: number) =>
  page.evaluate(async (id) => {
    const response = await fetch(`/api/forums/${id}/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Guía de evaluación', body: 'Comparto la guía que usamos en el centro.', kind: 'discussion' }),
    });
    return { status: response.status, code: (await response.json()).error?.code as string | undefined };
  }, forumId);

describe('verifying the address, from the browser', () => {
  it('registers, sees the banner, follows the link read on the Outbox page, and may post', async () => {
    const username = `nueva_${process.pid}`;
    const email = `${username}@example.org`;
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/register');
    await heading(page, 'Crear una cuenta').waitFor();
    await page.getByLabel('Nombre de usuario').fill(username);
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Contraseña', { exact: true }).fill('telar-de-cintura-2026');
    await page.getByLabel('Nombre visible').fill('Nueva Integrante');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.waitForURL((url) => url.pathname !== '/register');

    const banner = page.getByRole('region', { name: 'Confirmar la dirección de correo' });
    await banner.getByText(`Confirme su dirección de correo (${email})`).waitFor();
    const joined = await page.evaluate(async (slug) => (await fetch(`/api/communities/${slug}/join`, { method: 'POST' })).status, world.slug);
    expect(joined).toBe(200);
    expect(await postFrom(page, world.forumId)).toEqual({ status: 403, code: 'EMAIL_UNVERIFIED' });

    // The admin reads the verification mail on the Outbox page.
    const adminSide = await newVisitor(browser, server.url);
    await adminSide.page.goto('/login');
    await adminSide.page.getByLabel('Usuario o correo electrónico').fill(world.admin.username);
    await adminSide.page.getByLabel('Contraseña', { exact: true }).fill(world.admin.password);
    await adminSide.page.getByRole('button', { name: 'Entrar' }).click();
    await adminSide.page.waitForURL((url) => url.pathname !== '/login');
    await adminSide.page.goto('/admin/outbox');
    await heading(adminSide.page, 'Correo saliente').waitFor();
    const row = adminSide.page.getByRole('row').filter({ hasText: email });
    await row.getByRole('link', { name: 'Confirme su dirección de correo en Minga' }).click();
    await heading(adminSide.page, 'Confirme su dirección de correo en Minga').waitFor();
    const text = await adminSide.page.locator('pre').innerText();
    const link = /https:\/\/minga\.example\.org\/verify-email\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, 'the text part carries an absolute link to the public URL').toBeTruthy();
    expect(adminSide.pageErrors).toEqual([]);
    await adminSide.context.close();

    const target = new URL(link!);
    await page.goto(target.pathname + target.search);
    await heading(page, 'Confirmar la dirección de correo').waitFor();
    await page.getByText('Su dirección de correo está confirmada.').waitFor();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('region', { name: 'Confirmar la dirección de correo' }).count()).toBe(0);
    expect((await postFrom(page, world.forumId)).status).toBe(201);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('changes the address from the settings page: a link to the new one, the change once followed', async () => {
    const member = world.member;
    const next = `cambio_${process.pid}@example.org`;
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await signIn(page, member.username, member.password);
    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Dirección de correo' });
    await section.getByText(`Dirección actual: ${member.email}`).waitFor();
    await section.getByLabel('Nueva dirección').fill(next);
    await section.getByLabel('Contraseña actual').fill('no-es-la-clave-9');
    await section.getByRole('button', { name: 'Cambiar la dirección' }).click();
    await section.getByText('La contraseña actual no es correcta.').waitFor();
    await section.getByLabel('Contraseña actual').fill(member.password);
    await section.getByRole('button', { name: 'Cambiar la dirección' }).click();
    await section.getByRole('status').filter({ hasText: next }).waitFor();

    const adminSide = await newVisitor(browser, server.url);
    await signIn(adminSide.page, world.admin.username, world.admin.password);
    await adminSide.page.goto('/admin/outbox');
    await adminSide.page.getByRole('row').filter({ hasText: next }).getByRole('link', { name: 'Confirme su nueva dirección de correo en Minga' }).click();
    await heading(adminSide.page, 'Confirme su nueva dirección de correo en Minga').waitFor();
    const link = /https:\/\/minga\.example\.org\/confirm-email\?token=[A-Za-z0-9_-]+/.exec(await adminSide.page.locator('pre').innerText())?.[0];
    expect(link).toBeTruthy();
    await adminSide.context.close();

    const target = new URL(link!);
    await page.goto(target.pathname + target.search);
    await page.getByText(`Listo: su cuenta usa ahora la dirección ${next}.`).waitFor();
    await page.goto('/settings');
    await page.getByRole('region', { name: 'Dirección de correo' }).getByText(`Dirección actual: ${next}`).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
