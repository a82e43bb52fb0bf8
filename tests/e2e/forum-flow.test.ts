import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { openPostMenu } from './support/post-menu.ts';

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

type Account = World['member'];

/** A browser already signed in as this person (their session cookie, as after a login). */
async function signedIn(account: Account) {
  return signedInVisitor(browser, server.url, account);
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const post = (page: Page, id: number) => page.locator(`#post-${id}`);
const button = (scope: Page | Locator, name: string | RegExp) => scope.getByRole('button', { name });

describe('a question from first post to locked thread, in the browser', () => {
  it('asks, quotes, edits, reacts, accepts and locks', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    const asker = world.member;
    await as(app, asker).patch('/api/me', { displayName: 'Rosa Quispe' });
    const helper = await registerUser(app, { displayName: 'Tomás Mamani' });
    expect((await as(app, helper).post(`/api/communities/${world.slug}/join`)).json()).toEqual({ status: 'active' });
    const contexts: BrowserContext[] = [];
    const errors: string[][] = [];

    // ── The asker logs in through the form and opens a question with Markdown ───────────────
    const first = await newVisitor(browser, server.url);
    contexts.push(first.context);
    errors.push(first.pageErrors);
    const askerPage = first.page;
    await askerPage.goto(`/login?next=/f/${world.forumId}`);
    await askerPage.getByLabel('Usuario o correo electrónico').fill(asker.username);
    await askerPage.getByLabel('Contraseña', { exact: true }).fill(asker.password);
    await button(askerPage, 'Entrar').click();
    await heading(askerPage, 'General').waitFor();

    await button(askerPage, 'Nuevo tema').click();
    await askerPage.getByLabel('Título').fill('¿Cómo evalúan las prácticas en empresa?');
    await askerPage.getByRole('radio', { name: /Pregunta/ }).check();
    await askerPage.getByLabel('Idioma del tema').selectOption('es');
    await askerPage.getByLabel('Mensaje', { exact: true }).fill('Usamos **rúbricas** en dos momentos:\n\n- al inicio\n- al cierre');
    // The live preview shows what will be stored.
    await askerPage.locator('#new-thread-body-preview strong', { hasText: 'rúbricas' }).waitFor();
    await button(askerPage, 'Publicar el tema').click();
    await heading(askerPage, '¿Cómo evalúan las prácticas en empresa?').waitFor();
    const threadId = Number(new URL(askerPage.url()).pathname.split('/').pop());
    expect(threadId).toBeGreaterThan(0);
    const questionId = Number((await askerPage.locator('article.post').first().getAttribute('id'))!.replace('post-', ''));
    const question = post(askerPage, questionId);
    await question.locator('.post-body strong', { hasText: 'rúbricas' }).waitFor();
    expect(await question.locator('.post-body li').allTextContents()).toEqual(['al inicio', 'al cierre']);
    await askerPage.getByText('Pregunta', { exact: true }).first().waitFor();

    // ── A second member quotes the question in a reply ───────────────────────────────────────
    const second = await signedIn(helper);
    contexts.push(second.context);
    errors.push(second.pageErrors);
    const helperPage = second.page;
    await helperPage.goto(`/t/${threadId}`);
    await heading(helperPage, '¿Cómo evalúan las prácticas en empresa?').waitFor();
    await openPostMenu(post(helperPage, questionId));
    await button(post(helperPage, questionId), 'Citar').click();
    const composer = helperPage.getByLabel('Su respuesta');
    await expect.poll(() => composer.inputValue()).toContain(`> [Rosa Quispe](/t/${threadId}#post-${questionId}) escribió:`);
    expect(await composer.inputValue()).toContain('> al inicio');
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true);
    await composer.press('End');
    await composer.pressSequentially('Nosotros sumamos una autoevaluación.');
    await button(helperPage, 'Publicar la respuesta').click();
    const reply = helperPage.locator('article.post').nth(1);
    await reply.getByText('Nosotros sumamos una autoevaluación.').waitFor();
    const replyId = Number((await reply.getAttribute('id'))!.replace('post-', ''));
    // The quote links back to the post it quotes, and the reply says whom it answers.
    await reply.locator(`blockquote a[href="/t/${threadId}#post-${questionId}"]`, { hasText: 'Rosa Quispe' }).waitFor();
    await reply.getByRole('link', { name: 'Rosa Quispe' }).first().waitFor();
    expect(await reply.locator(`a[href="#post-${questionId}"]`).count()).toBe(1);
    expect(await composer.inputValue()).toBe('');
    await helperPage.getByRole('status').filter({ hasText: 'Se publicó su respuesta.' }).waitFor();

    // Too long a reply: the message sits beside the field, and is written again in another
    // language from the numbers the server sent (error params), without sending again.
    await composer.fill('a'.repeat(50_001));
    await button(helperPage, 'Publicar la respuesta').click();
    const tooLong = helperPage.locator('#composer-body-error');
    await tooLong.filter({ hasText: 'El texto no puede pasar de 50.000 caracteres (tiene 50.001).' }).waitFor();
    expect(await composer.getAttribute('aria-invalid')).toBe('true');
    await helperPage.getByTestId('language-switcher').selectOption('en');
    await tooLong.filter({ hasText: 'The text cannot be longer than 50,000 characters (it has 50,001).' }).waitFor();
    await helperPage.getByTestId('language-switcher').selectOption('es');
    await composer.fill('');

    // ── The asker edits the question: an "edited" mark that opens the older version ──────────
    await askerPage.reload();
    await post(askerPage, replyId).waitFor();
    await openPostMenu(question);
    await button(question, 'Editar').click();
    const editor = question.getByLabel('Editar el mensaje');
    await expect.poll(() => editor.inputValue()).toContain('Usamos **rúbricas**');
    await editor.fill('Usamos **rúbricas** y listas de cotejo en dos momentos:\n\n- al inicio\n- al cierre');
    await button(question, 'Guardar').click();
    await question.locator('.post-body', { hasText: 'listas de cotejo' }).waitFor();
    await button(question, 'editado').click();
    const history = askerPage.getByRole('dialog', { name: /Versiones anteriores/ });
    await history.waitFor();
    await history.locator('.post-body', { hasText: 'Usamos rúbricas en dos momentos:' }).waitFor();
    expect(await history.locator('.post-body', { hasText: 'listas de cotejo' }).count()).toBe(0);
    await askerPage.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // ── …reacts to the reply ─────────────────────────────────────────────────────────────────
    const replyOnAskerPage = post(askerPage, replyId);
    const like = button(replyOnAskerPage, /^Me gusta:/);
    // Not given yet: not in view; the picker in the post's menu offers it.
    expect(await like.count()).toBe(0);
    await openPostMenu(replyOnAskerPage);
    await button(replyOnAskerPage, 'Añadir una reacción').click();
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    // The live update with the new count may arrive before the answer to one's own click (held
    // back here): the button shows the reaction as given from the first moment it counts it.
    const reactions = '**/api/posts/*/reactions';
    await askerPage.route(reactions, async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.fulfill({ response });
    });
    const answered = askerPage.waitForResponse((response) => response.url().endsWith('/reactions') && response.request().method() === 'POST');
    await like.click();
    await button(replyOnAskerPage, 'Me gusta: 1').waitFor();
    expect(await like.getAttribute('aria-pressed')).toBe('true');
    await answered;
    await askerPage.unroute(reactions);
    expect(await like.getAttribute('aria-pressed')).toBe('true');
    await openPostMenu(replyOnAskerPage);
    await button(replyOnAskerPage, 'Ver quién reaccionó').click();
    await replyOnAskerPage.locator(`#reactors-${replyId}`).getByRole('link', { name: 'Rosa Quispe' }).waitFor();

    // ── …and accepts it: shown under the question, and marked in its place ───────────────────
    await openPostMenu(replyOnAskerPage);
    await button(replyOnAskerPage, /Aceptar como respuesta/).click();
    const accepted = askerPage.getByRole('region', { name: /Respuesta aceptada/ });
    await accepted.getByText('Nosotros sumamos una autoevaluación.').waitFor();
    const order = await askerPage.evaluate(
      (ids) => {
        const question = document.getElementById(`post-${ids.question}`)!;
        const section = document.querySelector('.accepted-answer')!;
        const reply = document.getElementById(`post-${ids.reply}`)!;
        const follows = (a: Node, b: Node) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
        return follows(question, section) && follows(section, reply);
      },
      { question: questionId, reply: replyId },
    );
    expect(order).toBe(true);
    expect(await replyOnAskerPage.getAttribute('class')).toContain('accepted');
    await replyOnAskerPage.locator('.badge', { hasText: 'Respuesta aceptada' }).waitFor();
    await openPostMenu(replyOnAskerPage);
    await button(replyOnAskerPage, 'Quitar como respuesta aceptada').waitFor();
    await askerPage.keyboard.press('Escape');
    await askerPage.locator('.intro').getByText('Resuelta').waitFor();
    // A shared link to the answer brings it into view, marked.
    await askerPage.goto(`/t/${threadId}#post-${replyId}`);
    await expect.poll(() => post(askerPage, replyId).getAttribute('class')).toContain('highlighted');
    expect(await askerPage.evaluate(() => document.activeElement?.id)).toBe(`post-${replyId}`);

    // ── A moderator locks the thread; the second member can no longer reply ──────────────────
    const third = await signedIn(world.moderator);
    contexts.push(third.context);
    errors.push(third.pageErrors);
    const moderatorPage = third.page;
    await moderatorPage.goto(`/t/${threadId}`);
    const toolbar = moderatorPage.getByRole('toolbar', { name: 'Moderación' });
    await button(toolbar, 'Cerrar el tema').click();
    await button(toolbar, 'Reabrir el tema').waitFor();
    await moderatorPage.locator('.intro').getByText('Cerrado').waitFor();

    await helperPage.reload();
    await heading(helperPage, '¿Cómo evalúan las prácticas en empresa?').waitFor();
    const note = helperPage.getByRole('note');
    await note.filter({ hasText: 'Este tema está cerrado: ya no admite respuestas.' }).waitFor();
    expect(await helperPage.getByLabel('Su respuesta').count()).toBe(0);
    expect(await button(helperPage, 'Responder').count()).toBe(0);

    for (const pageErrors of errors) expect(pageErrors).toEqual([]);
    for (const context of contexts) await context.close();
  });
});
