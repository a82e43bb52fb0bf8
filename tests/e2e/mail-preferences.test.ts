import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationMailRepositories } from '../../server/modules/notification-mail/index.ts';
import { createMailPreferences } from '../../server/modules/notification-mail/preferences.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const account = { username: `avisos_${process.pid}`, email: `avisos_${process.pid}@example.org`, password: 'telar-de-cintura-2026', displayName: 'Rosa Avisos' };

async function register(): Promise<number> {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
  return (await response.json()).user.id;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

describe('email notification preferences, from the browser', () => {
  it('changes a kind on the settings page, and confirms and adjusts from an unsubscribe link without signing in', async () => {
    const userId = await register();
    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Usuario o correo electrónico').fill(account.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');

    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Avisos por correo' });
    const mentions = section.getByRole('group', { name: 'Menciones' });
    await expect.poll(() => mentions.getByRole('radio', { name: 'Correo al momento' }).isChecked()).toBe(true);
    expect(await section.getByRole('group', { name: 'Respuestas en temas que sigue' }).getByRole('radio', { name: 'En el resumen' }).isChecked()).toBe(true);
    await mentions.getByRole('radio', { name: 'Nunca' }).check();
    await section.getByRole('button', { name: 'Aplicar estas preferencias de correo' }).click();
    await section.getByRole('status').filter({ hasText: 'Preferencias de correo guardadas.' }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Avisos por correo' }).getByRole('group', { name: 'Menciones' }).getByRole('radio', { name: 'Nunca' }).isChecked()).toBe(true);

    // The link of a mail about replies, opened by someone not signed in.
    const token = await createMailPreferences(notificationMailRepositories(server.database).notificationMail).token(userId, 'reply');
    const stranger = await newVisitor(browser, server.url);
    // The link as it is in the mail's header and footer: a browser lands on the page.
    await stranger.page.goto(`/api/mail/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(new URL(stranger.page.url()).pathname).toBe('/unsubscribe');
    await heading(stranger.page, 'Avisos por correo').waitFor();
    await stranger.page.getByText('Este enlace cambia los correos de tipo «Respuestas a sus mensajes». Ahora: Correo al momento.').waitFor();
    await stranger.page.getByRole('button', { name: 'Dejar de recibirlos' }).click();
    await stranger.page.getByRole('status').filter({ hasText: 'Hecho. Correos de tipo «Respuestas a sus mensajes»: Nunca.' }).waitFor();
    // Adjusted: the digest instead.
    await stranger.page.getByRole('radio', { name: 'En el resumen' }).check();
    await stranger.page.getByRole('button', { name: 'Aplicar' }).click();
    await stranger.page.getByRole('status').filter({ hasText: '«Respuestas a sus mensajes»: En el resumen.' }).waitFor();

    const prefs = await page.evaluate(async () => (await fetch('/api/me/mail-preferences')).json());
    expect(prefs.modes).toMatchObject({ mention: 'never', reply: 'digest' });

    // A forged link says so.
    await stranger.page.goto(`/unsubscribe?token=${userId}.reply.forged`);
    await stranger.page.getByRole('alert').filter({ hasText: 'no es válido' }).waitFor();
    expect(pageErrors).toEqual([]);
    expect(stranger.pageErrors).toEqual([]);
  });
});
