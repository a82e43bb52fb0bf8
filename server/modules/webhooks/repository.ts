import { and, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryRow, type WebhookEndpointRow } from '../../../db/schema/index.ts';

/** The webhooks area's tables: endpoints and the delivery queue (the only writer of both). */
export function createWebhooksRepository(db: Db) {
  return {
    insertEndpoint(values: { url: string; secret: string; events: string[]; includeCommunityIds: number[] }): WebhookEndpointRow {
      return db.insert(webhookEndpoints).values({ ...values, active: true }).returning().get();
    },
    findEndpoint: (id: number): WebhookEndpointRow | undefined => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get(),
    listEndpoints: (): WebhookEndpointRow[] => db.select().from(webhookEndpoints).orderBy(webhookEndpoints.id).all(),
    /** Active endpoints subscribed to an event. */
    endpointsFor(event: string): WebhookEndpointRow[] {
      return db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.active, true), sql`EXISTS (SELECT 1 FROM json_each(${webhookEndpoints.events}) WHERE value = ${event})`))
        .all();
    },
    updateEndpoint(id: number, values: Partial<Pick<WebhookEndpointRow, 'url' | 'events' | 'includeCommunityIds' | 'active'>>): WebhookEndpointRow | undefined {
      return db.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning().get();
    },
    deleteEndpoint: (id: number): boolean => db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run().changes > 0,

    /** Queues one delivery, due now. */
    enqueue(values: { endpointId: number; event: string; deliveryId: string; payload: string; subject?: string | null }, now: Date): WebhookDeliveryRow {
      return db
        .insert(webhookDeliveries)
        .values({ ...values, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now })
        .returning()
        .get();
    },
    /** Whether this endpoint was already sent this event about this subject. */
    sentAbout(endpointId: number, event: string, subject: string): boolean {
      return !!db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.subject, subject), eq(webhookDeliveries.event, event), eq(webhookDeliveries.endpointId, endpointId)))
        .get();
    },
    findDelivery: (id: number): WebhookDeliveryRow | undefined => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get(),
    /** An endpoint's log, newest first. */
    listDeliveries(endpointId: number, beforeId: number | undefined, limit: number): WebhookDeliveryRow[] {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpointId), beforeId === undefined ? undefined : lt(webhookDeliveries.id, beforeId)))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit)
        .all();
    },

    /**
     * Claims the due deliveries of active endpoints: each one's due time moves ahead by the
     * lease and its attempts count up, so another sender (or this one after a crash) takes it
     * only once the lease is over.
     */
    claimDue(now: Date, leaseMs: number, limit: number): WebhookDeliveryRow[] {
      const active = db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.active, true));
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), inArray(webhookDeliveries.endpointId, active)))
        .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
        .limit(limit);
      return db
        .update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now })
        .where(and(inArray(webhookDeliveries.id, due), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
        .returning()
        .all();
    },
    /** When the next pending delivery of an active endpoint comes due, or null. */
    nextDueAt(): Date | null {
      const row = db
        .select({ at: sql<number | null>`min(${webhookDeliveries.nextAttemptAt})` })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(and(eq(webhookDeliveries.status, 'pending'), eq(webhookEndpoints.active, true)))
        .get();
      return row?.at == null ? null : new Date(row.at);
    },
    markDelivered(id: number, responseCode: number, at: Date): void {
      db.update(webhookDeliveries).set({ status: 'delivered', responseCode, lastError: null, deliveredAt: at, updatedAt: at }).where(eq(webhookDeliveries.id, id)).run();
    },
    /** A failed attempt: due again at `retryAt`, or failed for good when that is null. */
    markAttemptFailed(id: number, result: { responseCode: number | null; error: string }, retryAt: Date | null, at: Date): void {
      db.update(webhookDeliveries)
        .set({ status: retryAt ? 'pending' : 'failed', responseCode: result.responseCode, lastError: result.error, nextAttemptAt: retryAt ?? at, updatedAt: at })
        .where(eq(webhookDeliveries.id, id))
        .run();
    },
    /** Sends a delivery again (same id, same payload), due now, its attempts counted afresh. */
    requeue(id: number, now: Date): WebhookDeliveryRow | undefined {
      return db
        .update(webhookDeliveries)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null, responseCode: null, lastError: null, updatedAt: now })
        .where(eq(webhookDeliveries.id, id))
        .returning()
        .get();
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
