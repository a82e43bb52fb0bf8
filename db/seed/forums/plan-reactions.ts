/**
 * Reactions: members who had joined react to the visible posts, each person once per post;
 * accepted answers and welcome posts get more, and answers get more thanks.
 */
import type { postReactions } from '../../schema/index.ts';
import { REACTION_KINDS } from '../../../shared/schemas/discussions.ts';
import { END, HOUR, MINUTE } from './clock.ts';
import { joinedBefore } from './sampling.ts';
import type { Random } from './templates/index.ts';
import type { PostPlan, ThreadPlan } from './types.ts';

export type ReactionRow = typeof postReactions.$inferInsert;

/** Weights of REACTION_KINDS: on most posts, and on answers. */
const REACTION_WEIGHTS = [50, 20, 15, 15];
const THANKS_WEIGHTS = [35, 40, 15, 10];
const MAX_REACTORS = 14;

/** The reactions to every post, thread by thread, post by post (the posts already numbered). */
export function planReactions(rng: Random, threadPlans: ThreadPlan[]): ReactionRow[] {
  const rows: ReactionRow[] = [];
  for (const t of threadPlans) {
    for (const p of t.posts) {
      if (p.hidden || p.deletedAt !== null || p.role === 'lock') continue;
      rows.push(...reactionsTo(rng, t, p));
    }
  }
  return rows;
}

function reactionsTo(rng: Random, t: ThreadPlan, p: PostPlan): ReactionRow[] {
  const accepted = p === t.accepted;
  const reactors = pickReactors(rng, t, p, reactionCount(rng, p, accepted));
  return [...reactors].map((userId) => ({
    postId: p.id,
    userId,
    kind: rng.weighted(REACTION_KINDS, accepted || p.role === 'answer' ? THANKS_WEIGHTS : REACTION_WEIGHTS),
    createdAt: new Date(Math.min(END - 1000, p.at + MINUTE + Math.floor(rng.exponential(8 * HOUR)))),
  }));
}

function reactionCount(rng: Random, p: PostPlan, accepted: boolean): number {
  let count = rng.chance(0.45) ? 0 : 1 + Math.floor(rng.exponential(1.6));
  if (accepted) count += rng.int(2, 5);
  if (p.role === 'welcome') count += rng.int(3, 8);
  return count;
}

/** Members who had joined before the post, never its author; a few draws may repeat someone. */
function pickReactors(rng: Random, t: ThreadPlan, p: PostPlan, count: number): Set<number> {
  const eligible = joinedBefore(t.community.active, p.at);
  const reactors = new Set<number>();
  for (let attempt = 0; eligible > 0 && reactors.size < Math.min(count, MAX_REACTORS) && attempt < count * 4; attempt++) {
    const m = t.community.active[rng.int(0, eligible - 1)];
    if (m && m.person.id !== p.author.id) reactors.add(m.person.id);
  }
  return reactors;
}
