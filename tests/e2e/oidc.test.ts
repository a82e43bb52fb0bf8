/**
 * Signing in with an institution, through the browser: the real server process (configured by
 * MINGA_OIDC_*) and a real OpenID Provider on loopback, with the provider's own sign-in form.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-oidc-'));
let server: ServerProcess;
let idp: TestOidcProvider;
let browser: Browser;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  await Promise.all([ensureClientBuilt(), ensureServerBuilt()]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ redirectUris: [`${url}/api/auth/oidc/sso/callback`] });
  [server, browser] = await Promise.all([
    startServerProcess({
      PORT: String(port),
      MINGA_DB: join(dir, 'minga.db'),
      MINGA_PUBLIC_URL: url,
      MINGA_OIDC_ISSUER: idp.issuer,
      MINGA_OIDC_CLIENT_ID: idp.clientId,
      MINGA_OIDC_CLIENT_SECRET: idp.clientSecret,
      MINGA_OIDC_NAME: 'Red Cinterfor',
    }),
    launchBrowser(),
  ]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await idp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** At the provider: its development form (any password), then its consent page. */
async function signInAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('cualquiera');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const sessionIn = (page: Page) => page.evaluate(() => fetch('/api/session').then((r) => r.json())) as Promise<{ user: null | { id: number; username: string; emailVerified: boolean } }>;

