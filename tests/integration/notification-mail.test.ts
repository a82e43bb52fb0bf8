/**
 * Notification mail through a real SMTP server on loopback: what arrives (parts, headers,
 * language, link, threading), what does not (seen in time, no longer readable, preferences),
 * coalescing per thread, the hourly cap, and the one-click unsubscribe.
 */
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { notificationMailerOf, notificationMailRepositories } from '../../server/modules/notification-mail/index.ts';
import { createMailPreferences } from '../../server/modules/notification-mail/preferences.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { alteredSignature, isVerificationMail, notVerification } from '../helpers/mail.ts';

const PUBLIC_URL = 'https://minga.example.org';
const DELAY_S = 600;
let sink: SmtpSink;
let t: TestApp;
let admin: Account;

beforeAll(async () => {
  sink = await startSmtpSink(0, { ignore: isVerificationMail });
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL },
    notifyMail: { delayS: DELAY_S, hourlyCap: 3 },
    rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } },
  });
  admin = await registerUser(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

type Account = Awaited<ReturnType<typeof registerUser>>;

const later = (seconds = DELAY_S + 1) => new Date(Date.now() + seconds * 1000);
const runDue = (at = later()) => notificationMailerOf(t.database).runDue(at);
const outboxFor = async (email: string) => notVerification(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).orderBy(mailOutbox.id));

async function mailTo(address: string, nth = 1): Promise<ParsedMail> {
  for (let n = 1; ; n += 1) {
    const messages = await sink.waitFor(n);
    const mine = messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address));
    if (mine.length >= nth) return mine[nth - 1]!;
  }
}

/** The List-Unsubscribe header as sent: `<https://…>, <mailto:…>`. */
function listUnsubscribe(mail: ParsedMail): { url: string; mail: string } {
  const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  const [, url, mailto] = /^List-Unsubscribe:\s*<([^>]+)>,\s*<mailto:([^>]+)>$/i.exec(line.replace(/\r?\n\s+/g, ' ')) ?? [];
  expect(url, line).toBeDefined();
  return { url: url!, mail: mailto! };
}

async function world(): Promise<World> {
  const w = await buildWorld(t.app, { admin });
  await relaxLimits(t.app, w.admin);
  return w;
}

async function setLocale(person: Account, locale: 'es' | 'pt' | 'en') {
  const patched = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie: person.cookie }, payload: { locale } });
  expect(patched.statusCode).toBe(200);
}

