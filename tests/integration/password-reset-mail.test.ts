/**
 * Password reset through a real SMTP server on loopback: the mail, the link, the token's life,
 * and no way to tell an unknown address from a known one.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { passwordResetTokens } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';

const PUBLIC_URL = 'https://minga.example.org';
let sink: SmtpSink;
let t: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL } });
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const askReset = (email: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN, ...headers }, payload: { email } });
const confirm = (token: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', headers: { origin: ORIGIN }, payload: { token, password } });
const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username, password } });

async function nextMailTo(address: string): Promise<ParsedMail> {
  const seen = sink.messages.length;
  for (let n = seen + 1; ; n += 1) {
    const messages = await sink.waitFor(n);
    // A new account is also mailed its verification link: only the reset mail counts here.
    const mail = messages
      .slice(seen)
      .find((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address) && (m.text ?? '').includes('/password/reset?token='));
    if (mail) return mail;
  }
}

function resetLink(mail: ParsedMail): URL {
  const match = /https:\/\/minga\.example\.org\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '');
  expect(match, 'the text part carries the absolute link').not.toBeNull();
  return new URL(match![0]);
}

describe('password reset by mail', () => {
  it('mails an absolute link, in the account’s language, with an HTML and a text part', async () => {
    const person = await registerUser(t.app);
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie: person.cookie }, payload: { locale: 'pt' } });
    expect(patched.statusCode).toBe(200);

    // Asked from a browser in English: the account's Portuguese wins.
    const response = await askReset(person.email.toUpperCase(), { 'accept-language': 'en' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'accepted' });

    const mail = await nextMailTo(person.email);
    expect(mail.subject).toBe('Redefinir a sua senha da Minga');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Minga', address: 'minga@example.org' });
    expect(mail.messageId).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    expect(mail.text).toContain(`Olá, ${person.displayName}:`);
    expect(mail.html).toContain('lang="pt"');
    const link = resetLink(mail);
    expect(mail.html).toContain(`href="${link.href}"`);
    // Transactional: no unsubscribe headers.
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    expect(mail.headers.has('list-unsubscribe-post')).toBe(false);
  });

  it('sets the password once, signs every session out, and the link then stops working', async () => {
    const person = await registerUser(t.app);
    const second = await login(person.username, person.password);
    expect(second.statusCode).toBe(200);
    await askReset(person.email);
    const token = resetLink(await nextMailTo(person.email)).searchParams.get('token')!;

    // The registration rules apply, and a refused password does not use the link up.
    expect((await confirm(token, 'short')).json().error.code).toBe('PASSWORD_TOO_SHORT');
    expect((await confirm(token, 'password123')).statusCode).toBe(400);

    const done = await confirm(token, 'nueva-clave-del-telar-2026');
    expect(done.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: person.cookie } })).statusCode).toBe(401);
    expect((await login(person.username, person.password)).statusCode).toBe(401);
    expect((await login(person.username, 'nueva-clave-del-telar-2026')).statusCode).toBe(200);

    const again = await confirm(token, 'otra-clave-distinta-2026');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await login(person.username, 'nueva-clave-del-telar-2026')).statusCode).toBe(200);
  });

  it('refuses an expired link and a made-up one', async () => {
    const person = await registerUser(t.app);
    await askReset(person.email);
    const token = resetLink(await nextMailTo(person.email)).searchParams.get('token')!;
    // An hour passes: the stored expiry is moved into the past.
    await t.database.db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, person.user.id));
    expect((await confirm(token, 'nueva-clave-del-telar-2026')).json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await confirm('no-such-token', 'nueva-clave-del-telar-2026')).json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await login(person.username, person.password)).statusCode).toBe(200);
  });

  it('stores only a hash of the token', async () => {
    const person = await registerUser(t.app);
    await askReset(person.email);
    const token = resetLink(await nextMailTo(person.email)).searchParams.get('token')!;
    const rows = await t.database.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, person.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers an unknown address exactly as a known one, and mails nobody', async () => {
    const registered = sink.messages.length;
    const person = await registerUser(t.app);
    await sink.waitFor(registered + 1); // its verification link
    const before = sink.messages.length;
    const unknown = await askReset(`nadie_${process.pid}@example.org`);
    const known = await askReset(person.email);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    await nextMailTo(person.email);
    expect(sink.messages.slice(before).filter((m) => m.text?.includes('nadie_'))).toHaveLength(0);
    expect(sink.messages.length).toBe(before + 1);
  });

  it('takes about the same time for an unknown address as for a known one', async () => {
    const person = await registerUser(t.app);
    const time = async (email: string) => {
      const started = performance.now();
      await askReset(email);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      known.push(await time(person.email));
      unknown.push(await time(`nadie_${i}_${process.pid}@example.org`));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // Neither branch awaits anything the other does not (an argon2 hash or an SMTP round trip on
    // one branch only would show as tens of milliseconds); the margin absorbs a busy machine.
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(15);
  });

  it('limits requests per email address, whether or not an account has it', async () => {
    const limited = await buildTestApp({
      passwordResetLimits: { perAddress: { max: 100, windowMs: 60_000 }, perEmail: { max: 2, windowMs: 60_000 } },
    });
    try {
      const ask = (email: string, ip: string) =>
        limited.app.inject({ method: 'POST', url: '/api/auth/password-reset', remoteAddress: ip, headers: { origin: ORIGIN }, payload: { email } });
      expect((await ask('quien@example.org', '10.0.0.1')).statusCode).toBe(202);
      expect((await ask('QUIEN@example.org', '10.0.0.2')).statusCode).toBe(202);
      const third = await ask('quien@example.org', '10.0.0.3');
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('RATE_LIMITED');
      expect((await ask('otra@example.org', '10.0.0.3')).statusCode).toBe(202);
    } finally {
      await limited.app.close();
    }
  });
});
