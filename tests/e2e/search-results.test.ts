import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
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

describe('search result cards, in the browser', () => {
  it('show where each result lives, who wrote it, replies and solved state; the header suggestions too', async () => {
    const { app } = server;
    const question = await startThread(app, world.member, world.forumId, {
      title: 'Tutores de mecatrónica',
      body: '¿Cómo eligen **tutores** de mecatrónica?',
      kind: 'question',
    });
    const answer = await replyTo(app, world.moderator, question.thread.id, 'Con experiencia en mecatrónica.');
    expect((await as(app, world.member).post(`/api/threads/${question.thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
    const created = await as(app, world.admin).post('/api/resources', {
      title: 'Guía de mecatrónica',
      summary: 'Una guía **práctica** de mecatrónica &amp; robótica.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: senai,
    });
    expect(created.statusCode, created.body).toBe(201);
    const community = (await as(app, null).get(`/api/communities/${world.slug}`)).json().community as { name: string };
    const { displayName } = server.database.sqlite.prepare('SELECT display_name AS displayName FROM users WHERE id = ?').get(world.member.user.id) as {
      displayName: string;
    };

    const { page, pageErrors } = await newVisitor(browser, server.url);
    await page.goto('/search?q=mecatronica');
    const results = page.getByRole('region', { name: 'Resultados' });
    const threadCard = results.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Tutores de mecatrónica' }) });
    const resourceCard = results.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Guía de mecatrónica' }) });
    await threadCard.waitFor();
    await resourceCard.waitFor();

    // The thread: its community (a link), author, date, one reply, solved.
    const threadFacts = threadCard.locator('[data-facts]');
    expect(await threadFacts.getByRole('link', { name: community.name }).getAttribute('href')).toBe(`/c/${world.slug}`);
    const threadText = (await threadFacts.textContent())!.replace(/\s+/g, ' ');
    expect(threadText).toContain(`por ${displayName}`);
    expect(threadText).toContain('1 respuesta');
    expect(threadText).toContain('Resuelto');
    expect(await threadFacts.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The resource: its knowledge base (a link), institution and country; a plain snippet.
    const resourceFacts = resourceCard.locator('[data-facts]');
    expect(await resourceFacts.getByRole('link', { name: 'Recursos didácticos' }).getAttribute('href')).toBe('/knowledge/resources');
    const resourceText = (await resourceFacts.textContent())!.replace(/\s+/g, ' ');
    expect(resourceText).toContain('SENAI');
    expect(resourceText).toContain('Brasil');
    const snippet = (await resourceCard.locator('.snippet').textContent())!;
    expect(snippet).toContain('práctica de mecatrónica & robótica');
    expect(snippet).not.toMatch(/\*\*|&amp;/);

    // The header box: the suggestion names its community and says it is solved.
    const box = page.getByRole('combobox', { name: 'Buscar en Minga' });
    await box.fill('tutores de meca');
    const option = page.getByRole('option', { name: /Tutores de mecatrónica/ });
    await option.waitFor();
    const optionText = (await option.textContent())!.replace(/\s+/g, ' ');
    expect(optionText).toContain(community.name);
    expect(optionText).toContain('Resuelto');
    expect(pageErrors).toEqual([]);
  });
});
