import type { UserCard } from '../../../shared/schemas/communities.ts';
import type { CurrentUser, PublicUser } from '../../../shared/schemas/users.ts';
import type { UserWithRefs } from './repository.ts';

/** The address of a member's picture: the version (from its hash) changes with the picture, so it may be cached for good. */
export function avatarUrl(userId: number, sha256: string | null): string | null {
  return sha256 ? `/api/avatars/${userId}/${sha256.slice(0, 16)}` : null;
}

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
    avatar: avatarUrl(row.id, row.avatarSha256),
    affiliation: row.affiliation,
    ...(row.deletedAt ? { deleted: true } : {}),
  };
}

export function toCurrentUser(row: UserWithRefs): CurrentUser {
  return { ...toPublicUser(row), email: row.email, locale: row.locale, emailVerified: row.emailVerifiedAt !== null, timeZone: row.timeZone, hasPassword: row.passwordHash !== '' };
}

export function toUserCard(row: UserWithRefs): UserCard {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    institution: row.institution,
    country: row.country,
    specialist: row.specialist,
    avatar: avatarUrl(row.id, row.avatarSha256),
    affiliation: row.affiliation,
    ...(row.deletedAt ? { deleted: true } : {}),
  };
}
