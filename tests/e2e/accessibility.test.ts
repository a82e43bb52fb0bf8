import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ask, socketFactory } from '../helpers/sockets.ts';
import { openWorkshop } from '../helpers/workshops.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

type Account = World['admin'];

let server: TestServer;
let browser: Browser;
let world: World;
/** A member who replies (not the one reading). */
let helper: Account;
let threadId: number;
const sockets = socketFactory(() => server.url);
const contexts: BrowserContext[] = [];
const pageErrors: string[][] = [];

/** The pages a reader meets most, each with text that shows its data has arrived. */
const pages: { name: string; path: string; ready: string }[] = [];

async function createResource(admin: Account, fields: Record<string, unknown>): Promise<number> {
  const response = await as(server.app, admin).post('/api/resources', fields);
  if (response.statusCode !== 201) throw new Error(`resource: ${response.statusCode} ${response.body}`);
  return response.json().item.id as number;
}

/**
 * A community as people use it: a question with replies (one quoting another, one accepted,
 * one citing a resource, reactions), a second discussion, two resources, and a workshop whose
 * room is open with messages and a question in it.
 */
async function buildCommunity() {
  const { app } = server;
  const admin = await registerUser(app, { displayName: 'Administración Minga' });
  world = await buildWorld(app, { admin });
  await as(app, world.member).patch('/api/me', { displayName: 'Rosa Quispe' });
  await as(app, world.moderator).patch('/api/me', { displayName: 'Lucía Fernández' });
  helper = await registerUser(app, { displayName: 'Tomás Mamani' });
  await as(app, helper).post(`/api/communities/${world.slug}/join`);

  const guide = await createResource(admin, {
    title: 'Guía de evaluación por competencias',
    summary: 'Cómo preparar, aplicar y registrar una evaluación de competencias laborales.',
    type: 'guide',
    languages: ['es'],
    countryCode: 'UY',
    authors: ['Ana Suárez', 'Luis Pérez'],
    year: 2021,
    topics: ['rpl'],
    url: 'https://www.utu.edu.uy/guia-evaluacion',
  });
  await createResource(admin, { title: 'Manual de rúbricas para talleres', type: 'manual', languages: ['es', 'pt'], countryCode: 'CO', year: 2019 });

  const { thread, post: question } = await startThread(app, world.member, world.forumId, {
    title: '¿Cómo evalúan las rúbricas en la empresa?',
    body: 'En nuestro centro usamos **rúbricas** de cuatro niveles. ¿Cómo las aplican los tutores de empresa?',
    kind: 'question',
  });
  const answer = await replyTo(app, helper, thread.id, `Nosotros seguimos esta guía: [[resource:${guide}]]`);
  await replyTo(app, world.moderator, thread.id, '> seguimos esta guía\n\nLa usamos también, con una reunión de acuerdo.', answer.id);
  await replyTo(app, world.member, thread.id, 'Gracias, la probaremos en el segundo semestre.');
  await as(app, world.member).post(`/api/posts/${answer.id}/reactions`, { kind: 'thanks' });
  await as(app, world.moderator).post(`/api/posts/${question.id}/reactions`, { kind: 'like' });
  threadId = thread.id;
  const accepted = await as(app, world.member).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.body}`);
  await startThread(app, world.moderator, world.forumId, { title: 'Bienvenida a la comunidad', body: 'Preséntense aquí.' });
  // The admin is a member too, so their home lists the community's threads.
  await as(app, world.admin).post(`/api/communities/${world.slug}/join`);

  const workshop = await openWorkshop(app, world.moderator, world.slug, { title: 'Taller de rúbricas compartidas' });
  for (const [account, body] of [
    [world.moderator, 'Bienvenidos al taller, empezamos en un minuto.'],
    [world.member, 'Hola, usamos rúbricas de **cuatro niveles**.'],
    [helper, 'Nosotros evaluamos con el tutor de empresa.'],
    // Enough of a conversation that the chat scrolls.
    ...Array.from({ length: 12 }, (_, i) => [i % 2 ? world.member : helper, `Comentario ${i + 1} sobre la evaluación en la empresa.`] as const),
  ] as const) {
    const socket = await sockets.connect(account.cookie);
    expect((await ask(socket, 'workshop:join', { workshopId: workshop.id })).ok).toBe(true);
    expect((await ask(socket, 'workshop:message', { workshopId: workshop.id, body })).ok).toBe(true);
  }
  const socket = await sockets.connect(world.member.cookie);
  await ask(socket, 'workshop:join', { workshopId: workshop.id });
  expect((await ask(socket, 'workshop:question', { workshopId: workshop.id, body: '¿Cómo combinan la nota del centro y la de la empresa?' })).ok).toBe(true);
  sockets.closeAll();

  pages.push(
    // The member's home (latest threads of their communities) and the visitor's (recent public ones) both list it.
    { name: 'home', path: '/', ready: 'Bienvenida a la comunidad' },
    { name: 'community', path: `/c/${world.slug}`, ready: 'General' },
    { name: 'forum', path: `/f/${world.forumId}`, ready: 'Bienvenida a la comunidad' },
    { name: 'thread', path: `/t/${thread.id}`, ready: 'Gracias, la probaremos en el segundo semestre.' },
    { name: 'resources', path: '/knowledge/resources', ready: 'Manual de rúbricas para talleres' },
    { name: 'resource', path: `/knowledge/resources/${guide}`, ready: 'Cómo preparar, aplicar y registrar' },
    { name: 'workshop', path: `/w/${workshop.id}`, ready: 'Nosotros evaluamos con el tutor de empresa.' },
    { name: 'search', path: `/search?q=${encodeURIComponent('rúbricas')}`, ready: 'Manual de rúbricas para talleres' },
  );
}

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  await buildCommunity();
});

afterAll(async () => {
  sockets.closeAll();
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
  expect(pageErrors.flat()).toEqual([]);
});

async function visitorAs(account: Account | null): Promise<Page> {
  const visitor = await newVisitor(browser, server.url);
  contexts.push(visitor.context);
  pageErrors.push(visitor.pageErrors);
  if (account) {
    const [name, value] = account.cookie.split('=');
    await visitor.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  return visitor.page;
}

/** Opens the page and waits until its data is shown and nothing is still loading. */
async function openSettled(page: Page, path: string, ready: string) {
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByText(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

const phone = { width: 390, height: 844 };

describe.each([
  ['an anonymous visitor', () => null, undefined],
  ['a member', () => world.member, undefined],
  ['an admin', () => world.admin, undefined],
  // A phone folds the menu and moves the bell: other markup, checked too.
  ['a member on a phone', () => world.member, phone],
])('the main pages, read by %s', (_who, account, viewport) => {
  it('have no serious or critical axe violations', async () => {
    const page = await visitorAs(account());
    if (viewport) await page.setViewportSize(viewport);
    const found: string[] = [];
    for (const { name, path, ready } of pages) {
      await openSettled(page, path, ready);
      for (const line of await seriousViolations(page)) found.push(`${name} ${path}: ${line}`);
    }
    expect(found, found.join('\n')).toEqual([]);
  });
});

describe('focus and announcements', () => {
  it('moves the focus to the new page’s heading on every in-app navigation', async () => {
    const page = await visitorAs(null);
    await openSettled(page, '/', 'INEFOP');
    const focusedHeading = () => page.evaluate(() => {
      const element = document.activeElement;
      return element?.tagName === 'H1' ? element.textContent : `${element?.tagName}#${element?.id}`;
    });
    const marker = await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Comunidades' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comunidades' }).waitFor();
    await expect.poll(focusedHeading).toBe('Comunidades');
    await page.getByRole('link', { name: /Formación dual/ }).first().click();
    await expect.poll(focusedHeading).toMatch(/^Formación dual/);
    await page.getByRole('link', { name: 'General' }).first().click();
    await expect.poll(focusedHeading).toBe('General');
    await page.getByRole('link', { name: '¿Cómo evalúan las rúbricas en la empresa?' }).click();
    await expect.poll(focusedHeading).toBe('¿Cómo evalúan las rúbricas en la empresa?');
    // All of it inside the app: the page was never loaded again.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(marker);
  });

  it('says a reply that arrives live in a polite live region: “Nueva respuesta de …”', async () => {
    const page = await visitorAs(world.member);
    await openSettled(page, `/t/${threadId}`, 'Gracias, la probaremos en el segundo semestre.');
    await expect.poll(async () => (await server.app.io.in(`thread:${threadId}`).fetchSockets()).length).toBeGreaterThanOrEqual(1);
    await replyTo(server.app, helper, threadId, 'Les comparto también nuestra planilla de seguimiento.');
    await page.locator('article.post', { hasText: 'nuestra planilla de seguimiento' }).waitFor();
    const said = page.locator('[aria-live="polite"]', { hasText: 'Nueva respuesta de Tomás Mamani' });
    await said.waitFor({ state: 'attached' });
    expect(await said.count()).toBe(1);
    // The reader's own reply is not announced to them.
    await page.getByLabel('Su respuesta').fill('Muchas gracias, Tomás.');
    await page.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await page.locator('article.post', { hasText: 'Muchas gracias, Tomás.' }).waitFor();
    await replyTo(server.app, helper, threadId, 'De nada, cualquier duda me escriben.');
    await page.locator('article.post', { hasText: 'cualquier duda me escriben' }).waitFor();
    // A second reply by the same person is said again, as a new line.
    await expect.poll(() => said.locator('p').allTextContents()).toEqual(['Nueva respuesta de Tomás Mamani', 'Nueva respuesta de Tomás Mamani']);
  });
});
