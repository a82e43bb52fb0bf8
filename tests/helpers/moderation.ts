import type { App } from '../../server/app.ts';
import { as, type World } from './forums.ts';

/** Trust settings where every account is trusted at once (tests of other rules). */
export const EVERYONE_TRUSTED = {
  newAccountHours: 0,
  newAccountMinPosts: 0,
  newUser: { postsPerHour: 30, linksPerPost: 5, mentionsPerPost: 5, imagesAllowed: false },
  postsPerMinute: 30,
  postsPerMinutePerAddress: 300,
  duplicateLimit: 3,
  duplicateWindowMinutes: 60,
};

export async function setTrust(app: App, w: World, patch: Partial<typeof EVERYONE_TRUSTED> = {}) {
  const put = await app.inject({
    method: 'PUT',
    url: '/api/moderation/settings',
    headers: { origin: 'http://localhost:80', cookie: w.admin.cookie },
    payload: { ...EVERYONE_TRUSTED, ...patch },
  });
  if (put.statusCode !== 200) throw new Error(`trust settings: ${put.body}`);
}

/** The log entries of a community, newest first. */
export async function logOf(app: App, w: World, query = '') {
  const response = await as(app, w.moderator).get(`/api/moderation/log?community=${w.slug}${query}`);
  if (response.statusCode !== 200) throw new Error(`log: ${response.body}`);
  return response.json().items as { id: number; action: string; actorId: number; targetType: string; targetId: number; reason: string | null; undoable: boolean }[];
}

/**
 * Limits out of the way, for tests and benchmarks about something else that post a lot
 * from one fresh account (attack vectors, load): every account trusted, images allowed, no
 * practical rate or duplicate limit. Set by an admin, as on a real site.
 */
export async function relaxLimits(app: App, admin: World['admin']) {
  const response = await app.inject({
    method: 'PUT',
    url: '/api/moderation/settings',
    headers: { origin: 'http://localhost:80', cookie: admin.cookie },
    payload: {
      ...EVERYONE_TRUSTED,
      newUser: { ...EVERYONE_TRUSTED.newUser, imagesAllowed: true },
      postsPerMinute: 100_000,
      postsPerMinutePerAddress: 1_000_000,
      duplicateLimit: 1000,
    },
  });
  if (response.statusCode !== 200) throw new Error(`relax limits: ${response.body}`);
}
