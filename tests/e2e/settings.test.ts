import type { Browser, Page } from 'playwright-core';
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

const person = {
  username: `ana_mamani_${process.pid}`,
  email: `ana_mamani_${process.pid}@example.org`,
  password: 'chakana-del-sur-2026',
  displayName: 'Ana Mamani',
};

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function focusedHeading(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null,
  );
}

describe('settings, from the browser', () => {
  it('sends a visitor to log in first, then edits the profile and manages API tokens', async () => {
    const register = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(person),
    });
    expect(register.status).toBe(201);
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    page.on('dialog', (dialog) => void dialog.accept());

    // Settings are for signed-in people: the login form comes first, then back to settings.
    await page.goto('/settings');
    await heading(page, 'Iniciar sesión').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings');
    await page.getByLabel('Usuario o correo electrónico').fill(person.email);
    await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await heading(page, 'Configuración').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');

    // The profile: an institution (which brings its country along), languages and a bio.
    const institution = page.getByLabel('Institución', { exact: true });
    await institution.locator('option', { hasText: 'SENA —' }).waitFor({ state: 'attached' });
    await institution.selectOption({ label: 'SENA — Servicio Nacional de Aprendizaje' });
    expect(await page.getByLabel('País', { exact: true }).inputValue()).toBe('CO');
    await page.getByRole('checkbox', { name: 'Español' }).check();
    await page.getByRole('checkbox', { name: 'Portugués' }).check();
    await page.getByLabel('Presentación breve').fill('Diseño curricular por competencias.');
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Cambios guardados.' }).waitFor();

    // A personal API token: the secret is shown once, and works as a Bearer credential.
    await page.getByLabel('Nombre de la clave').fill('informe semanal');
    await page.getByRole('button', { name: 'Crear clave' }).click();
    await page.getByText('Copie esta clave ahora: no volverá a mostrarse.').waitFor();
    const secret = await page.getByLabel('Su nueva clave').inputValue();
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    const revoke = page.getByRole('button', { name: 'Revocar la clave informe semanal' });
    await revoke.waitFor();
    await revoke.click();
    await page.getByText('Todavía no tiene claves.').waitFor();
    const afterRevoke = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(afterRevoke.status).toBe(401);

    // The public profile shows what was saved; the focus moves to the new page's heading.
    await page.getByRole('link', { name: 'Mi perfil' }).first().click();
    await heading(page, person.displayName).waitFor();
    expect(await focusedHeading(page)).toBe(person.displayName);
    await page.getByText('Servicio Nacional de Aprendizaje').waitFor();
    await page.getByText('Colombia').waitFor();
    await page.getByText('Español, Portugués').waitFor();
    await page.getByText('Diseño curricular por competencias.').waitFor();

    // Back and forward move between the app's pages.
    await page.goBack();
    await heading(page, 'Configuración').waitFor();
    await page.goForward();
    await heading(page, person.displayName).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a not-found page for an unknown person and for an unknown address', async () => {
    const { context, page, pageErrors } = await newVisitor(browser, server.url, 'en-GB');

    await page.goto('/u/nobody_here');
    await heading(page, 'Page not found').waitFor();
    await page.getByText('Nobody has the username').waitFor();

    await page.goto('/no/such/page');
    await heading(page, 'Page not found').waitFor();
    await page.getByRole('link', { name: 'Back to the home page' }).click();
    await heading(page, 'Welcome to Minga').waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the search words in the address', async () => {
    const { context, page } = await newVisitor(browser, server.url);

    await page.goto('/');
    // The header box leads to the results page with what was typed.
    await page.getByRole('combobox', { name: 'Buscar en Minga' }).fill('formación');
    await page.getByRole('combobox', { name: 'Buscar en Minga' }).press('Enter');
    await heading(page, 'Buscar').waitFor();
    await page.waitForURL((url) => url.searchParams.get('q') === 'formación');
    await page.getByLabel('Buscar en foros y bases de conocimiento').fill('formación dual');
    await page.getByLabel('Buscar en foros y bases de conocimiento').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'formación dual');
    await page.reload();
    expect(await page.getByLabel('Buscar en foros y bases de conocimiento').inputValue()).toBe(
      'formación dual',
    );

    await context.close();
  });
});
