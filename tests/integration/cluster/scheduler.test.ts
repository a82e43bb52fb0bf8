/**
 * One runner for scheduled work (issue 20, part 3): two apps on one SQLite file and one Redis,
 * as two processes would be. Only the holder of the scheduler lease runs the jobs; what falls
 * due goes out once; a holder that stops renewing (a crash) is replaced once its lease lapses,
 * never before; a clean stop hands over at once; an export the dead holder left is finished.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../../db/schema/index.ts';
import { myDataRepositories } from '../../../server/modules/my-data/index.ts';
import { registerUser } from '../../helpers/accounts.ts';
import { buildAppPair, eventually, type AppPair } from '../../helpers/cluster.ts';
import { as, buildWorld, startThread, type World } from '../../helpers/forums.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp.ts';
import { startReceiver } from '../../helpers/webhook-receiver.ts';

// Long enough that a busy machine (two apps building in one process) does not lose it by accident.
const LEASE = { ttlMs: 2_500, renewMs: 100 };

let redis: TestRedis;
let sink: SmtpSink;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let pair: AppPair;
let world: World;
// Which of the two took the lease first (whichever was ready), and the other.
let holder: AppPair['a'];
let standby: AppPair['a'];
// Sampled all along: the two apps never both run the scheduled work.
let overlaps = 0;
let watch: NodeJS.Timeout;

beforeAll(async () => {
  redis = await startRedis();
  sink = await startSmtpSink();
  receiver = await startReceiver();
  pair = await buildAppPair(redis, {
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'http://localhost:3000' },
    // Long polls: what is written through the standby must wake the holder (a relayed nudge).
    mailTiming: { pollMs: 30_000 },
    webhooks: { allowPrivate: true },
    webhookTiming: { backoffMs: [100, 100], pollMs: 30_000, leaseMs: 60_000 },
    schedulerTiming: LEASE,
  });
  world = await buildWorld(pair.a.app);
  await eventually(() => expect([pair.a.app.scheduler.runs(), pair.b.app.scheduler.runs()].filter(Boolean)).toHaveLength(1));
  [holder, standby] = pair.a.app.scheduler.runs() ? [pair.a, pair.b] : [pair.b, pair.a];
  watch = setInterval(() => {
    if (pair.a.app.scheduler.runs() && pair.b.app.scheduler.runs()) overlaps += 1;
  }, 5);
}, 30_000);
afterAll(async () => {
  clearInterval(watch);
  await pair?.close();
  await Promise.allSettled([sink?.close(), receiver?.close(), redis?.close()]);
});

const health = async (t: AppPair['a']) => (await t.app.inject({ method: 'GET', url: '/api/health' })).json();
// Read through the holder: the other may be closed by then.
const outboxTo = async (email: string) => await holder.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email));

describe('the scheduled work runs in one process at a time', () => {
  it('runs the jobs in the holder of the lease only (the other polls nothing), and says which in /api/health', async () => {
    expect(holder.app.scheduler.runs()).toBe(true);
    expect(standby.app.scheduler.runs()).toBe(false);
    expect((await holder.app.scheduler.lease.current())?.holder).toBe(holder.app.shared.nodeId);
    // The standby's senders have no timer armed: it does not look for due mail or deliveries.
    expect(standby.app.mail.sender!.idle()).toBe(true);
    expect(standby.app.webhooks.sender.idle()).toBe(true);
    expect(holder.app.mail.sender!.idle()).toBe(false);
    expect(await health(holder)).toMatchObject({ scheduler: 'runs' });
    expect(await health(standby)).toMatchObject({ scheduler: 'standby' });
  });

  it('sends mail written through either process once, by the holder', async () => {
    const viaB = await registerUser(standby.app, { username: 'por_b', email: 'por_b@example.org' });
    await eventually(async () => expect((await outboxTo(viaB.email)).map((row) => row.status)).toEqual(['sent']), 5_000);
    const viaA = await registerUser(holder.app, { username: 'por_a', email: 'por_a@example.org' });
    await eventually(async () => expect((await outboxTo(viaA.email)).map((row) => row.status)).toEqual(['sent']), 5_000);
    const to = (email: string) => sink.messages.filter((mail) => JSON.stringify(mail.to).includes(email)).length;
    expect([to(viaA.email), to(viaB.email)]).toEqual([1, 1]);
    expect((await outboxTo(viaB.email))[0]!.attempts).toBe(1);
  });

  it('delivers a webhook for a thread written through the standby once', async () => {
    const created = await as(pair.a.app, world.admin).post('/api/admin/webhooks', { url: receiver.url, events: ['thread.created'] });
    expect(created.statusCode).toBeLessThan(300);
    const { thread } = await startThread(standby.app, world.member, world.forumId);
    await eventually(() => expect(receiver.received.filter((hook) => hook.body.event === 'thread.created' && JSON.stringify(hook.body.data).includes(`"id":${thread.id}`))).toHaveLength(1), 5_000);
    expect(receiver.attempts()).toBe(1);
  });

  it('runs an export asked through the standby, in the holder', async () => {
    const asked = await as(standby.app, world.member).post('/api/me/export');
    expect(asked.statusCode).toBe(202);
    const { id } = asked.json() as { id: number };
    await eventually(async () => expect((await as(standby.app, world.member).get(`/api/me/export/${id}`)).json()).toMatchObject({ status: 'ready' }), 8_000);
  });

  it('after a crash of the holder (no more renewals, no release), the other takes over once the lease lapses, not before, and finishes its export', async () => {
    const exports = myDataRepositories(holder.database).exports;
    const other = await registerUser(pair.a.app, { username: 'exporta' });
    // An export the holder was writing when it died: left running.
    const row = await exports.insert(other.user.id, 'x'.repeat(43), new Date());
    expect(await exports.claim(row.id, `export-${row.id}-dead.zip`)).toBe(true);
    const crashedAt = Date.now();
    holder.app.scheduler.lease.abandon();
    expect(holder.app.scheduler.runs()).toBe(false);
    // Still the dead one's in the database until it lapses: the standby waits.
    await new Promise((r) => setTimeout(r, 300));
    expect(standby.app.scheduler.runs()).toBe(false);
    await eventually(() => expect(standby.app.scheduler.runs()).toBe(true), LEASE.ttlMs + 2_000);
    // Its last renewal was at most renewMs before the crash.
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(LEASE.ttlMs - LEASE.renewMs - 50);
    expect((await standby.app.scheduler.lease.current())?.holder).toBe(standby.app.shared.nodeId);
    await eventually(() => expect(statusOf(row.id)).toBe('ready'), 8_000);
    // And the new holder sends what falls due.
    const later = await registerUser(holder.app, { username: 'tras_caida', email: 'tras_caida@example.org' });
    await eventually(async () => expect((await outboxTo(later.email)).map((r) => r.status)).toEqual(['sent']), 5_000);
  });

  it('a clean stop releases the lease: a standby takes over at once, long before it would lapse', async () => {
    // The crashed one comes back as a standby (its loop restarted), then the new holder stops cleanly.
    await holder.app.scheduler.lease.start();
    expect(holder.app.scheduler.runs()).toBe(false);
    const stoppedAt = Date.now();
    await standby.app.close();
    await eventually(() => expect(holder.app.scheduler.runs()).toBe(true), LEASE.ttlMs - 500);
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE.ttlMs - 500);
    // Its jobs run again after the lease came back: mail goes out (a fresh SMTP pool, the old one was closed).
    const back = await registerUser(holder.app, { username: 'de_vuelta', email: 'de_vuelta@example.org' });
    await eventually(async () => expect((await outboxTo(back.email)).map((r) => r.status)).toEqual(['sent']), 5_000);
  });

  it('never had both run the scheduled work at once', () => {
    expect(overlaps).toBe(0);
  });
});

function statusOf(id: number): string | undefined {
  return holder.database.sqlite.prepare('SELECT status FROM data_exports WHERE id = ?').pluck().get(id) as string | undefined;
}
