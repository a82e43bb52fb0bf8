import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../../db/schema/index.ts';
import type { WebhooksRepository } from './repository.ts';
import { guardedLookup, isBlockedAddress } from './ssrf.ts';
import { createDuePoller } from '../../lib/due-poller.ts';

export interface WebhookTiming {
  /** Wait before each retry, in order; after the last, the delivery fails for good. */
  backoffMs: number[];
  /** How long a claimed delivery stays with its sender before another may take it. */
  leaseMs: number;
  /** Look for due deliveries at least this often. */
  pollMs: number;
  batch: number;
  /** One request's whole deadline. */
  timeoutMs: number;
  /** At stop, deliveries in progress get this long before they are cut. */
  stopGraceMs: number;
}

const MINUTE = 60_000;
/** 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 6 h, 8 h: about 22 hours of trying in all. */
export const DEFAULT_WEBHOOK_TIMING: WebhookTiming = {
  backoffMs: [30_000, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 120 * MINUTE, 240 * MINUTE, 360 * MINUTE, 480 * MINUTE],
  leaseMs: 60_000,
  pollMs: 5_000,
  batch: 20,
  timeoutMs: 10_000,
  stopGraceMs: 3_000,
};

interface Log {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, what `X-Minga-Signature` carries. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

interface Outcome {
  ok: boolean;
  responseCode: number | null;
  error: string;
}

/** One POST: no redirects followed, connected only to the address checked, cut after the timeout. */
function post(endpoint: WebhookEndpointRow, row: WebhookDeliveryRow, allowPrivate: boolean, timeoutMs: number, signal: AbortSignal): Promise<Outcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      return resolve({ ok: false, responseCode: null, error: 'invalid URL' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(host) && isBlockedAddress(host)) return resolve({ ok: false, responseCode: null, error: `refused: ${host} is a private or reserved address` });
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      lookup: guardedLookup(allowPrivate),
      signal,
      timeout: timeoutMs,
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(row.payload),
        'user-agent': 'Minga-Webhooks',
        'x-minga-event': row.event,
        'x-minga-delivery': row.deliveryId,
        'x-minga-signature': signature(endpoint.secret, row.payload),
      },
    });
    const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    request.on('response', (response) => {
      const code = response.statusCode ?? 0;
      response.resume();
      response.on('end', () => {
        clearTimeout(deadline);
        const ok = code >= 200 && code < 300;
        resolve({ ok, responseCode: code, error: ok ? '' : `HTTP ${code}` });
      });
      // Cut mid-body (the deadline, a stop): the answer's status stands.
      const settle = () => {
        clearTimeout(deadline);
        resolve({ ok: code >= 200 && code < 300, responseCode: code, error: `HTTP ${code}` });
      };
      response.on('error', settle);
      response.on('close', settle);
    });
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ ok: false, responseCode: null, error: String(error.message).slice(0, 500) });
    });
    request.end(row.payload);
  });
}

/**
 * Delivers the webhook queue like the mail sender delivers the outbox: claims due deliveries
 * (a lease, so a killed process loses none and a resend carries the same delivery id), posts
 * them, and settles each as delivered, due again after the backoff, or failed.
 */
export function createWebhookSender(deps: {
  repo: WebhooksRepository;
  log: Log;
  allowPrivate: boolean;
  /** Asked right before each attempt: may this delivery's content still go to this endpoint? */
  allowed?: (row: WebhookDeliveryRow, endpoint: WebhookEndpointRow) => boolean | Promise<boolean>;
  timing?: Partial<WebhookTiming>;
  now?: () => Date;
}) {
  const { repo, log } = deps;
  const timing = { ...DEFAULT_WEBHOOK_TIMING, ...deps.timing };
  const now = deps.now ?? (() => new Date());
  let abort = new AbortController();

  async function send(row: WebhookDeliveryRow): Promise<void> {
    const endpoint = await repo.findEndpoint(row.endpointId);
    if (!endpoint) return;
    if (deps.allowed && !(await deps.allowed(row, endpoint))) {
      await repo.markAttemptFailed(row.id, { responseCode: null, error: 'withdrawn: the content is no longer public or included for this endpoint' }, null, now());
      log.warn({ webhookDelivery: row.deliveryId, endpointId: endpoint.id }, 'webhook withdrawn: its content may no longer go to this endpoint');
      return;
    }
    const outcome = await post(endpoint, row, deps.allowPrivate, timing.timeoutMs, abort.signal);
    const at = now();
    if (outcome.ok) {
      await repo.markDelivered(row.id, outcome.responseCode!, at);
      log.debug({ webhookDelivery: row.deliveryId, event: row.event, endpointId: endpoint.id, status: outcome.responseCode }, 'webhook delivered');
      return;
    }
    const wait = timing.backoffMs[row.attempts - 1];
    const retryAt = wait === undefined ? null : new Date(at.getTime() + wait);
    await repo.markAttemptFailed(row.id, outcome, retryAt, at);
    if (!retryAt) log.error({ webhookDelivery: row.deliveryId, endpointId: endpoint.id, attempts: row.attempts, err: outcome.error }, 'webhook failed for good');
    else log.warn({ webhookDelivery: row.deliveryId, endpointId: endpoint.id, attempts: row.attempts, err: outcome.error }, 'webhook not delivered; will retry');
  }

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
    onError: (error) => log.error({ err: error }, 'webhook sender round failed'),
  });

  return {
    /** `fence`: asked before each round (the scheduler lease); without it every round runs. */
    start(fence?: () => boolean) {
      if (!poller.stopped) return;
      abort = new AbortController();
      poller.start(fence);
    },
    /** Something was queued: look now rather than at the next poll. */
    nudge: () => poller.nudge(),
    /** Stops polling; deliveries in flight get `stopGraceMs`, then are cut (and retried later). */
    stop: () => poller.stop(timing.stopGraceMs, () => abort.abort()),
    idle: () => poller.idle(),
    deliverDue,
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
