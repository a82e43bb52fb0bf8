import type { CommunityModerationSettings, TrustSettings } from '../../../shared/schemas/moderation.ts';
import { LOCAL_ONLY, rememberedValue, type CacheShared } from '../../cluster/cache-coherence.ts';
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
  const trust = rememberedValue(options.shared ?? LOCAL_ONLY, 'trust', (): TrustSettings => {
    const stored = (repo.siteSetting(TRUST_KEY) ?? {}) as Partial<TrustSettings>;
    return { ...defaults, ...stored, newUser: { ...defaults.newUser, ...(stored.newUser ?? {}) } };
  });

  return {
    trust(): TrustSettings {
      return trust.get();
    },

    setTrust(value: TrustSettings): void {
      repo.setSiteSetting(TRUST_KEY, { ...value, unverifiedMayPost: value.unverifiedMayPost ?? this.trust().unverifiedMayPost });
      trust.changed();
    },

    community(communityId: number): CommunityModerationSettings {
      const row = repo.communitySettings(communityId);
      return row ? { reportThreshold: row.reportThreshold, holdNewUserPosts: row.holdNewUserPosts } : { ...DEFAULT_COMMUNITY_SETTINGS };
    },

    setCommunity(communityId: number, value: CommunityModerationSettings): void {
      repo.setCommunitySettings(communityId, value);
    },
  };
}

export type ModerationSettings = ReturnType<typeof createModerationSettings>;
