import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestsRepositories } from '../../server/modules/digests/index.ts';
import { notificationMailRepositories } from '../../server/modules/notification-mail/index.ts';
import { createMailPreferences } from '../../server/modules/notification-mail/preferences.ts';
import { ORIGIN } from '../helpers/accounts.ts';
import { buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
/** Built first: its admin is the site's first account. */
let w: World;
/** The member whose links and settings the tests use (registered once, after the world). */
let userId: number;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  userId = await register();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const account = { username: `resumen_${process.pid}`, email: `resumen_${process.pid}@example.org`, password: 'telar-de-cintura-2026', displayName: 'Rosa Resumen' };

async function register(): Promise<number> {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
  return (await response.json()).user.id;
}

describe('the unsubscribe page for a digest and a mailing list, from the browser', () => {
  it('opens from the digest’s link without signing in, turns it off, then picks weekly', async () => {
    const digests = digestsRepositories(server.database).digests;
    const token = await createMailPreferences(notificationMailRepositories(server.database).notificationMail, digests).token(userId, 'digest');
    const { page, pageErrors } = await newVisitor(browser, server.url);

    await page.goto(`/api/mail/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(new URL(page.url()).pathname).toBe('/unsubscribe');
    await page.getByText('Este enlace cambia los correos de tipo «Resumen por correo». Ahora: Cada semana.').waitFor();
    // A digest's own choices, not those of notifications.
    expect(await page.getByRole('radio').allTextContents()).toHaveLength(3);
    expect(await page.getByRole('radio', { name: 'Correo al momento' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Dejar de recibirlos' }).click();
    await page.getByRole('status').filter({ hasText: 'Hecho. Correos de tipo «Resumen por correo»: Nunca.' }).waitFor();
    expect(await digests.frequencyOf(userId)).toBe('never');

    await page.getByRole('radio', { name: 'Cada semana' }).check();
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await page.getByRole('status').filter({ hasText: '«Resumen por correo»: Cada semana.' }).waitFor();
    expect(await digests.frequencyOf(userId)).toBe('weekly');
    expect(pageErrors).toEqual([]);
  });

  it('a mailing-list mail’s link lands on the same page, names the community and confirms', async () => {
    const on = await server.app.inject({
      method: 'PUT',
      url: `/api/communities/${w.slug}/mailing-list`,
      headers: { origin: ORIGIN, cookie: w.member.cookie },
      payload: { enabled: true },
    });
    expect(on.json()).toEqual({ enabled: true });
    const { token } = server.database.sqlite.prepare('SELECT token FROM mailing_list_subscriptions WHERE user_id = ?').get(w.member.user.id) as { token: string };
    const { page, pageErrors } = await newVisitor(browser, server.url);

    await page.goto(`/api/mailing-list/unsubscribe/${token}`);
    expect(new URL(page.url()).pathname).toBe('/unsubscribe');
    await page.getByText(/Este enlace deja de enviarle por correo cada publicación de «Formación dual \d+»\./).waitFor();
    await page.getByRole('button', { name: 'Dejar de recibirlos' }).click();
    await page.getByRole('status').filter({ hasText: 'Ya no recibirá las publicaciones de esta comunidad por correo.' }).waitFor();
    const state = await server.app.inject({ method: 'GET', url: `/api/communities/${w.slug}/mailing-list`, headers: { cookie: w.member.cookie } });
    expect(state.json()).toEqual({ enabled: false });
    expect(pageErrors).toEqual([]);
  });

  it('the settings page turns workshop reminders off with the other mail preferences', async () => {
    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Usuario o correo electrónico').fill(account.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');

    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Avisos por correo' });
    const reminders = section.getByRole('checkbox', { name: /Recordatorios de los talleres en los que me inscribí/ });
    await expect.poll(() => reminders.isChecked()).toBe(true);
    await reminders.uncheck();
    await section.getByRole('button', { name: 'Aplicar estas preferencias de correo' }).click();
    await section.getByRole('status').filter({ hasText: 'Preferencias de correo guardadas.' }).waitFor();
    const prefs = await page.evaluate(async () => (await fetch('/api/me/mail-preferences')).json());
    expect(prefs.workshopReminders).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Avisos por correo' }).getByRole('checkbox', { name: /Recordatorios de los talleres/ }).isChecked()).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
