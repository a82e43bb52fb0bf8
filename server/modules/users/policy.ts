import type { Actor } from '../auth/actor.ts';

/** People edit their own profile; admins may edit anyone's. */
export function canEditProfile(actor: Actor | null, userId: number): actor is Actor {
  return !!actor && (actor.id === userId || actor.role === 'admin');
}
