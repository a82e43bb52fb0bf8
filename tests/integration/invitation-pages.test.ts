/**
 * The server-rendered pages of invitations and listed communities, as a visitor (and a crawler)
 * gets them: the landing page names the community and leads through sign-up, never indexed; a
 * revoked invitation's page is not served from the visitors' cache; a listed community's page
 * shows its listing and nothing of its content.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  await ensureClientBuilt();
  t = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client') });
  w = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'approval' });
  await as(t.app, w.admin).patch(`/api/communities/${w.slug}`, { name: 'Observatorios del trabajo', description: 'Grupo de los equipos de estudios.' });
  await startThread(t.app, w.member, w.forumId, { title: 'Borrador reservado de la encuesta' });
}, 300_000);
afterAll(async () => {
  await t?.app.close();
});

const visit = (path: string) => t.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'es' } });

describe('the invitation page', () => {
  it('names the secret community and its inviter to a visitor, leads to sign-up and back, and is not indexed', async () => {
    const { token } = (await as(t.app, w.moderator).post(`/api/communities/${w.slug}/invitations`, {})).json().invitation;
    const page = await visit(`/invite/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invitación a Observatorios del trabajo');
    expect(page.body).toContain(w.moderator.displayName);
    expect(page.body).toContain('<meta name="robots" content="noindex"');
    expect(page.body).toContain(`/register?next=${encodeURIComponent(`/invite/${token}`)}`);
    expect(page.body).not.toContain('Borrador reservado');
    expect((await visit('/robots.txt')).body).toContain('Disallow: /invite/');
  });

  it('is gone once revoked, even for a visitor who had it cached', async () => {
    const { id, token } = (await as(t.app, w.moderator).post(`/api/communities/${w.slug}/invitations`, {})).json().invitation;
    expect((await visit(`/invite/${token}`)).statusCode).toBe(200);
    expect((await visit(`/invite/${token}`)).statusCode).toBe(200);
    await as(t.app, w.moderator).delete(`/api/communities/${w.slug}/invitations/${id}`);
    const page = await visit(`/invite/${token}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Esta invitación fue anulada');
    expect((await visit('/invite/nadie-hizo-esta-invitacion')).statusCode).toBe(404);
  });
});

describe('a listed private community’s page', () => {
  it('shows a visitor its name, description and the way to ask, nothing of its forums; secret it is a 404', async () => {
    expect((await visit(`/c/${w.slug}`)).statusCode).toBe(404);
    await as(t.app, w.admin).patch(`/api/communities/${w.slug}`, { listed: true });
    const page = await visit(`/c/${w.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Observatorios del trabajo');
    expect(page.body).toContain('Grupo de los equipos de estudios.');
    expect(page.body).toContain('Esta comunidad es privada');
    expect(page.body).not.toContain('Borrador reservado');
    expect(page.body).not.toContain(`/f/${w.forumId}`);
    expect(page.body).not.toContain('<meta name="robots" content="noindex"');
  });
});
