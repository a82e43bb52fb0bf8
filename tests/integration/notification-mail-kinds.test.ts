/**
 * Notification mail for the kinds not covered in notification-mail.test.ts: questions for a
 * specialist, replies in a watched thread (when the member asks for them by email) and the
 * outcome of a report, each through a real SMTP server on loopback.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../server/config.ts';
import { notificationMailerOf, notificationMailRepositories } from '../../server/modules/notification-mail/index.ts';
import { createMailPreferences } from '../../server/modules/notification-mail/preferences.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { isVerificationMail } from '../helpers/mail.ts';

const PUBLIC_URL = 'https://minga.example.org';
let sink: SmtpSink;
let t: TestApp;
let admin: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  sink = await startSmtpSink(0, { ignore: isVerificationMail });
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL },
    notifyMail: { delayS: 600, hourlyCap: 10 },
    rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } },
  });
  admin = await registerUser(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const runDue = () => notificationMailerOf(t.database).runDue(new Date(Date.now() + 601_000));

async function mailTo(address: string): Promise<ParsedMail> {
  for (let n = 1; ; n += 1) {
    const mine = (await sink.waitFor(n)).find((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address));
    if (mine) return mine;
  }
}

describe('notification mail, more kinds', () => {
  it('mails a question for a specialist, a watched thread’s reply when chosen, and a report’s outcome', async () => {
    const w = await buildWorld(t.app, { admin });
    await relaxLimits(t.app, admin);

    // A specialist linked to an account gets the question addressed to them.
    const expert = await registerUser(t.app);
    await as(t.app, expert).post(`/api/communities/${w.slug}/join`);
    const created = await as(t.app, admin).post('/api/specialists', { name: 'Marta Quispe', expertise: ['dual'], languages: ['es'], summary: 'Formación dual.', availability: ['answering'] });
    expect(created.statusCode).toBe(201);
    const specialistId = created.json().item.id as number;
    expect((await as(t.app, admin).patch(`/api/specialists/${specialistId}`, { userId: expert.username })).statusCode).toBe(200);
    const asked = await as(t.app, w.member).post(`/api/specialists/${specialistId}/ask`, {
      forumId: w.forumId,
      title: '¿Cómo evaluar a los tutores de empresa?',
      body: 'Buscamos *criterios* claros.',
    });
    expect(asked.statusCode).toBe(201);

    // The moderator watches a thread and wants those replies by email.
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Tema seguido' });
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/watch`, { level: 'watching' })).statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { origin: ORIGIN, cookie: w.moderator.cookie },
      payload: { modes: { watched_reply: 'email' } },
    });
    expect(put.statusCode).toBe(200);
    const watched = await replyTo(t.app, w.admin, thread.id, 'Una respuesta en el tema seguido');

    // The member reports a post; the moderators act on it.
    const bad = await startThread(t.app, w.moderator, w.forumId, { title: 'Denunciado' });
    const post = await replyTo(t.app, w.admin, bad.thread.id, 'Texto ofensivo');
    const { report } = (await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'abusive' })).json();
    expect((await as(t.app, w.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'hide', reason: 'Ofensivo' })).statusCode).toBe(200);

    await runDue();
    const question = await mailTo(expert.email);
    expect(question.subject).toBe(`${w.member.displayName} hizo una pregunta sobre su especialidad: «¿Cómo evaluar a los tutores de empresa?»`);
    expect(question.html).toContain('<em>criterios</em>');
    expect(question.text).toContain(`${PUBLIC_URL}/t/${asked.json().thread.id}#post-`);

    const reply = await mailTo(w.moderator.email);
    expect(reply.subject).toContain('«Tema seguido», que usted sigue');
    expect(reply.text).toContain(`${PUBLIC_URL}/t/${thread.id}#post-${watched.id}`);

    const outcome = await mailTo(w.member.email);
    expect(outcome.subject).toMatch(/^Los moderadores de «.+» actuaron sobre su denuncia\. Gracias\.$/);
    expect(outcome.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
  });

  it('lets a suspended member still turn mail off, on the settings page and from a link', async () => {
    const w = await buildWorld(t.app, { admin });
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await as(t.app, admin).post(`/api/users/${w.member.user.id}/suspension`, { until, reason: 'Spam' })).statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { origin: ORIGIN, cookie: w.member.cookie },
      payload: { modes: { mention: 'never' } },
    });
    expect(put.statusCode).toBe(200);
    const token = await createMailPreferences(notificationMailRepositories(t.database).notificationMail).token(w.member.user.id, 'reply');
    const fromPage = await t.app.inject({
      method: 'POST',
      url: `/api/mail/unsubscribe?token=${encodeURIComponent(token)}`,
      headers: { origin: ORIGIN, cookie: w.member.cookie },
      payload: { mode: 'digest' },
    });
    expect(fromPage.statusCode).toBe(200);
  });
});
