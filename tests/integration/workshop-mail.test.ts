/**
 * Workshop mail through a real SMTP server on loopback: the confirmation with its calendar
 * file, the reminders (once each, across runs and a restart), "the room is open", and nothing
 * for someone who may no longer see the workshop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { mailOutbox } from '../../db/schema/index.ts';
import { buildApp } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/postgres.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

const PUBLIC_URL = 'https://minga.example.org';
const MAIL = { smtpUrl: undefined, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL };
const HOUR = 3600_000;
let sink: SmtpSink;
let t: TestApp;
let w: World;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ mail: { ...MAIL, smtpUrl: sink.url } });
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

/** A header as it came over the wire (mailparser folds List-* headers into its own shape). */
const raw = (mail: ParsedMail, name: string) => mail.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ');

const mailsTo = (address: string, kind?: RegExp) =>
  sink.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address) && (!kind || kind.test(m.subject ?? '')));

async function waitForMail(address: string, subject: RegExp): Promise<ParsedMail> {
  for (let n = 1; ; n += 1) {
    await sink.waitFor(n);
    const found = mailsTo(address, subject)[0];
    if (found) return found;
  }
}

/** Lets the sender deliver whatever was enqueued, then a little more. */
async function settle() {
  await t.app.mail.sender!.deliverDue();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('workshop mail', () => {
  it('confirms a registration in the member’s language with a parseable .ics attached', async () => {
    await as(t.app, w.member).patch('/api/me', { locale: 'en', timeZone: 'Asia/Tokyo' });
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Dual training assessment', startsAt: new Date(Date.now() + 48 * HOUR).toISOString() });
    expect((await as(t.app, w.member).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);

    const mail = await waitForMail(w.member.email, /Registration confirmed/);
    expect(mail.subject).toBe('Registration confirmed: Dual training assessment');
    // On the member's clocks (their settings), the zone named.
    const start = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(workshop.startsAt));
    expect(mail.text).toContain(`${start} GMT+9`);
    expect(mail.text).toContain(`${PUBLIC_URL}/w/${workshop.id}`);
    expect(raw(mail, 'list-unsubscribe')).toBeUndefined();
    expect(mail.attachments).toHaveLength(1);
    const ics = mail.attachments[0]!;
    expect(ics.filename).toBe(`workshop-${workshop.id}.ics`);
    expect(ics.contentType).toBe('text/calendar');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Dual training assessment');
    expect(event.startDate.toJSDate().getTime()).toBe(Math.floor(Date.parse(workshop.startsAt) / 1000) * 1000);

    // The admins' Outbox page names the file with its size.
    const row = (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'workshop_registered')).orderBy(mailOutbox.id)).at(-1)!;
    const admin = await as(t.app, w.admin).get(`/api/admin/outbox/${row.id}`);
    expect(admin.json().message.attachments).toEqual([{ filename: `workshop-${workshop.id}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', size: ics.size }]);
    const download = await as(t.app, w.admin).get(`/api/admin/outbox/${row.id}/attachments/0`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="workshop-${workshop.id}.ics"`);
    expect(download.rawPayload.equals(ics.content)).toBe(true);
    expect((await as(t.app, w.member).get(`/api/admin/outbox/${row.id}/attachments/0`)).statusCode).toBe(403);
    expect((await as(t.app, w.admin).get(`/api/admin/outbox/${row.id}/attachments/1`)).statusCode).toBe(404);
  });

  it('reminds 24 h and 1 h before, each once across two runs, with List-Unsubscribe', async () => {
    const starts = Date.now() + 30 * HOUR;
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Recordatorios de taller', startsAt: new Date(starts).toISOString() });
    await as(t.app, w.member).post(`/api/workshops/${workshop.id}/registration`);
    await settle();

    expect(await t.app.workshopMail.runDue(new Date(starts - 25 * HOUR))).toBe(0);
    await t.app.workshopMail.runDue(new Date(starts - 24 * HOUR));
    await t.app.workshopMail.runDue(new Date(starts - 23 * HOUR));
    await settle();
    const day = mailsTo(w.member.email, /^Tomorrow: Recordatorios/);
    expect(day).toHaveLength(1);
    expect(raw(day[0]!, 'list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/minga\.example\.org\/api\/mail\/unsubscribe\?token=(\d+\.workshop_reminder\.[\w-]{22})>, <mailto:unsubscribe\+\1@example\.org>$/,
    );
    expect(raw(day[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    await t.app.workshopMail.runDue(new Date(starts - HOUR + 1));
    await t.app.workshopMail.runDue(new Date(starts - 30 * 60_000));
    await settle();
    expect(mailsTo(w.member.email, /^In one hour: Recordatorios/)).toHaveLength(1);
    expect(mailsTo(w.member.email, /^Tomorrow: Recordatorios/)).toHaveLength(1);
  });

  it('tells registered attendees when a host opens the room, not the host who opened it', async () => {
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Sala abierta hoy' });
    await as(t.app, w.member).post(`/api/workshops/${workshop.id}/registration`);
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/registration`);
    expect((await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    const mail = await waitForMail(w.member.email, /The room is open: Sala abierta hoy/);
    expect(mail.text).toContain(`${PUBLIC_URL}/w/${workshop.id}`);
    expect(raw(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    await settle();
    expect(mailsTo(w.moderator.email, /^Inscripción confirmada: Sala abierta hoy/)).toHaveLength(1);
    expect(mailsTo(w.moderator.email, /^La sala está abierta: Sala abierta hoy/)).toHaveLength(0);
  });

  it('sends nothing to an outsider once the workshop’s community turned private', async () => {
    const world = await buildWorld(t.app, { admin: w.admin });
    const starts = Date.now() + 30 * HOUR;
    const workshop = await scheduleWorkshop(t.app, world.moderator, world.slug, { title: 'Taller que se vuelve privado', startsAt: new Date(starts).toISOString() });
    expect((await as(t.app, world.outsider).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);
    await as(t.app, world.member).post(`/api/workshops/${workshop.id}/registration`);
    expect((await as(t.app, w.admin).patch(`/api/communities/${world.slug}`, { visibility: 'private' })).statusCode).toBe(200);

    await t.app.workshopMail.runDue(new Date(starts - 23 * HOUR));
    await as(t.app, world.moderator).post(`/api/workshops/${workshop.id}/open`);
    await waitForMail(world.member.email, /Taller que se vuelve privado/);
    await settle();
    const subjects = mailsTo(world.outsider.email).map((m) => m.subject);
    expect(subjects.filter((s) => s?.includes('Taller que se vuelve privado') && !/Inscripci/.test(s))).toEqual([]);
    expect(mailsTo(world.member.email, /Mañana: Taller que se vuelve privado/)).toHaveLength(1);
  });
});

describe('workshop mail re-checks the attendee', () => {
  it('mails neither a member banned since registering nor one who cancelled', async () => {
    const world = await buildWorld(t.app, { admin: w.admin });
    const workshop = await scheduleWorkshop(t.app, world.moderator, world.slug, { title: 'Sala para quien sigue inscrito' });
    for (const person of [world.member, world.outsider, world.admin]) {
      expect((await as(t.app, person).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);
    }
    expect((await as(t.app, world.admin).post(`/api/communities/${world.slug}/members/${world.member.user.id}`, { status: 'banned' })).statusCode).toBe(200);
    expect((await as(t.app, world.outsider).delete(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);
    await as(t.app, world.moderator).post(`/api/workshops/${workshop.id}/open`);
    await waitForMail(world.admin.email, /La sala está abierta: Sala para quien sigue inscrito/);
    await settle();
    expect(mailsTo(world.member.email, /La sala está abierta/)).toHaveLength(0);
    expect(mailsTo(world.outsider.email, /La sala está abierta/)).toHaveLength(0);
  });
});

describe('outbox attachments', () => {
  it('refuses attachments over the size limit (they are stored with the message)', async () => {
    const enqueue = (size: number, eventKey: string) =>
      t.app.mail.outbox.enqueue({
        kind: 'password_reset',
        to: 'ana@example.org',
        userId: null,
        locale: 'es',
        params: { displayName: 'Ana', username: 'ana', resetUrl: `${PUBLIC_URL}/password/reset` },
        eventKey,
        attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', content: Buffer.alloc(size) }],
      });
    await expect(enqueue(1024 * 1024 + 1, 'attachment-too-big')).rejects.toThrow(/exceed/);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.eventKey, 'attachment-too-big'))).toEqual([]);
    expect(await enqueue(1024, 'attachment-small')).toBeTypeOf('number');
  });
});

describe('workshop reminders across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minga-workshop-mail-'));
  const dbFile = join(dir, 'minga.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const reminders = (database: OpenedDb) => database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'workshop_reminder'));

  it('a rebuilt app on the same database neither repeats nor skips a reminder', async () => {
    const first = await buildTestApp({ dbFile, mail: MAIL });
    const world = await buildWorld(first.app);
    const starts = Date.now() + 30 * HOUR;
    const workshop = await scheduleWorkshop(first.app, world.moderator, world.slug, { startsAt: new Date(starts).toISOString() });
    await as(first.app, world.member).post(`/api/workshops/${workshop.id}/registration`);
    await first.app.workshopMail.runDue(new Date(starts - 20 * HOUR));
    expect(await reminders(first.database)).toHaveLength(1);
    await first.app.close();

    const { database } = await openTestDatabase({ dbFile, skipSeed: true });
    const second = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: true, mail: MAIL });
    await second.ready();
    await second.workshopMail.runDue(new Date(starts - 19 * HOUR));
    expect(await reminders(database)).toHaveLength(1);
    // Down past the 1 h mark: the 1 h reminder still goes, once.
    await second.workshopMail.runDue(new Date(starts - 30 * 60_000));
    await second.workshopMail.runDue(new Date(starts - 20 * 60_000));
    expect((await reminders(database)).map((row) => row.eventKey).sort()).toEqual([
      `workshop-reminder:${workshop.id}:${world.member.user.id}:1h`,
      `workshop-reminder:${workshop.id}:${world.member.user.id}:24h`,
    ]);
    // The scheduler runs while the app does, and no timer outlives it.
    expect(second.workshopMail.scheduler.running).toBe(true);
    await second.close();
    expect(second.workshopMail.scheduler.running).toBe(false);
  });
});
