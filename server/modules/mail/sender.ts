import type { Transporter } from 'nodemailer';
import type { MailOutboxRow } from '../../../db/schema/index.ts';
import type { OutboxRepository } from './repository.ts';
import { createDuePoller } from '../../lib/due-poller.ts';

export interface SenderTiming {
  /** Wait before the first retry; each further retry waits twice as long (first within 30 s). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A message still undelivered this long after it was written fails for good. */
  giveUpAfterMs: number;
  /** How long a claimed message stays with its sender before another may take it. */
  leaseMs: number;
  /** Look for due messages at least this often (others may have written some). */
  pollMs: number;
  batch: number;
  /** At stop, a delivery in progress gets this long before its connection is cut. */
  stopGraceMs: number;
}

export const DEFAULT_SENDER_TIMING: SenderTiming = {
  backoffBaseMs: 15_000,
  backoffMaxMs: 60 * 60_000,
  giveUpAfterMs: 26 * 60 * 60_000,
  leaseMs: 5 * 60_000,
  pollMs: 5_000,
  batch: 50,
  stopGraceMs: 3_000,
};

interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Delay before retry number `attempts` (1 for the first failure), with a little jitter. */
export function backoffDelay(attempts: number, timing: Pick<SenderTiming, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  const delay = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.9 + Math.random() * 0.2));
}

/** An SMTP answer in the 5xx range: the server refused the message itself; retrying will not help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Delivers the outbox: claims due messages (so a killed process never loses one, and a resend
 * carries the same Message-ID), sends them, and settles each as sent, due again later, or failed.
 */
export function createMailSender(deps: {
  repo: OutboxRepository;
  /** The SMTP pool, or how to make one: then a fresh one at each start (a closed pool cannot send). */
  transport: Transporter | (() => Transporter);
  log: Log;
  timing?: Partial<SenderTiming>;
  now?: () => Date;
  /** The domain of bounce addresses (`bounce+<key>@…`): the inbound listener's. */
  bounceDomain?: string;
}) {
  const { repo, log } = deps;
  const makeTransport = () => (typeof deps.transport === 'function' ? deps.transport() : deps.transport);
  let transport = makeTransport();
  let poolClosed = false;
  const bounceDomain = deps.bounceDomain ?? 'localhost';
  const timing = { ...DEFAULT_SENDER_TIMING, ...deps.timing };
  const now = deps.now ?? (() => new Date());

  async function send(row: MailOutboxRow): Promise<void> {
    // The envelope sender (Return-Path) names the message, so a bounce says which one failed.
    const envelope = row.bounceKey ? { from: `bounce+${row.bounceKey}@${bounceDomain}`, to: row.recipient } : undefined;
    const { 'Message-ID': messageId, From: _from, To: _to, Subject: _subject, ...headers } = row.headers;
    try {
      await transport.sendMail({
        from: row.headers.From,
        to: row.recipient,
        subject: row.subject,
        html: row.html,
        text: row.text,
        messageId,
        headers,
        attachments: row.attachments?.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: file.contentBase64,
          encoding: 'base64',
        })),
        envelope,
      });
      await repo.markSent(row.id, now());
    } catch (error) {
      const at = now();
      const message = String((error as Error)?.message ?? error).slice(0, 1000);
      const expired = at.getTime() - row.createdAt.getTime() >= timing.giveUpAfterMs;
      const retryAt = isPermanent(error) || expired ? null : new Date(at.getTime() + backoffDelay(row.attempts, timing));
      await repo.markAttemptFailed(row.id, message, retryAt, at);
      if (!retryAt) log.error({ mailId: row.id, err: message }, 'mail failed for good');
      else log.warn({ mailId: row.id, attempts: row.attempts, err: message }, 'mail not delivered; will retry');
    }
  }

  /** One round: every message due now, sent side by side (the pool bounds the connections). */
  async function deliverDue(): Promise<number> {
    const rows = await repo.claimDue(now(), timing.leaseMs, timing.batch);
    await Promise.all(rows.map(send));
    return rows.length;
  }

  const poller = createDuePoller({
    round: deliverDue,
    nextDueAt: () => repo.nextDueAt(),
    pollMs: timing.pollMs,
    now,
    onError: (error) => log.error({ err: error }, 'mail sender round failed'),
  });

  return {
    /** `fence`: asked before each round (the scheduler lease); without it every round runs. */
    start(fence?: () => boolean) {
      if (!poller.stopped) return;
      if (poolClosed) transport = makeTransport();
      poolClosed = false;
      poller.start(fence);
    },
    /** Something was enqueued: look now rather than at the next poll. */
    nudge: () => poller.nudge(),
    /**
     * Stops polling and closes the SMTP pool: messages still queued fail at once (due again
     * later, same Message-ID), a delivery in progress gets `stopGraceMs` to finish before its
     * connection is cut. Every attempt is settled in the outbox before this resolves.
     */
    async stop() {
      const pool = transport as unknown as { close(options?: { force?: boolean }): void };
      const closing = poller.stop(timing.stopGraceMs, () => pool.close({ force: true }));
      pool.close();
      poolClosed = true;
      await closing;
    },
    /** No timer armed and no round in flight (after stop, always). */
    idle: () => poller.idle(),
    deliverDue,
  };
}

export type MailSender = ReturnType<typeof createMailSender>;
