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
  function fanOut(event: WebhookEvent, build: (included: number[]) => unknown, options: { subject?: string; once?: boolean } = {}): void {
    let queued = false;
    for (const endpoint of repo.endpointsFor(event)) {
      if (options.once && options.subject && repo.sentAbout(endpoint.id, event, options.subject)) continue;
      const data = build(endpoint.includeCommunityIds);
      if (data === null || data === undefined) continue;
      const at = now();
      const deliveryId = randomUUID();
      repo.enqueue({ endpointId: endpoint.id, event, deliveryId, payload: payloadOf(deliveryId, event, at, data), subject: options.subject ?? null }, at);
      queued = true;
    }
    if (queued) deps.onQueued();
  }

  const unsubscribe = [
    bus.subscribe('thread.created', ({ postId }) => fanOut('thread.created', (inc) => content.post(postId, inc), { subject: `post:${postId}` })),
    bus.subscribe('post.created', ({ postId }) => fanOut('post.created', (inc) => content.post(postId, inc), { subject: `post:${postId}` })),
    bus.subscribe('post.updated', ({ postId, editorId }) => {
      if (editorId !== undefined) fanOut('post.edited', (inc) => content.post(postId, inc), { subject: `post:${postId}` });
    }),
    bus.subscribe('audit.recorded', ({ action, targetType, targetId, communityId, reason }) => {
      const event = HIDE_ACTIONS[action];
      if (event) fanOut(event, (inc) => content.hiddenItem(targetType, targetId, communityId, inc, reason), { subject: `hidden-${targetType}:${targetId}` });
    }),
    bus.subscribe('community.membership.changed', ({ communityId, userId, status, previous }) => {
      if (status !== 'active' || previous === 'active') return;
      fanOut('member.joined', (inc) => {
        const community = content.community(communityId, inc);
        return community && { community, user: content.user(userId) };
      });
    }),
    bus.subscribe('knowledge.updated', ({ kind, id, created, withdrawn }) => {
      if (kind !== 'resources') return;
      if (withdrawn) {
        fanOut('resource.withdrawn', () => {
          const resource = content.withdrawnResource(id);
          return resource && { resource };
        }, { subject: `resource:${id}` });
        return;
      }
      // Restored, a resource is updated: back whole.
      fanOut(created ? 'resource.created' : 'resource.updated', () => {
        const resource = content.resource(id);
        return resource && { resource };
      }, { subject: `resource:${id}` });
    }),
    bus.subscribe('workshop.created', ({ workshopId }) => fanOut('workshop.scheduled', (inc) => wrapWorkshop(workshopId, inc), { subject: `workshop:${workshopId}` })),
    bus.subscribe('workshop.opened', ({ workshopId }) => fanOut('workshop.opened', (inc) => wrapWorkshop(workshopId, inc), { subject: `workshop:${workshopId}` })),
    bus.subscribe('workshop.room.changed', ({ workshopId }) => {
      fanOut('workshop.closed', (inc) => {
        const data = wrapWorkshop(workshopId, inc);
        return data?.workshop.room === 'closed' ? data : null;
      }, { subject: `workshop:${workshopId}`, once: true });
    }),
    bus.subscribe('report.created', ({ reportId }) => fanOut('report.created', (inc) => {
      const report = content.report(reportId, inc);
      return report && { report };
    }, { subject: `report:${reportId}` })),
  ];

  function wrapWorkshop(workshopId: number, included: number[]) {
    const workshop = content.workshop(workshopId, included);
    return workshop && { workshop };
  }

  return () => unsubscribe.forEach((off) => off());
}

/**
 * Whether what a queued delivery carries may still go to this endpoint, asked again right
 * before each attempt: a post hidden or deleted, a thread hidden, a community made private or
 * taken off the endpoint's list since the event was queued, and the delivery is withdrawn.
 */
export function stillAllowed(content: WebhookContent, subject: string | null, included: number[]): boolean {
  const [kind, raw] = (subject ?? '').split(':');
  const id = Number(raw);
  if (kind === 'post') return content.post(id, included) !== null;
  if (kind === 'workshop') return content.workshop(id, included) !== null;
  if (kind === 'report') return content.report(id, included) !== null;
  if (kind === 'hidden-post' || kind === 'hidden-thread') return true;
  return true;
}
