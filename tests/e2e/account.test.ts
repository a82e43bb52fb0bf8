import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let accounts = 0;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function newPerson() {
  accounts += 1;
  const username = `tejedora_${process.pid}_${accounts}`;
  return {
    username,
    email: `${username}@example.org`,
    password: 'telar-de-cintura-2026',
    displayName: `Rosa Quispe ${accounts}`,
  };
}

/** Registers through the API, the way a script would (the browser tests start from here). */
async function registerThroughApi(person: ReturnType<typeof newPerson>): Promise<void> {
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(person),
  });
  expect(response.status).toBe(201);
}

const banner = (page: Page) => page.getByRole('banner');
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** The text of everything an input's aria-describedby points at. */
function descriptionOf(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

describe('an account, from the browser', () => {
  it('signs up, logs out, logs back in, switches to English and keeps it on a deep link', async () => {
    const person = newPerson();
    const { context, page, pageErrors } = await newVisitor(browser, server.url);

    // A first visit follows Accept-Language: Spanish.
    await page.goto('/');
    await heading(page, 'Bienvenida a Minga').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await banner(page).getByRole('link', { name: 'Comunidades', exact: true }).waitFor();
    // The seeded network shows on the home page, grouped by country.
    await page.getByRole('heading', { level: 2, name: 'Instituciones de la red' }).waitFor();
    await page.getByText('Constituyente').first().waitFor();

    // Moving around the app must not reload the page.
    await page.evaluate(() => Reflect.set(window, 'mingaLoadedOnce', true));

    await banner(page).getByRole('link', { name: 'Crear cuenta' }).click();
    await heading(page, 'Crear una cuenta').waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');

    await page.getByLabel('Nombre de usuario', { exact: true }).fill(person.username);
    await page.getByLabel('Correo electrónico', { exact: true }).fill(person.email);
    await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
    await page.getByLabel('Nombre visible', { exact: true }).fill(person.displayName);
    await page.getByRole('button', { name: 'Crear cuenta' }).click();

    // Signed in, back home: the header shows the person instead of the login link.
    const userMenu = banner(page).getByRole('button', { name: person.displayName });
    await userMenu.waitFor();
    await page.getByText(`Hola, ${person.displayName}`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await banner(page).getByRole('link', { name: 'Iniciar sesión' }).count()).toBe(0);
    expect(await page.evaluate(() => Reflect.get(window, 'mingaLoadedOnce'))).toBe(true);

    // Log out from the user menu.
    await userMenu.click();
    await banner(page).getByRole('button', { name: 'Cerrar sesión' }).click();
    await banner(page).getByRole('link', { name: 'Iniciar sesión' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ha cerrado la sesión.' }).waitFor();
    expect(await userMenu.count()).toBe(0);

    // Log back in with the username.
    await banner(page).getByRole('link', { name: 'Iniciar sesión' }).click();
    await heading(page, 'Iniciar sesión').waitFor();
    await page.getByLabel('Usuario o correo electrónico').fill(person.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await userMenu.waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // Switch the interface to English; the choice is saved on the account too.
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH',
    );
    await page.getByTestId('language-switcher').selectOption('en');
    expect((await saved).status()).toBe(200);
    await banner(page).getByRole('link', { name: 'Communities', exact: true }).waitFor();
    expect(await banner(page).getByRole('link', { name: 'Comunidades', exact: true }).count()).toBe(0);
    await heading(page, `Hello, ${person.displayName}`).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // A deep link opened directly, then reloaded: the same profile, still in English.
    await page.goto(`/u/${person.username}`);
    await heading(page, person.displayName).waitFor();
    await page.reload();
    await heading(page, person.displayName).waitFor();
    await page.getByText(`@${person.username}`).waitFor();
    await page.getByText(/^Member since /).waitFor();
    await banner(page).getByRole('link', { name: 'Communities', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Edit profile' }).waitFor();
    expect(await page.title()).toContain(person.displayName);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows the localized message in the form when the password is wrong', async () => {
    const person = newPerson();
    await registerThroughApi(person);
    const { context, page, pageErrors } = await newVisitor(browser, server.url);

    await page.goto('/login');
    await heading(page, 'Iniciar sesión').waitFor();
    await page.getByLabel('Usuario o correo electrónico').fill(person.username);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave-2026');
    await page.getByRole('button', { name: 'Entrar' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos.' });
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await banner(page).getByRole('button', { name: person.displayName }).count()).toBe(0);

    // The message follows a change of language without another attempt.
    await page.getByTestId('language-switcher').selectOption('en');
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a too-short password message beside the password field', async () => {
    const person = newPerson();
    const { context, page, pageErrors } = await newVisitor(browser, server.url);

    await page.goto('/register');
    await heading(page, 'Crear una cuenta').waitFor();
    await page.getByLabel('Nombre de usuario', { exact: true }).fill(person.username);
    await page.getByLabel('Correo electrónico', { exact: true }).fill(person.email);
    await page.getByLabel('Contraseña', { exact: true }).fill('corta');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();

    const password = page.getByLabel('Contraseña', { exact: true });
    await page.locator('input[aria-invalid="true"]').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, 'Contraseña')).toContain(
      'La contraseña debe tener al menos 10 caracteres.',
    );
    // The field at fault takes the focus; no other field is marked.
    expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/register');

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
