import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let first: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(account: World['member']) {
  return signedInVisitor(browser, server.url, account);
}

describe('mailing-list mode, from the browser', () => {
  it('a member turns it on from the community page and off from the settings page', async () => {
    const { app } = server;
    const world = (first = await buildWorld(app));
    const { page, pageErrors } = await signedIn(world.member);
    const state = async () => (await as(app, world.member).get(`/api/communities/${world.slug}/mailing-list`)).json().enabled;

    await page.goto(`/c/${world.slug}`);
    const toggle = page.getByRole('checkbox', { name: 'Recibir cada publicación por correo' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await page.getByRole('status').filter({ hasText: 'Recibirá cada publicación nueva de esta comunidad por correo.' }).waitFor({ state: 'attached' });
    expect(await state()).toBe(true);

    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Listas de correo' });
    const community = (await as(app, world.member).get(`/api/communities/${world.slug}`)).json().community.name as string;
    await section.getByRole('link', { name: community }).waitFor();
    await section.getByRole('button', { name: `Dejar de recibir: ${community}` }).click();
    await section.getByText('Ninguna. Puede activarlo en la página de cada comunidad.').waitFor();
    expect(await state()).toBe(false);

    // Back on the community page, the toggle shows it off.
    await page.goto(`/c/${world.slug}`);
    await page.getByRole('checkbox', { name: 'Recibir cada publicación por correo' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Recibir cada publicación por correo' }).isChecked()).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('is not offered to someone who is not a member', async () => {
    const { app } = server;
    const world = await buildWorld(app, { admin: first.admin });
    const { page } = await signedIn(world.outsider);
    await page.goto(`/c/${world.slug}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Unirse' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Recibir cada publicación por correo' }).count()).toBe(0);
  });
});
