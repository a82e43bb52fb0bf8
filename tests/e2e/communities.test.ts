import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, type World } from '../helpers/forums.ts';
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

async function signedIn(account: World['admin'] | null) {
  const visitor = await newVisitor(browser, server.url);
  if (account) {
    const [name, value] = account.cookie.split('=');
    await visitor.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  return visitor;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** The forum names on the community page, in the order shown. */
const forumOrder = (page: Page) => page.locator('ol.forums h3').allTextContents();

describe('communities, from the browser', () => {
  it('creates a community with errors beside fields, arranges forums by keyboard, and approves a request', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    const secret = await as(app, world.admin).post('/api/communities', {
      slug: 'consejo-directivo',
      name: 'Consejo directivo',
      description: 'Solo para directores.',
      visibility: 'private',
      joinPolicy: 'approval',
    });
    expect(secret.statusCode).toBe(201);

    // ── The admin creates a community; a taken address is reported beside its field ───────────
    const admin = await signedIn(world.admin);
    const page = admin.page;
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/communities');
    await heading(page, 'Comunidades').waitFor();
    await page.getByRole('link', { name: 'Consejo directivo' }).waitFor();
    await page.getByText('Crear una comunidad').click();
    await page.getByLabel('Nombre', { exact: true }).fill('Formación técnica en minería');
    const slug = page.getByLabel('Identificador en la dirección');
    expect(await slug.inputValue()).toBe('formacion-tecnica-en-mineria');
    await slug.fill(world.slug);
    await page.getByLabel('Ingreso', { exact: true }).selectOption('approval');
    await page.getByRole('button', { name: 'Crear comunidad' }).click();
    await page.locator('#new-community-slug[aria-invalid="true"]').waitFor();
    expect(await page.locator('#new-community-slug-error').textContent()).toContain('Ese identificador ya está en uso.');
    expect(await slug.evaluate((input) => input === document.activeElement)).toBe(true);
    await slug.fill('mineria');
    await page.getByRole('button', { name: 'Crear comunidad' }).click();
    await heading(page, 'Formación técnica en minería').waitFor();
    expect(new URL(page.url()).pathname).toBe('/c/mineria');
    await page.getByText('Ingreso con aprobación').waitFor();

    // ── Two forums, then the second moved up with the keyboard ─────────────────────────────────
    await page.getByText('Crear un foro').click();
    for (const name of ['Seguridad en faena', 'Certificación de operadores']) {
      await page.getByLabel('Nombre del foro').fill(name);
      await page.getByRole('button', { name: 'Crear foro' }).click();
      await page.locator('ol.forums h3', { hasText: name }).waitFor();
    }
    expect(await forumOrder(page)).toEqual(['Seguridad en faena', 'Certificación de operadores']);
    const moveUp = page.getByRole('button', { name: 'Subir el foro Certificación de operadores' });
    await moveUp.focus();
    const saved = page.waitForResponse((response) => response.url().endsWith('/forums/order'));
    await page.keyboard.press('Enter');
    expect((await saved).status()).toBe(200);
    expect(await forumOrder(page)).toEqual(['Certificación de operadores', 'Seguridad en faena']);
    // The focus stays on the button that was pressed, now at the top (where it cannot go further).
    expect(await moveUp.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await moveUp.getAttribute('aria-disabled')).toBe('true');
    await page.reload();
    await heading(page, 'Formación técnica en minería').waitFor();
    expect(await forumOrder(page)).toEqual(['Certificación de operadores', 'Seguridad en faena']);

    // ── The list keeps its search in the address ─────────────────────────────────────────────
    await page.goto('/communities');
    await page.getByLabel('Buscar comunidades').fill('minería');
    await page.getByLabel('Buscar comunidades').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Comunidades que coinciden con «minería»' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('minería');
    await page.getByRole('link', { name: 'Formación técnica en minería' }).waitFor();
    expect(await page.getByRole('link', { name: 'Consejo directivo' }).count()).toBe(0);

    // ── Someone outside asks to join; a private community does not exist for them ──────────────
    const outsider = await signedIn(world.outsider);
    await outsider.page.goto('/c/consejo-directivo');
    await heading(outsider.page, 'Página no encontrada').waitFor();
    await outsider.page.getByText('Esa comunidad no existe.').waitFor();
    await outsider.page.goto('/c/mineria');
    await outsider.page.getByRole('button', { name: 'Solicitar ingreso' }).click();
    await outsider.page.getByText('Solicitud pendiente de aprobación').waitFor();

    // ── The admin approves the request from the Requests tab ───────────────────────────────────
    await page.goto('/c/mineria/members');
    await heading(page, 'Miembros de Formación técnica en minería').waitFor();
    await page.getByRole('link', { name: 'Solicitudes' }).click();
    expect(new URL(page.url()).searchParams.get('status')).toBe('pending');
    const outsiderName = (await as(app, world.outsider).get('/api/me')).json().user.displayName as string;
    const actions = page.getByRole('group', { name: `Acciones sobre ${outsiderName}` });
    await actions.getByRole('button', { name: 'Aprobar' }).click();
    await page.getByRole('status').filter({ hasText: `${outsiderName} ya es miembro.` }).waitFor();
    expect(await actions.count()).toBe(0);
    await page.getByRole('link', { name: 'Miembros', exact: true }).click();
    await page.getByRole('link', { name: outsiderName }).waitFor();

    await outsider.page.reload();
    await outsider.page.getByRole('button', { name: 'Salir de la comunidad' }).waitFor();

    expect(admin.pageErrors).toEqual([]);
    expect(outsider.pageErrors).toEqual([]);
    await admin.context.close();
    await outsider.context.close();
  });
});
