import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../../db/schema/index.ts';
import type { WebhookCreate, WebhookCreated, WebhookDeliveries, WebhookDeliveriesQuery, WebhookDelivery, WebhookEndpoint, WebhookList, WebhookQueued, WebhookUpdate } from '../../../shared/schemas/webhooks.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { WebhookContent } from './content-repository.ts';
import type { WebhooksRepository } from './repository.ts';
import { checkTarget, TargetRefused } from './ssrf.ts';

/** Webhooks are the admins': they send the network's content to other systems. */
export function canManageWebhooks(actor: Actor | null): actor is Actor {
  return actor?.role === 'admin';
}

function requireWebhookAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canManageWebhooks(actor)) throw new AppError('FORBIDDEN');
}

function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.responseCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

/** The payload every delivery carries: `{id, event, createdAt, data}`, serialized once. */
export function payloadOf(deliveryId: string, event: string, at: Date, data: unknown): string {
  return JSON.stringify({ id: deliveryId, event, createdAt: at.toISOString(), data });
}

export function createWebhooksService(deps: { repo: WebhooksRepository; content: WebhookContent; allowPrivate: boolean; onQueued: () => void; now?: () => Date }) {
  const { repo, content } = deps;
  const now = deps.now ?? (() => new Date());

  const toEndpoint = async (row: WebhookEndpointRow): Promise<WebhookEndpoint> => ({
    id: row.id,
    url: row.url,
    events: row.events,
    includeCommunities: await content.slugsOf(row.includeCommunityIds),
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  });

  async function checkedUrl(raw: string): Promise<string> {
    try {
      return (await checkTarget(raw, deps.allowPrivate)).toString();
    } catch (error) {
      if (error instanceof TargetRefused) throw new AppError('WEBHOOK_URL_REFUSED', { field: 'url', params: { url: raw.slice(0, 200) } });
      throw error;
    }
  }

  /** The ids of the named communities, each of which must be private. */
  async function privateIds(slugs: string[]): Promise<number[]> {
    const unique = [...new Set(slugs)];
    const found = await content.privateCommunities(unique);
    for (const slug of unique) {
      const c = found.find((f) => f.slug === slug);
      if (!c || c.visibility !== 'private') throw new AppError('WEBHOOK_COMMUNITY_NOT_PRIVATE', { field: 'includeCommunities', params: { slug } });
    }
    return found.map((c) => c.id);
  }

  async function endpointOf(id: number): Promise<WebhookEndpointRow> {
    const row = await repo.findEndpoint(id);
    if (!row) throw new AppError('WEBHOOK_NOT_FOUND');
    return row;
  }

  return {
    async create(actor: Actor | null, input: WebhookCreate): Promise<WebhookCreated> {
      requireWebhookAdmin(actor);
      const url = await checkedUrl(input.url);
      const includeCommunityIds = await privateIds(input.includeCommunities ?? []);
      const secret = input.secret ?? randomBytes(32).toString('hex');
      const row = await repo.insertEndpoint({ url, secret, events: [...input.events], includeCommunityIds });
      return { endpoint: await toEndpoint(row), secret };
    },

    async list(actor: Actor | null): Promise<WebhookList> {
      requireWebhookAdmin(actor);
      const items: WebhookEndpoint[] = [];
      for (const row of await repo.listEndpoints()) items.push(await toEndpoint(row));
      return { items };
    },

    async update(actor: Actor | null, id: number, input: WebhookUpdate): Promise<WebhookEndpoint> {
      requireWebhookAdmin(actor);
      await endpointOf(id);
      const url = input.url === undefined ? undefined : await checkedUrl(input.url);
      const includeCommunityIds = input.includeCommunities === undefined ? undefined : await privateIds(input.includeCommunities);
      const row = await repo.updateEndpoint(id, { url, events: input.events ? [...input.events] : undefined, includeCommunityIds, active: input.active });
      if (!row) throw new AppError('WEBHOOK_NOT_FOUND');
      if (row.active) deps.onQueued();
      return toEndpoint(row);
    },

    async remove(actor: Actor | null, id: number): Promise<void> {
      requireWebhookAdmin(actor);
      if (!(await repo.deleteEndpoint(id))) throw new AppError('WEBHOOK_NOT_FOUND');
    },

    async deliveries(actor: Actor | null, id: number, query: WebhookDeliveriesQuery): Promise<WebhookDeliveries> {
      requireWebhookAdmin(actor);
      await endpointOf(id);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const before = readCursor(query.cursor, ['number']);
      const rows = await repo.listDeliveries(id, before ? Number(before[0]) : undefined, limit + 1);
      const page = rows.slice(0, limit);
      return { items: page.map(toDelivery), nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null };
    },

    /** A `ping` delivery, queued at once (to a paused endpoint too: it waits for the resume). */
    async ping(actor: Actor | null, id: number): Promise<WebhookQueued> {
      requireWebhookAdmin(actor);
      const endpoint = await endpointOf(id);
      const at = now();
      const deliveryId = randomUUID();
      const row = await repo.enqueue({ endpointId: endpoint.id, event: 'ping', deliveryId, payload: payloadOf(deliveryId, 'ping', at, { endpointId: endpoint.id, events: endpoint.events }) }, at);
      deps.onQueued();
      return { delivery: toDelivery(row) };
    },

    /** Sends a delivery again: the same id and body, its attempts counted afresh. */
    async redeliver(actor: Actor | null, deliveryId: number): Promise<WebhookQueued> {
      requireWebhookAdmin(actor);
      const row = await repo.requeue(deliveryId, now());
      if (!row) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND');
      deps.onQueued();
      return { delivery: toDelivery(row) };
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
