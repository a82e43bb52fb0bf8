import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newVisitor, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
/** The first account on the empty site: its admin. */
let siteAdmin: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  siteAdmin = await registerUser(server.app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an invitation into a secret community, in the browser', () => {
  it('a moderator makes a link; a new visitor opens it, signs up, joins and reads the community', async () => {
    const { app } = server;
    const world = await buildWorld(app, { visibility: 'private', joinPolicy: 'approval', admin: siteAdmin });
    const { thread } = await startThread(app, world.member, world.forumId, { title: 'Calendario reservado de pasantías' });

    // ── The moderator creates the invitation in the panel ───────────────────────────────────
    const moderator = await signedInVisitor(browser, server.url, world.moderator);
    const mod = moderator.page;
    await mod.goto(`/c/${world.slug}/moderation`);
    const panel = mod.getByRole('region', { name: 'Invitaciones' });
    await panel.getByLabel('Número de usos').fill('3');
    await panel.getByRole('button', { name: 'Crear invitación' }).click();
    const link = await panel.getByLabel('Enlace de la invitación').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await panel.locator('li[data-state="active"]', { hasText: '0 de 3 usos' }).waitFor();
    expect(await seriousViolations(mod)).toEqual([]);
    const path = new URL(link).pathname;

    // ── A visitor opens it: the server-rendered page names the community, not indexed ──────
    const html = await (await fetch(`${server.url}${path}`)).text();
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(html).toContain('Crear una cuenta');

    const visitor = await newVisitor(browser, server.url);
    const page = visitor.page;
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: /Invitación a/ }).waitFor();
    await page.getByText(`${world.moderator.displayName} le invita a unirse a esta comunidad.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // ── … registers, comes back, joins, and reads what was hidden ───────────────────────────
    await page.getByRole('link', { name: 'Crear una cuenta' }).click();
    await page.getByLabel('Nombre de usuario').fill(`invitada_${process.pid}`);
    await page.getByLabel('Correo electrónico').fill(`invitada_${process.pid}@example.org`);
    await page.getByLabel('Contraseña', { exact: true }).fill('telar-de-cintura-2027');
    await page.getByLabel('Nombre visible').fill('Marta Invitada');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.waitForURL((url) => url.pathname === path);
    const join = page.getByRole('button', { name: /^Unirse a / });
    await join.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await join.click();
    await page.waitForURL((url) => url.pathname === `/c/${world.slug}`);
    await page.getByRole('link', { name: 'Calendario reservado de pasantías' }).first().waitFor();
    await page.goto(`/t/${thread.id}`);
    await page.getByRole('heading', { level: 1, name: 'Calendario reservado de pasantías' }).waitFor();

    // ── The moderator sees the use counted; an admin sees the same panel ────────────────────
    await mod.reload();
    await mod.getByRole('region', { name: 'Invitaciones' }).locator('li[data-state="active"]', { hasText: '1 de 3 usos' }).waitFor();
    const admin = await signedInVisitor(browser, server.url, world.admin);
    await admin.page.goto(`/c/${world.slug}/moderation`);
    await admin.page.getByRole('region', { name: 'Invitaciones' }).getByRole('button', { name: 'Anular' }).first().waitFor();
    expect(await seriousViolations(admin.page)).toEqual([]);
    // A member opening the link sees they are in already.
    const member = await signedInVisitor(browser, server.url, world.member);
    await member.page.goto(path);
    await member.page.getByText('Ya es miembro de esta comunidad.').waitFor();
    expect(await seriousViolations(member.page)).toEqual([]);

    expect((await as(app, null).get(`/api/threads/${thread.id}`)).statusCode).toBe(404);
    expect([...moderator.pageErrors, ...visitor.pageErrors, ...admin.pageErrors, ...member.pageErrors]).toEqual([]);
    for (const v of [moderator, visitor, admin, member]) await v.context.close();
  });

  it('an admin lists a private community; an outsider sees its listing only and asks to join', async () => {
    const { app } = server;
    const world = await buildWorld(app, { visibility: 'private', joinPolicy: 'open', admin: siteAdmin });
    await startThread(app, world.member, world.forumId, { title: 'Acta reservada del consejo' });

    const admin = await signedInVisitor(browser, server.url, world.admin);
    await admin.page.goto(`/c/${world.slug}`);
    await admin.page.getByText('Editar la comunidad').click();
    await admin.page.getByLabel('Quién puede encontrarla').selectOption('listed');
    await admin.page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await admin.page.getByText('Listada', { exact: true }).first().waitFor();
    expect((await as(app, null).get(`/api/communities/${world.slug}`)).json().restricted).toBe(true);

    const outsider = await signedInVisitor(browser, server.url, world.outsider);
    const page = outsider.page;
    await page.goto('/communities');
    await page.locator(`a[href="/c/${world.slug}"]`).first().click();
    await page.getByText('Esta comunidad es privada').waitFor();
    expect(await page.getByText('Acta reservada del consejo').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Solicitar ingreso' }).click();
    await page.getByText('Solicitud pendiente de aprobación').waitFor();
    expect(await page.getByText('Acta reservada del consejo').count()).toBe(0);

    expect([...admin.pageErrors, ...outsider.pageErrors]).toEqual([]);
    for (const v of [admin, outsider]) await v.context.close();
  });
});
