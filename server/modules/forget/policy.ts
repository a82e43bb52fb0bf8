import type { Actor } from '../auth/actor.ts';
import { canManageRoles } from '../users/policy.ts';

/** Only admins set a legal hold on an account (the same people who manage site roles). */
export function canSetLegalHold(actor: Actor | null): actor is Actor {
  return canManageRoles(actor);
}
