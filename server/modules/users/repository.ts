import { and, count, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { changed, prepared, preparedQuery, row, transaction } from '../../../db/access.ts';
import { jsonIntegers, jsonValues, likeAnyCase } from '../../../db/dialect.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../lib/errors.ts';
import type { Db } from '../../../db/client.ts';
import type { AffiliationBadge } from '../../../shared/schemas/affiliation.ts';
import { badgeCounts, toAffiliationBadge } from '../affiliation/verified.ts';
import { countries, erasedUsernames, institutions, specialists, userAffiliations, users, type NewUserRow, type UserRow } from '../../../db/schema/index.ts';
import { ERASED_PREFIX, USERNAME_RESERVED_MS, usernameHash } from '../forget/names.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';
import { isUniqueViolation, lockUsersForCount } from './sql.ts';

export type UserWithRefs = UserRow & {
  institution: { id: number; acronym: string; name: string } | null;
  country: { code: string; names: { es: string; pt: string; en: string } } | null;
  /** Verified affiliation with `institution` (the affiliation area writes it). */
  affiliation: AffiliationBadge | null;
};

const voucher = alias(users, 'voucher');

export function createUsersRepository(db: Db) {
  /** One query: the user with their institution and country joined (a fresh builder per call). */
  const withRefs = (d: Db = db) =>
    d
      .select({
        user: users,
        institutionId: institutions.id,
        institutionAcronym: institutions.acronym,
        institutionName: institutions.name,
        countryCode: countries.code,
        countryEs: countries.nameEs,
        countryPt: countries.namePt,
        countryEn: countries.nameEn,
        // The badge follows the specialists directory: an account linked to a specialist record.
        linkedSpecialist: sql<number>`CASE WHEN EXISTS (SELECT 1 FROM ${specialists} WHERE ${specialists.userId} = ${users.id} AND ${liveRecord(specialists)}) THEN 1 ELSE 0 END`.mapWith(Number),
        // The badge: an affiliation counts only with the institution the person shows (one row per person, by its unique index).
        affiliation: userAffiliations,
        voucherUsername: voucher.username,
        voucherName: voucher.displayName,
      })
      .from(users)
      .leftJoin(institutions, eq(institutions.id, users.institutionId))
      .leftJoin(countries, eq(countries.code, users.countryCode))
      .leftJoin(userAffiliations, badgeCounts(users.id, users.institutionId))
      .leftJoin(voucher, eq(voucher.id, userAffiliations.vouchedBy));

  const emailVerifiedById = prepared<{ at: number | null }>(db, sql`SELECT ${users.emailVerifiedAt} AS "at" FROM ${users} WHERE ${users.id} = ${sql.placeholder('id')}`);
  // The avatar route asks on every miss of its cache.
  const avatarById = prepared<{ sha: string | null }>(db, sql`SELECT ${users.avatarSha256} AS "sha" FROM ${users} WHERE ${users.id} = ${sql.placeholder('id')}`);

  // Authors of every page, mentions, profiles: compiled once. A JSON array bound as one parameter
  // keeps a statement compiled whatever the list's length.
  const byIdStmt = preparedQuery<Joined & object>(db, (d) => withRefs(d).where(eq(users.id, sql.placeholder('id'))));
  const byUsernameStmt = preparedQuery<Joined & object>(db, (d) => withRefs(d).where(eq(users.username, sql.placeholder('username'))));
  const byIdsStmt = preparedQuery<Joined & object>(db, (d) => withRefs(d).where(sql`${users.id} IN ${jsonIntegers(sql.placeholder('ids'))}`));
  // What the policies ask of an account (who it is, its role): for everyone a post tells at once.
  const actorsByIdsStmt = preparedQuery<Pick<UserRow, 'id' | 'username' | 'displayName' | 'role' | 'locale'>>(db, (d) =>
    d
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, locale: users.locale })
      .from(users)
      .where(sql`${users.id} IN ${jsonIntegers(sql.placeholder('ids'))}`),
  );
  const idsByNamesStmt = preparedQuery<{ id: number; username: string }>(db, (d) =>
    d.select({ id: users.id, username: users.username }).from(users).where(sql`${users.username} IN ${jsonValues(sql.placeholder('names'))}`),
  );

  type Joined = Awaited<ReturnType<typeof withRefs>>[number] | undefined;
  const toUserWithRefs = (row: Joined): UserWithRefs | undefined =>
    row && {
      ...row.user,
      specialist: row.linkedSpecialist === 1,
      institution:
        row.institutionId !== null
          ? { id: row.institutionId, acronym: row.institutionAcronym!, name: row.institutionName! }
          : null,
      country:
        row.countryCode !== null
          ? { code: row.countryCode, names: { es: row.countryEs!, pt: row.countryPt!, en: row.countryEn! } }
          : null,
      affiliation: toAffiliationBadge(row.affiliation, { username: row.voucherUsername, displayName: row.voucherName }),
    };

  return {
    findById: async (id: number): Promise<UserWithRefs | undefined> => toUserWithRefs(await byIdStmt.get({ id })),

    /** Several users with their institution and country, in one query. */
    async findManyByIds(ids: number[]): Promise<UserWithRefs[]> {
      if (ids.length === 0) return [];
      return (await byIdsStmt.all({ ids: JSON.stringify([...new Set(ids)]) })).map((row) => toUserWithRefs(row)!);
    },

    /** Several accounts as the policies see them (id, names, role, locale), in one query. */
    async actorsByIds(ids: number[]): Promise<Pick<UserRow, 'id' | 'username' | 'displayName' | 'role' | 'locale'>[]> {
      if (ids.length === 0) return [];
      return await actorsByIdsStmt.all({ ids: JSON.stringify([...new Set(ids)]) });
    },

    /** Lower-cased usernames among these that exist, with their ids (for mentions). */
    async idsByUsernames(usernames: string[]): Promise<Map<string, number>> {
      if (usernames.length === 0) return new Map();
      const rows = await idsByNamesStmt.all({ names: JSON.stringify([...new Set(usernames)]) });
      return new Map(rows.map((r) => [r.username, r.id]));
    },
    findByUsername: async (username: string): Promise<UserWithRefs | undefined> => toUserWithRefs(await byUsernameStmt.get({ username })),

    /**
     * Login (and password reset) accept a username or an address, both stored lower-cased. An
     * address names an account only when verified there, or when a single account holds it:
     * several unverified accounts may share one (registering does not tell a taken address).
     */
    async findByUsernameOrEmail(identifier: string): Promise<UserRow | undefined> {
      const [byName] = await db.select().from(users).where(eq(users.username, identifier)).limit(1);
      if (byName) return byName;
      const holders = await db.select().from(users).where(eq(users.email, identifier)).limit(2);
      return holders.find((u) => u.emailVerifiedAt !== null) ?? (holders.length === 1 ? holders[0] : undefined);
    },

    /** Taken: in use, kept for erased accounts (`deleted-…`), or an erased member's name still resting (forget/names.ts). */
    async usernameTaken(username: string): Promise<boolean> {
      if (username.startsWith(ERASED_PREFIX)) return true;
      if ((await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length) return true;
      const since = new Date(Date.now() - USERNAME_RESERVED_MS);
      const resting = await db
        .select({ at: erasedUsernames.erasedAt })
        .from(erasedUsernames)
        .where(and(eq(erasedUsernames.nameHash, usernameHash(username)), gt(erasedUsernames.erasedAt, since)))
        .limit(1);
      return resting.length > 0;
    },

    /** The account whose verified address this is, if any. */
    async verifiedHolderOf(email: string): Promise<UserRow | undefined> {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.email, email), isNotNull(users.emailVerifiedAt)))
        .limit(1);
      return row;
    },

    async isEmailVerified(id: number): Promise<boolean> {
      return (await emailVerifiedById.get({ id }))?.at != null;
    },

    /**
     * Marks the account's address verified (it must still be `email`), or moves it there and
     * marks it (an email change). 'taken' when another account verified that address first.
     */
    async verifyEmail(id: number, email: string, at: Date, options: { change?: boolean } = {}): Promise<'ok' | 'stale' | 'taken'> {
      // A savepoint: on PostgreSQL a failed statement would otherwise spoil the caller's whole transaction.
      try {
        const changes = await transaction(db, async () =>
          changed(
            options.change
              ? await db.update(users).set({ email, emailVerifiedAt: at }).where(eq(users.id, id))
              : await db
                  .update(users)
                  .set({ emailVerifiedAt: at })
                  .where(and(eq(users.id, id), eq(users.email, email))),
          ),
        );
        return changes > 0 ? 'ok' : 'stale';
      } catch (error) {
        if (isUniqueViolation(error, 'email')) return 'taken';
        throw error;
      }
    },

    async count(): Promise<number> {
      return (await db.select({ n: count() }).from(users))[0].n;
    },

    /**
     * Inserts a user; the first account on an empty database becomes an admin, atomically, with
     * its address counted as verified (nobody could otherwise work the site before mail works).
     */
    insert(values: Omit<NewUserRow, 'role'> & { role?: UserRow['role'] }): Promise<UserRow> {
      return transaction(db, async () => {
        await lockUsersForCount(db, 'first-account');
        const isFirst = (await db.select({ n: count() }).from(users))[0].n === 0;
        const [row] = await db
          .insert(users)
          .values({
            ...values,
            role: isFirst ? 'admin' : (values.role ?? 'member'),
            ...(isFirst ? { emailVerifiedAt: values.emailVerifiedAt ?? new Date() } : {}),
          })
          .returning();
        return row;
      });
    },

    async update(id: number, values: Partial<Omit<NewUserRow, 'id'>>): Promise<void> {
      await db.update(users).set(values).where(eq(users.id, id));
    },

    /** A site-wide suspension (null lifts it); moderation decides, this only writes. */
    async setSuspendedUntil(id: number, until: Date | null): Promise<void> {
      await db.update(users).set({ suspendedUntil: until }).where(eq(users.id, id));
    },

    /**
     * Sets a site role. The last admin cannot stop being one (409 LAST_ADMIN): checked and
     * written in one transaction, so two admins demoting each other cannot both succeed.
     */
    setRole(id: number, role: UserRow['role']): Promise<{ before: UserRow['role']; after: UserRow['role'] } | undefined> {
      return transaction(db, async () => {
        if (role !== 'admin') await lockUsersForCount(db, 'admins');
        const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, id)).limit(1);
        if (!row) return undefined;
        if (row.role === 'admin' && role !== 'admin') {
          const [{ n: admins }] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
          if (admins <= 1) throw new AppError('LAST_ADMIN');
        }
        if (row.role !== role) await db.update(users).set({ role }).where(eq(users.id, id));
        return { before: row.role, after: role };
      });
    },

    /** People for the admins' page, newest first, keyset by id. */
    async people(filter: { q?: string; role?: UserRow['role']; status?: 'active' | 'suspended'; beforeId?: number; limit: number }): Promise<UserRow[]> {
      const now = new Date();
      const conditions: (SQL | undefined)[] = [];
      const q = filter.q?.trim().toLowerCase();
      if (q) {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(
          or(likeAnyCase(users.username, pattern), likeAnyCase(sql`lower(${users.displayName})`, pattern), likeAnyCase(users.email, pattern)),
        );
      }
      if (filter.role) conditions.push(eq(users.role, filter.role));
      if (filter.status === 'suspended') conditions.push(gt(users.suspendedUntil, now));
      if (filter.status === 'active') conditions.push(or(isNull(users.suspendedUntil), lte(users.suspendedUntil, now)));
      if (filter.beforeId !== undefined) conditions.push(lt(users.id, filter.beforeId));
      return db
        .select()
        .from(users)
        .where(and(...conditions))
        .orderBy(desc(users.id))
        .limit(filter.limit);
    },

    /** The SHA-256 of the member's current avatar, or null (the avatar route asks this on every miss of its cache). */
    avatarOf: async (id: number): Promise<string | null> => (await avatarById.get({ id }))?.sha ?? null,

    /**
     * Sets (or with null removes) the member's avatar; answers the one it replaced, so its
     * bytes can go when nothing else uses them.
     */
    setAvatar(id: number, sha256: string | null): Promise<string | null> {
      return transaction(db, async () => {
        const before = (await db.select({ sha: users.avatarSha256 }).from(users).where(eq(users.id, id)).limit(1))[0]?.sha ?? null;
        await db.update(users).set({ avatarSha256: sha256, updatedAt: new Date() }).where(eq(users.id, id));
        return before;
      });
    },

    /** Whether stored bytes are still wanted: another member's avatar, or an uploaded file (read, not written). */
    async storedBytesInUse(sha256: string): Promise<boolean> {
      return !!(await row(db, sql`SELECT 1 AS used FROM users WHERE avatar_sha256 = ${sha256} UNION ALL SELECT 1 FROM files WHERE sha256 = ${sha256} LIMIT 1`));
    },

    /**
     * The account erased at its owner's request: the row stays (posts and the audit log point at
     * it) with nothing personal left; `deletedAt` marks it. Its other rows are their areas'.
     */
    async erase(id: number, username: string, at: Date): Promise<void> {
      await db
        .update(users)
        .set({
          username,
          displayName: '',
          email: '',
          passwordHash: '',
          bio: '',
          avatarSha256: null,
          institutionId: null,
          countryCode: null,
          languages: [],
          locale: null,
          timeZone: null,
          specialist: false,
          role: 'member',
          suspendedUntil: null,
          emailVerifiedAt: null,
          deletedAt: at,
          updatedAt: at,
        })
        .where(eq(users.id, id));
    },

    /** An admin's legal hold: a deletion then keeps the member's posts. */
    async setLegalHold(id: number, legalHold: boolean): Promise<void> {
      await db.update(users).set({ legalHold }).where(eq(users.id, id));
    },

    async institutionExists(id: number): Promise<boolean> {
      return (await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).limit(1)).length > 0;
    },

    async countryExists(code: string): Promise<boolean> {
      return (await db.select({ code: countries.code }).from(countries).where(eq(countries.code, code)).limit(1)).length > 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
