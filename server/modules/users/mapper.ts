import type { UserCard } from '../../../shared/schemas/communities.ts';
import type { CurrentUser, PublicUser } from '../../../shared/schemas/users.ts';
import type { UserWithRefs } from './repository.ts';

export function toPublicUser(row: UserWithRefs): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    institution: row.institution,
    country: row.country,
    languages: row.languages,
    bio: row.bio,
    specialist: row.specialist,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toCurrentUser(row: UserWithRefs): CurrentUser {
  return { ...toPublicUser(row), email: row.email, locale: row.locale, emailVerified: row.emailVerifiedAt !== null };
}

export function toUserCard(row: UserWithRefs): UserCard {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    institution: row.institution,
    country: row.country,
    specialist: row.specialist,
  };
}
