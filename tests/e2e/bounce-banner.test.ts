/**
 * A member whose address bounced three times sees, on every page, that we stopped mailing them
 * and where to fix it; when an admin clears the bounces the banner goes.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dsn, inboundClient } from '../helpers/inbound-mail.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { launchBrowser, newVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let sink: SmtpSink;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startTestServer({
      mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org', inbound: { port: 0, host: '127.0.0.1' } },
      mailTiming: { pollMs: 50 },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sink?.close();
});

async function register(name: string) {
  const account = { username: `${name}_${process.pid}`, email: `${name}_${process.pid}@example.org`, password: 'telar-de-cintura-2026', displayName: `Rosa ${name}` };
  const response = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(201);
  return { ...account, id: (await response.json()).user.id as number };
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Usuario o correo electrónico').fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

describe('the bounce banner', () => {
  it('asks the member to fix the address after three hard bounces, and goes when an admin clears them', async () => {
    const admin = await register('admin_rebotes');
    const member = await register('rebotada');
    const client = inboundClient(server.app);
    for (let i = 0; i < 3; i++) {
      const id = (await server.app.mail.outbox.enqueue({
        kind: 'reply_refused',
        to: member.email,
        userId: member.id,
        locale: 'es',
        params: { displayName: member.displayName, subject: 'Re: x', reason: 'prueba', text: '', siteUrl: 'https://minga.example.org/' },
        eventKey: `e2e:${randomUUID()}`,
      }))!;
      const key = (await server.app.mail.repo.findById(id))!.bounceKey!;
      await client.send({
        envelope: { from: 'MAILER-DAEMON@mx.example.net', to: `bounce+${key}@example.org` },
        raw: dsn({ to: `bounce+${key}@example.org`, failed: member.email, status: '5.1.1' }),
      });
    }
    client.close();

    const { context, page, pageErrors } = await newVisitor(browser, server.url);
    await signIn(page, member.username, member.password);
    const alert = page.getByRole('alert').filter({ hasText: member.email });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('dejamos de enviarle correo');
    await alert.getByRole('link', { name: 'Corregir la dirección' }).click();
    await page.waitForURL((url) => url.pathname === '/settings');

    const cleared = await fetch(`${server.url}/api/users/${member.id}/email-bounces`, {
      method: 'DELETE',
      headers: { origin: server.url, cookie: await adminCookie(admin.username, admin.password) },
    });
    expect(cleared.status).toBe(204);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('alert').filter({ hasText: member.email }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

async function adminCookie(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
