import { createCommunityGate } from '../communities/access.ts';
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
