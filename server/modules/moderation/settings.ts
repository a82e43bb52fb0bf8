import type { CommunityModerationSettings, TrustSettings } from '../../../shared/schemas/moderation.ts';
import { coherentCache, invalidation, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import type { ModerationRepository } from './repository.ts';

export const DEFAULT_TRUST: TrustSettings = {
  newAccountHours: 24,
  newAccountMinPosts: 3,
  newUser: { postsPerHour: 30, linksPerPost: 5, mentionsPerPost: 5, imagesAllowed: false },
  postsPerMinute: 30,
  postsPerMinutePerAddress: 300,
  duplicateLimit: 3,
  duplicateWindowMinutes: 60,
  unverifiedMayPost: false,
};

export const DEFAULT_COMMUNITY_SETTINGS: CommunityModerationSettings = { reportThreshold: 3, holdNewUserPosts: false };

const TRUST_KEY = 'trust';

/**
 * Site and community moderation settings; the site's are read on every post, so kept in memory.
 *
 * `mailDelivered`: whether mail reaches people (SMTP configured). Until an admin decides, an
 * unverified account may post only where no verification mail can reach it: requiring a link
 * nobody can receive would lock every new member out of a site run on the embedded default.
 *
 * `shared`: with several processes, an admin's change through any of them reaches the others'
 * copy at once (cluster/cache-coherence.ts).
 */
export function createModerationSettings(
  repo: Pick<ModerationRepository, 'siteSetting' | 'setSiteSetting' | 'communitySettings' | 'setCommunitySettings'>,
  options: { mailDelivered?: boolean; shared?: CacheShared } = {},
) {
  const defaults: TrustSettings = { ...DEFAULT_TRUST, unverifiedMayPost: !(options.mailDelivered ?? true) };
  // The site's trust settings, read through memory (as cluster/cache-coherence.ts's rememberedValue,
  // with a load that awaits): a change landing while a load is under way is not overwritten by it.
  const shared = options.shared ?? LOCAL_ONLY;
  let kept: { value: TrustSettings } | null = null;
  let generation = 0;
  const usable = coherentCache(shared, () => {
    kept = null;
    generation += 1;
  });
  const forget = invalidation<null>(shared, TRUST_KEY, () => {
    kept = null;
    generation += 1;
  });
  async function loadTrust(): Promise<TrustSettings> {
    const stored = ((await repo.siteSetting(TRUST_KEY)) ?? {}) as Partial<TrustSettings>;
    return { ...defaults, ...stored, newUser: { ...defaults.newUser, ...(stored.newUser ?? {}) } };
  }

  return {
    async trust(): Promise<TrustSettings> {
      if (kept && usable()) return kept.value;
      const loading = generation;
      const value = await loadTrust();
      if (usable() && loading === generation) kept = { value };
      return value;
    },

    /** As stored now, past the memory copy (what an action inside its transaction is about to change). */
    storedTrust: loadTrust,

    async setTrust(value: TrustSettings): Promise<void> {
      await repo.setSiteSetting(TRUST_KEY, { ...value, unverifiedMayPost: value.unverifiedMayPost ?? (await this.trust()).unverifiedMayPost });
      forget(null);
    },

    async community(communityId: number): Promise<CommunityModerationSettings> {
      const row = await repo.communitySettings(communityId);
      return row ? { reportThreshold: row.reportThreshold, holdNewUserPosts: row.holdNewUserPosts } : { ...DEFAULT_COMMUNITY_SETTINGS };
    },

    async setCommunity(communityId: number, value: CommunityModerationSettings): Promise<void> {
      await repo.setCommunitySettings(communityId, value);
    },
  };
}

export type ModerationSettings = ReturnType<typeof createModerationSettings>;
