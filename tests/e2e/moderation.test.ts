import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { openPostMenu } from './support/post-menu.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(account: World['member']) {
  return signedInVisitor(browser, server.url, account);
}


describe('a report from the thread page to the audit log, in the browser', () => {
  it('a member reports a post; the moderator hides it from the queue; the reporter learns the outcome; the moderator undoes it', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    const offender = await registerUser(app, { displayName: 'Vendedor Insistente' });
    await as(app, offender).post(`/api/communities/${world.slug}/join`);
    const { thread } = await startThread(app, world.moderator, world.forumId, { title: 'Experiencias con la formación dual' });
    const bad = await replyTo(app, offender, thread.id, 'Compre diplomas sin estudiar en nuestro sitio');

    // ── The member reports the post from the thread page ────────────────────────────────────
    const reporter = await signedIn(world.member);
    await reporter.page.goto(`/t/${thread.id}`);
    const badPost = reporter.page.locator(`#post-${bad.id}`);
    await openPostMenu(badPost);
    await badPost.getByRole('button', { name: 'Más acciones sobre el mensaje de Vendedor Insistente' }).waitFor();
    await badPost.getByRole('button', { name: 'Denunciar' }).click();
    const dialog = reporter.page.getByRole('dialog', { name: 'Denunciar este contenido' });
    await dialog.getByRole('radio', { name: 'Spam o publicidad' }).check();
    await dialog.getByLabel('Nota para los moderadores (opcional)').fill('Vende títulos falsos');
    await dialog.getByRole('button', { name: 'Enviar la denuncia' }).click();
    await dialog.getByText('Gracias: los moderadores revisarán su denuncia.').waitFor();

    // ── The moderator sees it in the queue, in context, and hides it in one click ───────────
    const moderator = await signedIn(world.moderator);
    const mod = moderator.page;
    await mod.goto(`/c/${world.slug}`);
    await mod.getByRole('link', { name: 'Panel de moderación' }).click();
    await mod.getByRole('heading', { level: 1, name: /Moderación de/ }).waitFor();
    expect(await mod.locator('[data-count="openReports"]').textContent()).toBe('1');
    const item = mod.getByRole('listitem', { name: 'Denuncia' });
    await item.getByText('Compre diplomas sin estudiar').waitFor();
    await item.getByText(/Vende títulos falsos/).waitFor();
    await mod.getByLabel('Motivo (se guarda en el registro)').fill('Publicidad engañosa');
    await item.getByRole('button', { name: 'Ocultar' }).click();
    await mod.getByText('No hay nada que revisar.').waitFor();
    await mod.locator('[data-count="openReports"]', { hasText: '0' }).waitFor();
    expect((await as(app, null).get(`/api/threads/${thread.id}`)).json().posts.map((p: { id: number }) => p.id)).not.toContain(bad.id);

    // ── The reporter learns the outcome ──────────────────────────────────────────────────────
    await reporter.page.goto('/notifications');
    await reporter.page.getByText(/actuaron sobre su denuncia/).waitFor();

    // ── The moderator undoes the hide from the audit log ─────────────────────────────────────
    const entry = mod.locator('li[data-action="post.hide"]');
    await entry.getByText('«Publicidad engañosa»').waitFor();
    await entry.getByRole('button', { name: 'Deshacer' }).click();
    await entry.getByText('(deshecha)').waitFor();
    expect((await as(app, null).get(`/api/threads/${thread.id}`)).json().posts.map((p: { id: number }) => p.id)).toContain(bad.id);
    await reporter.page.goto(`/t/${thread.id}`);
    await reporter.page.locator(`#post-${bad.id}`).getByText('Compre diplomas sin estudiar').waitFor();

    expect([...reporter.pageErrors, ...moderator.pageErrors]).toEqual([]);
    await reporter.context.close();
    await moderator.context.close();
  });
});

describe('the review queue with one person asking to join two communities', () => {
  it('the site-wide page lists both requests for the admin, and each community page its own for its moderator', async () => {
    const { app } = server;
    // An admin of the site: the server is shared with other tests, so promoted here.
    const siteAdmin = await registerUser(app);
    server.database.sqlite.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(siteAdmin.user.id);
    const base = await buildWorld(app, { admin: siteAdmin });
    const one = await buildWorld(app, { admin: base.admin, joinPolicy: 'approval' });
    const two = await buildWorld(app, { admin: base.admin, joinPolicy: 'approval' });
    const asker = await registerUser(app, { displayName: 'Aprendiz Doble' });
    await as(app, asker).post(`/api/communities/${one.slug}/join`);
    await as(app, asker).post(`/api/communities/${two.slug}/join`);

    const admin = await signedIn(base.admin);
    await admin.page.goto('/moderation');
    await admin.page.getByRole('heading', { level: 1, name: 'Moderación de la red' }).waitFor();
    const requests = admin.page.getByRole('listitem', { name: 'Solicitud de ingreso' }).filter({ hasText: 'Aprendiz Doble' });
    await requests.nth(1).waitFor();
    expect(await requests.count()).toBe(2);
    await requests.filter({ hasText: one.slug.replace('comunidad-', 'Formación dual ') }).getByRole('button', { name: 'Aprobar' }).click();
    await admin.page.getByRole('listitem', { name: 'Solicitud de ingreso' }).filter({ hasText: 'Aprendiz Doble' }).first().waitFor();
    await expect.poll(() => requests.count()).toBe(1);
    expect((await as(app, asker).get(`/api/communities/${one.slug}`)).json().membership).toMatchObject({ status: 'active' });

    const moderator = await signedIn(two.moderator);
    await moderator.page.goto(`/c/${two.slug}/moderation`);
    await moderator.page.getByRole('heading', { level: 1, name: /Moderación de/ }).waitFor();
    await moderator.page.getByRole('listitem', { name: 'Solicitud de ingreso' }).filter({ hasText: 'Aprendiz Doble' }).waitFor();
    expect(await moderator.page.getByRole('listitem', { name: 'Solicitud de ingreso' }).count()).toBe(1);

    expect([...admin.pageErrors, ...moderator.pageErrors]).toEqual([]);
    await admin.context.close();
    await moderator.context.close();
  });
});
