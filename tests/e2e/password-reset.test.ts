import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

const PUBLIC_URL = 'https://minga.example.org';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  // The embedded default: no SMTP server, so the mail waits on the admins' Outbox page.
  [server, browser] = await Promise.all([
    startTestServer({ mail: { smtpUrl: undefined, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function person(name: string) {
  const username = `${name}_${process.pid}`;
  return { username, email: `${username}@example.org`, password: 'telar-de-cintura-2026', displayName: `Rosa ${name}` };
}

async function register(account: ReturnType<typeof person>) {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await heading(page, 'Iniciar sesión').waitFor();
  await page.getByLabel('Usuario o correo electrónico').fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

describe('a forgotten password, from the browser', () => {
  it('asks from the login page, reads the link on the Outbox page, sets a new password and signs in', async () => {
    const admin = person('admin');
    const member = person('olvido');
    await register(admin); // the first account of an empty instance is its admin
    await register(member);

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await heading(page, 'Restablecer la contraseña').waitFor();
    expect(new URL(page.url()).pathname).toBe('/password/forgot');
    await page.getByLabel('Correo electrónico', { exact: true }).fill(member.email);
    await page.getByRole('button', { name: 'Enviar el enlace' }).click();
    await page.getByRole('status').filter({ hasText: member.email }).waitFor();

    // The admin finds the message on the Outbox page (no SMTP: kept) and reads its text part.
    const adminSide = await newVisitor(browser, server.url);
    await signIn(adminSide.page, admin.username, admin.password);
    await adminSide.page.goto('/admin/outbox');
    await heading(adminSide.page, 'Correo saliente').waitFor();
    await adminSide.page.getByText('No hay servidor SMTP configurado').waitFor();
    // The member's verification link is there too: the row of the reset mail.
    const row = adminSide.page.getByRole('row').filter({ hasText: member.email }).filter({ hasText: 'Restablecer su contraseña de Minga' });
    await row.getByText('Guardado').waitFor();
    await row.getByRole('link', { name: 'Restablecer su contraseña de Minga' }).click();
    await heading(adminSide.page, 'Restablecer su contraseña de Minga').waitFor();
    const text = await adminSide.page.locator('pre').innerText();
    const link = /https:\/\/minga\.example\.org\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, 'the text part carries an absolute link to the public URL').toBeTruthy();
    // The HTML part is shown in a sandbox that runs no script.
    const frame = adminSide.page.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await adminSide.page.frameLocator('iframe').getByRole('link', { name: 'Elegir una contraseña nueva' }).getAttribute('href')).toBe(link);
    expect(adminSide.pageErrors).toEqual([]);
    await adminSide.context.close();

    // The member follows the link (its path on this server), chooses a new password, signs in.
    const target = new URL(link!);
    await page.goto(target.pathname + target.search);
    await heading(page, 'Elegir una contraseña nueva').waitFor();
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('corto');
    await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
    await page.getByText('La contraseña debe tener al menos 10 caracteres.').waitFor();
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('nueva-trama-andina-2026');
    await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
    await heading(page, 'Iniciar sesión').waitFor();
    await page.getByText('Contraseña cambiada').waitFor();
    await page.getByLabel('Usuario o correo electrónico').fill(member.username);
    await page.getByLabel('Contraseña', { exact: true }).fill('nueva-trama-andina-2026');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(200);

    // A member is not shown the Outbox page.
    await page.goto('/admin/outbox');
    await heading(page, 'Página no encontrada').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
