/**
 * Changing the account's address through a real SMTP server: a link to the new address, a
 * notice to the old one, nothing changes until the link is followed; a browser session and the
 * current password are required; a link works only for its own account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { newAccount, ORIGIN, registerUser } from '../helpers/accounts.ts';
import { mailsTo, mailTo, tokenLink } from '../helpers/mail.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

const PUBLIC_URL = 'https://minga.example.org';
let sink: SmtpSink;
let t: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL }, unverifiedMayPost: false });
  await registerUser(t.app); // the first account, an admin
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const post = (path: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: path, headers: { origin: ORIGIN, ...headers }, payload });
const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().user;
const unique = (name: string) => `${name}_${process.pid}_${Math.floor(Math.random() * 1e6)}@example.org`;

async function verifiedMember() {
  const before = sink.messages.length;
  const person = await registerUser(t.app);
  const link = tokenLink(await mailTo(sink, person.email, { after: before }), PUBLIC_URL, '/verify-email')!;
  expect((await post('/api/auth/verify-email', { token: link.searchParams.get('token')! })).statusCode).toBe(200);
  return person;
}

describe('changing the address', () => {
  it('mails a link to the new address and a notice to the old; the change applies when confirmed, once', async () => {
    const person = await verifiedMember();
    await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie: person.cookie }, payload: { locale: 'en' } });
    const next = unique('nueva');
    const before = sink.messages.length;
    const asked = await post('/api/me/email', { email: next.toUpperCase(), currentPassword: person.password }, { cookie: person.cookie });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ status: 'accepted' });

    const confirmMail = await mailTo(sink, next, { after: before });
    expect(confirmMail.subject).toBe('Confirm your new email address on Minga');
    const notice = await mailTo(sink, person.email, { after: before });
    expect(notice.subject).toBe('Your Minga account’s address is about to change');
    expect(notice.text).toContain(next);
    expect(notice.text).toContain(`${PUBLIC_URL}/password/forgot`);
    expect(tokenLink(notice, PUBLIC_URL, '/confirm-email'), 'the old address gets no link').toBeNull();

    // Nothing changed yet.
    expect((await me(person.cookie)).email).toBe(person.email);
    const token = tokenLink(confirmMail, PUBLIC_URL, '/confirm-email')!.searchParams.get('token')!;
    const confirmed = await post('/api/auth/confirm-email', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ email: next });
    expect(await me(person.cookie)).toMatchObject({ email: next, emailVerified: true });
    expect((await post('/api/auth/confirm-email', { token })).json().error.code).toBe('EMAIL_TOKEN_INVALID');

    // Signing in by the new address works, by the old one not.
    expect((await post('/api/auth/login', { username: next, password: person.password })).statusCode).toBe(200);
    expect((await post('/api/auth/login', { username: person.email, password: person.password })).statusCode).toBe(401);
  });

  it('needs the current password and a browser session, not an API token', async () => {
    const person = await verifiedMember();
    const wrong = await post('/api/me/email', { email: unique('otra'), currentPassword: 'no-es-la-clave-1' }, { cookie: person.cookie });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const same = await post('/api/me/email', { email: person.email, currentPassword: person.password }, { cookie: person.cookie });
    expect(same.json().error.code).toBe('EMAIL_UNCHANGED');

    const created = await post('/api/me/tokens', { name: 'automatización', scope: 'read+write' }, { cookie: person.cookie });
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/me/email',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: { email: unique('token'), currentPassword: person.password },
    });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().error.code).toBe('SESSION_REQUIRED');
  });

  it('refuses a link from one account to confirm while signed in as another, and a verification link', async () => {
    const owner = await verifiedMember();
    const other = await verifiedMember();
    const next = unique('ajena');
    const before = sink.messages.length;
    await post('/api/me/email', { email: next, currentPassword: owner.password }, { cookie: owner.cookie });
    const token = tokenLink(await mailTo(sink, next, { after: before }), PUBLIC_URL, '/confirm-email')!.searchParams.get('token')!;

    const byOther = await post('/api/auth/confirm-email', { token }, { cookie: other.cookie });
    expect(byOther.statusCode).toBe(400);
    expect(byOther.json().error.code).toBe('EMAIL_TOKEN_INVALID');
    expect((await me(other.cookie)).email).toBe(other.email);
    expect((await me(owner.cookie)).email).toBe(owner.email);

    // A verification link is not an email-change link, nor the other way round.
    const fresh = newAccount();
    const registeredAt = sink.messages.length;
    await post('/api/auth/register', fresh);
    const verifyToken = tokenLink(await mailTo(sink, fresh.email, { after: registeredAt }), PUBLIC_URL, '/verify-email')!.searchParams.get('token')!;
    expect((await post('/api/auth/confirm-email', { token: verifyToken })).json().error.code).toBe('EMAIL_TOKEN_INVALID');
    expect((await post('/api/auth/verify-email', { token })).json().error.code).toBe('EMAIL_TOKEN_INVALID');

    // Its own account (signed in or not) can still use it.
    expect((await post('/api/auth/confirm-email', { token }, { cookie: owner.cookie })).statusCode).toBe(200);
  });

  it('from an address never verified: the link goes, the old address (maybe not theirs) is not told', async () => {
    const before = sink.messages.length;
    const person = await registerUser(t.app);
    await mailTo(sink, person.email, { after: before });
    const next = unique('corregida');
    const asked = await post('/api/me/email', { email: next, currentPassword: person.password }, { cookie: person.cookie });
    expect(asked.statusCode).toBe(202);
    const link = tokenLink(await mailTo(sink, next, { after: before }), PUBLIC_URL, '/confirm-email')!;
    expect((await post('/api/auth/confirm-email', { token: link.searchParams.get('token')! }, { cookie: person.cookie })).statusCode).toBe(200);
    expect(await me(person.cookie)).toMatchObject({ email: next, emailVerified: true });
    // Written in the request's transaction, so the outbox tells at once what was (not) sent.
    const queued = (await t.app.mail.repo.list({ limit: 100 })).filter((m) => m.recipient === person.email).map((m) => m.kind);
    expect(queued).toEqual(['email_verify']);
  });

  it('to an address another account verified: the same answer, and its owner is told instead', async () => {
    const person = await verifiedMember();
    const holder = await verifiedMember();
    const before = sink.messages.length;
    const asked = await post('/api/me/email', { email: holder.email, currentPassword: person.password }, { cookie: person.cookie });
    expect(asked.statusCode).toBe(202);
    const told = await mailTo(sink, holder.email, { after: before });
    expect(told.subject).toBe('Alguien intentó usar su dirección en Minga');
    await mailTo(sink, person.email, { after: before });
    expect(mailsTo(sink, holder.email).some((m) => tokenLink(m, PUBLIC_URL, '/confirm-email'))).toBe(false);
  });
});
