import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { openPostMenu } from './support/post-menu.ts';

/**
 * Drafts as a member meets them: typed text is saved while they write, comes back after a
 * reload or on another device, is gone once posted, and leaving with unsaved text asks first.
 */
let server: TestServer;
let browser: Browser;
let w: World;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const draftOnServer = (key: string) => as(server.app, w.member).get(`/api/drafts/${key}`);
const saved = (page: Page) => page.locator('[data-draft-status="saved"]').getByText('Borrador guardado').waitFor();

describe('a draft survives', () => {
  it('a new thread: saved as one types, restored on another device, deleted on posting', async () => {
    const laptop = await signedInVisitor(browser, server.url, w.member);
    await laptop.page.goto(`/f/${w.forumId}`);
    await laptop.page.waitForLoadState('networkidle');
    await laptop.page.getByRole('button', { name: 'Nuevo tema' }).click();
    await laptop.page.getByLabel('Título').fill('Prácticas en empresas pequeñas');
    await laptop.page.getByLabel('Mensaje').fill('¿Cómo organizan la tutoría cuando la empresa tiene tres personas?');
    // Saved a moment after typing stops, quietly said so.
    await expect
      .poll(async () => (await draftOnServer(`thread:${w.forumId}`)).json(), { timeout: 10_000 })
      .toMatchObject({ title: 'Prácticas en empresas pequeñas', body: '¿Cómo organizan la tutoría cuando la empresa tiene tres personas?' });
    await saved(laptop.page);

    // Another browser, the same member: the form opens with the text back in it.
    const phone = await signedInVisitor(browser, server.url, w.member);
    await phone.page.goto(`/f/${w.forumId}`);
    await expect.poll(() => phone.page.getByLabel('Título').inputValue()).toBe('Prácticas en empresas pequeñas');
    expect(await phone.page.getByLabel('Mensaje').inputValue()).toBe('¿Cómo organizan la tutoría cuando la empresa tiene tres personas?');
    await phone.page.getByText(/Se recuperó su borrador/).waitFor();

    await phone.page.getByRole('button', { name: 'Publicar el tema' }).click();
    await phone.page.waitForURL(/\/t\/\d+$/);
    expect((await draftOnServer(`thread:${w.forumId}`)).statusCode).toBe(404);
    expect([...laptop.pageErrors, ...phone.pageErrors]).toEqual([]);
    await laptop.context.close();
    await phone.context.close();
  });

  it('a reply: back after a reload, gone once posted', async () => {
    const { thread } = await startThread(server.app, w.moderator, w.forumId);
    const { page, pageErrors, context } = await signedInVisitor(browser, server.url, w.member);
    await page.goto(`/t/${thread.id}`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Su respuesta').fill('Nosotros usamos un diario de prácticas compartido.');
    await saved(page);

    await page.reload();
    await expect.poll(() => page.getByLabel('Su respuesta').inputValue()).toBe('Nosotros usamos un diario de prácticas compartido.');

    await page.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await page.getByText('Se publicó su respuesta.').waitFor();
    expect((await draftOnServer(`reply:${thread.id}`)).statusCode).toBe(404);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await page.getByLabel('Su respuesta').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('asks before leaving the page with text not yet saved, and stays when told to', async () => {
    const { thread } = await startThread(server.app, w.moderator, w.forumId, { title: 'Tutorías en la empresa' });
    const { page, pageErrors, context } = await signedInVisitor(browser, server.url, w.member);
    await page.goto(`/f/${w.forumId}`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('link', { name: 'Tutorías en la empresa' }).click();
    await page.waitForURL(`**/t/${thread.id}`);
    const composer = page.getByLabel('Su respuesta');
    await composer.waitFor();
    const questions: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    const back = () => page.evaluate(() => history.back());
    const forumShown = () => page.getByRole('link', { name: 'Tutorías en la empresa' }).waitFor();

    // Typed and gone back at once, before the draft is saved: asked, and told to stay.
    await composer.fill('Una idea a medio escribir');
    await back();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toBe('Tiene texto sin publicar. ¿Salir de la página de todos modos?');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/t/${thread.id}`);
    expect(await composer.inputValue()).toBe('Una idea a medio escribir');

    // Told to leave: the text is saved on the way out, for later.
    answer = true;
    await composer.fill('Una idea terminada');
    await back();
    await expect.poll(() => questions.length).toBe(2);
    await forumShown();
    await expect.poll(async () => (await draftOnServer(`reply:${thread.id}`)).json().body, { timeout: 10_000 }).toBe('Una idea terminada');

    // Once saved, leaving asks nothing.
    await page.getByRole('link', { name: 'Tutorías en la empresa' }).click();
    await expect.poll(() => composer.inputValue()).toBe('Una idea terminada');
    await composer.fill('Una idea terminada, y guardada');
    await saved(page);
    await back();
    await expect.poll(() => questions.length).toBe(2);
    await forumShown();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an edit: back when the post is edited again, on another device, gone once saved', async () => {
    const { thread, post } = await startThread(server.app, w.member, w.forumId, { body: 'El texto de antes.' });
    const openEditor = async (page: Page) => {
      await page.goto(`/t/${thread.id}`);
      await page.waitForLoadState('networkidle');
      const card = page.locator(`#post-${post.id}`);
      await openPostMenu(card);
      await card.getByRole('button', { name: 'Editar', exact: true }).click();
      return card.getByLabel('Editar el mensaje');
    };
    const first = await signedInVisitor(browser, server.url, w.member);
    const editor = await openEditor(first.page);
    await expect.poll(() => editor.inputValue()).toBe('El texto de antes.');
    await editor.fill('El texto corregido, a medias.');
    await expect.poll(async () => (await draftOnServer(`edit:${post.id}`)).json().body, { timeout: 10_000 }).toBe('El texto corregido, a medias.');

    const second = await signedInVisitor(browser, server.url, w.member);
    const again = await openEditor(second.page);
    await expect.poll(() => again.inputValue()).toBe('El texto corregido, a medias.');
    await second.page.locator(`#post-${post.id}`).getByRole('button', { name: 'Guardar', exact: true }).click();
    await second.page.locator(`#post-${post.id}`).getByText('El texto corregido, a medias.').waitFor();
    expect((await draftOnServer(`edit:${post.id}`)).statusCode).toBe(404);
    expect([...first.pageErrors, ...second.pageErrors]).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
