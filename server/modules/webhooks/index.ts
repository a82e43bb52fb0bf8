import type { Area, Core } from '../area.ts';
import { perDatabase } from '../area.ts';
import { createWebhookContent } from './content-repository.ts';
import { stillAllowed, subscribeWebhookEvents } from './events.ts';
import { createWebhooksRepository } from './repository.ts';
import { webhookRoutes } from './routes.ts';
import { createWebhookSender, type WebhookSender, type WebhookTiming } from './sender.ts';
import { createWebhooksService } from './service.ts';

export const webhooksRepositories = perDatabase((database) => ({ webhooks: createWebhooksRepository(database.db) }));

export interface Webhooks extends Area {
  sender: WebhookSender;
  service: ReturnType<typeof createWebhooksService>;
}

/**
 * Webhooks: admins register endpoints; domain events become deliveries in a durable queue
 * (the database), which a sender running with the app posts, signed, with retries.
 */
export function webhooksArea(core: Core, deps: { publicUrl: string; allowPrivate: boolean; timing?: Partial<WebhookTiming> }): Webhooks {
  const repo = webhooksRepositories(core.database).webhooks;
  const content = createWebhookContent(core.database.db, deps.publicUrl);
  const sender = createWebhookSender({
    repo,
    log: core.log,
    allowPrivate: deps.allowPrivate,
    allowed: (row, endpoint) => stillAllowed(content, row.subject, endpoint.includeCommunityIds),
    timing: deps.timing,
  });
  // Wakes the sender in the process running the scheduled work, this one or another.
  const onQueued = () => core.scheduler.nudge('webhooks');
  const service = createWebhooksService({ repo, content, allowPrivate: deps.allowPrivate, onQueued });
  subscribeWebhookEvents(core.bus, { repo, content, onQueued });
  return { sender, service, routes: async (app) => app.register(webhookRoutes, { webhooks: service }) };
}
