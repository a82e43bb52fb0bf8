import type { Role } from '../../../shared/permissions.ts';

const SETTING_KEY = 'secondFactor';

/**
 * Who must have a second factor once admins ask for it: staff, that is admins, editors and the
 * moderators of any community. The setting lives with the site's settings (the moderation
 * area's table, through its repository) and is read on every write, so kept in memory.
 */
export function createStaffPolicy(deps: {
  siteSetting: (key: string) => unknown;
  setSiteSetting: (key: string, value: Record<string, unknown>) => void;
  moderatesAny: (userId: number) => boolean;
}) {
  let required: boolean | null = null;

  const requiredForStaff = (): boolean => (required ??= (deps.siteSetting(SETTING_KEY) as { requiredForStaff?: unknown } | undefined)?.requiredForStaff === true);

  return {
    requiredForStaff,

    setRequiredForStaff(value: boolean): void {
      deps.setSiteSetting(SETTING_KEY, { requiredForStaff: value });
      required = value;
    },

    isStaff(userId: number, role: Role): boolean {
      return role === 'admin' || role === 'editor' || deps.moderatesAny(userId);
    },

    /** Whether this member must have a second factor. */
    requires(userId: number, role: Role): boolean {
      return requiredForStaff() && this.isStaff(userId, role);
    },
  };
}

export type StaffPolicy = ReturnType<typeof createStaffPolicy>;
