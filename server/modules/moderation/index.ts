import type { Db } from '../../../db/client.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { createCommunityGate } from '../communities/access.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { CommunitiesService } from '../communities/service.ts';
import { createThreadGate } from '../discussions/access.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { createAuditLog } from './audit.ts';
import { subscribeAuditEvents, type AuditTrail } from './audit-trail.ts';
import type { ModerationContext } from './context.ts';
import type { PostRulesService } from './post-rules.ts';
import { createQueue } from './queue.ts';
import { createReports } from './reports.ts';
import type { ModerationRepository } from './repository.ts';
import { createSanctions } from './sanctions.ts';
import type { ModerationSettings } from './settings.ts';
import { createThreadTools } from './thread-tools.ts';

/** The moderation area: reports, the review queue, the audit log, sanctions and thread tools. */
export function createModeration(deps: {
  db: Db;
  bus: EventBus;
  audit: AuditTrail;
  repo: ModerationRepository;
  settings: ModerationSettings;
  rules: PostRulesService;
  communities: CommunitiesRepository;
  communitiesService: CommunitiesService;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
}) {
  const gate = createCommunityGate(deps.communities);
  const ctx: ModerationContext = { ...deps, gate, threadGate: createThreadGate({ gate, threads: deps.threads, posts: deps.posts }) };
  subscribeAuditEvents(deps.bus, deps.audit);
  const sanctions = createSanctions(ctx);
  const reports = createReports(ctx, sanctions);
  const queue = createQueue(ctx, sanctions);
  const tools = createThreadTools(ctx, sanctions);
  const log = createAuditLog(ctx, { reports, sanctions, tools });
  return { reports, queue, sanctions, tools, log, rules: deps.rules };
}

export type Moderation = ReturnType<typeof createModeration>;
