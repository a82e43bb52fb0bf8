/**
 * Bounces: every message leaves with its own envelope sender (bounce+<key>@); a delivery
 * report (DSN) with a 5.x.x status sent back there counts against the address it was sent to.
 * After three, the account gets no more mail (a password reset still goes out) and the member
 * sees it in their session; an admin can say the address works again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';
import { dsn, inboundClient } from '../helpers/inbound-mail.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let sink: SmtpSink;
let t: TestApp;
let admin: Account;
let client: ReturnType<typeof inboundClient>;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org', inbound: { port: 0, host: '127.0.0.1' } },
    mailTiming: { pollMs: 50, backoffBaseMs: 50 },
  });
  admin = await registerUser(t.app);
  client = inboundClient(t.app);
});
afterAll(async () => {
  client?.close();
  await t?.app.close();
  await sink?.close();
});

/** A message to the member that is not a password reset; returns its outbox row once sent. */
async function mailTo(account: Account) {
  const id = (await t.app.mail.outbox.enqueue({
    kind: 'reply_refused',
    to: account.email,
    userId: account.user.id,
    locale: 'es',
    params: { displayName: account.displayName, subject: 'Re: x', reason: 'prueba', text: '', siteUrl: 'https://minga.example.org/' },
    eventKey: `test:${randomUUID()}`,
  }))!;
  return (await t.app.mail.repo.findById(id))!;
}

async function delivered(messageId: string) {
  for (let n = 1; ; n += 1) {
    const messages = await sink.waitFor(n);
    if (messages.some((m) => m.messageId === messageId)) return;
  }
}

const bounce = (bounceKey: string, account: Account, status = '5.1.1', action = 'failed', messageId?: string) =>
  client.send({
    envelope: { from: 'MAILER-DAEMON@mx.example.net', to: `bounce+${bounceKey}@example.org` },
    raw: dsn({ to: `bounce+${bounceKey}@example.org`, failed: account.email, status, action, messageId }),
  });

const bouncing = async (account: Account) => {
  const me = await as(t.app, account).get('/api/me');
  expect(me.statusCode).toBe(200);
  return me.json().user.emailBouncing as boolean;
};

describe('hard bounces', () => {
  it('three mark the address: no more mail except a password reset, and the session says so', async () => {
    const member = await registerUser(t.app);
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const row = await mailTo(member);
      await delivered(row.headers['Message-ID']!);
      sent.push(row);
    }
    expect(await bouncing(member)).toBe(false);

    // A delay (4.x.x) is not a hard bounce; the same report twice counts once.
    await bounce(sent[0]!.bounceKey!, member, '4.4.7', 'delayed');
    await bounce(sent[0]!.bounceKey!, member);
    await bounce(sent[0]!.bounceKey!, member);
    await bounce(sent[1]!.bounceKey!, member);
    expect(await bouncing(member)).toBe(false);
    await bounce(sent[2]!.bounceKey!, member);
    expect(await bouncing(member)).toBe(true);
    const session = await as(t.app, member).get('/api/session');
    expect(session.json().user.emailBouncing).toBe(true);
    // Every answer that carries the member's own view says it (the client keeps the latest).
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: member.username, password: member.password } });
    expect(login.json().user.emailBouncing).toBe(true);
    expect((await as(t.app, member).patch('/api/me', { bio: 'Formadora' })).json().user.emailBouncing).toBe(true);

    // Further mail is not sent (the admins see why); a password reset still is.
    const blocked = await mailTo(member);
    expect(await t.app.mail.repo.findById(blocked.id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('bounced') });
    const reset = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN }, payload: { email: member.email } });
    expect(reset.statusCode).toBe(202);
    await sink.waitFor(sink.messages.length + 1);
    const last = sink.messages.at(-1)!;
    expect(last.subject).toBe('Restablecer su contraseña de Minga');
    expect(sink.messages.some((m) => m.messageId === blocked.headers['Message-ID'])).toBe(false);

    // Other members are not affected.
    expect(await bouncing(admin)).toBe(false);
  });

  it('an admin clears them: mail resumes and the banner goes', async () => {
    const member = await registerUser(t.app);
    for (let i = 0; i < 3; i++) await bounce((await mailTo(member)).bounceKey!, member);
    expect(await bouncing(member)).toBe(true);

    expect((await as(t.app, member).delete(`/api/users/${member.user.id}/email-bounces`)).statusCode).toBe(403);
    expect((await as(t.app, admin).delete(`/api/users/${member.user.id}/email-bounces`)).statusCode).toBe(204);
    expect(await bouncing(member)).toBe(false);
    const again = await mailTo(member);
    await delivered(again.headers['Message-ID']!);
    expect((await as(t.app, admin).delete(`/api/users/${member.user.id}/email-bounces`)).json().error.code).toBe('EMAIL_BOUNCES_NOT_FOUND');
  });

  it('a report for a key we never issued is refused at RCPT TO', async () => {
    const member = await registerUser(t.app);
    const error = await bounce('0123456789abcdef0123456789abcdef', member).then(
      () => null,
      (e: { responseCode?: number; rejectedErrors?: { responseCode?: number }[] }) => e,
    );
    expect(error?.rejectedErrors?.[0]?.responseCode ?? error?.responseCode).toBe(550);
  });

  it('a mail to a bounce address that is not a delivery report counts nothing', async () => {
    const member = await registerUser(t.app);
    for (let i = 0; i < 3; i++) {
      const row = await mailTo(member);
      await client.send({ from: 'autoreply@mx.example.net', to: `bounce+${row.bounceKey}@example.org`, subject: 'Out of office', text: 'I am away (5.1.1)' });
    }
    expect(await bouncing(member)).toBe(false);
  });
});

describe('without MINGA_INBOUND_SMTP_PORT', () => {
  it('no listener runs', async () => {
    const plain = await buildTestApp();
    expect(plain.app.inboundMail.listener).toBeNull();
    await plain.app.close();
  });
});
