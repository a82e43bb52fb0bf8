import { and, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { changed, exec } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { jsonValues } from '../../../db/dialect.ts';
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryRow, type WebhookEndpointRow } from '../../../db/schema/index.ts';

/** The webhooks area's tables: endpoints and the delivery queue (the only writer of both). */
export function createWebhooksRepository(db: Db) {
  return {
    async insertEndpoint(values: { url: string; secret: string; events: string[]; includeCommunityIds: number[] }): Promise<WebhookEndpointRow> {
      return (await db.insert(webhookEndpoints).values({ ...values, active: true }).returning())[0]!;
    },
    findEndpoint: async (id: number): Promise<WebhookEndpointRow | undefined> => (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1))[0],
    listEndpoints: async (): Promise<WebhookEndpointRow[]> => await db.select().from(webhookEndpoints).orderBy(webhookEndpoints.id),
    /** Active endpoints subscribed to an event. */
    async endpointsFor(event: string): Promise<WebhookEndpointRow[]> {
      return await db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.active, true), sql`EXISTS (SELECT 1 FROM ${jsonValues(webhookEndpoints.events)} AS e WHERE e.value = ${event})`));
    },
    async updateEndpoint(id: number, values: Partial<Pick<WebhookEndpointRow, 'url' | 'events' | 'includeCommunityIds' | 'active'>>): Promise<WebhookEndpointRow | undefined> {
      return (await db.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning())[0];
    },
    deleteEndpoint: async (id: number): Promise<boolean> => changed(await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id))) > 0,

    /** Queues one delivery, due now. */
    async enqueue(values: { endpointId: number; event: string; deliveryId: string; payload: string; subject?: string | null }, now: Date): Promise<WebhookDeliveryRow> {
      const [row] = await db
        .insert(webhookDeliveries)
        .values({ ...values, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },
    /**
     * Queues one delivery unless this endpoint already has one of this event about this subject:
     * the check and the insert are one statement, so two events at once queue it once. True when queued.
     * (The casts type the parameters of an INSERT … SELECT on PostgreSQL.)
     */
    async enqueueOnce(values: { endpointId: number; event: string; deliveryId: string; payload: string; subject: string }, now: Date): Promise<boolean> {
      const at = now.getTime();
      return (
        (await exec(
          db,
          sql`INSERT INTO ${webhookDeliveries} (endpoint_id, event, delivery_id, payload, subject, status, attempts, next_attempt_at, created_at, updated_at)
              SELECT CAST(${values.endpointId} AS bigint), CAST(${values.event} AS text), CAST(${values.deliveryId} AS text), CAST(${values.payload} AS text),
                     CAST(${values.subject} AS text), 'pending', 0, CAST(${at} AS bigint), CAST(${at} AS bigint), CAST(${at} AS bigint)
              WHERE NOT EXISTS (SELECT 1 FROM ${webhookDeliveries} d
                                WHERE d.subject = ${values.subject} AND d.event = ${values.event} AND d.endpoint_id = ${values.endpointId})`,
        )) > 0
      );
    },
    /** Whether this endpoint was already sent this event about this subject. */
    async sentAbout(endpointId: number, event: string, subject: string): Promise<boolean> {
      const found = await db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.subject, subject), eq(webhookDeliveries.event, event), eq(webhookDeliveries.endpointId, endpointId)))
        .limit(1);
      return found.length > 0;
    },
    findDelivery: async (id: number): Promise<WebhookDeliveryRow | undefined> => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1))[0],
    /** An endpoint's log, newest first. */
    async listDeliveries(endpointId: number, beforeId: number | undefined, limit: number): Promise<WebhookDeliveryRow[]> {
      return await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpointId), beforeId === undefined ? undefined : lt(webhookDeliveries.id, beforeId)))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit);
    },

    /**
     * Claims the due deliveries of active endpoints: each one's due time moves ahead by the
     * lease and its attempts count up, so another sender (or this one after a crash) takes it
     * only once the lease is over.
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<WebhookDeliveryRow[]> {
      const active = db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.active, true));
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now), inArray(webhookDeliveries.endpointId, active)))
        .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
        .limit(limit);
      return await db
        .update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now })
        .where(and(inArray(webhookDeliveries.id, due), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
        .returning();
    },
    /** When the next pending delivery of an active endpoint comes due, or null. */
    async nextDueAt(): Promise<Date | null> {
      const [row] = await db
        .select({ at: sql<number | null>`min(${webhookDeliveries.nextAttemptAt})` })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(and(eq(webhookDeliveries.status, 'pending'), eq(webhookEndpoints.active, true)));
      return row?.at == null ? null : new Date(row.at);
    },
    async markDelivered(id: number, responseCode: number, at: Date): Promise<void> {
      await db.update(webhookDeliveries).set({ status: 'delivered', responseCode, lastError: null, deliveredAt: at, updatedAt: at }).where(eq(webhookDeliveries.id, id));
    },
    /** A failed attempt: due again at `retryAt`, or failed for good when that is null. */
    async markAttemptFailed(id: number, result: { responseCode: number | null; error: string }, retryAt: Date | null, at: Date): Promise<void> {
      await db
        .update(webhookDeliveries)
        .set({ status: retryAt ? 'pending' : 'failed', responseCode: result.responseCode, lastError: result.error, nextAttemptAt: retryAt ?? at, updatedAt: at })
        .where(eq(webhookDeliveries.id, id));
    },
    /** Sends a delivery again (same id, same payload), due now, its attempts counted afresh. */
    async requeue(id: number, now: Date): Promise<WebhookDeliveryRow | undefined> {
      const [row] = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null, responseCode: null, lastError: null, updatedAt: now })
        .where(eq(webhookDeliveries.id, id))
        .returning();
      return row;
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
