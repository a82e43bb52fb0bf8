/**
 * Email verification through a real SMTP server on loopback: the link in the account's
 * language, used once; unverified accounts cannot post unless the site allows it; and
 * registering with a taken address looks exactly like registering with a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { newAccount, ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { mailsTo, mailTo, tokenLink } from '../helpers/mail.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { emailTokens } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';

const PUBLIC_URL = 'https://minga.example.org';
let sink: SmtpSink;
let t: TestApp;
let world: World;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL },
    unverifiedMayPost: false,
  });
  world = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const post = (path: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: path, headers: { origin: ORIGIN, ...headers }, payload });
const verify = (token: string, headers: Record<string, string> = {}) => post('/api/auth/verify-email', { token }, headers);
const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().user;

async function joinedMember(headers: Record<string, string> = {}) {
  const before = sink.messages.length;
  const account = newAccount();
  const response = await post('/api/auth/register', account, headers);
  expect(response.statusCode).toBe(201);
  const cookie = `minga_session=${response.cookies.find((c) => c.name === 'minga_session')!.value}`;
  const joined = await as(t.app, { cookie } as never).post(`/api/communities/${world.slug}/join`);
  expect(joined.json()).toEqual({ status: 'active' });
  return { ...account, cookie, before, user: response.json().user };
}

const reply = (cookie: string, body = 'Compartimos la guía de evaluación por competencias.') =>
  as(t.app, { cookie } as never).post(`/api/forums/${world.forumId}/threads`, { title: 'Evaluación por competencias', body, kind: 'discussion' });

describe('email verification', () => {
  it('mails an absolute link in the account’s language; the link works once, signed out too', async () => {
    const person = await joinedMember({ 'accept-language': 'pt-BR,pt;q=0.9' });
    expect(person.user.emailVerified).toBe(false);
    expect((await me(person.cookie)).emailVerified).toBe(false);

    const mail = await mailTo(sink, person.email, { after: person.before });
    expect(mail.subject).toBe('Confirme o seu endereço de e-mail no Minga');
    expect(mail.html).toContain('lang="pt"');
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const link = tokenLink(mail, PUBLIC_URL, '/verify-email');
    expect(link, 'the text part carries the absolute link').not.toBeNull();
    expect(mail.html).toContain(`href="${link!.href}"`);

    // Followed in another browser, signed out: the link names the account.
    const token = link!.searchParams.get('token')!;
    const first = await verify(token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ emailVerified: true });
    expect((await me(person.cookie)).emailVerified).toBe(true);
    const session = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: person.cookie } });
    expect(session.json().user.emailVerified).toBe(true);

    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('EMAIL_TOKEN_INVALID');
    expect((await verify('not-a-token')).json().error.code).toBe('EMAIL_TOKEN_INVALID');
  });

  it('refuses a post from an unverified account (403 EMAIL_UNVERIFIED), and takes it once verified', async () => {
    const person = await joinedMember();
    const refused = await reply(person.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('EMAIL_UNVERIFIED');
    expect(refused.json().error.message).toMatch(/enlace/);

    const mail = await mailTo(sink, person.email, { after: person.before });
    expect((await verify(tokenLink(mail, PUBLIC_URL, '/verify-email')!.searchParams.get('token')!)).statusCode).toBe(200);
    expect((await reply(person.cookie)).statusCode).toBe(201);
  });

  it('applies to staff too, but not to the first account (the admin, verified at creation)', async () => {
    expect((await me(world.admin.cookie)).emailVerified).toBe(true);
    expect((await me(world.moderator.cookie)).emailVerified).toBe(false);
    const byModerator = await reply(world.moderator.cookie, 'Bienvenidos al foro de la comunidad.');
    expect(byModerator.json().error?.code).toBe('EMAIL_UNVERIFIED');
    expect((await reply(world.admin.cookie, 'Las reglas del foro, para empezar.')).statusCode).toBe(201);
  });

  it('lets unverified accounts post when an admin allows it in the site settings', async () => {
    const person = await joinedMember();
    const admin = as(t.app, world.admin);
    const settings = (await admin.get('/api/moderation/settings')).json();
    expect(settings.unverifiedMayPost).toBe(false);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/moderation/settings',
      headers: { origin: ORIGIN, cookie: world.admin.cookie },
      payload: { ...settings, unverifiedMayPost: true },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().unverifiedMayPost).toBe(true);
    expect((await reply(person.cookie, 'Con permiso del sitio, sin confirmar.')).statusCode).toBe(201);

    // A PUT that leaves the field out keeps it; turned off again, the rule is back.
    const { unverifiedMayPost: _kept, ...withoutField } = put.json();
    const kept = await t.app.inject({ method: 'PUT', url: '/api/moderation/settings', headers: { origin: ORIGIN, cookie: world.admin.cookie }, payload: withoutField });
    expect(kept.json().unverifiedMayPost).toBe(true);
    await t.app.inject({ method: 'PUT', url: '/api/moderation/settings', headers: { origin: ORIGIN, cookie: world.admin.cookie }, payload: { ...withoutField, unverifiedMayPost: false } });
    expect((await reply(person.cookie, 'Y ahora ya no.')).json().error.code).toBe('EMAIL_UNVERIFIED');
  });

  it('refuses an expired link (seven days)', async () => {
    const person = await joinedMember();
    const mail = await mailTo(sink, person.email, { after: person.before });
    await t.database.db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailTokens.userId, person.user.id));
    const expired = await verify(tokenLink(mail, PUBLIC_URL, '/verify-email')!.searchParams.get('token')!);
    expect(expired.json().error.code).toBe('EMAIL_TOKEN_INVALID');
    expect((await me(person.cookie)).emailVerified).toBe(false);
  });

  it('sends the mail again from the banner, at most once a minute', async () => {
    const person = await joinedMember();
    await mailTo(sink, person.email, { after: person.before });
    const resent = await post('/api/me/email/verification', {}, { cookie: person.cookie });
    // The registration's mail is less than a minute old.
    expect(resent.statusCode).toBe(429);
    expect(resent.json().error.code).toBe('RATE_LIMITED');
    expect((await post('/api/me/email/verification', {})).statusCode).toBe(401);

    // A minute later it goes, with a new link that works.
    await t.database.db.update(emailTokens).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(emailTokens.userId, person.user.id));
    const before = sink.messages.length;
    const again = await post('/api/me/email/verification', {}, { cookie: person.cookie });
    expect(again.statusCode).toBe(202);
    const second = await mailTo(sink, person.email, { after: before });
    expect((await verify(tokenLink(second, PUBLIC_URL, '/verify-email')!.searchParams.get('token')!)).statusCode).toBe(200);
    // Verified: asking again mails nothing.
    expect((await post('/api/me/email/verification', {}, { cookie: person.cookie })).statusCode).toBe(202);
  });
});

describe('registering with a taken address', () => {
  it('answers exactly like a new address, mails the owner instead, and sends no link there', async () => {
    const owner = await registerUser(t.app, { email: `dueña_${Date.now()}@example.org`.replace('ñ', 'n') });
    const ownerMail = await mailTo(sink, owner.email);
    expect((await verify(tokenLink(ownerMail, PUBLIC_URL, '/verify-email')!.searchParams.get('token')!)).statusCode).toBe(200);
    const linksBefore = mailsTo(sink, owner.email).length;

    const fresh = newAccount();
    const copycat = newAccount({ email: owner.email.toUpperCase(), password: 'otra-clave-distinta-9' });
    const before = sink.messages.length;
    const a = await post('/api/auth/register', fresh);
    const b = await post('/api/auth/register', copycat);
    expect(b.statusCode).toBe(a.statusCode);
    expect(Object.keys(b.json()).sort()).toEqual(Object.keys(a.json()).sort());
    expect(Object.keys(b.json().user).sort()).toEqual(Object.keys(a.json().user).sort());
    expect(b.json().user.emailVerified).toBe(false);
    const cookieOf = (r: typeof a) => r.cookies.find((c) => c.name === 'minga_session')!;
    expect(cookieOf(b)).toMatchObject({ httpOnly: cookieOf(a).httpOnly, sameSite: cookieOf(a).sameSite, path: cookieOf(a).path });

    const notice = await mailTo(sink, owner.email, { after: before });
    expect(notice.subject).toBe('Alguien intentó usar su dirección en Minga');
    expect(notice.text).toContain(`${PUBLIC_URL}/password/forgot`);
    await mailTo(sink, fresh.email, { after: before });
    // The owner got the notice only: no verification link for the copycat's account.
    const toOwner = mailsTo(sink, owner.email).slice(linksBefore);
    expect(toOwner).toHaveLength(1);
    expect(toOwner.every((m) => tokenLink(m, PUBLIC_URL, '/verify-email') === null)).toBe(true);

    // The owner still signs in by address; the copycat's account does not take it over.
    const login = await post('/api/auth/login', { username: owner.email, password: owner.password });
    expect(login.json().user.id).toBe(owner.user.id);
    const copycatLogin = await post('/api/auth/login', { username: owner.email, password: copycat.password });
    expect(copycatLogin.statusCode).toBe(401);
  });

  it('an address two unverified accounts share signs in to neither, until one verifies it', async () => {
    const shared = `compartida_${process.pid}@example.org`;
    const before = sink.messages.length;
    const first = await registerUser(t.app, { email: shared, password: 'primera-clave-larga-1' });
    const second = await registerUser(t.app, { email: shared, password: 'segunda-clave-larga-2' });
    for (const account of [first, second]) {
      expect((await post('/api/auth/login', { username: shared, password: account.password })).statusCode).toBe(401);
    }
    // Both were mailed a link (neither address was verified); the second one's link verifies it.
    await sink.waitFor(before + 2);
    const links = mailsTo(sink, shared).slice(-2).map((m) => tokenLink(m, PUBLIC_URL, '/verify-email')!.searchParams.get('token')!);
    const results = await Promise.all(links.map((token) => verify(token)));
    const verifiedBy = (await me(first.cookie)).emailVerified ? first : second;
    // Only one account can hold a verified address: the other link is refused.
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    expect((await post('/api/auth/login', { username: shared, password: verifiedBy.password })).json().user.id).toBe(verifiedBy.user.id);
  });
});

describe('who may post before verifying, until an admin decides', () => {
  it('with mail delivered (SMTP): nobody unverified; on the embedded default (mail kept): everyone, since no link could reach them', async () => {
    for (const delivered of [true, false]) {
      const smtp = delivered ? await startSmtpSink() : null;
      const app = await buildTestApp({
        keepTrustDefaults: true,
        ...(smtp ? { mail: { smtpUrl: smtp.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL } } : {}),
      });
      try {
        const w = await buildWorld(app.app);
        const account = await registerUser(app.app);
        expect(account.user).toMatchObject({ emailVerified: false });
        expect((await as(app.app, account).post(`/api/communities/${w.slug}/join`)).json()).toEqual({ status: 'active' });
        const opened = await as(app.app, account).post(`/api/forums/${w.forumId}/threads`, { title: 'Primera pregunta', body: 'Hola a todos', kind: 'discussion' });
        if (delivered) expect(opened.json().error.code).toBe('EMAIL_UNVERIFIED');
        else expect(opened.statusCode).toBe(201);
        const settings = (await as(app.app, w.admin).get('/api/moderation/settings')).json();
        expect(settings.unverifiedMayPost).toBe(!delivered);
      } finally {
        await app.app.close();
        await smtp?.close();
      }
    }
  }, 60_000); // two apps built in the test itself (each a database and its reference data), not in a hook
});
