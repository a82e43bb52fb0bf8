/**
 * Cooperation requests and offers in the browser (issue 18, part 4): a representative posts a
 * request for their institution; a member finds it on the server-rendered list and reads it; a
 * representative of another institution responds; the poster's side sees the response. Each
 * page passes axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let server: TestServer;
let browser: Browser;
let repSenai: Account;
let repSena: Account;
let member: Account;

const idOf = (acronym: string) => (server.database.sqlite.prepare('SELECT id FROM institutions WHERE acronym = ?').get(acronym) as { id: number }).id;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await registerUser(server.app);
  repSenai = await registerUser(server.app);
  repSena = await registerUser(server.app);
  member = await registerUser(server.app);
  await as(server.app, admin).put(`/api/institutions/${idOf('SENAI')}/representatives/${repSenai.user.id}`);
  await as(server.app, admin).put(`/api/institutions/${idOf('SENA')}/representatives/${repSena.user.id}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('cooperation pages', () => {
  it('a representative posts a request; a member reads it; another institution responds', async () => {
    const title = 'Apoyo para la formación dual en logística';
    const poster = await signedInVisitor(browser, server.url, repSenai);
    await poster.page.goto('/cooperation/new');
    await poster.page.getByRole('heading', { level: 1, name: 'Publicar una solicitud u oferta de cooperación' }).waitFor();
    await poster.page.getByLabel('Título').fill(title);
    await poster.page.getByLabel('Descripción').fill('Buscamos una institución con experiencia en **alternancia** en centros de distribución.');
    await poster.page.getByRole('checkbox', { name: 'Transporte y almacenamiento' }).check();
    await poster.page.getByRole('group', { name: 'Temas' }).getByRole('checkbox', { name: 'Aprendizaje y formación dual' }).check();
    expect(await seriousViolations(poster.page)).toEqual([]);
    await poster.page.getByRole('button', { name: 'Publicar', exact: true }).click();
    await poster.page.waitForURL(/\/cooperation\/\d+$/);
    await poster.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const path = new URL(poster.page.url()).pathname;
    // The poster's side sees the suggestions and may turn it into an agreement.
    await poster.page.getByRole('heading', { name: 'Especialistas e instituciones sugeridos' }).waitFor();
    expect(await poster.page.getByRole('link', { name: 'Convertir en convenio' }).getAttribute('href')).toBe(`/agreements/new?fromCooperation=${path.split('/').at(-1)}`);
    expect(poster.pageErrors).toEqual([]);

    // Anyone gets the list rendered on the server, the request in it.
    const html = (await server.app.inject({ method: 'GET', url: '/cooperation?kind=request', headers: { 'accept-language': 'es' } })).body;
    expect(html).toContain(title);

    // A member finds it on the list and reads it: no suggestions, no response form.
    const reader = await signedInVisitor(browser, server.url, member);
    await reader.page.goto('/cooperation');
    await reader.page.getByRole('heading', { level: 1, name: 'Cooperación técnica horizontal' }).waitFor();
    expect(await seriousViolations(reader.page)).toEqual([]);
    await reader.page.getByRole('link', { name: title }).click();
    await reader.page.waitForURL(`**${path}`);
    await reader.page.getByText('Todavía ninguna institución respondió.').waitFor();
    expect(await reader.page.getByRole('heading', { name: 'Especialistas e instituciones sugeridos' }).count()).toBe(0);
    expect(await reader.page.getByRole('button', { name: 'Enviar la respuesta' }).count()).toBe(0);
    expect(await seriousViolations(reader.page)).toEqual([]);
    expect(reader.pageErrors).toEqual([]);

    // SENA's representative responds for SENA.
    const responder = await signedInVisitor(browser, server.url, repSena);
    await responder.page.goto(path);
    await responder.page.getByLabel('Su respuesta').fill('El SENA comparte su experiencia con el contrato de aprendizaje en logística.');
    await responder.page.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await responder.page.getByText('Respuesta enviada. La institución que publicó fue avisada.').waitFor();
    await responder.page.getByRole('heading', { level: 3, name: /^SENA — / }).waitFor();
    expect(await seriousViolations(responder.page)).toEqual([]);
    expect(responder.pageErrors).toEqual([]);

    // The poster is told, and reads the response on the item.
    const told = (await as(server.app, repSenai).get('/api/notifications')).json().items;
    expect(told[0]).toMatchObject({ kind: 'cooperation_response', url: path });
    await poster.page.reload();
    await poster.page.getByText('El SENA comparte su experiencia con el contrato de aprendizaje en logística.').waitFor();

    // A visitor reads the request but not the responses.
    const visitor = await newVisitor(browser, server.url);
    await visitor.page.goto(path);
    await visitor.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await visitor.page.getByText('Inicie sesión para leer las respuestas de las instituciones.').waitFor();
    expect(await visitor.page.getByText('El SENA comparte').count()).toBe(0);
    await Promise.all([poster.context.close(), reader.context.close(), responder.context.close(), visitor.context.close()]);
  });
});
