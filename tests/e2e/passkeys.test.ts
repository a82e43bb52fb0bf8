/**
 * Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol) answers
 * as a platform authenticator with user verification would, against the real server on
 * http://localhost:<port> (its public address: WebAuthn allows plain http on localhost).
 */
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMailConfig } from '../../server/config.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let server: TestServer;
let browser: Browser;
let site: string;

beforeAll(async () => {
  await ensureClientBuilt();
  const port = await freePort();
  site = `http://localhost:${port}`;
  [server, browser] = await Promise.all([startTestServer({ port, mail: { ...defaultMailConfig(port), publicUrl: site } }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const person = {
  username: `rosa_quispe_${process.pid}`,
  email: `rosa_quispe_${process.pid}@example.org`,
  password: 'telar-de-cintura-2026',
  displayName: 'Rosa Quispe',
};

async function register(): Promise<string> {
  const response = await fetch(`${site}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: site },
    body: JSON.stringify(person),
  });
  expect(response.status).toBe(201);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!;
  return cookie.split(';')[0]!;
}

/** A platform authenticator that verifies the person (fingerprint, face, PIN) and keeps discoverable passkeys. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

const signedInAs = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/api/me');
    return response.ok ? ((await response.json()) as { user: { username: string } }).user.username : null;
  });

const signOut = (page: Page) => page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }).then((r) => r.status));

describe('passkeys, with Chromium’s virtual authenticator', () => {
  it('adds a passkey in settings, signs in with it alone, answers the second step with it, and removing it needs a fresh factor', async () => {
    const cookie = await register();
    const { context, page, pageErrors } = await signedInVisitor(browser, site, { cookie });
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    // Settings: confirm it is you (the password), name it, and the browser creates it.
    await page.goto('/settings');
    const add = page.getByRole('button', { name: 'Añadir una llave de acceso' });
    await add.click();
    await page.getByLabel('Nombre de la llave').fill('Portátil del trabajo');
    // A wrong password is refused beside its field, before the browser is asked anything.
    // The settings page has other confirm-it-is-you forms (deleting the account): this one is the passkeys'.
    await page.locator('section.passkeys').getByLabel('Tu contraseña').fill('no-es-mi-clave');
    await page.getByRole('button', { name: 'Crear la llave de acceso' }).click();
    await page.getByText('La contraseña actual no es correcta.').waitFor();
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('section.passkeys').getByLabel('Tu contraseña').fill(person.password);
    await page.getByRole('button', { name: 'Crear la llave de acceso' }).click();
    await page.getByRole('status').filter({ hasText: 'Llave de acceso añadida.' }).waitFor();
    await page.getByText('Portátil del trabajo').waitFor();
    const stored = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.isResidentCredential).toBe(true);
    // Back on the button that opened the form.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Añadir una llave de acceso');

    // Signed out, the passkey alone signs in: no username, no password.
    expect(await signOut(page)).toBe(204);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Iniciar sesión con una llave de acceso' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await signedInAs(page)).toBe(person.username);

    // With a passkey on the account, the password is only the first step.
    expect(await signOut(page)).toBe(204);
    await page.goto('/login');
    await page.getByLabel('Usuario o correo electrónico').fill(person.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    // The second step: the passkey answers it (the step's own button).
    await page.getByRole('button', { name: 'Usar mi llave de acceso' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await signedInAs(page)).toBe(person.username);

    // Removing: a code that is wrong is refused; the passkey itself confirms, then it is gone.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Quitar la llave Portátil del trabajo' }).click();
    await page.getByLabel('Código de su aplicación de autenticación o de recuperación').fill('000000');
    await page.getByRole('button', { name: 'Quitar la llave', exact: true }).click();
    await page.getByText('Ese código no es válido', { exact: false }).waitFor();
    await page.locator('section.passkeys').getByRole('button', { name: 'Usar una llave de acceso' }).click();
    await page.getByRole('status').filter({ hasText: 'Llave de acceso quitada.' }).waitFor();
    await page.getByText('Todavía no tiene llaves de acceso.').waitFor();

    // Gone from the account: the same passkey no longer signs in.
    expect(await signOut(page)).toBe(204);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Iniciar sesión con una llave de acceso' }).click();
    await page.getByRole('alert').filter({ hasText: 'Esa llave de acceso no sirve para entrar aquí' }).waitFor();
    expect(await signedInAs(page)).toBeNull();

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a person who cancels the browser’s prompt reads why, and can try again', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, site);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    // A person who does not verify (cancels the fingerprint prompt).
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Iniciar sesión con una llave de acceso' }).click();
    await page.getByRole('alert').waitFor();
    const text = await page.getByRole('alert').textContent();
    expect(text).toBe('Se canceló la llave de acceso (o pasó el tiempo). Puede intentarlo de nuevo.');
    expect(await page.getByRole('button', { name: 'Iniciar sesión con una llave de acceso' }).isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
