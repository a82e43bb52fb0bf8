import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { CurrentUser, ProfilePatch, PublicUser } from '../../../shared/schemas/users.ts';
import type { Actor } from '../auth/actor.ts';
import { toCurrentUser, toPublicUser } from './mapper.ts';
import { canEditProfile } from './policy.ts';
import type { UsersRepository } from './repository.ts';
import { cleanBio, cleanDisplayName, cleanLanguages } from './rules.ts';

export function createUsersService(deps: { users: UsersRepository; bus: EventBus }) {
  const { users, bus } = deps;

  function requireUser(id: number) {
    const row = users.findById(id);
    if (!row) throw new AppError('USER_NOT_FOUND');
    return row;
  }

  const service = {
    current(actor: Actor | null): CurrentUser {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return toCurrentUser(requireUser(actor.id));
    },

    publicProfile(username: string): PublicUser {
      const row = users.findByUsername(username.trim().toLowerCase());
      if (!row) throw new AppError('USER_NOT_FOUND');
      return toPublicUser(row);
    },

    updateProfile(actor: Actor | null, userId: number, patch: ProfilePatch): CurrentUser {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canEditProfile(actor, userId)) throw new AppError('FORBIDDEN');
      requireUser(userId);

      const changes: Parameters<UsersRepository['update']>[1] = {};
      if (patch.displayName !== undefined) changes.displayName = cleanDisplayName(patch.displayName);
      if (patch.bio !== undefined) changes.bio = cleanBio(patch.bio);
      if (patch.languages !== undefined) changes.languages = cleanLanguages(patch.languages);
      if (patch.locale !== undefined) changes.locale = patch.locale;
      if (patch.institutionId !== undefined) {
        if (patch.institutionId !== null && !users.institutionExists(patch.institutionId)) {
          throw new AppError('INSTITUTION_UNKNOWN', { field: 'institutionId' });
        }
        changes.institutionId = patch.institutionId;
      }
      if (patch.countryCode !== undefined) {
        const code = patch.countryCode?.toUpperCase() ?? null;
        if (code !== null && !users.countryExists(code)) {
          throw new AppError('COUNTRY_UNKNOWN', { field: 'countryCode' });
        }
        changes.countryCode = code;
      }

      if (Object.keys(changes).length > 0) {
        users.update(userId, changes);
        bus.publish('user.updated', { userId });
      }
      return toCurrentUser(requireUser(userId));
    },

    updateOwnProfile(actor: Actor | null, patch: ProfilePatch): CurrentUser {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return service.updateProfile(actor, actor.id, patch);
    },
  };
  return service;
}

export type UsersService = ReturnType<typeof createUsersService>;
