/**
 * Notification mail latency: from a post that mentions a member to the mail arriving at a real
 * SMTP server on loopback, with MINGA_NOTIFY_EMAIL_DELAY_S at 0 (the scheduler wakes on the new
 * notification, builds the mail, the sender delivers it). Prints p50/p95. `npm run bench` runs
 * 200 mentions; `npm test` 10, as a smoke check.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultRateLimits } from '../../server/config.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { isVerificationMail } from '../helpers/mail.ts';
import { FULL, sizes } from './measure.ts';

const size = sizes({ tiny: { mentions: 10 }, full: { mentions: 200 } });
let t: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink(0, { ignore: isVerificationMail });
  t = await buildTestApp({
    mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' },
    notifyMail: { delayS: 0, hourlyCap: 1_000_000 },
    rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } },
  });
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

it('mails a mention within moments when the delay is 0', async () => {
  const admin = await registerUser(t.app);
  const w = await buildWorld(t.app, { admin });
  await relaxLimits(t.app, admin);
  const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Latencia de avisos' });

  const latencies: number[] = [];
  for (let i = 0; i < size.mentions; i += 1) {
    const started = performance.now();
    await replyTo(t.app, w.moderator, thread.id, `Mención ${i} para @${w.member.username}`);
    const messages = await sink.waitFor(i + 1, 10_000);
    latencies.push(performance.now() - started);
    expect(messages[i]!.text).toContain(`Mención ${i} para`);
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  process.stdout.write(
    `\n[bench] notification mail latency (${FULL ? 'full' : 'tiny smoke'} size, delay 0)\n` +
      `  mention → mail received over SMTP, ${size.mentions} mentions one after another\n` +
      `  p50 ${p50.toFixed(0)} ms   p95 ${p95.toFixed(0)} ms   max ${latencies.at(-1)!.toFixed(0)} ms  (aim: p95 < 2000 ms)\n`,
  );
  expect(p95).toBeLessThan(FULL ? 2_000 : 10_000);
});
