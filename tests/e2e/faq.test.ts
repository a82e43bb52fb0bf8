/**
 * The FAQ in the browser (issue 18, part 2): an editor proposes a solved question from its
 * thread page, edits it on the review page and publishes it; a member finds it on /faq, grouped
 * under its topic, opens it and follows the link to the discussion. Both pages pass axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

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

describe('FAQ pages', () => {
  it('an editor proposes from the thread, edits and publishes on the review page; a member reads it on /faq', async () => {
    const editor = await registerUser(server.app);
    expect((await as(server.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' })).statusCode).toBe(200);
    const { thread } = await startThread(server.app, w.member, w.forumId, {
      title: '¿Cómo se organiza la alternancia en logística?',
      body: 'Queremos empezar con formación dual en logística.',
      kind: 'question',
    });
    const reply = await replyTo(server.app, w.moderator, thread.id, 'Tres días en la **empresa** y dos en el centro, con un tutor en cada lado.');
    expect((await as(server.app, w.member).post(`/api/threads/${thread.id}/accept`, { postId: reply.id })).statusCode).toBe(200);

    const { page, pageErrors, context } = await signedInVisitor(browser, server.url, editor);
    await page.goto(`/t/${thread.id}`);
    await page.getByRole('button', { name: 'Proponer como pregunta frecuente' }).click();
    await page.getByText('Pregunta frecuente: Propuestas').waitFor();

    await page.goto('/faq/review');
    await page.getByRole('heading', { level: 1, name: 'Revisión de propuestas' }).waitFor();
    const card = page.locator('article', { hasText: '¿Cómo se organiza la alternancia en logística?' });
    await card.getByLabel('Pregunta', { exact: true }).fill('¿Cómo se reparte el tiempo en la formación dual en logística?');
    await card.getByLabel('Tema o sector').selectOption('theme:dual');
    expect(await seriousViolations(page)).toEqual([]);
    await card.getByRole('button', { name: 'Guardar' }).click();
    await card.getByRole('heading', { name: /¿Cómo se reparte el tiempo/ }).waitFor();
    await card.getByRole('button', { name: 'Publicar' }).click();
    await card.getByText('Publicadas').waitFor();

    // The same thread proposed as an experience (from its page), reviewed in the Experiences tab.
    await page.goto(`/t/${thread.id}`);
    await page.getByRole('button', { name: 'Proponer como experiencia' }).click();
    await page.getByText('Experiencia: Propuestas').waitFor();
    await page.goto('/faq/review?tab=experiences');
    const proposal = page.locator('article', { hasText: '¿Cómo se organiza la alternancia en logística?' });
    await proposal.getByLabel('Tema', { exact: true }).selectOption('dual');
    expect(await seriousViolations(page)).toEqual([]);
    await proposal.getByRole('button', { name: 'Publicar' }).click();
    await proposal.getByRole('link', { name: 'Ver la experiencia publicada' }).click();
    await page.waitForURL(/\/knowledge\/experiences\/\d+$/);
    await page.getByRole('heading', { level: 1, name: '¿Cómo se organiza la alternancia en logística?' }).waitFor();
    await context.close();

    // The member: /faq as the server renders it (JSON-LD FAQPage), then in the browser.
    const html = (await server.app.inject({ method: 'GET', url: '/faq', headers: { cookie: w.member.cookie, 'accept-language': 'es' } })).body;
    expect(html).toContain('¿Cómo se reparte el tiempo en la formación dual en logística?');
    expect(html).toContain('"@type":"FAQPage"');

    const member = await signedInVisitor(browser, server.url, w.member);
    await member.page.goto('/faq');
    await member.page.getByRole('heading', { level: 2, name: 'Aprendizaje y formación dual' }).waitFor();
    await member.page.getByText('¿Cómo se reparte el tiempo en la formación dual en logística?').click();
    await member.page.getByText('Tres días en la empresa').waitFor();
    expect(await seriousViolations(member.page)).toEqual([]);
    const link = member.page.getByRole('link', { name: 'Ver la discusión' });
    expect(await link.getAttribute('href')).toBe(`/t/${thread.id}#post-${reply.id}`);

    // The search box finds it without accents.
    await member.page.getByLabel('Buscar en las preguntas frecuentes').fill('logistica tutor');
    await member.page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await member.page.waitForURL('**/faq?q=logistica+tutor');
    await member.page.getByText('¿Cómo se reparte el tiempo en la formación dual en logística?').waitFor();
    expect(pageErrors).toEqual([]);
    expect(member.pageErrors).toEqual([]);
    await member.context.close();
  });
});
