import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
const pageErrors: string[][] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
  await startThread(server.app, world.member, world.forumId, { title: 'Rúbricas para la formación dual', body: 'Compartimos nuestras rúbricas.' });
  const resource = await as(server.app, world.admin).post('/api/resources', { title: 'Manual de rúbricas', type: 'manual', languages: ['es'], countryCode: 'UY' });
  expect(resource.statusCode, resource.body).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(pageErrors.flat()).toEqual([]);
});

async function visitor(): Promise<Page> {
  const { page, pageErrors: errors } = await newVisitor(browser, server.url);
  pageErrors.push(errors);
  return page;
}

/**
 * Submits the form the way a browser without the app's script does: `form.submit()` fires no
 * submit event, so nothing of the app intercepts it and only the form's markup (action, method,
 * named fields) decides where the browser goes.
 */
async function submitWithoutScript(page: Page, formSelector: string) {
  await Promise.all([
    page.waitForEvent('load'),
    page.locator(formSelector).evaluate((form) => HTMLFormElement.prototype.submit.call(form)),
  ]);
}

const searchPath = (page: Page) => {
  const url = new URL(page.url());
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
};

describe('searching is a GET form that works without JavaScript', () => {
  it('the header’s search box loads /search?q=… by itself', async () => {
    const page = await visitor();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Buscar en Minga' }).fill('rúbricas');
    await submitWithoutScript(page, 'form.header-search');
    expect(searchPath(page)).toEqual({ path: '/search', query: { q: 'rúbricas' } });
    await page.getByRole('region', { name: 'Resultados' }).getByRole('link', { name: 'Manual de rúbricas' }).waitFor();
  });

  it('the search page’s form keeps the filters that are set, as named fields', async () => {
    const page = await visitor();
    await page.goto('/search?q=manual&type=resource&country=UY');
    await page.getByRole('heading', { level: 1, name: 'Buscar' }).waitFor();
    await page.getByRole('searchbox', { name: /Buscar en foros/ }).fill('rúbricas');
    await submitWithoutScript(page, 'main form[role="search"]');
    expect(searchPath(page)).toEqual({ path: '/search', query: { q: 'rúbricas', type: 'resource', country: 'UY' } });
    const results = page.getByRole('region', { name: 'Resultados' });
    await results.getByRole('link', { name: 'Manual de rúbricas' }).waitFor();
    expect(await results.getByRole('link', { name: 'Rúbricas para la formación dual' }).count()).toBe(0);
  });

  it('with JavaScript the app still answers the same form in place, without loading the page again', async () => {
    const page = await visitor();
    await page.goto('/search?type=thread');
    await page.getByRole('heading', { level: 1, name: 'Buscar' }).waitFor();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole('searchbox', { name: /Buscar en foros/ }).fill('rúbricas');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('region', { name: 'Resultados' }).getByRole('link', { name: 'Rúbricas para la formación dual' }).waitFor();
    expect(searchPath(page)).toEqual({ path: '/search', query: { q: 'rúbricas', type: 'thread' } });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });
});
