/**
 * Verified affiliations in the browser (issue 19, part 4): a representative edits the
 * institution's email domains on its page (a public provider is refused with a readable
 * message); a member sees the domains but no editor; a member whose confirmed address is at
 * the domain shows "Verificado" on their thread's author line and their profile, with how in
 * the tooltip; the settings section says so. Every page passes axe.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;
let w: World;
let rep: Awaited<ReturnType<typeof registerUser>>;
let senai: number;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  w = await buildWorld(server.app);
  rep = await registerUser(server.app);
  senai = (server.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
  expect((await as(server.app, w.admin).put(`/api/institutions/${senai}/representatives/${rep.user.id}`)).statusCode).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('verified affiliations', () => {
  it('a representative edits the domains; a member sees them without an editor', async () => {
    const { page, pageErrors } = await signedInVisitor(browser, server.url, rep);
    await page.goto(`/knowledge/institutions/${senai}`);
    const field = page.getByLabel('Dominios, uno por línea (hasta 20)');
    await field.waitFor();
    await field.fill('gmail.com');
    await page.getByRole('button', { name: 'Guardar dominios' }).click();
    await page.getByRole('alert').filter({ hasText: 'gmail.com es un proveedor de correo público' }).waitFor();
    await field.fill('senai.br\nsp.senai.br');
    await page.getByRole('button', { name: 'Guardar dominios' }).click();
    await page.getByText('Dominios guardados.').waitFor();
    await page.locator('.domains code', { hasText: 'sp.senai.br' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);

    const member = await signedInVisitor(browser, server.url, w.member);
    await member.page.goto(`/knowledge/institutions/${senai}`);
    await member.page.getByRole('heading', { name: 'Dominios de correo' }).waitFor();
    await member.page.locator('.domains code', { hasText: 'senai.br' }).first().waitFor();
    expect(await member.page.getByRole('button', { name: 'Guardar dominios' }).count()).toBe(0);
    expect(await member.page.locator('textarea#institution-domains').count()).toBe(0);
    expect(await seriousViolations(member.page)).toEqual([]);
  });

  it('shows the badge on a thread’s author line, the profile and the settings', async () => {
    const person = await registerUser(server.app, { email: `rosa${process.pid}@sp.senai.br` });
    expect((await as(server.app, person).patch('/api/me', { institutionId: senai })).statusCode).toBe(200);
    const row = server.database.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.recipient, person.email), eq(mailOutbox.kind, 'email_verify')))
      .orderBy(desc(mailOutbox.id))
      .get();
    const token = /token=([A-Za-z0-9_-]+)/.exec(row!.text)![1]!;
    const verified = await server.app.inject({ method: 'POST', url: '/api/auth/verify-email', headers: { origin: ORIGIN }, payload: { token } });
    expect(verified.statusCode).toBe(200);
    await as(server.app, w.admin).post(`/api/communities/${w.slug}/members/${person.user.id}`, { status: 'active' });
    const { thread } = await startThread(server.app, person, w.forumId, { title: 'Mecatrónica en el SENAI de São Paulo' });

    const { page, pageErrors } = await signedInVisitor(browser, server.url, w.member);
    await page.goto(`/t/${thread.id}`);
    const badge = page.locator('.who .verified').first();
    await badge.waitFor();
    expect(await badge.innerText()).toContain('Verificado');
    expect(await badge.getAttribute('title')).toContain('correo en sp.senai.br');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/u/${person.username}`);
    await page.locator('.verified', { hasText: 'Verificado: SENAI' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);

    const own = await signedInVisitor(browser, server.url, person);
    await own.page.goto('/settings');
    await own.page.getByText(/Miembro verificado de .* \(correo en sp\.senai\.br\)/).waitFor();
    expect(await seriousViolations(own.page)).toEqual([]);
  });
});
