import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { CurrentUser, PeopleList, PeopleQuery, Person, ProfilePatch, PublicUser } from '../../../shared/schemas/users.ts';
import type { Role } from '../../../shared/permissions.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { noAudit, type AuditTrail } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { toCurrentUser, toPublicUser } from './mapper.ts';
import { canEditProfile, canManageRoles } from './policy.ts';
import type { UsersRepository } from './repository.ts';
import { cleanBio, cleanDisplayName, cleanLanguages, cleanTimeZone } from './rules.ts';

function toPerson(row: { id: number; username: string; displayName: string; email: string; role: Role; suspendedUntil: Date | null; createdAt: Date; legalHold: boolean; deletedAt: Date | null }): Person {
  const suspended = row.suspendedUntil && row.suspendedUntil.getTime() > Date.now() ? row.suspendedUntil : null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    suspendedUntil: suspended?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    legalHold: row.legalHold,
    ...(row.deletedAt ? { deleted: true } : {}),
  };
}

export { toPerson };

export function createUsersService(deps: {
  users: UsersRepository;
  bus: EventBus;
  audit?: AuditTrail;
  /** Whether mail to a member's address bounces too often (the inbound mail area keeps count). */
  emailBouncing?: (userId: number, email: string) => boolean | Promise<boolean>;
}) {
  const { users, bus } = deps;
  const audit = deps.audit ?? noAudit;
  /** The person's own view, with whether mail to them still gets through (the bounce banner). */
  /** What later areas add to the member's own view (issue 19: whether a second factor is on, or required). */
  const facets: Array<(userId: number) => Partial<CurrentUser> | Promise<Partial<CurrentUser>>> = [];
  const withMailStatus = async (row: Parameters<typeof toCurrentUser>[0]): Promise<CurrentUser> => {
    const view: CurrentUser = { ...toCurrentUser(row), emailBouncing: (await deps.emailBouncing?.(row.id, row.email)) ?? false };
    for (const facet of facets) Object.assign(view, await facet(row.id));
    return view;
  };

  async function requireUser(id: number) {
    const row = await users.findById(id);
    if (!row) throw new AppError('USER_NOT_FOUND');
    return row;
  }

  const service = {
    async current(actor: Actor | null): Promise<CurrentUser> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return withMailStatus(await requireUser(actor.id));
    },

    /** The member's own view by id (a sign-in answers with it). */
    async currentOf(userId: number): Promise<CurrentUser> {
      return withMailStatus(await requireUser(userId));
    },

    addCurrentUserFacet(facet: (userId: number) => Partial<CurrentUser> | Promise<Partial<CurrentUser>>): void {
      facets.push(facet);
    },

    async publicProfile(username: string): Promise<PublicUser> {
      const row = await users.findByUsername(username.trim().toLowerCase());
      // An erased account has no profile: its old name is nobody's, its new one shows nothing.
      if (!row || row.deletedAt) throw new AppError('USER_NOT_FOUND');
      return toPublicUser(row);
    },

    async updateProfile(actor: Actor | null, userId: number, patch: ProfilePatch): Promise<CurrentUser> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canEditProfile(actor, userId)) throw new AppError('FORBIDDEN');
      await requireUser(userId);

      const changes: Parameters<UsersRepository['update']>[1] = {};
      if (patch.displayName !== undefined) changes.displayName = cleanDisplayName(patch.displayName);
      if (patch.bio !== undefined) changes.bio = cleanBio(patch.bio);
      if (patch.languages !== undefined) changes.languages = cleanLanguages(patch.languages);
      if (patch.locale !== undefined) changes.locale = patch.locale;
      if (patch.timeZone !== undefined) changes.timeZone = cleanTimeZone(patch.timeZone);
      if (patch.institutionId !== undefined) {
        if (patch.institutionId !== null && !(await users.institutionExists(patch.institutionId))) {
          throw new AppError('INSTITUTION_UNKNOWN', { field: 'institutionId' });
        }
        changes.institutionId = patch.institutionId;
      }
      if (patch.countryCode !== undefined) {
        const code = patch.countryCode?.toUpperCase() ?? null;
        if (code !== null && !(await users.countryExists(code))) {
          throw new AppError('COUNTRY_UNKNOWN', { field: 'countryCode' });
        }
        changes.countryCode = code;
      }

      if (Object.keys(changes).length > 0) {
        await users.update(userId, changes);
        await bus.publish('user.updated', { userId });
      }
      return withMailStatus(await requireUser(userId));
    },

    /** The admins' people page: search by name, username or email; filter by role and status. */
    async people(actor: Actor | null, query: PeopleQuery): Promise<PeopleList> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canManageRoles(actor)) throw new AppError('FORBIDDEN');
      const limit = query.limit ?? 25;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = await users.people({ q: query.q, role: query.role, status: query.status, beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toPerson), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null };
    },

    /** Gives a site role; logged (undoable) with the role before and after. The last admin stays one. */
    async setRole(actor: Actor | null, userId: number, role: Role): Promise<Person> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canManageRoles(actor)) throw new AppError('FORBIDDEN');
      const target = await requireUser(userId);
      if (target.role !== role) {
        await audit.within(
          [
            {
              actorId: actor.id,
              action: 'user.role',
              communityId: null,
              targetType: 'user',
              targetId: userId,
              before: { role: target.role },
              after: { role },
              undoable: true,
            },
          ],
          () => users.setRole(userId, role),
        );
        await bus.publish('user.updated', { userId });
      }
      return toPerson(await requireUser(userId));
    },

    updateOwnProfile(actor: Actor | null, patch: ProfilePatch): Promise<CurrentUser> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return service.updateProfile(actor, actor.id, patch);
    },
  };
  return service;
}

export type UsersService = ReturnType<typeof createUsersService>;
