import type { Actor } from '../auth/actor.ts';

/** Editors and admins curate the knowledge bases. */
export const canEditKnowledge = (actor: Actor | null): actor is Actor => actor?.role === 'editor' || actor?.role === 'admin';
