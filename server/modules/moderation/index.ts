import { perDatabase, type Area, type Core } from '../area.ts';
import { sharedWindows } from '../../cluster/shared-windows.ts';
import type { AuditTrail } from '../audit/index.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import type { CommunitiesService } from '../communities/service.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import { usersRepositories } from '../users/index.ts';
import { createPostRules } from './post-rules.ts';
import { createModerationRepository } from './repository.ts';
import { moderationRoutes, sanctionRoutes } from './routes.ts';
import { createModerationSettings } from './settings.ts';
import { createThreadGate } from '../discussions/access.ts';
import { createAuditLog } from './audit.ts';
import { upholdReportsHook } from './uphold.ts';
import type { ModerationContext } from './context.ts';
import { createQueue } from './queue.ts';
import { createReports } from './reports.ts';
import { createSanctions } from './sanctions.ts';
import { createThreadTools } from './thread-tools.ts';

/** The moderation area: reports, the review queue, the audit log, sanctions and thread tools. */
export function createModeration(deps: Omit<ModerationContext, 'gate' | 'threadGate'>) {
  const gate = createCommunityGate(deps.communities);
  const ctx: ModerationContext = { ...deps, gate, threadGate: createThreadGate({ gate, threads: deps.threads, posts: deps.posts }) };
  deps.audit.addHook(upholdReportsHook(deps.repo, deps.bus));
  const sanctions = createSanctions(ctx);
  const reports = createReports(ctx, sanctions);
  const queue = createQueue(ctx);
  const tools = createThreadTools(ctx);
  const log = createAuditLog(ctx, { reports, tools });
  return { reports, queue, sanctions, tools, log, rules: deps.rules };
}

export type Moderation = ReturnType<typeof createModeration>;

export const moderationRepositories = perDatabase((database) => ({ moderation: createModerationRepository(database.db) }));

/**
 * Trust: the settings and the post rules every post passes, and the write guard every REST
 * write meets. Built before discussions (which apply the rules); the rest of moderation after.
 */
export function moderationTrust(core: Core) {
  const { moderation: repo } = moderationRepositories(core.database);
  const { threads, posts } = discussionsRepositories(core.database);
  const settings = createModerationSettings(repo, { mailDelivered: core.config.mail?.smtpUrl !== undefined, shared: core.shared });
  const rules = createPostRules({ repo, threads, posts, users: usersRepositories(core.database).users, settings, windows: sharedWindows(core.shared) });
  return { repo, settings, rules, movedTo: repo.movedTo };
}

export type ModerationTrust = ReturnType<typeof moderationTrust>;

/** The moderation area as the app registers it. */
export function moderationArea(core: Core, deps: { audit: AuditTrail; trust: ModerationTrust; communities: CommunitiesService; discussions: DiscussionsService }) {
  const { threads, posts } = discussionsRepositories(core.database);
  const moderation = createModeration({
    bus: core.bus,
    audit: deps.audit,
    repo: deps.trust.repo,
    settings: deps.trust.settings,
    rules: deps.trust.rules,
    communities: communitiesRepositories(core.database).communities,
    communitiesService: deps.communities,
    threads,
    posts,
    users: usersRepositories(core.database).users,
  });
  const area: Area = {
    routes: async (app) => {
      await app.register(moderationRoutes, { moderation });
      await app.register(sanctionRoutes, { moderation, discussions: deps.discussions });
    },
  };
  return { ...moderation, ...area };
}
