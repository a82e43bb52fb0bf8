/**
 * The denormalized counters, computed from the planned rows: each thread's visible posts and
 * last post, each forum's threads and posts, each community's last activity.
 */
import type { CommunityPlan, PostPlan, ThreadPlan } from './types.ts';

/** Hidden (spam) and deleted posts do not count. */
export function visiblePosts(t: ThreadPlan): PostPlan[] {
  return t.posts.filter((p) => !p.hidden && p.deletedAt === null);
}

export function countActivity(threadPlans: ThreadPlan[]): void {
  for (const t of threadPlans) {
    countThread(t);
    t.forum.threadCount++;
    t.forum.postCount += t.postCount;
    t.forum.lastPostAt = Math.max(t.forum.lastPostAt ?? 0, t.lastPostAt);
    t.community.lastActivityAt = Math.max(t.community.lastActivityAt ?? 0, t.lastPostAt);
  }
}

function countThread(t: ThreadPlan): void {
  const visible = visiblePosts(t);
  t.postCount = visible.length;
  t.lastPostAt = Math.max(...visible.map((p) => p.at));
}

export function countForums(plans: CommunityPlan[]): number {
  return plans.reduce((n, c) => n + c.forums.length, 0);
}

export function countMemberships(plans: CommunityPlan[]): number {
  return plans.reduce((n, c) => n + c.memberships.length, 0);
}
