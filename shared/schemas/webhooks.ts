import { Type, type Static } from 'typebox';
import { Nullable, Page, PageQuery, Timestamp } from './common.ts';

/** The events an endpoint may subscribe to (and `ping`, sent on demand to any endpoint). */
export const WEBHOOK_EVENTS = [
  'thread.created',
  'post.created',
  'post.edited',
  'post.hidden',
  'thread.hidden',
  'member.joined',
  'resource.created',
  'resource.updated',
  'workshop.scheduled',
  'workshop.opened',
  'workshop.closed',
  'report.created',
  'resource.withdrawn',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const EventName = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)));
const Url = Type.String({ minLength: 1, maxLength: 2000 });
const Slugs = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 });
const Events = Type.Array(EventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });

export const WebhookCreate = Type.Object(
  {
    url: Url,
    events: Events,
    /** Generated when absent; shown once, in this answer. */
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
    /** Slugs of private communities whose content this endpoint may receive. */
    includeCommunities: Type.Optional(Slugs),
  },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookUpdate = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), includeCommunities: Type.Optional(Slugs), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type WebhookUpdate = Static<typeof WebhookUpdate>;

export const WebhookEndpoint = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  includeCommunities: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** The answer to a registration: the endpoint and its secret, shown this once. */
export const WebhookCreated = Type.Object({ endpoint: WebhookEndpoint, secret: Type.String() });
export type WebhookCreated = Static<typeof WebhookCreated>;

export const WebhookList = Type.Object({ items: Type.Array(WebhookEndpoint) });
export type WebhookList = Static<typeof WebhookList>;

export const WebhookDeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);

export const WebhookDelivery = Type.Object({
  id: Type.Integer(),
  deliveryId: Type.String(),
  event: Type.String(),
  status: WebhookDeliveryStatus,
  attempts: Type.Integer(),
  responseCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Timestamp,
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveries = Page(WebhookDelivery);
export type WebhookDeliveries = Static<typeof WebhookDeliveries>;

export const WebhookDeliveriesQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type WebhookDeliveriesQuery = Static<typeof WebhookDeliveriesQuery>;

export const WebhookQueued = Type.Object({ delivery: WebhookDelivery });
export type WebhookQueued = Static<typeof WebhookQueued>;
