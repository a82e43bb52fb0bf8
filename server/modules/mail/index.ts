import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { OpenedDb } from '../../../db/client.ts';
import type { MailConfig } from '../../config.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import { createOutboxAdmin } from './admin.ts';
import { inboundMailRepositories } from '../inbound-mail/repository.ts';
import { createOutbox, mailDomain, type InboundHooks } from './outbox.ts';
import { createOutboxRepository } from './repository.ts';
import { outboxRoutes } from './routes.ts';
import { createMailSender, type MailSender, type SenderTiming } from './sender.ts';

export interface MailDeps {
  database: OpenedDb;
  config: MailConfig;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Tests shorten the backoff and the lease. */
  timing?: Partial<SenderTiming>;
  /** Wakes the sender wherever it runs (the process holding the scheduler lease); by default this one's. */
  wake?: () => void;
}

/**
 * The mail channel: the outbox other areas enqueue into, the admins' view of it, and, when
 * SMTP is configured, the sender that delivers it (started and stopped with the app).
 */
export const mailRepositories = perDatabase((database) => ({ outbox: createOutboxRepository(database.db) }));

export function createMail(deps: MailDeps) {
  const repo = mailRepositories(deps.database).outbox;
  const delivering = deps.config.smtpUrl !== undefined;
  let sender: MailSender | null = null;
  if (deps.config.smtpUrl) {
    // A new pool each time the sender starts: it runs only while this process holds the
    // scheduler lease, and a pool once closed cannot send again.
    const transport = () => nodemailer.createTransport({
      url: deps.config.smtpUrl,
      pool: true,
      maxConnections: 5,
      maxMessages: Infinity,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    sender = createMailSender({ repo, transport, log: deps.log, timing: deps.timing, bounceDomain: deps.config.replyDomain ?? mailDomain(deps.config.from) });
  }
  const nudge = () => (deps.wake ? deps.wake() : sender?.nudge());
  const keys = inboundMailRepositories(deps.database).inbound;
  const inbound: InboundHooks = {
    async issueReplyKey(writer, userId, threadId) {
      const key = randomBytes(16).toString('hex');
      await keys.insertReplyKey(writer, key, userId, threadId);
      return key;
    },
    isBouncing: keys.isBouncing,
  };
  return {
    repo,
    delivering,
    sender,
    outbox: createOutbox({ repo, writer: deps.database.db, config: deps.config, delivering, onEnqueued: nudge, inbound }),
    admin: createOutboxAdmin({ repo, delivering, onRequeued: nudge }),
  };
}

export type Mail = ReturnType<typeof createMail>;

/** The mail area as the app registers it: the channel, and the admins' Outbox routes. */
export function mailArea(core: Core, deps: { config: MailConfig; timing?: Partial<SenderTiming> }): Mail & Area {
  const mail = createMail({ database: core.database, config: deps.config, log: core.log, timing: deps.timing, wake: () => core.scheduler.nudge('mail') });
  return { ...mail, routes: async (app) => app.register(outboxRoutes, { outbox: mail.admin }) };
}
