import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

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
  const visitor = await newVisitor(browser, server.url);
  const [name, value] = account.cookie.split('=');
  await visitor.context.addCookies([{ name: name!, value: value!, url: server.url }]);
  return visitor;
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
