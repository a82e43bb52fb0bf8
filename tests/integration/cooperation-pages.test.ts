/**
 * The cooperation pages are rendered on the server from the API's own answers: the list with
 * its filters in the address, an item with its text and the count of responses (their text
 * only for signed-in readers, the suggestions only for the poster's side), a 404 page for a
 * missing item, and an anonymous page that follows a new response (the page cache is dropped).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as } from '../helpers/forums.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let built: TestApp;
let poster: Account;
let responder: Account;
let member: Account;
let itemId: number;
let senai: number;
let sena: number;

const page = (url: string, cookie?: string) => built.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es', ...(cookie ? { cookie } : {}) } });
const idOf = (acronym: string) => (built.database.sqlite.prepare('SELECT id FROM institutions WHERE acronym = ?').get(acronym) as { id: number }).id;

beforeAll(async () => {
  await ensureClientBuilt();
  built = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client') });
  const admin = await registerUser(built.app);
  poster = await registerUser(built.app);
  responder = await registerUser(built.app);
  member = await registerUser(built.app);
  senai = idOf('SENAI');
  sena = idOf('SENA');
  await as(built.app, admin).put(`/api/institutions/${senai}/representatives/${poster.user.id}`);
  await as(built.app, admin).put(`/api/institutions/${sena}/representatives/${responder.user.id}`);
  const created = await as(built.app, poster).post('/api/cooperation', {
    kind: 'offer',
    title: 'Oferecemos a metodologia SENAI de formação por competências',
    body: 'Oficinas para **equipes técnicas** e acompanhamento.',
    institutionId: senai,
    sectors: ['C'],
    themes: ['curriculum'],
  });
  itemId = created.json().item.id;
}, 120_000);

afterAll(async () => {
  await built?.app.close();
});

describe('cooperation pages', () => {
  it('renders the list, filtered by the address', async () => {
    const all = await page('/cooperation');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Oferecemos a metodologia SENAI de formação por competências');
    expect(all.body).toContain(`href="/cooperation/${itemId}"`);
    const requests = await page('/cooperation?kind=request');
    expect(requests.body).not.toContain('Oferecemos a metodologia SENAI');
    expect(requests.body).toContain('No hay solicitudes ni ofertas con estos filtros.');
  });

  it('renders an item; its responses to signed-in readers, its suggestions to its side; a missing one is a 404 page', async () => {
    const visitor = await page(`/cooperation/${itemId}`);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).toContain('<strong>equipes técnicas</strong>');
    expect(visitor.body).toContain('Inicie sesión para leer las respuestas de las instituciones.');
    expect(visitor.body).not.toContain('Especialistas e instituciones sugeridos');

    expect((await as(built.app, responder).post(`/api/cooperation/${itemId}/responses`, { body: 'Interessa ao SENA para os seus centros.', institutionId: sena })).statusCode).toBe(201);
    // The anonymous page (cached before) now counts the response, without its text.
    const after = await page(`/cooperation/${itemId}`);
    expect(after.body).toContain('1 respuesta');
    expect(after.body).not.toContain('Interessa ao SENA');

    const reader = await page(`/cooperation/${itemId}`, member.cookie);
    expect(reader.body).toContain('Interessa ao SENA para os seus centros.');
    expect(reader.body).not.toContain('Especialistas e instituciones sugeridos');
    const own = await page(`/cooperation/${itemId}`, poster.cookie);
    expect(own.body).toContain('Especialistas e instituciones sugeridos');
    expect(own.body).toContain(`/agreements/new?fromCooperation=${itemId}`);

    expect((await page('/cooperation/999999')).statusCode).toBe(404);
    expect((await page('/cooperation/new')).statusCode).not.toBe(200);
  });
});
