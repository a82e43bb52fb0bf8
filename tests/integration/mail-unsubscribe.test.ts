/**
 * One unsubscribe for every mail that is not transactional, through real SMTP: the digest's and
 * the workshop reminder's List-Unsubscribe URL take a mail client's one-click POST without a
 * session, the same URL opened in a browser goes to the page, and a mail to the mailto
 * (`unsubscribe+<token>@`, RFC 2369) sent to Minga's own listener turns the kind off too.
 */
import { alteredSignature } from '../helpers/mail.ts';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { ORIGIN } from '../helpers/accounts.ts';
import { inboundClient } from '../helpers/inbound-mail.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';
import { digestsRepositories } from '../../server/modules/digests/index.ts';
import { mailingListUnsubscribe } from '../../server/modules/mailing-list/mailer.ts';
import { notificationMailRepositories } from '../../server/modules/notification-mail/index.ts';
import { createMailPreferences } from '../../server/modules/notification-mail/preferences.ts';

type Account = World['member'];
const PUBLIC_URL = 'https://minga.example.org';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let sink: SmtpSink;
let t: TestApp;
let w: World;
let client: ReturnType<typeof inboundClient>;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL, inbound: { port: 0, host: '127.0.0.1' } },
    mailTiming: { pollMs: 50, backoffBaseMs: 50 },
  });
  w = await buildWorld(t.app);
  client = inboundClient(t.app);
});
afterAll(async () => {
  client?.close();
  await t?.app.close();
  await sink?.close();
});

/** The signed tokens, as the app makes them (same secret, from the database). */
const signer = () => createMailPreferences(notificationMailRepositories(t.database).notificationMail, digestsRepositories(t.database).digests);

/** A header as it came over the wire, unfolded. */
const raw = (mail: ParsedMail, name: string) => mail.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
/** The URL and the mailto of a mail's List-Unsubscribe. */
function listUnsubscribe(mail: ParsedMail): { url: URL; mailto: string } {
  const [, url, mailto] = /<(https:[^>]+)>, <mailto:([^>]+)>/.exec(raw(mail, 'list-unsubscribe')) ?? [];
  expect(url, raw(mail, 'list-unsubscribe')).toBeDefined();
  return { url: new URL(url!), mailto: mailto! };
}

/** The first mail to an address with that subject that can be unsubscribed from. */
async function waitForMail(address: string, subject: RegExp): Promise<ParsedMail> {
  for (let n = 1; ; n += 1) {
    const found = (await sink.waitFor(n)).find(
      (m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address) && subject.test(m.subject ?? '') && raw(m, 'list-unsubscribe') !== '',
    );
    if (found) return found;
  }
}

const outboxCount = (kind: string, account: Account) =>
  (t.database.sqlite.prepare('SELECT count(*) AS n FROM mail_outbox WHERE kind = ? AND user_id = ?').get(kind, account.user.id) as { n: number }).n;

/** What a mail client does on one click (RFC 8058): a form POST, no cookie. */
const oneClick = (url: URL) =>
  t.app.inject({ method: 'POST', url: url.pathname + url.search, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });

const put = (account: Account, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { origin: ORIGIN, cookie: account.cookie }, payload });

const everyoneAway = () => t.database.sqlite.prepare('UPDATE sessions SET last_seen_at = 0').run();
/** A new thread dated inside a later digest period (content is dated by the server's clock). */
async function threadAt(at: Date, title: string) {
  const { thread } = await startThread(t.app, w.moderator, w.forumId, { title });
  t.database.sqlite.prepare('UPDATE threads SET created_at = ?, last_post_at = ? WHERE id = ?').run(at.getTime(), at.getTime(), thread.id);
  t.database.sqlite.prepare('UPDATE posts SET created_at = ? WHERE thread_id = ?').run(at.getTime(), thread.id);
}

