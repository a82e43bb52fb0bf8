/**
 * The outbox through `kill -9` of the real server process: a message the SMTP server took but
 * never confirmed (the process died mid-send) is sent again after the restart, once, under the
 * same Message-ID; a message still waiting for a server that was down is sent after the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { openSiteDatabase } from '../helpers/site-database.ts';
import { closedPort, startSmtpSink } from '../helpers/smtp.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-mail-crash-'));
const dbFile = join(dir, 'minga.db');
const running: ServerProcess[] = [];

beforeAll(async () => {
  await ensureServerBuilt();
}, 180_000);

afterAll(() => {
  running.forEach((s) => s.child.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

/** An SMTP server that reads each message whole and never answers: the sender waits forever. */
async function startSilentSmtp() {
  const messageIds: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    onData(stream) {
      simpleParser(stream).then((mail) => messageIds.push(mail.messageId ?? ''));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messageIds, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function post(url: string, path: string, body: unknown) {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(body) });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('sends after kill -9 and restart: once, under the same Message-ID', async () => {
  const silent = await startSilentSmtp();
  const env = { MINGA_DB: dbFile, MINGA_PUBLIC_URL: 'https://minga.example.org', MINGA_MAIL_FROM: 'Minga <minga@example.org>' };
  const first = await startServerProcess({ ...env, MINGA_SMTP_URL: silent.url });
  running.push(first);
  const taken = { username: 'tomada', email: 'tomada@example.org', password: 'tejido-andino-2026', displayName: 'Tomada' };
  // The first account only (an admin, verified at creation): a second one would be mailed its verification link.
  expect((await post(first.url, '/api/auth/register', taken)).status).toBe(201);

  // The first message reaches the SMTP server, which never confirms it; then the process dies.
  expect((await post(first.url, '/api/auth/password-reset', { email: taken.email })).status).toBe(202);
  await until(() => silent.messageIds.length === 1);
  first.child.kill('SIGKILL');
  await first.exited;
  await silent.close();

  // The second one is written while no SMTP server answers, and the process dies again.
  const down = await closedPort();
  const second = await startServerProcess({ ...env, MINGA_SMTP_URL: `smtp://127.0.0.1:${down}` });
  running.push(second);
  expect((await post(second.url, '/api/auth/password-reset', { email: taken.email })).status).toBe(202);
  await new Promise((r) => setTimeout(r, 300));
  second.child.kill('SIGKILL');
  await second.exited;

  // The dead sender's claim lasts minutes: let that time pass by moving the due times back.
  const sqlite = openSiteDatabase(dbFile);
  const rows = sqlite.prepare('SELECT id, status, attempts, headers FROM mail_outbox ORDER BY id').all() as { id: number; status: string; attempts: number; headers: string }[];
  expect(rows.map((r) => r.status)).toEqual(['pending', 'pending']);
  expect(rows[0]!.attempts).toBe(1);
  sqlite.prepare('UPDATE mail_outbox SET next_attempt_at = 0').run();
  sqlite.close();

  const sink = await startSmtpSink();
  try {
    const third = await startServerProcess({ ...env, MINGA_SMTP_URL: sink.url });
    running.push(third);
    await sink.waitFor(2, 15_000);
    await new Promise((r) => setTimeout(r, 700));
    expect(sink.messages).toHaveLength(2);
    const ids = sink.messages.map((m) => m.messageId);
    expect(ids).toContain(silent.messageIds[0]);
    expect(silent.messageIds[0]).toBe(JSON.parse(rows[0]!.headers)['Message-ID']);
    expect(ids).toContain(JSON.parse(rows[1]!.headers)['Message-ID']);
    third.child.kill('SIGTERM');
    await third.exited;
  } finally {
    await sink.close();
  }
  const after = openSiteDatabase(dbFile, { readonly: true });
  expect((after.prepare('SELECT status FROM mail_outbox ORDER BY id').all() as { status: string }[]).map((r) => r.status)).toEqual(['sent', 'sent']);
  after.close();
}, 90_000);

it('says at start, without MINGA_SMTP_URL, that mail is kept for the Outbox page', async () => {
  const server = await startServerProcess({ MINGA_DB: join(dir, 'kept.db') });
  running.push(server);
  expect(server.output()).toMatch(/no MINGA_SMTP_URL.*kept in the outbox.*Outbox page/);
  server.child.kill('SIGTERM');
  await server.exited;
}, 30_000);
