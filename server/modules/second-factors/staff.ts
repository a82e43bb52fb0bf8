import type { Role } from '../../../shared/permissions.ts';
import { LOCAL_ONLY, rememberedValue, type CacheShared } from '../../cluster/cache-coherence.ts';

const SETTING_KEY = 'secondFactor';

/**
 * Who must have a second factor once admins ask for it: staff, that is admins, editors and the
 * moderators of any community. The setting lives with the site's settings (the moderation
 * area's table, through its repository) and is read on every write, so kept in memory (and
 * forgotten in every process when an admin changes it: cluster/cache-coherence.ts).
 */
export function createStaffPolicy(deps: {
  siteSetting: (key: string) => unknown;
  setSiteSetting: (key: string, value: Record<string, unknown>) => unknown;
  moderatesAny: (userId: number) => boolean | Promise<boolean>;
  shared?: CacheShared;
}) {
  const required = rememberedValue(
    deps.shared ?? LOCAL_ONLY,
    'second-factor-setting',
    async () => ((await deps.siteSetting(SETTING_KEY)) as { requiredForStaff?: unknown } | undefined)?.requiredForStaff === true,
  );

  const requiredForStaff = (): Promise<boolean> => required.get();

  async function isStaff(userId: number, role: Role): Promise<boolean> {
    return role === 'admin' || role === 'editor' || (await deps.moderatesAny(userId));
  }

  return {
    requiredForStaff,

    async setRequiredForStaff(value: boolean): Promise<void> {
      await deps.setSiteSetting(SETTING_KEY, { requiredForStaff: value });
      required.changed();
    },

    isStaff,

    /** Whether this member must have a second factor. */
    async requires(userId: number, role: Role): Promise<boolean> {
      return (await requiredForStaff()) && (await isStaff(userId, role));
    },
  };
}

export type StaffPolicy = ReturnType<typeof createStaffPolicy>;