describe('notification mail', () => {
  it('mails a mention not seen within the delay: parts, language, quoted post, absolute link, threading and unsubscribe headers', async () => {
    const w = await world();
    await setLocale(w.member, 'en');
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Rúbricas de evaluación' });
    const post = await replyTo(t.app, w.moderator, thread.id, `Hola @${w.member.username}, ¿qué opina de **las rúbricas**?`);

    // Before the delay nothing goes.
    await runDue(later(DELAY_S - 30));
    expect(await outboxFor(w.member.email)).toHaveLength(0);

    expect((await runDue()).mailed).toBeGreaterThanOrEqual(1);
    const mail = await mailTo(w.member.email);
    expect(mail.subject).toBe(`${w.moderator.displayName} mentioned you in “Rúbricas de evaluación”`);
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain('<strong>las rúbricas</strong>');
    // Links inside the quoted post are absolute too.
    expect(mail.html).toContain(`href="${PUBLIC_URL}/u/${w.member.username}"`);
    expect(mail.html).not.toMatch(/href="\/[^/]/);
    const link = `${PUBLIC_URL}/t/${thread.id}#post-${post.id}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).not.toContain('**');

    const threadId = `<thread-${thread.id}@example.org>`;
    expect(mail.inReplyTo).toBe(threadId);
    expect(mail.references).toEqual(threadId);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    const unsubscribe = listUnsubscribe(mail);
    expect(unsubscribe.url).toMatch(new RegExp(`^${PUBLIC_URL}/api/mail/unsubscribe\\?token=`));
    expect(unsubscribe.mail).toMatch(/^unsubscribe\+.+@example\.org$/);
    expect(unsubscribe.mail.split('@')[0]!.length, 'an address local part holds at most 64 octets').toBeLessThanOrEqual(64);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // Decided once: a second run (a restart) does not mail it again.
    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(1);
  });

  it('coalesces several notifications about one thread into one mail, and a thread’s mails share their thread id', async () => {
    const w = await world();
    const { thread, post: first } = await startThread(t.app, w.member, w.forumId, { title: 'Pasantías en empresas' });
    await replyTo(t.app, w.moderator, thread.id, 'Primera respuesta', first.id);
    await replyTo(t.app, w.admin, thread.id, 'Segunda respuesta', first.id);
    await replyTo(t.app, w.moderator, thread.id, `Y una mención, @${w.member.username}`);
    await runDue();
    const mail = await mailTo(w.member.email);
    expect(mail.subject).toBe('3 novedades en «Pasantías en empresas»');
    expect(mail.text).toContain('Primera respuesta');
    expect(mail.text).toContain('Segunda respuesta');
    expect(await outboxFor(w.member.email)).toHaveLength(1);

    await replyTo(t.app, w.admin, thread.id, 'Más tarde', first.id);
    await runDue(later(2 * DELAY_S + 5));
    const second = await mailTo(w.member.email, 2);
    expect(second.inReplyTo).toBe(mail.inReplyTo);
    expect(second.references).toEqual(mail.references);
    expect(second.messageId).not.toBe(mail.messageId);
  });

  it('does not mail what the member saw in time: the thread opened, or the notification read', async () => {
    const w = await world();
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    await replyTo(t.app, w.moderator, thread.id, `Mire esto, @${w.member.username}`);
    expect((await as(t.app, w.member).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);

    const other = await startThread(t.app, w.moderator, w.forumId, { title: 'Otro tema' });
    await replyTo(t.app, w.moderator, other.thread.id, `Y esto, @${w.member.username}`);
    const list = (await as(t.app, w.member).get('/api/notifications')).json().items as { id: number; thread: { id: number } }[];
    const notification = list.find((n) => n.thread.id === other.thread.id)!;
    expect((await as(t.app, w.member).post(`/api/notifications/${notification.id}/read`)).statusCode).toBe(200);

    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(0);
  });

  it('a thread opened before a mention and opened again after it counts as seen (no stale memory of "nothing waiting")', async () => {
    const w = await world();
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Abierto dos veces' });
    // Opened with nothing waiting: the mailer remembers there was nothing…
    expect((await as(t.app, w.member).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
    await replyTo(t.app, w.moderator, thread.id, `Ahora sí, @${w.member.username}`);
    // …until the mention reaches the member: opening the thread again sees it.
    expect((await as(t.app, w.member).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(0);

    // And a mention not followed by an opening is still mailed.
    await replyTo(t.app, w.moderator, thread.id, `Otra vez, @${w.member.username}`);
    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(1);
  });

  it('does not mail about content the member may no longer read: post deleted, thread hidden, community made private', async () => {
    const w = await world();
    const deleted = await startThread(t.app, w.moderator, w.forumId, { title: 'Borrado' });
    const gone = await replyTo(t.app, w.moderator, deleted.thread.id, `Borrador para @${w.member.username}`);
    expect((await as(t.app, w.moderator).delete(`/api/posts/${gone.id}`)).statusCode).toBe(200);

    const hidden = await startThread(t.app, w.moderator, w.forumId, { title: 'Oculto' });
    await replyTo(t.app, w.moderator, hidden.thread.id, `Oculto para @${w.member.username}`);
    expect((await as(t.app, w.moderator).post(`/api/threads/${hidden.thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);

    // The outsider, mentioned while the community was public, loses access when it turns private.
    const closing = await startThread(t.app, w.moderator, w.forumId, { title: 'Cerrado' });
    await replyTo(t.app, w.moderator, closing.thread.id, `Para @${w.outsider.username}`);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/communities/${w.slug}`,
      headers: { origin: ORIGIN, cookie: w.admin.cookie },
      payload: { visibility: 'private' },
    });
    expect(patched.statusCode).toBe(200);

    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(0);
    expect(await outboxFor(w.outsider.email)).toHaveLength(0);
  });

  it('holds what goes over the hourly cap for the digest', async () => {
    const w = await world();
    for (let i = 0; i < 5; i += 1) {
      const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: `Tema ${i}` });
      await replyTo(t.app, w.moderator, thread.id, `Número ${i}, @${w.member.username}`);
    }
    const at = later();
    await runDue(at);
    expect(await outboxFor(w.member.email)).toHaveLength(3);
    const held = await notificationMailerOf(t.database).heldForDigest(w.member.user.id, new Date(Date.now() - 60_000));
    expect(held.map((n) => n.kind)).toEqual(['mention', 'mention']);
    expect(held.map((n) => n.thread?.title)).toEqual(['Tema 3', 'Tema 4']);
    // The digest's batch view: one line each in the member's language, leading to the post.
    const forDigest = await notificationMailerOf(t.database).heldNotifications([w.member.user.id, w.moderator.user.id], new Date(Date.now() - 60_000));
    expect(forDigest.has(w.moderator.user.id)).toBe(false);
    expect(forDigest.get(w.member.user.id)).toEqual([
      { title: `${w.moderator.displayName} le mencionó en «Tema 3»`, url: `/t/${held[0]!.thread!.id}#post-${held[0]!.postId}`, meta: expect.any(String) },
      { title: `${w.moderator.displayName} le mencionó en «Tema 4»`, url: `/t/${held[1]!.thread!.id}#post-${held[1]!.postId}`, meta: expect.any(String) },
    ]);
  });

  it('respects the preferences: never sends nothing, digest holds it', async () => {
    const w = await world();
    const defaults = await as(t.app, w.member).get('/api/me/mail-preferences');
    expect(defaults.json().modes).toMatchObject({ mention: 'email', reply: 'email', watched_reply: 'digest' });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { origin: ORIGIN, cookie: w.member.cookie },
      payload: { modes: { mention: 'never', reply: 'digest' } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().modes).toMatchObject({ mention: 'never', reply: 'digest', answer_accepted: 'email' });
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { origin: ORIGIN, cookie: w.member.cookie },
      payload: { modes: { mention: 'sometimes' } },
    });
    expect(bad.statusCode).toBe(400);

    const { thread, post } = await startThread(t.app, w.member, w.forumId);
    await replyTo(t.app, w.moderator, thread.id, `Hola @${w.member.username}`);
    const other = await startThread(t.app, w.moderator, w.forumId, { title: 'Respuesta retenida' });
    await replyTo(t.app, w.moderator, thread.id, 'Una respuesta a su mensaje', post.id);
    void other;
    await runDue();
    expect(await outboxFor(w.member.email)).toHaveLength(0);
    const held = await notificationMailerOf(t.database).heldForDigest(w.member.user.id, new Date(Date.now() - 60_000));
    expect(held.map((n) => n.kind)).toEqual(['reply']);
  });

  it('mails the other kinds: accepted answers, membership decisions, warnings', async () => {
    const w = await world();
    await setLocale(w.member, 'pt');
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { kind: 'question', title: 'Pergunta' });
    const answer = await replyTo(t.app, w.member, thread.id, 'Esta es mi respuesta');
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).post(`/api/users/${w.member.user.id}/warnings`, { reason: 'Tono', community: w.slug })).statusCode).toBe(201);

    const closed = await buildWorld(t.app, { joinPolicy: 'approval', admin });
    const applicant = await registerUser(t.app);
    expect((await as(t.app, applicant).post(`/api/communities/${closed.slug}/join`)).json().status).toBe('pending');
    expect((await as(t.app, closed.admin).post(`/api/communities/${closed.slug}/members/${applicant.user.id}`, { status: 'active' })).statusCode).toBe(200);

    await runDue();
    const first = await mailTo(w.member.email);
    const second = await mailTo(w.member.email, 2);
    const subjects = [first.subject, second.subject].sort();
    expect(subjects).toEqual([`${w.moderator.displayName} aceitou sua resposta em «Pergunta»`, 'Você recebeu uma advertência dos moderadores.'].sort());
    const welcome = await mailTo(applicant.email);
    expect(welcome.subject).toContain('Se aprobó su solicitud');
    expect(welcome.text).toContain(`${PUBLIC_URL}/c/${closed.slug}`);
  });

  it('unsubscribes in one click without a session, and refuses a forged token', async () => {
    const w = await world();
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    await replyTo(t.app, w.moderator, thread.id, `Hola @${w.member.username}`);
    await runDue();
    const mail = await mailTo(w.member.email);
    const url = new URL(listUnsubscribe(mail).url);
    const token = url.searchParams.get('token')!;

    // Opened in a browser: the page that confirms; asked for JSON: what the link changes.
    const opened = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    const shown = await t.app.inject({ method: 'GET', url: `/api/mail/unsubscribe?token=${encodeURIComponent(token)}` });
    expect(shown.json()).toEqual({ kind: 'mention', mode: 'email' });

    const post = (tokenValue: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/mail/unsubscribe?token=${encodeURIComponent(tokenValue)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
    const [id, kind, signature] = token.split('.');
    const forged = [
      `${id}.reply.${signature}`,
      `${Number(id) + 1}.${kind}.${signature}`,
      `${id}.${kind}.${alteredSignature(signature!)}`,
      `${id}.${kind}`,
      'nonsense',
    ];
    for (const bad of forged) {
      const refused = await post(bad);
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().error.code).toBe('UNSUBSCRIBE_TOKEN_INVALID');
    }

    const done = await post(token);
    expect(done.statusCode).toBe(200);
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().modes.mention).toBe('never');

    // Some mail clients post the one-click as multipart/form-data (RFC 8058 allows both).
    const watchedToken = await createMailPreferences(notificationMailRepositories(t.database).notificationMail).token(w.member.user.id, 'watched_reply');
    const boundary = 'minga-boundary';
    const multipart = await t.app.inject({
      method: 'POST',
      url: `/api/mail/unsubscribe?token=${encodeURIComponent(watchedToken)}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode).toBe(200);
    expect(multipart.json()).toEqual({ kind: 'watched_reply', mode: 'never' });

    // Later mentions are no longer mailed.
    await replyTo(t.app, w.moderator, thread.id, `Otra vez, @${w.member.username}`);
    await runDue(later(2 * DELAY_S + 5));
    expect(await outboxFor(w.member.email)).toHaveLength(1);
  });
});
