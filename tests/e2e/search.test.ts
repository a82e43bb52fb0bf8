import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
let senai: number;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
  senai = (server.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the search page, in the browser', () => {
  it('finds threads and resources, highlights the match and narrows by a shareable facet', async () => {
    const { app } = server;
    await startThread(app, world.member, world.forumId, {
      title: 'Aprendizaje en la empresa',
      body: 'La formación dual en Colombia',
    });
    const response = await as(app, world.admin).post('/api/resources', {
      title: 'Guía de formación dual',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: senai,
    });
    expect(response.statusCode, response.body).toBe(201);

    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/search?q=formacion');
    await page.getByRole('heading', { level: 1, name: 'Buscar' }).waitFor();
    expect(await page.getByRole('searchbox', { name: /Buscar en foros/ }).inputValue()).toBe('formacion');

    const results = page.getByRole('region', { name: 'Resultados' });
    const threadLink = results.getByRole('link', { name: 'Aprendizaje en la empresa' });
    const resourceLink = results.getByRole('link', { name: 'Guía de formación dual' });
    // The seeded institutions match too and rank first: the thread may come on a later page.
    await resourceLink.waitFor();
    await page.getByRole('status').filter({ hasText: /^\d+ resultados$/ }).waitFor();
    for (let step = 0; step < 10 && (await threadLink.count()) === 0; step += 1) {
      await page.getByRole('button', { name: 'Cargar más' }).click();
      await page.getByRole('button', { name: 'Cargar más' }).or(threadLink).first().waitFor();
    }
    await threadLink.waitFor();
    const threadItem = results.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Aprendizaje en la empresa' }) });
    expect(await threadItem.locator('mark').first().textContent()).toBe('formación');

    const facets = page.getByRole('navigation', { name: 'Filtrar resultados' });
    await facets.getByRole('link', { name: /^Recurso/ }).click();
    await page.waitForURL((url) => url.searchParams.get('type') === 'resource');
    expect(new URL(page.url()).searchParams.get('q')).toBe('formacion');
    await threadLink.waitFor({ state: 'detached' });
    await resourceLink.waitFor();
    await page.getByRole('status').filter({ hasText: '1 resultado' }).waitFor();
    expect(await facets.getByRole('link', { name: /^Recurso/ }).getAttribute('aria-current')).toBe('true');

    await page.reload();
    await resourceLink.waitFor();
    await page.getByRole('status').filter({ hasText: '1 resultado' }).waitFor();
    expect(await threadLink.count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('type')).toBe('resource');
    expect(pageErrors).toEqual([]);
  });
});
