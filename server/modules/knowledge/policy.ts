import type { Actor } from '../auth/actor.ts';

/** Editors and admins curate the knowledge bases. */
export const canEditKnowledge = (actor: Actor | null): actor is Actor => actor?.role === 'editor' || actor?.role === 'admin';

/** Who still reads a withdrawn record (to restore it): its curators; to anyone else it is missing. */
export const canSeeWithdrawn = (actor: Actor | null): boolean => canEditKnowledge(actor);
