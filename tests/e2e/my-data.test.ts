import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { unzip } from '../helpers/zip.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  world = await buildWorld(server.app);
  const { thread } = await startThread(server.app, world.moderator, world.forumId, { title: 'Certificación de competencias laborales' });
  await replyTo(server.app, world.member, thread.id, 'En nuestro instituto la certificación es **modular**.');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openSection(page: Page) {
  await page.goto('/settings#my-data');
  const section = page.getByRole('region', { name: 'Mis datos' });
  await section.getByRole('button', { name: 'Descargar mis datos' }).waitFor();
  return section;
}

describe('“My data” in the settings', () => {
  it('asks for the export, follows its progress, and downloads a ZIP with the member’s post', async () => {
    const { context, page, pageErrors } = await signedInVisitor(browser, server.url, world.member);
    const section = await openSection(page);
    // What the polite live region says, and whether a progress bar showed, as it happens.
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      const region = document.querySelector('#my-data [role="status"]')!;
      new MutationObserver(() => {
        const text = region.textContent?.trim() ?? '';
        if (text && said.at(-1) !== text) said.push(text);
        if (document.querySelector('#my-data progress')) said.push('<progress>');
      }).observe(document.querySelector('#my-data')!, { subtree: true, childList: true, characterData: true });
    });
    await section.getByRole('button', { name: 'Descargar mis datos' }).click();
    await section.getByRole('status').filter({ hasText: 'Sus datos están listos.' }).waitFor();
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    expect(said).toContain('<progress>');
    expect(said.filter((text) => text !== '<progress>')).toEqual(expect.arrayContaining(['En cola: empezará en un momento.', 'Sus datos están listos.']));
    const link = section.getByRole('link', { name: 'Descargar el archivo ZIP' }).first();
    await section.getByText(/El enlace vale hasta el/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^minga-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = await unzip(await readFile((await download.path())!));
    expect(files.get('README.md')!.toString()).toContain('Sus datos de Minga');
    const posts = [...files.keys()].filter((name) => name.startsWith('posts/') && name.endsWith('.md'));
    expect(posts).toHaveLength(1);
    expect(files.get(posts[0]!)!.toString()).toContain('la certificación es **modular**');
    // After a reload the export is listed with its link.
    await page.reload();
    await (await openSection(page)).getByText('Exportaciones anteriores').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('has no serious accessibility violations, for a member and for an admin', async () => {
    for (const account of [world.member, world.admin]) {
      const { context, page } = await signedInVisitor(browser, server.url, account);
      await openSection(page);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });
});
