import type { Browser } from 'playwright-core';
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
  username: `rosa_digest_${process.pid}`,
  email: `rosa_digest_${process.pid}@example.org`,
  password: 'chakana-del-sur-2026',
  displayName: 'Rosa Quispe',
};

describe('the digest section of the settings page', () => {
  it('shows weekly by default, saves daily, and keeps it after a reload', async () => {
    const register = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(person),
    });
    expect(register.status).toBe(201);
    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/login?next=/settings%23mail');
    await page.getByLabel('Usuario o correo electrónico').fill(person.email);
    await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Configuración' }).waitFor();

    const section = page.getByRole('region', { name: 'Resumen por correo' });
    await section.getByRole('radio', { name: 'Cada semana' }).waitFor();
    expect(await section.getByRole('radio', { name: 'Cada semana' }).isChecked()).toBe(true);
    await section.getByRole('radio', { name: 'Cada día' }).check();
    await section.getByRole('button', { name: 'Guardar la frecuencia' }).click();
    await section.getByRole('status').filter({ hasText: 'Preferencia guardada.' }).waitFor();

    const saved = await page.evaluate(async () => (await fetch('/api/me/digest')).json());
    expect(saved).toEqual({ frequency: 'daily' });
    await page.reload();
    await page.getByRole('region', { name: 'Resumen por correo' }).getByRole('radio', { name: 'Cada día' }).waitFor();
    expect(await page.getByRole('region', { name: 'Resumen por correo' }).getByRole('radio', { name: 'Cada día' }).isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
