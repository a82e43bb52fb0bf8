/**
 * A restart neither skips nor doubles notification mail: what was decided is in the database,
 * and what was still waiting its delay at shutdown is mailed after the restart, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { notificationMailerOf } from '../../server/modules/notification-mail/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { isVerificationMail, notVerification } from '../helpers/mail.ts';

let dir: string;
let sink: SmtpSink;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minga-notify-'));
  sink = await startSmtpSink(0, { ignore: isVerificationMail });
});
afterAll(async () => {
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = () =>
  buildTestApp({
    dbFile: join(dir, 'minga.db'),
    reference: false,
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' },
    notifyMail: { delayS: 600, hourlyCap: 10 },
    rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } },
  });

it('mails after a restart what was waiting, once, and never again what was mailed before', async () => {
  let t: TestApp = await start();
  const admin = await registerUser(t.app);
  const w = await buildWorld(t.app, { admin });
  await relaxLimits(t.app, admin);
  const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Antes del reinicio' });
  await replyTo(t.app, w.moderator, thread.id, `Primera, @${w.member.username}`);
  await notificationMailerOf(t.database).runDue(new Date(Date.now() + 601_000));
  await sink.waitFor(1);

  // A second mention waits its delay when the server stops.
  const other = await startThread(t.app, w.moderator, w.forumId, { title: 'Durante el reinicio' });
  await replyTo(t.app, w.moderator, other.thread.id, `Segunda, @${w.member.username}`);
  await notificationMailerOf(t.database).runDue(new Date(Date.now() + 60_000));
  await t.app.close();

  t = await start();
  try {
    const later = new Date(Date.now() + 700_000);
    await notificationMailerOf(t.database).runDue(later);
    await notificationMailerOf(t.database).runDue(later);
    const messages = await sink.waitFor(2);
    expect(messages.map((m) => m.subject)).toEqual([
      `${w.moderator.displayName} le mencionó en «Antes del reinicio»`,
      `${w.moderator.displayName} le mencionó en «Durante el reinicio»`,
    ]);
    expect(notVerification(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, w.member.email)))).toHaveLength(2);
  } finally {
    await t.app.close();
  }
});
