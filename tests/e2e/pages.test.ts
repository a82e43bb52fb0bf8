import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let world: World;
let threadId: number;
let resourceId: number;

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
  world = await buildWorld(server.app);
  const thread = await startThread(server.app, world.member, world.forumId, {
    title: 'Aprendizaje dual en hotelería',
    body: '¿Qué **instituciones** tienen programas duales de hotelería?',
  });
  threadId = thread.thread.id;
  for (let n = 1; n <= 52; n += 1) await replyTo(server.app, world.moderator, threadId, `Aporte número ${n} sobre hotelería.`);
  const editor = await registerUser(server.app);
  server.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  const senai = (await as(server.app, null).get('/api/institutions?q=SENAI')).json().items[0].id;
  const created = await as(server.app, editor).post('/api/resources', {
    title: 'Guía de hotelería dual',
    summary: 'Cómo organizar la alternancia entre el hotel escuela y la empresa.',
    type: 'guide',
    languages: ['es'],
    countryCode: 'BR',
    institutionId: senai,
    authors: ['Ana Souza'],
    year: 2022,
    sector: 'I',
    topics: ['dual'],
    audiences: ['trainers'],
    modality: 'dual',
    licence: 'cc_by',
    url: 'https://www.senai.br/hotelaria',
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  resourceId = created.json().item.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser signed in as this person. */
async function signedIn(account: World['member']) {
  return signedInVisitor(browser, server.url, account);
}

describe('server-rendered pages in the browser', () => {
  it('without JavaScript a thread is readable and paged, and a resource readable', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/t/${threadId}`);
    await page.getByRole('heading', { level: 1, name: 'Aprendizaje dual en hotelería' }).waitFor();
    await page.getByText('Aporte número 49 sobre hotelería.').waitFor();
    expect(await page.getByText('Aporte número 50 sobre hotelería.').count()).toBe(0);
    await page.getByRole('link', { name: 'Cargar más mensajes' }).click();
    await page.waitForURL(`**/t/${threadId}?page=2`);
    await page.getByText('Aporte número 52 sobre hotelería.').waitFor();
    expect(await page.getByText('Aporte número 49 sobre hotelería.').count()).toBe(0);
    await page.getByRole('link', { name: 'Mensajes anteriores' }).click();
    await page.getByText('Aporte número 1 sobre hotelería.').waitFor();

    await page.goto(`/knowledge/resources/${resourceId}`);
    await page.getByRole('heading', { level: 1, name: 'Guía de hotelería dual' }).waitFor();
    await page.getByText('Cómo organizar la alternancia entre el hotel escuela y la empresa.').first().waitFor();
    // Links work as links: on to the institutions list.
    await page.goto('/');
    await page.getByRole('link', { name: 'Comunidades', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Comunidades' }).waitFor();
    await context.close();
  });

  it('with JavaScript the same page hydrates: no second fetch, no errors, the same nodes, and a reply works', async () => {
    const visitor = await signedIn(world.member);
    const { page, pageErrors } = visitor;
    const apiCalls: string[] = [];
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) apiCalls.push(url.pathname + url.search);
    });
    // The heading the server sent, marked before any script runs.
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') document.querySelector('h1')?.setAttribute('data-from-server', 'yes');
      });
    });
    await page.goto(`/t/${threadId}`);
    const composer = page.getByLabel('Su respuesta');
    await composer.waitFor();
    await page.waitForLoadState('networkidle');
    // Hydration kept the server's nodes (a mismatch re-renders them from scratch).
    expect(await page.locator('h1[data-from-server="yes"]').count()).toBe(1);
    // What the page came with is not asked again (what only the live page wants may be).
    const preloaded = Object.keys(JSON.parse((await page.locator('#minga-page').textContent()) ?? '{}').answers);
    // A signed-in reader's thread opens at their first unread post (issue 16): the server asked the same.
    expect(preloaded).toContain(`/api/threads/${threadId}?near=unread`);
    expect(apiCalls.filter((call) => preloaded.includes(call) || call === '/api/session')).toEqual([]);

    await composer.fill('Respuesta escrita en la página hidratada.');
    await page.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await page.getByText('Se publicó su respuesta.').waitFor();
    await page.locator('article.post').filter({ hasText: 'Respuesta escrita en la página hidratada.' }).waitFor();
    expect(pageErrors).toEqual([]);
    await visitor.context.close();
  });

  it('client navigation after hydration loads the next page and moves the focus to its heading', async () => {
    const visitor = await newVisitor(browser, server.url);
    const { page, pageErrors } = visitor;
    await page.goto(`/c/${world.slug}`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('link', { name: 'Aprendizaje dual en hotelería' }).first().click();
    const heading = page.getByRole('heading', { level: 1, name: 'Aprendizaje dual en hotelería' });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: world.slug.replace('comunidad-', 'Formación dual ') }).waitFor();
    expect(pageErrors).toEqual([]);
    await visitor.context.close();
  });

  it('every public page hydrates what the server sent, without asking again for its data', async () => {
    const senai = (await as(server.app, null).get('/api/institutions?q=SENAI')).json().items[0].id;
    const pages = [
      '/',
      '/communities',
      `/c/${world.slug}`,
      `/f/${world.forumId}`,
      '/knowledge',
      '/knowledge/resources',
      `/knowledge/resources/${resourceId}`,
      '/knowledge/institutions?country=BR',
      `/knowledge/institutions/${senai}`,
      '/workshops',
      '/search?q=hoteler%C3%ADa',
      `/u/${world.member.username}`,
      '/login',
    ];
    for (const reader of [null, world.member]) {
      const visitor = reader ? await signedIn(reader) : await newVisitor(browser, server.url);
      const { page, pageErrors } = visitor;
      await page.addInitScript(() => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState === 'interactive') document.querySelector('h1')?.setAttribute('data-from-server', 'yes');
        });
      });
      // A signed-in reader is sent on from the login page.
      for (const path of reader ? pages.filter((path) => path !== '/login') : pages) {
        const preloaded: string[] = [];
        const asked: string[] = [];
        page.on('request', (request: Request) => {
          const url = new URL(request.url());
          if (url.pathname.startsWith('/api/')) asked.push(url.pathname + url.search);
        });
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        preloaded.push(...Object.keys(JSON.parse((await page.locator('#minga-page').textContent()) ?? '{}').answers));
        await page.waitForLoadState('networkidle');
        expect(await page.locator('h1[data-from-server="yes"]').count(), `${path}: the server's heading survives hydration`).toBe(1);
        expect(asked.filter((call) => preloaded.includes(call)), `${path}: asked again`).toEqual([]);
        page.removeAllListeners('request');
      }
      expect(pageErrors).toEqual([]);
      await visitor.context.close();
    }
  });
});
