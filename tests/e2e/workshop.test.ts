import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';
import { launchBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

type Account = Awaited<ReturnType<typeof registerUser>>;

/** A Spanish-speaking browser in a given time zone, signed in as this person. */
async function signedIn(account: Account, timezoneId: string) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', timezoneId });
  contexts.push(context);
  const [name, value] = account.cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

const following = (room: string, count: number) =>
  expect.poll(async () => (await server.app.io.in(room).fetchSockets()).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: true });

describe('a live workshop', () => {
  it('a host opens the room, two attendees chat and ask, the host answers, closes and publishes to the forum', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    const beto = await registerUser(app);
    await as(app, world.admin).post(`/api/communities/${world.slug}/members/${beto.user.id}`, { status: 'active' });
    await as(app, world.member).patch('/api/me', { displayName: 'Ana Souza' });
    await as(app, beto).patch('/api/me', { displayName: 'Beto Rojas' });
    await as(app, world.moderator).patch('/api/me', { displayName: 'Lucía Host' });
    const title = 'Taller de rúbricas compartidas';
    const workshop = await scheduleWorkshop(app, world.moderator, world.slug, {
      title,
      startsAt: '2030-06-15T13:00:00.000Z',
      endsAt: '2030-06-15T15:00:00.000Z',
    });

    const host = await signedIn(world.moderator, 'UTC');
    const ana = await signedIn(world.member, 'America/Montevideo');
    const betoBrowser = await signedIn(beto, 'Asia/Tokyo');
    for (const { page } of [host, ana, betoBrowser]) {
      await page.goto(`/w/${workshop.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
    }

    // ── Times in each viewer's own zone ──────────────────────────────────────────────────
    const when = (page: Page) => page.getByTestId('workshop-when').textContent();
    expect(await when(ana.page)).toMatch(/10:00.*12:00/);
    expect(await when(betoBrowser.page)).toMatch(/22:00.*0:00/);
    expect(await when(host.page)).toMatch(/13:00.*15:00/);

    // ── Registration ──────────────────────────────────────────────────────────────────────
    await button(ana.page, 'Inscribirme').click();
    await ana.page.getByText('Está inscrito.').waitFor();

    // ── The host opens the room; the attendees' pages open it live ───────────────────────
    await following(`workshop:${workshop.id}`, 3);
    await button(host.page, 'Abrir la sala').click();
    for (const { page } of [ana, betoBrowser]) await page.getByLabel('Mensaje', { exact: true }).waitFor();

    // ── Two attendees chat ────────────────────────────────────────────────────────────────
    await ana.page.getByLabel('Mensaje', { exact: true }).fill('Hola, usamos rúbricas de **cuatro niveles**.');
    await button(ana.page, 'Enviar').click();
    const log = (page: Page) => page.getByRole('log', { name: 'Conversación' });
    await log(betoBrowser.page).getByText('Hola, usamos rúbricas de').waitFor();
    expect(await log(betoBrowser.page).locator('strong', { hasText: 'cuatro niveles' }).count()).toBe(1);
    await betoBrowser.page.getByLabel('Mensaje', { exact: true }).fill('Nosotros evaluamos con el tutor de empresa.');
    await button(betoBrowser.page, 'Enviar').click();
    await log(ana.page).getByText('Nosotros evaluamos con el tutor de empresa.').waitFor();
    await log(host.page).getByText('Nosotros evaluamos con el tutor de empresa.').waitFor();
    expect(await log(ana.page).getByText('Hola, usamos rúbricas de').count()).toBe(1);

    // ── A question, a vote, an answer: live for everyone ─────────────────────────────────
    await ana.page.getByLabel('Su pregunta para quienes conducen').fill('¿Cómo combinan la nota del centro y la de la empresa?');
    await button(ana.page, 'Preguntar').click();
    const question = (page: Page) => page.locator('.question', { hasText: '¿Cómo combinan la nota' });
    await question(betoBrowser.page).waitFor();
    await button(betoBrowser.page, 'Votar').click();
    await question(host.page).getByText('1 voto').waitFor();
    await question(ana.page).getByText('1 voto').waitFor();
    await question(host.page).getByLabel('Respuesta escrita (opcional)').fill('Mitad y mitad, con una reunión de acuerdo.');
    await question(host.page).getByRole('button', { name: 'Marcar como respondida' }).click();
    await question(ana.page).getByText('Respondida', { exact: true }).waitFor();
    await question(ana.page).getByText('Mitad y mitad, con una reunión de acuerdo.').waitFor();

    // ── The host closes the room: everyone sees the transcript ───────────────────────────
    await button(host.page, 'Cerrar la sala').click();
    for (const { page } of [ana, betoBrowser, host]) {
      await page.locator('.room-state', { hasText: 'La sala está cerrada.' }).waitFor();
      await page.getByRole('heading', { name: 'Transcripción', exact: true }).waitFor();
      await page.getByText('Nosotros evaluamos con el tutor de empresa.').waitFor();
    }
    expect(await ana.page.getByLabel('Mensaje', { exact: true }).count()).toBe(0);

    // ── … and publishes it as a thread; it appears in the forum ──────────────────────────
    await host.page.getByLabel('Foro').selectOption({ label: 'General' });
    await button(host.page, 'Publicar como tema').click();
    const threadLink = host.page.getByRole('link', { name: 'ver el tema' });
    await threadLink.waitFor();
    await ana.page.goto(`/f/${world.forumId}`);
    await ana.page.getByRole('link', { name: `Transcripción: ${title}` }).click();
    await ana.page.getByRole('heading', { level: 1, name: `Transcripción: ${title}` }).waitFor();
    await ana.page.locator('article.post').first().getByText('¿Cómo combinan la nota del centro y la de la empresa?').waitFor();
    expect(await ana.page.locator(`article.post a[href="/w/${workshop.id}"]`).count()).toBeGreaterThan(0);

    for (const { errors } of [host, ana, betoBrowser]) expect(errors).toEqual([]);
  });
});
