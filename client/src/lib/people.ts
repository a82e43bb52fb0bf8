import { t } from './i18n.svelte.ts';

/**
 * The name a person is shown under: an erased account has no name left (issue 19) and shows as
 * "Deleted member", with no profile to link to.
 */
export function personName(user: { displayName: string; deleted?: boolean }): string {
  return user.deleted || !user.displayName ? t('forget.deletedMember') : user.displayName;
}

/** Whether the person has a profile page to link to (an erased account has none). */
export function hasProfile(user: { displayName: string; deleted?: boolean }): boolean {
  return !user.deleted && !!user.displayName;
}
