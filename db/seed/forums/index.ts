/**
 * The forum demo data: synthetic members, communities of practice with their forums and
 * members, and about 2,000 threads with 20,000 posts of practitioners' exchanges (at scale 1).
 *
 * Everything is planned in memory first (a seeded PRNG, a fixed "now"), every post is cooked
 * with the real Markdown cooker, the denormalized counters are computed from the planned rows,
 * and the rows are written in a few big transactions with batched inserts. Two runs on a new
 * database give identical rows (the password hash aside, which the caller passes in).
 */
import type { Db } from '../../client.ts';
import { communities, forums, posts, threads } from '../../schema/index.ts';
import { COMMUNITIES } from './communities.ts';
import { addCitations, loadCatalogue, type KnowledgeCatalogue } from './citations.ts';
import { cookThread, createKitchen } from './cook.ts';
import { countActivity, countForums, countMemberships } from './counters.ts';
import { loadCountryNames, loadDemoPeople, loadInstitutions, loadMemberIds, maxId } from './existing.ts';
import { buildMembers, type MemberSeed } from './people.ts';
import { syncIdentities } from '../write.ts';
import { membersAsPeople, planCommunities } from './plan-members.ts';
import { composeThreadPosts, createComposer, numberPosts } from './plan-posts.ts';
import { planReactions } from './plan-reactions.ts';
import { planThreads } from './plan-threads.ts';
import * as rows from './rows.ts';
import { Random } from './templates/index.ts';
import type { Cast, ThreadPlan } from './types.ts';
import { insertMembers, writeCommunities, writeDiscussions } from './write.ts';

export { FORUM_SEED_NOW } from './clock.ts';

export interface ForumSeedOptions {
  /** The demo password hash, shared by every synthetic member (hashed once by the caller). */
  passwordHash: string;
  progress: (line: string) => void;
  /** 1 gives ~2,000 threads and ~20,000 posts; tests use a small fraction. */
  scale?: number;
  /**
   * Posts cite the knowledge bases (resources, profiles, experiences, specialists) already in
   * the database; seedDatabase sets it when it loaded them. Default false.
   */
  citeKnowledge?: boolean;
  /** The knowledge records' trades, from the knowledge seed of the same run: citations match the thread's sector by trade, not only by ISIC section. */
  knowledgeTrades?: ReadonlyMap<string, string>;
}

export interface ForumSeedResult {
  members: number;
  communities: number;
  forums: number;
  memberships: number;
  threads: number;
  posts: number;
  reactions: number;
  /** Posts citing a knowledge item. */
  citations: number;
}

export async function seedForums(db: Db, options: ForumSeedOptions): Promise<ForumSeedResult> {
  const { progress } = options;
  const scale = Math.max(0, options.scale ?? 1);
  const rng = new Random('minga:forums');

  const cast = await enlistMembers(db, options.passwordHash, progress);

  const plans = planCommunities(cast, await maxId(db, communities), await maxId(db, forums));
  const forumCount = countForums(plans);
  const membershipCount = countMemberships(plans);
  progress(`forums: communities ${plans.length}/${COMMUNITIES.length} (${forumCount} forums, ${membershipCount} memberships)`);

  const threadPlans = planThreads(rng, plans, scale, await maxId(db, threads));
  const catalogue = options.citeKnowledge ? await loadCatalogue(db, options.knowledgeTrades) : null;
  const citations = composeAndCook(rng, cast, threadPlans, catalogue, progress);
  const allPosts = numberPosts(threadPlans, await maxId(db, posts));
  const reactions = planReactions(rng, threadPlans);
  countActivity(threadPlans);

  await writeCommunities(db, { communities: rows.communityRows(plans, cast.admin), forums: rows.forumRows(plans), memberships: rows.membershipRows(plans) });
  progress(`forums: writing ${threadPlans.length} threads, ${allPosts.length} posts, ${reactions.length} reactions`);
  await writeDiscussions(db, {
    threads: rows.threadRows(threadPlans),
    posts: rows.postRows(allPosts),
    revisions: rows.revisionRows(threadPlans),
    reactions,
    mentions: rows.mentionRows(threadPlans),
    links: rows.linkRows(threadPlans),
    watches: rows.watchRows(threadPlans),
  });
  // The rows carry their planned ids: the identities move past them (PostgreSQL) before anyone
  // inserts without one (the steps after this one, or a test's own writes).
  await syncIdentities(db);
  progress(`forums: done (${threadPlans.length} threads, ${allPosts.length} posts)`);

  return {
    members: cast.members.length,
    communities: plans.length,
    forums: forumCount,
    memberships: membershipCount,
    threads: threadPlans.length,
    posts: allPosts.length,
    reactions: reactions.length,
    citations,
  };
}

/**
 * Creates the synthetic members' accounts ahead of the forums (the knowledge seed links some
 * of them to the specialists directory); seedForums then finds them instead of creating them.
 */
export async function enrolSyntheticMembers(db: Db, passwordHash: string, progress: (line: string) => void): Promise<number> {
  return (await ensureMembers(db, buildMembers(await loadInstitutions(db)), passwordHash, progress)).size;
}

/** The members' ids by username: the existing accounts, or new ones when there are none yet. */
async function ensureMembers(db: Db, seeds: MemberSeed[], passwordHash: string, progress: (line: string) => void): Promise<Map<string, number>> {
  const existing = await loadMemberIds(
    db,
    seeds.map((m) => m.username),
  );
  if (existing.size === seeds.length) return existing;
  if (existing.size > 0) throw new Error(`seedForums: ${existing.size} of the ${seeds.length} synthetic members exist already`);
  const ids = await insertMembers(db, rows.memberRows(seeds, passwordHash));
  progress(`forums: members ${ids.size}/${seeds.length}`);
  return ids;
}

/** Reads the institutions and the demo accounts, and inserts the synthetic members (who need ids before anything else). */
async function enlistMembers(db: Db, passwordHash: string, progress: (line: string) => void): Promise<Cast> {
  const institutions = await loadInstitutions(db);
  const institutionById = new Map(institutions.map((i) => [i.id, i]));
  const countryNames = await loadCountryNames(db);
  const demo = await loadDemoPeople(db, institutions, institutionById);
  const seeds = buildMembers(institutions);
  const members = membersAsPeople(seeds, await ensureMembers(db, seeds, passwordHash, progress), institutionById);
  return { institutions, institutionById, countryNames, demo, admin: demo.get('admin')!, lucia: demo.get('lucia_moderadora')!, members };
}

/**
 * Composes and cooks thread by thread, reporting every tenth of the way; with a catalogue,
 * some posts cite the knowledge bases (from their own PRNG stream). Returns the citing posts.
 */
function composeAndCook(rng: Random, cast: Cast, threadPlans: ThreadPlan[], catalogue: KnowledgeCatalogue | null, progress: (line: string) => void): number {
  const composer = createComposer(rng, cast);
  const kitchen = createKitchen(cast, catalogue);
  const citing = new Random('minga:forums:citations');
  const step = Math.max(1, Math.ceil(threadPlans.length / 10));
  let citations = 0;
  threadPlans.forEach((t, index) => {
    composeThreadPosts(composer, t);
    if (catalogue) citations += addCitations(citing, catalogue, [t]);
    cookThread(kitchen, t);
    if ((index + 1) % step === 0 || index + 1 === threadPlans.length) progress(`forums: threads ${index + 1}/${threadPlans.length}`);
  });
  return citations;
}
