import { randomUUID } from 'node:crypto';
import type { EventBus } from '../../lib/event-bus.ts';
import type { WebhookEvent } from '../../../shared/schemas/webhooks.ts';
import type { WebhookContent } from './content-repository.ts';
import type { WebhooksRepository } from './repository.ts';
import { payloadOf } from './service.ts';

const HIDE_ACTIONS: Record<string, 'post.hidden' | 'thread.hidden'> = {
  'post.hide': 'post.hidden',
  'post.auto_hide': 'post.hidden',
  'thread.hide': 'thread.hidden',
  'thread.auto_hide': 'thread.hidden',
};

/**
 * Turns domain events into queued deliveries: for each active endpoint subscribed to the
 * webhook event, the data is read through that endpoint's audience (content-repository.ts) and nothing
 * is queued when the endpoint may not be told.
 */
export function subscribeWebhookEvents(bus: EventBus, deps: { repo: WebhooksRepository; content: WebhookContent; onQueued: () => void; now?: () => Date }) {
  const { repo, content } = deps;
  const now = deps.now ?? (() => new Date());

  /** `once`: a subject this endpoint was already told about under this event is skipped. */
  async function fanOut(event: WebhookEvent, build: (included: number[]) => unknown, options: { subject?: string; once?: boolean } = {}): Promise<void> {
    let queued = false;
    for (const endpoint of await repo.endpointsFor(event)) {
      if (options.once && options.subject && (await repo.sentAbout(endpoint.id, event, options.subject))) continue;
      const data = await build(endpoint.includeCommunityIds);
      if (data === null || data === undefined) continue;
      const at = now();
      const deliveryId = randomUUID();
      const values = { endpointId: endpoint.id, event, deliveryId, payload: payloadOf(deliveryId, event, at, data) };
      // Once per subject: checked again as the row is written (another event may have queued it meanwhile).
      if (options.once && options.subject) {
        if (await repo.enqueueOnce({ ...values, subject: options.subject }, at)) queued = true;
        continue;
      }
      await repo.enqueue({ ...values, subject: options.subject ?? null }, at);
      queued = true;
    }
    if (queued) deps.onQueued();
  }

  const unsubscribe = [
    bus.subscribe('thread.created', ({ postId }) => fanOut('thread.created', (inc) => content.post(postId, inc), { subject: `post:${postId}` })),
    bus.subscribe('post.created', ({ postId }) => fanOut('post.created', (inc) => content.post(postId, inc), { subject: `post:${postId}` })),
    bus.subscribe('post.updated', async ({ postId, editorId }) => {
      if (editorId !== undefined) await fanOut('post.edited', (inc) => content.post(postId, inc), { subject: `post:${postId}` });
    }),
    bus.subscribe('audit.recorded', async ({ action, targetType, targetId, communityId, reason }) => {
      const event = HIDE_ACTIONS[action];
      if (event) await fanOut(event, (inc) => content.hiddenItem(targetType, targetId, communityId, inc, reason), { subject: `hidden-${targetType}:${targetId}` });
    }),
    bus.subscribe('community.membership.changed', async ({ communityId, userId, status, previous }) => {
      if (status !== 'active' || previous === 'active') return;
      await fanOut('member.joined', async (inc) => {
        const community = await content.community(communityId, inc);
        return community && { community, user: await content.user(userId) };
      });
    }),
    bus.subscribe('knowledge.updated', async ({ kind, id, created, withdrawn }) => {
      if (kind !== 'resources') return;
      if (withdrawn) {
        await fanOut('resource.withdrawn', async () => {
          const resource = await content.withdrawnResource(id);
          return resource && { resource };
        }, { subject: `resource:${id}` });
        return;
      }
      // Restored, a resource is updated: back whole.
      await fanOut(created ? 'resource.created' : 'resource.updated', async () => {
        const resource = await content.resource(id);
        return resource && { resource };
      }, { subject: `resource:${id}` });
    }),
    bus.subscribe('workshop.created', ({ workshopId }) => fanOut('workshop.scheduled', (inc) => wrapWorkshop(workshopId, inc), { subject: `workshop:${workshopId}` })),
    bus.subscribe('workshop.opened', ({ workshopId }) => fanOut('workshop.opened', (inc) => wrapWorkshop(workshopId, inc), { subject: `workshop:${workshopId}` })),
    bus.subscribe('workshop.room.changed', async ({ workshopId }) => {
      await fanOut('workshop.closed', async (inc) => {
        const data = await wrapWorkshop(workshopId, inc);
        return data?.workshop.room === 'closed' ? data : null;
      }, { subject: `workshop:${workshopId}`, once: true });
    }),
    bus.subscribe('report.created', ({ reportId }) => fanOut('report.created', async (inc) => {
      const report = await content.report(reportId, inc);
      return report && { report };
    }, { subject: `report:${reportId}` })),
  ];

  async function wrapWorkshop(workshopId: number, included: number[]) {
    const workshop = await content.workshop(workshopId, included);
    return workshop && { workshop };
  }

  return () => {
    for (const off of unsubscribe) off();
  };
}

/**
 * Whether what a queued delivery carries may still go to this endpoint, asked again right
 * before each attempt: a post hidden or deleted, a thread hidden, a community made private or
 * taken off the endpoint's list since the event was queued, and the delivery is withdrawn.
 */
export async function stillAllowed(content: WebhookContent, subject: string | null, included: number[]): Promise<boolean> {
  const [kind, raw] = (subject ?? '').split(':');
  const id = Number(raw);
  if (kind === 'post') return (await content.post(id, included)) !== null;
  if (kind === 'workshop') return (await content.workshop(id, included)) !== null;
  if (kind === 'report') return (await content.report(id, included)) !== null;
  if (kind === 'hidden-post' || kind === 'hidden-thread') return true;
  return true;
}
