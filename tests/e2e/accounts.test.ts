/**
 * Account basics in the browser: a member sees their sessions, signs another one out, changes
 * the password and makes a read-only token; withdraws a request to join. An admin manages
 * people's site roles on /admin/people, which a member cannot open.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function register(username: string, displayName: string) {
  const account = { username, email: `${username}@example.org`, password: 'chakana-del-sur-2026', displayName };
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
  return { ...account, id: (await response.json()).user.id as number, cookie };
}

async function signedIn(context: BrowserContext, cookie: string) {
  await context.addCookies([{ name: 'minga_session', value: cookie.split('=')[1]!, url: server.url }]);
}

async function loginFrom(userAgent: string, account: { username: string; password: string }) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, 'user-agent': userAgent },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
}

let admin: Awaited<ReturnType<typeof register>>;
let member: Awaited<ReturnType<typeof register>>;

describe('account basics, from the browser', () => {
  it('as a member: sessions, sign out another one, change the password, a read-only token', async () => {
    admin = await register(`admin_${process.pid}`, 'Rosa Quispe');
    member = await register(`ana_${process.pid}`, 'Ana Mamani');
    const phone = await loginFrom('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36', member);

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Usuario o correo electrónico').fill(member.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/settings');
    await heading(page, 'Configuración').waitFor();

    // The sessions: this browser (marked), the phone and the registration's.
    const sessions = page.locator('section[aria-labelledby="settings-sessions"]');
    await sessions.getByText('Esta sesión').waitFor();
    await sessions.getByText('Chrome · Android').waitFor();
    expect(await sessions.locator('li').count()).toBe(3);
    await sessions.getByRole('button', { name: 'Cerrar sesión en Chrome · Android' }).click();
    await sessions.getByText('Chrome · Android').waitFor({ state: 'detached' });
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: phone } })).status).toBe(401);

    // The password: a wrong current one is said beside its field; the right one signs out the others.
    const password = page.locator('section[aria-labelledby="settings-password"]');
    await password.getByLabel('Contraseña actual').fill('no-es-esta-clave');
    await password.getByLabel('Nueva contraseña').fill('telar-de-cintura-2027');
    await password.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await password.getByText('La contraseña actual no es correcta.').waitFor();
    await password.getByLabel('Contraseña actual').fill(member.password);
    await password.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await password.getByText('Contraseña cambiada. Sus otras sesiones se cerraron.').waitFor();
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: member.cookie } })).status).toBe(401);
    await sessions.getByText('Solo tiene esta sesión abierta.').waitFor();
    expect(await sessions.locator('li').count()).toBe(1);

    // A token is read-only unless asked otherwise: it reads, and is refused a write.
    const tokens = page.locator('section[aria-labelledby="settings-tokens"]');
    expect(await tokens.getByLabel('Permisos').inputValue()).toBe('read');
    await tokens.getByLabel('Nombre de la clave').fill('tablero');
    await tokens.getByRole('button', { name: 'Crear clave' }).click();
    const secret = await page.getByLabel('Su nueva clave').inputValue();
    await tokens.locator('[data-scope="read"]').getByText('Solo lectura').waitFor();
    const bearer = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/me`, { headers: bearer })).status).toBe(200);
    const write = await fetch(`${server.url}/api/me`, { method: 'PATCH', headers: bearer, body: JSON.stringify({ bio: 'x' }) });
    expect(write.status).toBe(403);
    expect((await write.json()).error.code).toBe('TOKEN_SCOPE');

    // A member has no people page.
    await page.goto('/admin/people');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await heading(page, 'Personas').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('as a member: withdraws a request to join from the community page', async () => {
    const create = await fetch(`${server.url}/api/communities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie: admin.cookie },
      body: JSON.stringify({ slug: 'tejedoras', name: 'Tejedoras', description: 'Con aprobación', visibility: 'public', joinPolicy: 'approval' }),
    });
    expect(create.status).toBe(201);
    const luis = await register(`luis_${process.pid}`, 'Luis Condori');
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await signedIn(context, luis.cookie);
    await page.goto('/c/tejedoras');
    await heading(page, 'Tejedoras').waitFor();
    await page.getByRole('button', { name: 'Solicitar ingreso' }).click();
    await page.getByText('Solicitud pendiente de aprobación').waitFor();
    await page.getByRole('button', { name: 'Retirar la solicitud' }).click();
    await page.getByRole('button', { name: 'Solicitar ingreso' }).waitFor();
    const pending = await fetch(`${server.url}/api/communities/tejedoras/members?status=pending`, { headers: { cookie: admin.cookie } });
    expect((await pending.json()).items).toHaveLength(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('as an admin: finds people, filters by role, makes a member an editor; the last admin stays one', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await signedIn(context, admin.cookie);
    await page.goto('/');
    await page.getByRole('button', { name: /Rosa Quispe/ }).click();
    await page.getByRole('link', { name: 'Personas' }).click();
    await heading(page, 'Personas').waitFor();

    const row = page.locator(`li[data-person="${member.username}"]`);
    await row.waitFor();
    await page.getByLabel('Buscar por nombre, usuario o correo').fill('mamani');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.locator(`li[data-person="${admin.username}"]`).waitFor({ state: 'detached' });
    await row.getByLabel('Rol de Ana Mamani').selectOption('editor');
    await page.getByText('Ana Mamani ahora tiene el rol «Editor».').waitFor();

    await page.getByLabel('Buscar por nombre, usuario o correo').fill('');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByLabel('Rol', { exact: true }).selectOption('editor');
    await row.waitFor();
    // The filtered list replaces the whole one (the row was already there before it came).
    await expect.poll(() => page.locator('li[data-person]').count()).toBe(1);

    // The only admin cannot step down: the choice goes back and the reason is said.
    await page.getByLabel('Rol', { exact: true }).selectOption('admin');
    const self = page.locator(`li[data-person="${admin.username}"]`);
    await self.getByLabel('Rol de Rosa Quispe').selectOption('member');
    await page.getByText('Es la única cuenta de administración').waitFor();
    expect(await self.getByLabel('Rol de Rosa Quispe').inputValue()).toBe('admin');

    const me = await fetch(`${server.url}/api/users/${member.username}`);
    expect((await me.json()).user.role).toBe('editor');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
