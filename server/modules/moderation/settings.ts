import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communityModerationSettings, siteSettings } from '../../../db/schema/index.ts';
import type { CommunityModerationSettings, TrustSettings } from '../../../shared/schemas/moderation.ts';

export const DEFAULT_TRUST: TrustSettings = {
  newAccountHours: 24,
  newAccountMinPosts: 3,
  newUser: { postsPerHour: 30, linksPerPost: 5, mentionsPerPost: 5, imagesAllowed: false },
  postsPerMinute: 30,
  postsPerMinutePerAddress: 300,
  duplicateLimit: 3,
  duplicateWindowMinutes: 60,
};

export const DEFAULT_COMMUNITY_SETTINGS: CommunityModerationSettings = { reportThreshold: 3, holdNewUserPosts: false };

const TRUST_KEY = 'trust';

/** Site and community moderation settings; the site's are read on every post, so kept in memory. */
export function createModerationSettings(db: Db) {
  let trust: TrustSettings | null = null;
  // Read on every post (whether the community holds new accounts' posts): prepared once.
  const communityRow = db
    .select()
    .from(communityModerationSettings)
    .where(eq(communityModerationSettings.communityId, sql.placeholder('communityId')))
    .prepare();

  return {
    trust(): TrustSettings {
      if (!trust) {
        const row = db.select().from(siteSettings).where(eq(siteSettings.key, TRUST_KEY)).get();
        const stored = (row?.value ?? {}) as Partial<TrustSettings>;
        trust = { ...DEFAULT_TRUST, ...stored, newUser: { ...DEFAULT_TRUST.newUser, ...(stored.newUser ?? {}) } };
      }
      return trust;
    },

    setTrust(value: TrustSettings): void {
      db.insert(siteSettings)
        .values({ key: TRUST_KEY, value })
        .onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedAt: new Date() } })
        .run();
      trust = null;
    },

    community(communityId: number): CommunityModerationSettings {
      const row = communityRow.get({ communityId });
      return row ? { reportThreshold: row.reportThreshold, holdNewUserPosts: row.holdNewUserPosts } : { ...DEFAULT_COMMUNITY_SETTINGS };
    },

    setCommunity(communityId: number, value: CommunityModerationSettings): void {
      db.insert(communityModerationSettings)
        .values({ communityId, ...value })
        .onConflictDoUpdate({ target: communityModerationSettings.communityId, set: value })
        .run();
    },
  };
}

export type ModerationSettings = ReturnType<typeof createModerationSettings>;