describe('signing in with an institution, from the browser', () => {
  it('first time: "Sign in with …" from a page, the provider\'s form, back signed in to a new account on that page; the second time the same account', async () => {
    idp.accounts.set('lucia', { email: 'lucia.quispe@senati.edu.pe', email_verified: true, name: 'Lucía Quispe', preferred_username: 'lucia.quispe' });
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/communities');
    await page.getByRole('link', { name: 'Iniciar sesión', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/login');
    const button = page.getByRole('link', { name: 'Entrar con Red Cinterfor' });
    await button.click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await signInAtProvider(page, 'lucia');
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/communities');
    const { user } = await sessionIn(page);
    expect(user).toMatchObject({ username: 'lucia_quispe', emailVerified: true });
    expect(pageErrors).toEqual([]);
    await context.close();

    // Another browser, the same person: the same account, home by default.
    const again = await newVisitor(browser, server.url);
    await again.page.goto('/login');
    await again.page.getByRole('link', { name: 'Entrar con Red Cinterfor' }).click();
    await signInAtProvider(again.page, 'lucia');
    await again.page.waitForURL((url) => url.origin === server.url && url.pathname === '/');
    expect((await sessionIn(again.page)).user?.id).toBe(user!.id);
    await again.context.close();
  });

  it('the button works without JavaScript: the server renders it as a plain link', async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/login?next=%2Fnetwork');
    const href = await page.getByRole('link', { name: 'Entrar con Red Cinterfor' }).getAttribute('href');
    expect(href).toBe('/api/auth/oidc/sso/start?next=%2Fnetwork');
    await context.close();
  });

  it('links the provider from settings while signed in with a password', async () => {
    const account = { username: `marta_${process.pid}`, email: `marta_${process.pid}@example.org`, password: 'telar-de-cintura-2026', displayName: 'Marta' };
    const registered = await fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(account) });
    expect(registered.status).toBe(201);
    const cookie = registered.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
    idp.accounts.set('marta', { email: 'marta@ufpe.br', email_verified: true, name: 'Marta Souza' });

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Accesos vinculados' }).waitFor();
    await page.getByRole('button', { name: 'Vincular Red Cinterfor' }).click();
    // A new way in is confirmed first, with the password.
    const section = page.locator('#linked-accounts');
    await section.getByLabel('Tu contraseña').fill(account.password);
    await section.getByRole('button', { name: 'Continuar en Red Cinterfor' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await signInAtProvider(page, 'marta');
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/settings');
    const linked = page.locator('[data-identity="sso"]');
    await linked.getByText('marta@ufpe.br').waitFor();
    expect(pageErrors).toEqual([]);

    // From now on the provider signs in to Marta's account.
    const other = await newVisitor(browser, server.url);
    await other.page.goto('/login');
    await other.page.getByRole('link', { name: 'Entrar con Red Cinterfor' }).click();
    await signInAtProvider(other.page, 'marta');
    await other.page.waitForURL((url) => url.origin === server.url && url.pathname === '/');
    expect((await sessionIn(other.page)).user?.username).toBe(account.username);
    await other.context.close();

    // Removed again from settings, confirmed with the password.
    await linked.getByRole('button', { name: 'Quitar' }).click();
    await page.locator('#linked-accounts').getByLabel('Tu contraseña').fill(account.password);
    await page.getByRole('button', { name: 'Quitar la vinculación' }).click();
    await page.getByText('No hay accesos institucionales vinculados.').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an existing account\'s address: not signed in, told to look at the mail, and the mailed link links and signs in', async () => {
    const account = { username: `rosa_${process.pid}`, email: `rosa_${process.pid}@inacap.cl`, password: 'telar-de-cintura-2026', displayName: 'Rosa' };
    const registered = await fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(account) });
    expect(registered.status).toBe(201);
    // Rosa confirmed her address (an account that never did is not offered the identity).
    const writable = new Database(join(dir, 'minga.db'));
    writable.prepare('UPDATE users SET email_verified_at = ? WHERE username = ?').run(Date.now(), account.username);
    writable.close();
    idp.accounts.set('rosa', { email: account.email, email_verified: true, name: 'Rosa Díaz' });

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Entrar con Red Cinterfor' }).click();
    await signInAtProvider(page, 'rosa');
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/login');
    await page.getByRole('status').filter({ hasText: 'Le enviamos un correo a esa dirección' }).waitFor();
    expect((await sessionIn(page)).user).toBeNull();

    const db = new Database(join(dir, 'minga.db'), { readonly: true });
    const mail = db.prepare("SELECT recipient, text FROM mail_outbox WHERE kind = 'oidc_link' ORDER BY id DESC").get() as { recipient: string; text: string };
    db.close();
    expect(mail.recipient).toBe(account.email);
    const link = /http:\/\/127\.0\.0\.1:\d+\/login\/link\?token=[\w-]+/.exec(mail.text)![0];
    await page.goto(link);
    await page.getByRole('button', { name: 'Vincular y entrar' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect((await sessionIn(page)).user?.username).toBe(account.username);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an admin adds a provider on /admin/sign-in: its button appears, its secret never shows again', async () => {
    // Lucía's account was the first of this empty instance: its admin.
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Entrar con Red Cinterfor' }).click();
    await signInAtProvider(page, 'lucia');
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/');
    await page.goto('/admin/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Accesos institucionales (OpenID Connect)' }).waitFor();
    await page.getByText('Configurado por el entorno (MINGA_OIDC_*): solo lectura.').waitFor();
    const secret = 'secreto-de-prueba-que-no-se-muestra';
    await page.getByLabel('Identificador (en las direcciones)').fill('senai');
    await page.getByLabel('Nombre en el botón').fill('SENAI');
    await page.getByLabel('Emisor (issuer)').fill(idp.issuer);
    await page.getByLabel('Client ID').fill('otro-cliente');
    await page.getByLabel('Client secret').fill(secret);
    await page.getByLabel('Dominios de correo admitidos').fill('senai.br');
    await page.getByRole('button', { name: 'Añadir', exact: true }).click();
    const added = page.locator('[data-provider="senai"]');
    await added.getByText(`${server.url}/api/auth/oidc/senai/callback`).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(pageErrors).toEqual([]);

    const visitor = await newVisitor(browser, server.url);
    await visitor.page.goto('/login');
    await visitor.page.getByRole('link', { name: 'Entrar con SENAI' }).waitFor();
    await visitor.context.close();

    await added.getByRole('button', { name: 'Desactivar' }).click();
    await added.getByText('Desactivado', { exact: true }).waitFor();
    await context.close();
  });

  it('a wrong state is refused with a readable message on the sign-in page', async () => {
    const { context, page } = await newVisitor(browser, server.url);
    await page.goto('/api/auth/oidc/sso/callback?code=forged&state=forged');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('alert').filter({ hasText: 'Ese inicio de sesión caducó' }).waitFor();
    expect((await sessionIn(page)).user).toBeNull();
    await context.close();
  });
});
