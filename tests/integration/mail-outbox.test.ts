/**
 * The outbox: kept for the admins' page without SMTP; with SMTP, delivered once through an
 * outage, resent under the same Message-ID after a sender died mid-send, failed for good after
 * the give-up time and retried by an admin.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/postgres.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { closedPort, startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

const FROM = 'Minga <minga@example.org>';
const PUBLIC_URL = 'https://minga.example.org';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function app(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const t = await buildTestApp(options);
  cleanups.push(() => t.app.close());
  return t;
}
async function sink(port = 0): Promise<SmtpSink> {
  const s = await startSmtpSink(port);
  cleanups.push(() => s.close());
  return s;
}
const askReset = (t: TestApp, email: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN }, payload: { email } });
const get = (t: TestApp, url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });

async function until<T>(read: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the embedded default: no SMTP server', () => {
  it('keeps messages in the outbox, which admins read whole and members cannot see', async () => {
    const t = await app({ mail: { smtpUrl: undefined, from: FROM, publicUrl: PUBLIC_URL } });
    const admin = await registerUser(t.app);
    expect(admin.user.role).toBe('admin');
    const member = await registerUser(t.app, { displayName: 'Ana <b>Souza</b> & co' });
    expect((await askReset(t, member.email)).statusCode).toBe(202);

    const list = await get(t, '/api/admin/outbox', admin.cookie);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.delivery).toBe('kept');
    // The member's verification link, then the reset (the first account, an admin, is verified at creation).
    expect(body.items.map((m: { kind: string }) => m.kind)).toEqual(['password_reset', 'email_verify']);
    const item = body.items[0];
    expect(item).toMatchObject({ recipient: member.email, kind: 'password_reset', status: 'kept', attempts: 0, transactional: true });

    const one = await get(t, `/api/admin/outbox/${item.id}`, admin.cookie);
    expect(one.statusCode).toBe(200);
    const { message } = one.json();
    expect(message.headers['Message-ID']).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    expect(message.headers.From).toBe(FROM);
    expect(message.text).toContain(`${PUBLIC_URL}/password/reset?token=`);
    // User-written text is escaped in the HTML part, kept as written in the text part.
    expect(message.html).toContain('Ana &lt;b&gt;Souza&lt;/b&gt; &amp; co');
    expect(message.html).not.toContain('<b>Souza</b>');
    expect(message.text).toContain('Ana <b>Souza</b> & co');

    // Members get 403, anonymous readers 401, on every outbox route.
    for (const url of ['/api/admin/outbox', `/api/admin/outbox/${item.id}`]) {
      expect((await get(t, url, member.cookie)).statusCode).toBe(403);
      expect((await get(t, url)).statusCode).toBe(401);
    }
    const retry = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${item.id}/retry`, headers: { origin: ORIGIN, cookie: member.cookie } });
    expect(retry.statusCode).toBe(403);
    expect((await get(t, '/api/admin/outbox/999999', admin.cookie)).json().error.code).toBe('OUTBOX_MESSAGE_NOT_FOUND');
  });

  it('filters by status and pages newest first', async () => {
    const t = await app();
    const admin = await registerUser(t.app);
    // Each member: a verification link, then a reset: six messages.
    for (let i = 0; i < 3; i += 1) await askReset(t, (await registerUser(t.app)).email);
    const first = (await get(t, '/api/admin/outbox?limit=4&status=kept', admin.cookie)).json();
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).not.toBeNull();
    const second = (await get(t, `/api/admin/outbox?limit=4&status=kept&cursor=${first.nextCursor}`, admin.cookie)).json();
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect((await get(t, '/api/admin/outbox?status=sent', admin.cookie)).json().items).toHaveLength(0);
    expect((await get(t, '/api/admin/outbox?status=bogus', admin.cookie)).statusCode).toBe(400);
  });
});

describe('delivery over SMTP', () => {
  it('delivers once after the SMTP server comes back, retrying with backoff', async () => {
    const port = await closedPort();
    const t = await app({
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, publicUrl: PUBLIC_URL },
      mailTiming: { backoffBaseMs: 150, pollMs: 100 },
    });
    const person = await registerUser(t.app);
    await askReset(t, person.email);
    const row = async () => (await t.app.mail.repo.findByEventKey((await t.app.mail.repo.list({ limit: 1 }))[0]!.eventKey))!;
    // Down: the attempts fail and are counted, the error kept.
    await until(async () => (await row()).attempts >= 2);
    expect((await row()).status).toBe('pending');
    expect((await row()).lastError).toMatch(/ECONNREFUSED|connect/i);

    // Up again on the same port: it arrives, once.
    const smtp = await sink(port);
    await smtp.waitFor(1);
    await until(async () => (await row()).status === 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.messageId).toBe((await row()).headers['Message-ID']);
  });

  it('resends a message whose sender died after claiming it, under the same Message-ID', async () => {
    const smtp = await sink();
    const t = await app({ mail: { smtpUrl: smtp.url, from: FROM, publicUrl: PUBLIC_URL }, mailTiming: { pollMs: 100 } });
    const person = await registerUser(t.app);
    const { outbox, repo } = t.app.mail;
    const id = (await outbox.enqueue({
      kind: 'password_reset',
      to: person.email,
      userId: person.user.id,
      locale: 'en',
      params: { displayName: person.displayName, username: person.username, resetUrl: outbox.link('/password/reset', { token: 'x' }) },
      eventKey: `test-claimed:${person.user.id}`,
    }))!;
    // Another sender claims it in the same tick, then dies before sending: nothing confirms it.
    const claimed = await repo.claimDue(new Date(), 400, 10);
    expect(claimed.map((r) => r.id)).toEqual([id]);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages).toHaveLength(0);

    // Its lease runs out: this app's sender takes it and sends the very same message.
    const [mail] = await smtp.waitFor(1);
    await until(async () => (await repo.findById(id))!.status === 'sent');
    expect(mail!.messageId).toBe(claimed[0]!.headers['Message-ID']);
    expect((await repo.findById(id))!.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(1);
  });

  it('sends threading and list headers as the outbox fixed them', async () => {
    const smtp = await sink();
    const t = await app({ mail: { smtpUrl: smtp.url, from: FROM, publicUrl: PUBLIC_URL } });
    const person = await registerUser(t.app);
    const { outbox, repo } = t.app.mail;
    await outbox.enqueue({
      kind: 'password_reset',
      to: person.email,
      userId: person.user.id,
      locale: 'es',
      params: { displayName: 'A', username: 'a', resetUrl: outbox.link('/password/reset') },
      eventKey: 'threaded',
      inReplyTo: '<thread-1@example.org>',
      references: ['<thread-1@example.org>', '<post-2@example.org>'],
    });
    // A list message as a future kind (digest, notification) will write it.
    await repo.insert(t.database.db, {
      recipient: person.email,
      userId: person.user.id,
      kind: 'digest',
      transactional: false,
      locale: 'es',
      subject: 'Resumen',
      html: '<p>Resumen</p>',
      text: 'Resumen',
      headers: {
        'Message-ID': '<digest-1@example.org>',
        From: FROM,
        To: person.email,
        Subject: 'Resumen',
        'List-Unsubscribe': `<${PUBLIC_URL}/unsubscribe/k>, <mailto:unsubscribe+k@example.org>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      eventKey: 'digest-1',
      status: 'pending',
      nextAttemptAt: new Date(),
    });
    t.app.mail.sender!.nudge();
    const mails = await smtp.waitFor(2);
    const threaded = mails.find((m) => m.inReplyTo)!;
    expect(threaded.inReplyTo).toBe('<thread-1@example.org>');
    expect(threaded.references).toEqual(['<thread-1@example.org>', '<post-2@example.org>']);
    expect(threaded.headers.has('list-unsubscribe')).toBe(false);
    const digest = mails.find((m) => m.messageId === '<digest-1@example.org>')!;
    const raw = (name: string) => digest.headerLines.find((l) => l.key === name)?.line.replace(/\r\n\s+/g, ' ');
    expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw('list-unsubscribe')).toBe(`List-Unsubscribe: <${PUBLIC_URL}/unsubscribe/k>, <mailto:unsubscribe+k@example.org>`);
  });

  it('enqueues once per event key', async () => {
    const t = await app();
    const person = await registerUser(t.app);
    const { outbox } = t.app.mail;
    const input = {
      kind: 'password_reset' as const,
      to: person.email,
      userId: person.user.id,
      locale: 'es' as const,
      params: { displayName: 'A', username: 'a', resetUrl: outbox.link('/password/reset') },
      eventKey: 'same-event',
    };
    expect(await outbox.enqueue(input)).toBeTypeOf('number');
    expect(await outbox.enqueue(input)).toBeNull();
  });

  it('gives up after the give-up time (visible to admins as failed) and an admin retries it', async () => {
    const port = await closedPort();
    const t = await app({
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, publicUrl: PUBLIC_URL },
      mailTiming: { backoffBaseMs: 50, giveUpAfterMs: 300, pollMs: 50 },
    });
    const admin = await registerUser(t.app);
    await askReset(t, admin.email);
    const failed = await until(async () => {
      const items = (await t.app.mail.admin.list({ id: admin.user.id, role: 'admin' } as never, { status: 'failed' })).items;
      return items.length ? items[0] : undefined;
    });
    const listed = (await get(t, '/api/admin/outbox?status=failed', admin.cookie)).json().items;
    expect(listed.map((m: { id: number }) => m.id)).toEqual([failed.id]);
    expect(listed[0].lastError).toBeTruthy();
    expect(listed[0].attempts).toBeGreaterThanOrEqual(1);

    const smtp = await sink(port);
    const retried = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${failed.id}/retry`, headers: { origin: ORIGIN, cookie: admin.cookie } });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().message.status).toBe('pending');
    await smtp.waitFor(1);
    await until(async () => (await t.app.mail.repo.findById(failed.id))!.status === 'sent');
    const again = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${failed.id}/retry`, headers: { origin: ORIGIN, cookie: admin.cookie } });
    expect(again.json().error.code).toBe('OUTBOX_NOT_RETRYABLE');
  });

  it('leaves no timer running after the app closes', async () => {
    const smtp = await sink();
    const t = await buildTestApp({ mail: { smtpUrl: smtp.url, from: FROM, publicUrl: PUBLIC_URL }, mailTiming: { pollMs: 60_000 } });
    const sender = t.app.mail.sender!;
    await until(() => !sender.idle());
    await t.app.close();
    expect(sender.idle()).toBe(true);
    // A late enqueue (a subscriber running after close) arms nothing.
    sender.nudge();
    expect(sender.idle()).toBe(true);
  });

  it('closes promptly while an SMTP server stalls mid-delivery, leaving the message to be tried again', async () => {
    let received = 0;
    const stalling = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      closeTimeout: 100,
      onData(stream) {
        stream.on('end', () => (received += 1));
        stream.resume(); // and never answers
      },
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise((resolve) => stalling.close(() => resolve())));
    const port = (stalling.server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'minga-mail-stop-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const dbFile = join(dir, 'minga.db');
    const t = await buildTestApp({
      dbFile,
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, publicUrl: PUBLIC_URL },
      mailTiming: { stopGraceMs: 200 },
    });
    const person = await registerUser(t.app);
    await askReset(t, person.email);
    await until(() => received === 1);
    const started = Date.now();
    await t.app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    const { database } = await openTestDatabase({ dbFile, skipSeed: true });
    const row = database.sqlite.prepare('SELECT status, attempts, last_error AS lastError FROM mail_outbox').get() as { status: string; attempts: number; lastError: string | null };
    await database.close();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toBeTruthy();
  });
});
