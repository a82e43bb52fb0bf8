import type { Actor } from '../auth/actor.ts';

/** People edit their own profile; admins may edit anyone's. */
export function canEditProfile(actor: Actor | null, userId: number): actor is Actor {
  return !!actor && (actor.id === userId || actor.role === 'admin');
}

/** Only admins give and take site roles (member, editor, admin). */
export function canManageRoles(actor: Actor | null): actor is Actor {
  return actor?.role === 'admin';
}
