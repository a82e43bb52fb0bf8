import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
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

const member = { username: `dospasos_${process.pid}`, email: `dospasos_${process.pid}@example.org`, password: 'telar-de-cintura-2026', displayName: 'Rosa Quispe' };

/** The app's code `steps` periods of 30 s from now, computed from the secret read off the page. */
const codeAt = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function passwordStep(page: Page) {
  await page.goto('/login');
  await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
  await page.getByLabel('Usuario o correo electrónico').fill(member.username);
  await page.getByLabel('Contraseña', { exact: true }).fill(member.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Segundo paso' }).waitFor();
}

/** Registers through the API; the session cookie, as a Cookie header value. */
async function register(account: typeof member): Promise<{ cookie: string; id: number }> {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
  return { cookie, id: (await response.json()).user.id };
}

const asAdmin = (cookie: string, method: string, path: string, body: object) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', origin: server.url, cookie }, body: JSON.stringify(body) });

describe('a second factor required of staff, from the browser', () => {
  it('an editor without one is sent to set it up on signing in, and told why on every page', async () => {
    const person = (name: string) => ({ ...member, username: `${name}_${process.pid}`, email: `${name}_${process.pid}@example.org` });
    const admin = await register(person('admin2fa')); // the first account of an empty instance is its admin
    const editorAccount = person('editora2fa');
    const editor = await register(editorAccount);
    expect((await asAdmin(admin.cookie, 'PATCH', `/api/users/${editor.id}/role`, { role: 'editor' })).status).toBe(200);
    expect((await asAdmin(admin.cookie, 'PUT', '/api/admin/second-factor-policy', { requiredForStaff: true })).status).toBe(200);

    const { context, page } = await newVisitor(browser, server.url);
    await page.goto('/login?next=/communities');
    await page.getByLabel('Usuario o correo electrónico').fill(editorAccount.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(editorAccount.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname === '/settings' && url.hash === '#security');
    const required = 'Tu función en Minga (administración, edición o moderación) exige la verificación en dos pasos.';
    await page.locator('#security').getByText(required).waitFor();
    await page.goto('/');
    const banner = page.getByRole('region', { name: 'Verificación en dos pasos' });
    await banner.getByText(required).waitFor();
    await banner.getByRole('link', { name: 'Activarla ahora' }).waitFor();
    expect(await seriousViolations(page, '.second-factor-banner')).toEqual([]);
    await context.close();
  });
});

describe('two-step verification, from the browser', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('sets up an authenticator app in settings: QR code, secret, code, recovery codes shown once', async () => {
    await register(member);

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Usuario o correo electrónico').fill(member.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');

    await page.goto('/settings#security');
    const section = page.locator('#security');
    await section.getByText('Desactivada.').waitFor();
    await section.getByRole('button', { name: 'Activar con una aplicación de autenticación' }).click();
    await section.getByRole('img', { name: `Código QR para añadir la cuenta ${member.username} de Minga a tu aplicación de autenticación` }).waitFor();
    secret = (await section.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The settings page's other sections are not this test's subject.
    expect(await seriousViolations(page, '#security')).toEqual([]);

    // A wrong code is refused with a message beside the field.
    await section.getByLabel('Código que muestra la aplicación').fill(codeAt(secret, 10));
    await section.getByRole('button', { name: 'Activar', exact: true }).click();
    await section.getByText('Ese código no es válido').first().waitFor();

    await section.getByLabel('Código que muestra la aplicación').fill(codeAt(secret));
    await section.getByRole('button', { name: 'Activar', exact: true }).click();
    await section.getByRole('heading', { name: 'Tus códigos de recuperación' }).waitFor();
    recoveryCodes = (await section.getByRole('list', { name: 'Tus códigos de recuperación' }).getByRole('listitem').allInnerTexts()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await section.getByRole('button', { name: 'Copiar los códigos' }).waitFor();
    await section.getByRole('button', { name: 'Descargar los códigos' }).waitFor();
    expect(await seriousViolations(page, '#security')).toEqual([]);
    await section.getByRole('button', { name: 'Ya los guardé' }).click();
    await section.getByText('Activada con una aplicación de autenticación.').waitFor();
    await section.getByText('Códigos de recuperación sin usar: 10').waitFor();
    expect(await section.getByTestId('totp-secret').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signing in asks for the code after the password; the code field has the focus', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await passwordStep(page);
    const field = page.getByLabel('Código de verificación');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await field.getAttribute('inputmode')).toBe('numeric');
    expect(await seriousViolations(page)).toEqual([]);

    // The step used to turn it on is spent: the app's next code signs in.
    await field.fill(codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    const session = await page.evaluate(() => fetch('/api/session').then((r) => r.json()));
    expect(session.user.username).toBe(member.username);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a recovery code signs in in place of the code, once; "start again" goes back to the password', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await passwordStep(page);
    await page.getByRole('button', { name: 'Usar un código de recuperación' }).click();
    const field = page.getByLabel('Código de recuperación');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await context.close();

    const again = await newVisitor(browser, server.url);
    await passwordStep(again.page);
    await again.page.getByRole('button', { name: 'Usar un código de recuperación' }).click();
    await again.page.getByLabel('Código de recuperación').fill(recoveryCodes[0]!);
    await again.page.getByRole('button', { name: 'Verificar' }).click();
    await again.page.getByText('Ese código no es válido').first().waitFor();
    await again.page.getByRole('button', { name: 'Empezar de nuevo' }).click();
    await again.page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
    await again.page.getByLabel('Contraseña', { exact: true }).waitFor();
    expect([...pageErrors, ...again.pageErrors]).toEqual([]);
    await again.context.close();
  });
});
