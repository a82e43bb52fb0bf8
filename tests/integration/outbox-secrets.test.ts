/**
 * The Outbox page shows members' mail, reset links included. A read-only API token of an admin
 * must not turn into a password (and so a whole account) through it: reading a message whole
 * needs a signed-in browser, like everything else that touches account security. With SMTP the
 * mail has gone to its owner, and the admins' copy carries no live link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { mailTo } from '../helpers/mail.ts';
import { startSmtpSink } from '../helpers/smtp.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function app(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const t = await buildTestApp(options);
  cleanups.push(() => t.app.close());
  return t;
}
const askReset = (t: TestApp, email: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN }, payload: { email } });
const confirm = (t: TestApp, token: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', headers: { origin: ORIGIN }, payload: { token, password: 'tomada-de-cuenta-2026' } });
const resetTokenIn = (text: string) => /[?&]token=([A-Za-z0-9_-]{20,})/.exec(text)?.[1];

async function until<T>(read: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('reset links on the Outbox page', () => {
  it('are not readable with an admin’s read-only token, which therefore cannot take over an account', async () => {
    const t = await app();
    const admin = await registerUser(t.app);
    const created = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN, cookie: admin.cookie }, payload: { name: 'informes', scope: 'read' } });
    const bearer = { authorization: `Bearer ${created.json().token}` };

    expect((await askReset(t, admin.email)).statusCode).toBe(202);
    const list = await t.app.inject({ url: '/api/admin/outbox', headers: bearer });
    expect(list.statusCode).toBe(200);
    const id = list.json().items[0].id;

    const one = await t.app.inject({ url: `/api/admin/outbox/${id}`, headers: bearer });
    expect(one.statusCode).toBe(403);
    expect(one.json().error.code).toBe('SESSION_REQUIRED');
    expect(resetTokenIn(one.body)).toBeUndefined();

    // In the browser, the admin reads it whole (without SMTP the Outbox page is the mailbox).
    const inBrowser = await t.app.inject({ url: `/api/admin/outbox/${id}`, headers: { cookie: admin.cookie } });
    expect(inBrowser.statusCode).toBe(200);
    expect(resetTokenIn(inBrowser.json().message.text)).toBeDefined();
  });

  it('carry no live token once the mail is delivered by SMTP', async () => {
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const t = await app({ mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' } });
    const admin = await registerUser(t.app);
    const member = await registerUser(t.app);
    expect((await askReset(t, member.email)).statusCode).toBe(202);
    // The member's verification link comes first; the reset mail is the one here.
    const mail = await mailTo(sink, member.email, { subject: 'Restablecer su contraseña de Minga' });
    const delivered = resetTokenIn(mail!.text ?? '');
    expect(delivered).toBeDefined();

    const id = await until(async () => (await t.app.mail.repo.list({ limit: 10 })).find((m) => m.status === 'sent' && m.kind === 'password_reset')?.id);
    const one = await t.app.inject({ url: `/api/admin/outbox/${id}`, headers: { cookie: admin.cookie } });
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(delivered!);
    expect((await confirm(t, delivered!)).statusCode).toBe(204);
  });
});
