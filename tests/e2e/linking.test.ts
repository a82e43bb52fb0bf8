import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, replyTo, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
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

/** A browser already signed in as this person (their session cookie, as after a login). */
async function signedIn(account: World['member']) {
  return signedInVisitor(browser, server.url, account);
}

async function created(response: { statusCode: number; body: string; json: () => unknown }, what: string) {
  if (response.statusCode !== 201) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return (response.json() as { item: { id: number } }).item;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const button = (scope: Page | Locator, name: string | RegExp) => scope.getByRole('button', { name });
const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

describe('typed links from the composer to the thread page, in the browser', () => {
  it('picks a resource by keyboard, shows it as a card in the post and the panel, and follows a rename', async () => {
    const { app } = server;
    const resource = await created(
      await as(app, world.admin).post('/api/resources', {
        title: 'Guía de evaluación por competencias laborales',
        type: 'guide',
        languages: ['es'],
        countryCode: 'BR',
        institutionId: senai,
      }),
      'resource',
    );
    const { page, context, pageErrors } = await signedIn(world.member);

    // ── A new thread: typing [[ opens the picker, the search ignores accents ─────────────────
    await page.goto(`/f/${world.forumId}`);
    await heading(page, 'General').waitFor();
    await button(page, 'Nuevo tema').click();
    await page.getByLabel('Título').fill('¿Qué guía usan para evaluar competencias?');
    const body = page.getByLabel('Mensaje', { exact: true });
    await body.click();
    await body.pressSequentially('Para evaluar seguimos [[');

    const picker = page.getByRole('dialog', { name: /Enlazar un recurso/ });
    await picker.waitFor();
    const search = picker.getByRole('combobox', { name: 'Buscar' });
    expect(await focused(search)).toBe(true);
    await search.pressSequentially('evaluacion competencias lab');
    const option = picker.getByRole('option', { name: /Guía de evaluación por competencias laborales/ });
    await option.waitFor();
    await option.getByText('Recurso').waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    const listId = await search.getAttribute('aria-controls');
    expect(await picker.getByRole('listbox').getAttribute('id')).toBe(listId);

    // Arrow keys move the active option (the focus stays in the search box); Enter picks it.
    for (let step = 0; step < 12 && (await option.getAttribute('aria-selected')) !== 'true'; step += 1) {
      await search.press('ArrowDown');
    }
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await search.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    expect(await focused(search)).toBe(true);
    await search.press('Enter');
    await picker.waitFor({ state: 'detached' });

    // The link replaces the [[ that opened the picker, and writing goes on where it stopped.
    expect(await body.inputValue()).toBe(`Para evaluar seguimos [[resource:${resource.id}]]`);
    expect(await focused(body)).toBe(true);
    await page.keyboard.type(' en todos los centros.');
    expect(await body.inputValue()).toBe(`Para evaluar seguimos [[resource:${resource.id}]] en todos los centros.`);

    // The preview shows the card: kind, title, country (in the interface language), institution.
    const preview = page.locator('#new-thread-body-preview');
    const cardName = /^Recurso\s+Guía de evaluación por competencias laborales\s+Brasil · SENAI$/;
    await preview.getByRole('link', { name: cardName }).waitFor();

    // The toolbar button opens it too; Escape closes it and gives the focus back to the button.
    const open = button(page, 'Enlazar conocimiento');
    await open.click();
    await picker.waitFor();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    expect(await focused(open)).toBe(true);
    expect(await body.inputValue()).toBe(`Para evaluar seguimos [[resource:${resource.id}]] en todos los centros.`);

    // ── Posted: a card in the post, and the thread's linked-knowledge panel ──────────────────
    await button(page, 'Publicar el tema').click();
    await heading(page, '¿Qué guía usan para evaluar competencias?').waitFor();
    const threadId = Number(new URL(page.url()).pathname.split('/').pop());
    const opening = page.locator('article.post').first();
    const card = opening.getByRole('link', { name: cardName });
    await card.waitFor();
    expect(await card.getAttribute('href')).toBe(`/knowledge/resources/${resource.id}`);
    const panel = page.getByRole('complementary', { name: 'Conocimiento enlazado' });
    await panel.getByRole('heading', { name: /Recursos/ }).waitFor();
    await panel.getByRole('link', { name: /Guía de evaluación por competencias laborales/ }).waitFor();
    expect(await panel.getByRole('heading', { name: /Instituciones/ }).count()).toBe(0);

    // A reply citing an institution arrives live: the panel gains it without a reload.
    await replyTo(app, world.moderator, threadId, `Nosotros usamos la de [[institution:${senai}]].`);
    await panel.getByRole('heading', { name: /Instituciones/ }).waitFor();
    await panel.getByRole('link', { name: /^SENAI — Serviço Nacional de Aprendizagem Industrial\s+Brasil$/ }).waitFor();
    await page.locator('article.post').nth(1).getByRole('link', { name: /^Institución\s+SENAI/ }).waitFor();

    // ── The resource is renamed: after a reload the cards show the new title ─────────────────
    const renamed = await as(app, world.admin).patch(`/api/resources/${resource.id}`, {
      title: 'Guía de evaluación por competencias laborales (2.ª edición)',
    });
    expect(renamed.statusCode).toBe(200);
    await page.reload();
    await heading(page, '¿Qué guía usan para evaluar competencias?').waitFor();
    await opening
      .getByRole('link', { name: /^Recurso\s+Guía de evaluación por competencias laborales \(2\.ª edición\)\s+Brasil · SENAI$/ })
      .waitFor();
    await panel.getByRole('link', { name: /\(2\.ª edición\)/ }).waitFor();

    // ── The resource lists the thread among the discussions citing it ────────────────────────
    const detail = (await as(app, world.member).get(`/api/resources/${resource.id}`)).json();
    expect(detail.backlinks).toContainEqual(expect.objectContaining({ threadId, title: '¿Qué guía usan para evaluar competencias?' }));
    // The card is a real link: following it, the resource's page points back to the thread.
    await opening.getByRole('link', { name: /^Recurso\s/ }).click();
    await page.waitForURL(`**/knowledge/resources/${resource.id}`);
    await page.locator(`a[href^="/t/${threadId}"]`, { hasText: '¿Qué guía usan para evaluar competencias?' }).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('asks a question by area of expertise, and the specialist in that area is told', async () => {
    const { app } = server;
    const specialist = await created(
      await as(app, world.admin).post('/api/specialists', {
        name: 'Lucía Ferreira',
        expertise: ['assessment'],
        languages: ['es', 'pt'],
        summary: 'Evaluación y certificación de competencias.',
        availability: ['answering'],
      }),
      'specialist',
    );
    server.database.sqlite.prepare('UPDATE specialists SET user_id = ? WHERE id = ?').run(world.outsider.user.id, specialist.id);
    const { page, context, pageErrors } = await signedIn(world.member);

    await page.goto(`/f/${world.forumId}`);
    await heading(page, 'General').waitFor();
    await button(page, 'Nuevo tema').click();
    await page.getByLabel('Título').fill('¿Cómo certifican competencias sin título previo?');
    const areas = page.getByRole('group', { name: 'Áreas de especialidad (opcional)' });
    // Only a question asks for areas.
    expect(await areas.count()).toBe(0);
    await page.getByRole('radio', { name: /Pregunta/ }).check();
    await areas.waitFor();
    await areas.getByText('Se avisará a los especialistas de estas áreas.').waitFor();
    await areas.getByRole('checkbox', { name: 'Evaluación y certificación' }).check();
    await areas.getByRole('status').filter({ hasText: '1 de 5 elegidas' }).waitFor();

    // At most five: the others wait until one is let go.
    const boxes = areas.getByRole('checkbox');
    for (let index = 0, chosen = 1; chosen < 5; index += 1) {
      const box = boxes.nth(index);
      if (await box.isChecked()) continue;
      await box.check();
      chosen += 1;
    }
    await areas.getByRole('status').filter({ hasText: '5 de 5 elegidas' }).waitFor();
    const unchecked = areas.locator('input[type=checkbox]:not(:checked)');
    expect(await unchecked.count()).toBeGreaterThan(0);
    expect(await unchecked.evaluateAll((inputs) => inputs.every((input) => (input as HTMLInputElement).disabled))).toBe(true);

    await page.getByLabel('Mensaje', { exact: true }).fill('Buscamos experiencias de reconocimiento de aprendizajes previos.');
    await button(page, 'Publicar el tema').click();
    await heading(page, '¿Cómo certifican competencias sin título previo?').waitFor();
    const threadId = Number(new URL(page.url()).pathname.split('/').pop());

    const inbox = (await as(app, world.outsider).get('/api/notifications')).json();
    expect(inbox.items).toContainEqual(expect.objectContaining({ kind: 'question_for_you', thread: expect.objectContaining({ id: threadId }) }));

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('from the knowledge bases to a discussion and back, in the browser', () => {
  it('a member finds a resource by facets, cites it in a new thread with the picker, and the resource lists the thread', async () => {
    const { app } = server;
    const target = await created(
      await as(app, world.admin).post('/api/resources', {
        title: 'Kit de tutoría para aprendices de soldadura',
        type: 'toolkit',
        languages: ['es'],
        countryCode: 'CO',
      }),
      'target',
    );
    await created(
      await as(app, world.admin).post('/api/resources', { title: 'Kit de tutoría para hotelería', type: 'toolkit', languages: ['es'], countryCode: 'PE' }),
      'other',
    );
    const { page, context, pageErrors } = await signedIn(world.member);

    // Found by facets: the country narrows the kits to the Colombian one.
    await page.goto('/knowledge/resources?q=kit%20tutoria');
    const country = page.getByRole('group', { name: 'País', exact: true });
    await country.getByLabel(/Colombia/).check();
    await page.waitForURL(/country=CO/);
    const result = page.getByRole('link', { name: 'Kit de tutoría para aprendices de soldadura' });
    await result.waitFor();
    expect(await page.getByRole('link', { name: 'Kit de tutoría para hotelería' }).count()).toBe(0);
    await result.click();
    await heading(page, 'Kit de tutoría para aprendices de soldadura').waitFor();

    // Cited in a new thread through the link picker.
    await page.goto(`/f/${world.forumId}`);
    await button(page, 'Nuevo tema').click();
    await page.getByLabel('Título').fill('Experiencias con kits de tutoría');
    const body = page.getByLabel('Mensaje', { exact: true });
    await body.click();
    await body.pressSequentially('Recomiendo [[');
    const picker = page.getByRole('dialog', { name: /Enlazar un recurso/ });
    const search = picker.getByRole('combobox', { name: 'Buscar' });
    await search.pressSequentially('tutoria soldadura');
    await picker.getByRole('option', { name: /Kit de tutoría para aprendices de soldadura/ }).waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await body.inputValue()).toBe(`Recomiendo [[resource:${target.id}]]`);
    await button(page, 'Publicar el tema').click();
    await heading(page, 'Experiencias con kits de tutoría').waitFor();
    const threadId = Number(new URL(page.url()).pathname.split('/').pop());

    // The resource's page now lists the discussion.
    await page.goto(`/knowledge/resources/${target.id}`);
    await page.locator(`a[href^="/t/${threadId}"]`, { hasText: 'Experiencias con kits de tutoría' }).waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
