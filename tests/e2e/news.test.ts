/**
 * News in the browser (issue 18, part 1): an editor writes an item from the News page, it is
 * published with its page; a member reads it, follows "Join the discussion" to its thread and
 * comments; the item counts the comment. Both pages pass axe, for the editor and the member.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let editor: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  editor = await registerUser(server.app);
  expect((await as(server.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' })).statusCode).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('news', () => {
  it('an editor publishes, a member comments in its thread', async () => {
    const writer = await signedInVisitor(browser, server.url, editor);
    await writer.page.goto('/news');
    await writer.page.getByRole('link', { name: 'Noticias', exact: true }).first().waitFor();
    await writer.page.getByRole('link', { name: 'Escribir una noticia' }).click();
    await writer.page.waitForURL('**/news/new');
    await writer.page.getByLabel('Título').fill('El SENA abre su convocatoria de formación dual');
    await writer.page.getByLabel('Resumen').fill('Dos mil plazas en logística y mecatrónica para 2026.');
    await writer.page.getByLabel('Texto (Markdown)').fill('La convocatoria cierra en **marzo**.');
    await writer.page.getByLabel('Idioma de la noticia').selectOption('es');
    const sena = (server.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENA'").get() as { id: number }).id;
    await writer.page.getByLabel('Institución').selectOption(String(sena));
    await writer.page.getByLabel('Aprendizaje y formación dual').check();
    await writer.page.getByRole('button', { name: 'Publicar' }).click();
    await writer.page.waitForURL(/\/news\/\d+$/);
    const id = Number(new URL(writer.page.url()).pathname.split('/').pop());
    await writer.page.getByRole('heading', { level: 1, name: 'El SENA abre su convocatoria de formación dual' }).waitFor();
    await writer.page.locator('.body strong', { hasText: 'marzo' }).waitFor();
    await writer.page.getByRole('link', { name: 'Editar' }).waitFor();
    expect(await seriousViolations(writer.page)).toEqual([]);
    expect(writer.pageErrors).toEqual([]);

    // The page is rendered on the server, with its NewsArticle and the feed offered.
    const html = (await server.app.inject({ method: 'GET', url: `/news/${id}`, headers: { 'accept-language': 'es' } })).body;
    expect(html).toContain('El SENA abre su convocatoria de formación dual');
    expect(html).toContain('"@type":"NewsArticle"');
    const list = (await server.app.inject({ method: 'GET', url: '/news', headers: { 'accept-language': 'es' } })).body;
    expect(list).toContain('application/rss+xml');
    expect(list).toContain(`/news/${id}`);

    // A member reads it and joins the discussion.
    expect((await as(server.app, w.member).post('/api/communities/news/join')).statusCode).toBe(200);
    const reader = await signedInVisitor(browser, server.url, w.member);
    await reader.page.goto(`/news/${id}`);
    await reader.page.getByText('Aún sin comentarios').waitFor();
    expect(await reader.page.getByRole('link', { name: 'Editar' }).count()).toBe(0);
    expect(await seriousViolations(reader.page)).toEqual([]);
    await reader.page.getByRole('link', { name: 'Únase a la conversación' }).click();
    await reader.page.waitForURL(/\/t\/\d+$/);
    await reader.page.getByRole('link', { name: 'Ver la noticia' }).waitFor();
    await reader.page.getByLabel('Su respuesta').fill('¡Muy buena noticia para los aprendices!');
    await reader.page.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await reader.page.getByText('¡Muy buena noticia para los aprendices!').first().waitFor();
    await reader.page.getByRole('link', { name: 'Ver la noticia' }).click();
    await reader.page.waitForURL(`**/news/${id}`);
    await reader.page.getByText('1 comentario', { exact: true }).waitFor();
    expect(await seriousViolations(reader.page)).toEqual([]);
    expect(reader.pageErrors).toEqual([]);
    await writer.context.close();
    await reader.context.close();
  });

  it('the News page filters by the address', async () => {
    const { page, context, pageErrors } = await signedInVisitor(browser, server.url, w.member);
    await page.goto('/news?language=en');
    await page.getByText('No hay noticias con esos filtros.').waitFor();
    await page.getByRole('link', { name: 'Quitar filtros' }).click();
    await page.getByRole('link', { name: 'El SENA abre su convocatoria de formación dual' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an admin names a representative on the institution page; the representative is offered to post news for it', async () => {
    const person = await registerUser(server.app);
    const ina = (server.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'INA'").get() as { id: number }).id;
    const admin = await signedInVisitor(browser, server.url, w.admin);
    await admin.page.goto(`/knowledge/institutions/${ina}`);
    await admin.page.getByRole('heading', { level: 2, name: 'Representantes' }).waitFor();
    await admin.page.getByText('La institución aún no tiene representantes en Minga.').waitFor();
    await admin.page.getByLabel('Nombre de usuario').fill(person.username);
    await admin.page.getByRole('button', { name: 'Nombrar representante' }).click();
    await admin.page.getByRole('link', { name: person.displayName }).waitFor();
    expect((await as(server.app, null).get(`/api/institutions/${ina}/representatives`)).json().items.map((r: { id: number }) => r.id)).toEqual([person.user.id]);
    expect(await seriousViolations(admin.page)).toEqual([]);
    expect(admin.pageErrors).toEqual([]);

    const representative = await signedInVisitor(browser, server.url, person);
    await representative.page.goto(`/knowledge/institutions/${ina}`);
    await representative.page.getByRole('link', { name: 'Publicar una noticia de INA' }).click();
    await representative.page.waitForURL(`**/news/new?institution=${ina}`);
    expect(await representative.page.getByLabel('Institución').inputValue()).toBe(String(ina));
    expect(await seriousViolations(representative.page)).toEqual([]);
    expect(representative.pageErrors).toEqual([]);
    await admin.context.close();
    await representative.context.close();
  });

  it('an unpublished item’s page is a 404', async () => {
    const created = (await as(server.app, editor).post('/api/news', { title: 'Noticia para retirar', summary: 'Resumen.', body: 'Texto.', language: 'es' })).json().item;
    expect((await server.app.inject({ method: 'GET', url: `/news/${created.id}` })).statusCode).toBe(200);
    expect((await as(server.app, editor).delete(`/api/news/${created.id}`)).statusCode).toBe(204);
    const gone = await server.app.inject({ method: 'GET', url: `/news/${created.id}`, headers: { 'accept-language': 'es' } });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain('Noticia para retirar');
  });
});
