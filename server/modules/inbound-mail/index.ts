import type { Area, Core } from '../area.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { Mail } from '../mail/index.ts';
import { mailDomain } from '../mail/outbox.ts';
import { usersRepositories } from '../users/index.ts';
import type { MailConfig } from '../../config.ts';
import { createInboundListener, type InboundListener } from './listener.ts';
import { inboundMailRepositories } from './repository.ts';
import { inboundMailRoutes } from './routes.ts';
import { createInboundMailService, type InboundUnsubscribe } from './service.ts';

/**
 * Mail coming in: replies by email become posts, bounce reports count against addresses, a
 * mail to an `unsubscribe+<token>@` address turns that kind of mail off. The
 * listener runs only when MINGA_INBOUND_SMTP_PORT is set (started on ready, closed on close).
 */
export function inboundMailArea(core: Core, deps: { config: MailConfig; mail: Mail; discussions: DiscussionsService; unsubscribe: InboundUnsubscribe }) {
  const service = createInboundMailService({
    repo: inboundMailRepositories(core.database).inbound,
    outboxMessages: deps.mail.repo,
    users: usersRepositories(core.database).users,
    discussions: deps.discussions,
    outbox: deps.mail.outbox,
    log: core.log,
    unsubscribe: deps.unsubscribe,
  });
  const inbound = deps.config.inbound;
  const listener: InboundListener | null = inbound
    ? createInboundListener({ ...inbound, domain: deps.config.replyDomain ?? mailDomain(deps.config.from), service, log: core.log })
    : null;
  const area: Area = { routes: async (app) => app.register(inboundMailRoutes, { inbound: service }) };
  return { service, listener, ...area };
}

export type InboundMail = ReturnType<typeof inboundMailArea>;
