/**
 * The agreement page in Chromium: an editor opens the agreement space and nominates a person
 * for a party; that person then finds "Go to the space" and reaches the private community,
 * while an outsider sees neither the space nor the people. The list is rendered on the server.
 * axe finds nothing serious.
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
let agreementId: number;
let party: { id: number; acronym: string };
const TITLE = 'Mantenimiento industrial SENAI–INFOTEP';

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  editor = await registerUser(server.app);
  await as(server.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
  const [a, b] = (await as(server.app, null).get('/api/institutions?limit=2')).json().items;
  party = a;
  agreementId = (
    await as(server.app, editor).post('/api/agreements', {
      title: TITLE,
      institutionIds: [a.id, b.id],
      startDate: '2025-03-01',
      endDate: '2027-02-28',
      objectives: 'Formar **instructores** en mantenimiento predictivo.',
      status: 'in_force',
      sectors: ['C'],
    })
  ).json().item.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the agreement page', () => {
  it('is listed on the server-rendered list', async () => {
    const html = await (await fetch(`${server.url}/agreements`)).text();
    expect(html).toContain(TITLE);
    expect(html).toContain(`/agreements/${agreementId}`);
    const { page, pageErrors } = await signedInVisitor(browser, server.url, w.member);
    await page.goto('/agreements');
    await page.getByRole('link', { name: TITLE }).waitFor();
    expect(await page.getByRole('link', { name: 'Registrar un convenio' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The institution's page lists its agreements.
    await page.goto(`/knowledge/institutions/${party.id}`);
    await page.getByRole('heading', { level: 2, name: 'Convenios' }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('lets an editor open the space and nominate a person; the person goes to the space; an outsider sees none of it', async () => {
    const editorView = await signedInVisitor(browser, server.url, editor);
    const page = editorView.page;
    await page.goto(`/agreements/${agreementId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.locator('.prose strong').textContent()).toBe('instructores');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Abrir el espacio del convenio' }).click();
    // The editor manages the space without being in it: only its members (and admins) enter.
    await page.getByText('El convenio tiene un espacio privado para sus personas nombradas.').waitFor();
    await page.getByLabel(`Nombre de usuario (${party.acronym})`).fill(w.member.user.username);
    await page.getByRole('button', { name: 'Nombrar' }).first().click();
    await page.getByRole('link', { name: w.member.displayName, exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(editorView.pageErrors).toEqual([]);

    const memberView = await signedInVisitor(browser, server.url, w.member);
    await memberView.page.goto(`/agreements/${agreementId}`);
    await memberView.page.getByRole('link', { name: 'Ir al espacio' }).click();
    await memberView.page.waitForURL(/\/c\/agreement-\d+$/);
    await memberView.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await seriousViolations(memberView.page)).toEqual([]);
    const slug = new URL(memberView.page.url()).pathname.split('/').at(-1)!;

    const outsiderView = await signedInVisitor(browser, server.url, w.outsider);
    await outsiderView.page.goto(`/agreements/${agreementId}`);
    await outsiderView.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await outsiderView.page.getByRole('link', { name: 'Ir al espacio' }).count()).toBe(0);
    expect(await outsiderView.page.getByRole('button', { name: 'Abrir el espacio del convenio' }).count()).toBe(0);
    expect(await outsiderView.page.locator(`a[href="/u/${w.member.user.username}"]`).count()).toBe(0);
    expect((await fetch(`${server.url}/c/${slug}`)).status).toBe(404);
  });

  it('turns a cooperation request into an agreement: the form starts from the request, and the request then links to the agreement', async () => {
    const [a, b] = (await as(server.app, null).get('/api/institutions?limit=2')).json().items as { id: number; acronym: string }[];
    const request = await as(server.app, editor).post('/api/cooperation', {
      kind: 'request',
      title: 'Formación dual en logística portuaria',
      body: 'Buscamos apoyo para poner en marcha la **formación dual** en logística.',
      institutionId: a!.id,
      sectors: ['C'],
      themes: [],
    });
    expect(request.statusCode, request.body).toBe(201);
    const itemId = request.json().item.id as number;
    const responded = await as(server.app, editor).post(`/api/cooperation/${itemId}/responses`, { body: 'Podemos ayudar con nuestros instructores.', institutionId: b!.id });
    expect(responded.statusCode, responded.body).toBe(201);

    const { page, pageErrors } = await signedInVisitor(browser, server.url, editor);
    await page.goto(`/cooperation/${itemId}`);
    await page.getByRole('link', { name: 'Convertir en convenio' }).click();
    await expect.poll(() => page.locator('#agreement-title').inputValue()).toBe('Formación dual en logística portuaria');
    await page.getByRole('link', { name: /Nace de la solicitud u oferta de cooperación/ }).waitFor();
    // Both institutions, the requester's and the one that responded, are the parties.
    expect(await page.locator('#agreement-parties').evaluate((select: HTMLSelectElement) => [...select.selectedOptions].map((o) => Number(o.value)).sort())).toEqual([a!.id, b!.id].sort());
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#agreement-start').fill('2026-01-15');
    // Signed: a draft stays hidden from the request's readers.
    await page.locator('#agreement-status').selectOption('in_force');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/\/agreements\/\d+$/);
    const created = Number(new URL(page.url()).pathname.split('/').at(-1));
    const item = (await as(server.app, editor).get(`/api/cooperation/${itemId}`)).json().item;
    expect(item).toMatchObject({ agreementId: created, status: 'in_progress' });
    expect(pageErrors).toEqual([]);
  });
});
