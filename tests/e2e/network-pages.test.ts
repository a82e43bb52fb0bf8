/**
 * The network's pages in the browser (issue 18, parts 5 and 6): the hub /network with its
 * sections and the map, the countries list with its figures, a country's page, an unknown
 * country's 404; as a member and as an admin, each page checked by axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let hidden: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  hidden = await buildWorld(server.app, { visibility: 'private', admin: w.admin });
  await as(server.app, w.member).patch('/api/me', { countryCode: 'BR' });
  await as(server.app, hidden.member).patch('/api/me', { countryCode: 'BR' });
  await startThread(server.app, w.member, w.forumId, { title: 'Aprendizagem industrial no SENAI' });
  await startThread(server.app, hidden.member, hidden.forumId, { title: 'Conversa reservada da comunidade privada' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the network pages', () => {
  for (const who of ['member', 'admin'] as const) {
    it(`shows the hub, the countries and Brazil to a ${who}, accessible`, async () => {
      const account = who === 'member' ? w.member : w.admin;
      const { page, pageErrors, context } = await signedInVisitor(browser, server.url, account);

      await page.goto('/network');
      await page.getByRole('heading', { level: 1, name: 'La red' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Navegación principal' });
      expect(await nav.getByRole('link', { name: 'Red' }).getAttribute('aria-current')).toBe('page');
      for (const [name, href] of [
        ['Noticias', '/news'],
        ['Preguntas frecuentes', '/faq'],
        ['Acuerdos', '/agreements'],
        ['Cooperación', '/cooperation'],
        ['Países', '/countries'],
        ['Instituciones', '/knowledge/institutions'],
        ['Actividad', '/network/activity'],
      ]) {
        expect(await page.getByRole('heading', { level: 3, name }).getByRole('link').getAttribute('href'), name).toBe(href);
      }
      const map = page.getByRole('img', { name: 'Mapa de la red' });
      await map.waitFor();
      expect(await page.locator('svg circle.institution').count()).toBeGreaterThan(50);
      await page.getByText('Los datos del mapa en una tabla').click();
      await page.getByRole('table').getByRole('link', { name: 'Brasil' }).waitFor();
      await expectAccessible(page);

      await page.getByRole('heading', { level: 3, name: 'Países' }).getByRole('link').click();
      await page.waitForURL('**/countries');
      await page.getByRole('heading', { level: 1, name: 'Países' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Red' }).getAttribute('aria-current')).toBe('page');
      const row = page.getByRole('row', { name: /^Brasil / });
      await row.waitFor();
      // Institutions, then members (two: the public community's member and the private one's).
      expect((await row.getByRole('cell').allTextContents())[1]).toBe('2');
      await expectAccessible(page);

      await page.locator('table.figures').getByRole('link', { name: 'Brasil' }).click();
      await page.waitForURL('**/countries/br');
      await page.getByRole('heading', { level: 1, name: 'Brasil' }).waitFor();
      await page.getByRole('link', { name: 'Aprendizagem industrial no SENAI' }).waitFor();
      expect(await page.getByText('Conversa reservada da comunidade privada').count()).toBe(0);
      await page.getByRole('link', { name: 'SENAI', exact: false }).first().waitFor();
      await page.getByRole('heading', { level: 2, name: 'Próximos talleres en Português' }).waitFor();
      await expectAccessible(page);

      expect(pageErrors).toEqual([]);
      await context.close();
    });
  }

  it('renders a country on the server, whatever the case of its code, and answers 404 for an unknown one', async () => {
    const html = (await server.app.inject({ method: 'GET', url: '/countries/BR', headers: { 'accept-language': 'es' } })).body;
    expect(html).toContain('<h1');
    expect(html).toContain('Brasil');
    expect(html).toContain('Aprendizagem industrial no SENAI');
    expect(html).not.toContain('Conversa reservada');
    const hub = await server.app.inject({ method: 'GET', url: '/network', headers: { 'accept-language': 'es' } });
    expect(hub.statusCode).toBe(200);
    expect(hub.body).toMatch(/<path class="country[ "][^>]* d="M/);
    // The map is drawn on the server: no topology (TopoJSON arcs) reaches the page.
    expect(hub.body).not.toContain('"arcs"');

    const missing = await server.app.inject({ method: 'GET', url: '/countries/zz', headers: { 'accept-language': 'es' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Ese país no forma parte de la red.');
  });
});
