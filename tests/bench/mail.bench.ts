/**
 * Mail delivery: N messages written to the outbox in one transaction, then delivered by the
 * sender to a real SMTP server on loopback (smtp-server in this process). Prints messages a
 * second. `npm run bench` runs it at 10,000; `npm test` at 50, as a smoke check.
 */
import type { AddressInfo } from 'node:net';
import { transaction } from '../../db/access.ts';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { FULL, sizes } from './measure.ts';

const size = sizes({ tiny: { messages: 50 }, full: { messages: 10_000 } });
let t: TestApp;
let smtp: SMTPServer;
let received = 0;
let onReceived: () => void = () => {};

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 200,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        onReceived();
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await buildTestApp({
    dbFile: undefined,
    mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' },
  });
});
afterAll(async () => {
  await t?.app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it('delivers the outbox to a loopback SMTP server', async () => {
  const person = await registerUser(t.app);
  const { outbox } = t.app.mail;
  const db = t.database.db;

  const enqueueStarted = performance.now();
  await transaction(db, async () => {
    for (let i = 0; i < size.messages; i += 1) {
      await outbox.enqueue({
        kind: 'password_reset',
        to: `persona${i}@example.org`,
        userId: person.user.id,
        locale: (['es', 'pt', 'en'] as const)[i % 3]!,
        params: { displayName: `Persona ${i}`, username: `persona${i}`, resetUrl: outbox.link('/password/reset', { token: `t${i}` }) },
        eventKey: `bench:${i}`,
      });
    }
  });
  const enqueueMs = performance.now() - enqueueStarted;

  const started = performance.now();
  const step = Math.max(1, Math.floor(size.messages / 4));
  await new Promise<void>((resolve) => {
    onReceived = () => {
      if (FULL && received > 0 && received % step === 0) process.stdout.write(`  delivered ${received}/${size.messages}\n`);
      if (received >= size.messages) resolve();
    };
    onReceived();
  });
  const deliverMs = performance.now() - started;
  expect(received).toBe(size.messages);
  // Every message settled as sent (the last confirmations may trail the server's receipt).
  for (let i = 0; i < 100 && (await t.app.mail.repo.list({ status: 'pending', limit: 1 })).length; i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(await t.app.mail.repo.list({ status: 'pending', limit: 1 })).toHaveLength(0);

  process.stdout.write(
    `\n[bench] mail (${FULL ? 'full' : 'tiny smoke'} size)\n` +
      `  enqueue ${size.messages} messages (render + insert, one transaction)  ${((size.messages / enqueueMs) * 1000).toFixed(0)}/s  (${enqueueMs.toFixed(0)} ms)\n` +
      `  deliver ${size.messages} messages over SMTP (loopback, pool of 5)   ${((size.messages / deliverMs) * 1000).toFixed(0)} messages/s  (${(deliverMs / 1000).toFixed(2)} s)\n`,
  );
});
