import { index, integer, table, text } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * An endpoint an admin registered: where deliveries go, signed with its secret, for the events
 * it names; content of public communities always, of private ones only those listed here.
 */
export const webhookEndpoints = table('webhook_endpoints', {
  id: id(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  /** Ids of the private communities whose content the admin chose to send here. */
  includeCommunityIds: text('include_community_ids', { mode: 'json' }).$type<number[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The durable queue and the log at once: one row per event per endpoint, its payload frozen
 * at enqueue (a retry sends the same bytes under the same delivery id).
 */
export const webhookDeliveries = table(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    /** The id the receiver sees (`X-Minga-Delivery`, the payload's `id`). */
    deliveryId: text('delivery_id').notNull().unique(),
    /** What it is about (`workshop:12`): events sent once per subject (a workshop closing) look here. */
    subject: text('subject'),
    payload: text('payload').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Due time while pending; a sender that claims the row pushes it ahead by its lease. */
    nextAttemptAt: moment('next_attempt_at').notNull(),
    responseCode: integer('response_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: moment('delivered_at'),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id), index('webhook_deliveries_subject_idx').on(t.subject, t.event)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