async function sendTo(to: string) {
  return client.send({ from: 'Someone <someone@elsewhere.example>', to, subject: 'unsubscribe', text: 'unsubscribe' });
}

async function refusedAtRcpt(to: string): Promise<number | undefined> {
  const error = await sendTo(to).then(
    () => null,
    (e: { responseCode?: number; rejectedErrors?: { responseCode?: number }[] }) => e,
  );
  return error ? (error.rejectedErrors?.[0]?.responseCode ?? error.responseCode) : undefined;
}

describe('the digest', () => {
  it('one click on its List-Unsubscribe turns it off without a session: the next period sends nothing', async () => {
    // The outsider joins too: the control, who keeps getting digests.
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`)).statusCode).toBe(200);
    const first = new Date(Date.now() + 3 * DAY);
    await threadAt(new Date(Date.now()), 'Alternancia en la formación dual');
    everyoneAway();
    const report = await t.app.digests.runDue(first, { username: w.member.username });
    expect(report.sent).toBe(1);
    const mail = await waitForMail(w.member.email, /./);
    expect(raw(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const { url, mailto } = listUnsubscribe(mail);
    expect(url.origin + url.pathname).toBe(`${PUBLIC_URL}/api/mail/unsubscribe`);
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^\d+\.digest\./);
    expect(mailto).toBe(`unsubscribe+${token}@example.org`);
    expect(mailto.split('@')[0]!.length, 'an address local part holds at most 64 octets').toBeLessThanOrEqual(64);

    // Opened in a browser: the page; asked for JSON: what the link changes.
    const opened = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect((await t.app.inject({ method: 'GET', url: url.pathname + url.search })).json()).toEqual({ kind: 'digest', mode: 'weekly' });

    // A forged token changes nothing.
    const [id, , signature] = token.split('.');
    for (const forged of [`${id}.digest.${alteredSignature(signature!)}`, `${Number(id) + 1}.digest.${signature}`, `${id}.workshop_reminder.${signature}`]) {
      const refused = await oneClick(new URL(`${PUBLIC_URL}/api/mail/unsubscribe?token=${encodeURIComponent(forged)}`));
      expect(refused.statusCode, forged).toBe(400);
      expect(refused.json().error.code).toBe('UNSUBSCRIBE_TOKEN_INVALID');
    }
    expect((await as(t.app, w.member).get('/api/me/digest')).json()).toEqual({ frequency: 'weekly' });

    const done = await oneClick(url);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ kind: 'digest', mode: 'never' });
    expect((await as(t.app, w.member).get('/api/me/digest')).json()).toEqual({ frequency: 'never' });

    // The next week has news: the control gets it, the member who unsubscribed does not.
    const next = new Date(first.getTime() + 8 * DAY);
    await threadAt(new Date(next.getTime() - DAY), 'Certificación de competencias');
    everyoneAway();
    const before = outboxCount('digest', w.member);
    await t.app.digests.runDue(next);
    expect(outboxCount('digest', w.outsider), 'the control still gets the digest of that period').toBeGreaterThan(0);
    expect(outboxCount('digest', w.member)).toBe(before);
  });

  it('the page may choose daily, weekly or never, and nothing else', async () => {
    const token = await signer().token(w.outsider.user.id, 'digest');
    const path = `/api/mail/unsubscribe?token=${encodeURIComponent(token)}`;
    const chosen = await t.app.inject({ method: 'POST', url: path, payload: { mode: 'daily' } });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toEqual({ kind: 'digest', mode: 'daily' });
    expect((await as(t.app, w.outsider).get('/api/me/digest')).json()).toEqual({ frequency: 'daily' });
    const wrong = await t.app.inject({ method: 'POST', url: path, payload: { mode: 'digest' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('workshop reminders', () => {
  it('one click on a reminder turns them off: the next reminder is not sent (others still get theirs)', async () => {
    const starts = Date.now() + 30 * HOUR;
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Tutores de empresa', startsAt: new Date(starts).toISOString() });
    for (const person of [w.member, w.moderator]) expect((await as(t.app, person).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBeLessThan(300);

    await t.app.workshopMail.runDue(new Date(starts - 24 * HOUR));
    const mail = await waitForMail(w.member.email, /Tutores de empresa/);
    const { url, mailto } = listUnsubscribe(mail);
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^\d+\.workshop_reminder\./);
    expect(mailto).toBe(`unsubscribe+${token}@example.org`);
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().workshopReminders).toBe(true);

    const done = await oneClick(url);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ kind: 'workshop_reminder', mode: 'never' });
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().workshopReminders).toBe(false);

    const before = outboxCount('workshop_reminder', w.member);
    const control = outboxCount('workshop_reminder', w.moderator);
    await t.app.workshopMail.runDue(new Date(starts - HOUR + 1));
    expect(outboxCount('workshop_reminder', w.member)).toBe(before);
    expect(outboxCount('workshop_reminder', w.moderator)).toBe(control + 1);

    // The settings page turns them back on.
    const again = await put(w.member, '/api/me/mail-preferences', { modes: {}, workshopReminders: true });
    expect(again.statusCode).toBe(200);
    expect(again.json().workshopReminders).toBe(true);
  });
});

describe('the mailto (RFC 2369) at the inbound listener', () => {
  it('a mail to unsubscribe+<token>@ turns that kind off; an unknown or forged token is refused at RCPT TO', async () => {
    const preferences = signer();
    const token = await preferences.token(w.member.user.id, 'workshop_reminder');
    await put(w.member, '/api/me/mail-preferences', { modes: {}, workshopReminders: true });

    const [id, , signature] = token.split('.');
    for (const bad of [`${id}.workshop_reminder.${alteredSignature(signature!)}`, `${id}.digest.${signature}`, 'ml.nosuchsubscriptiontoken0000000000', '0123456789abcdef']) {
      expect(await refusedAtRcpt(`unsubscribe+${bad}@example.org`), bad).toBe(550);
    }
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().workshopReminders).toBe(true);

    await sendTo(`unsubscribe+${token}@example.org`);
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().workshopReminders).toBe(false);

    const mention = await preferences.token(w.member.user.id, 'mention');
    await sendTo(`unsubscribe+${mention}@example.org`);
    expect((await as(t.app, w.member).get('/api/me/mail-preferences')).json().modes.mention).toBe('never');
  });

  it('a mailing-list mail’s mailto names its subscription, and a mail to it ends the subscription', async () => {
    expect((await put(w.member, `/api/communities/${w.slug}/mailing-list`, { enabled: true })).json()).toEqual({ enabled: true });
    const { token } = t.database.sqlite.prepare('SELECT token FROM mailing_list_subscriptions WHERE user_id = ?').get(w.member.user.id) as { token: string };
    const { url, mailto } = mailingListUnsubscribe(t.app.mail.outbox, token);
    expect(mailto).toBe(`unsubscribe+ml.${token}@example.org`);
    expect(mailto.split('@')[0]!.length).toBeLessThanOrEqual(64);

    // Its URL opened in a browser: the unsubscribe page (not the settings page, which needs a session).
    const path = new URL(url).pathname;
    const opened = await t.app.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/unsubscribe?list=${encodeURIComponent(token)}`);
    const community = (await as(t.app, w.member).get(`/api/communities/${w.slug}`)).json().community;
    expect((await t.app.inject({ method: 'GET', url: path })).json()).toEqual({ enabled: true, community: { slug: w.slug, name: community.name } });

    await sendTo(mailto);
    expect((await as(t.app, w.member).get(`/api/communities/${w.slug}/mailing-list`)).json()).toEqual({ enabled: false });
    expect((await t.app.inject({ method: 'GET', url: path })).json()).toEqual({ enabled: false, community: null });
  });
});
