import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
let other: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
  other = await buildWorld(server.app, { admin: world.admin });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('searching from the header and from a community, in the browser', () => {
  it('suggests as one types, and a suggestion picked with the keyboard opens the item', async () => {
    const { thread } = await startThread(server.app, world.member, world.forumId, {
      title: 'Mecatrónica aplicada en la industria',
      body: 'Sensores y actuadores.',
    });
    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Buscar en Minga' });
    await box.click();
    await box.pressSequentially('mecatro', { delay: 30 });

    const list = page.getByRole('listbox', { name: 'Sugerencias' });
    const option = list.getByRole('option', { name: 'Mecatrónica aplicada en la industria' });
    await option.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await list.getByRole('group', { name: 'Temas' }).count()).toBe(1);
    expect(await option.locator('mark').textContent()).toBe('Mecatrónica');
    await page.getByRole('status').filter({ hasText: /^1 sugerencia$/ }).waitFor();

    // The last option opens the results page; the arrow keys wrap around.
    await box.press('ArrowUp');
    expect(await list.getByRole('option', { selected: true }).textContent()).toContain('Ver todos los resultados de «mecatro»');
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');

    await page.waitForURL(`**/t/${thread.id}`);
    await page.getByRole('heading', { level: 1, name: 'Mecatrónica aplicada en la industria' }).waitFor();
    expect(await list.isVisible()).toBe(false);

    // Escape closes the list; Enter without a choice searches everything.
    await box.fill('');
    await box.pressSequentially('senai', { delay: 30 });
    const institutions = list.getByRole('group', { name: 'Instituciones' });
    await institutions.getByRole('option').first().waitFor();
    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.inputValue()).toBe('senai');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'senai');
    await page.getByRole('region', { name: 'Resultados' }).getByRole('link', { name: /SENAI/ }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('searches one community from its page', async () => {
    await startThread(server.app, world.member, world.forumId, { title: 'Robótica educativa aquí', body: 'Kits de robótica.' });
    await startThread(server.app, other.member, other.forumId, { title: 'Robótica educativa allá', body: 'Kits de robótica.' });
    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto(`/c/${world.slug}`);
    const form = page.getByRole('search', { name: 'Buscar en esta comunidad' });
    await form.getByRole('searchbox', { name: 'Buscar en esta comunidad' }).fill('robotica');
    await form.getByRole('button', { name: 'Buscar' }).click();

    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('community') === world.slug);
    const results = page.getByRole('region', { name: 'Resultados' });
    await results.getByRole('link', { name: 'Robótica educativa aquí' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^1 resultado$/ }).waitFor();
    expect(await results.getByRole('link', { name: 'Robótica educativa allá' }).count()).toBe(0);
    await page.getByText(/Solo en la comunidad Formación dual/).waitFor();

    await page.getByRole('link', { name: 'Buscar en todo Minga' }).click();
    await results.getByRole('link', { name: 'Robótica educativa allá' }).waitFor();
    expect(new URL(page.url()).searchParams.get('community')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
