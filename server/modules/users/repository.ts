import { and, count, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../lib/errors.ts';
import type { Db } from '../../../db/client.ts';
import type { AffiliationBadge } from '../../../shared/schemas/affiliation.ts';
import { badgeCounts, toAffiliationBadge } from '../affiliation/verified.ts';
import { countries, erasedUsernames, institutions, specialists, userAffiliations, users, type NewUserRow, type UserRow } from '../../../db/schema/index.ts';
import { ERASED_PREFIX, USERNAME_RESERVED_MS, usernameHash } from '../forget/names.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';

export type UserWithRefs = UserRow & {
  institution: { id: number; acronym: string; name: string } | null;
  country: { code: string; names: { es: string; pt: string; en: string } } | null;
  /** Verified affiliation with `institution` (the affiliation area writes it). */
  affiliation: AffiliationBadge | null;
};

const voucher = alias(users, 'voucher');

export function createUsersRepository(db: Db) {
  /** One query: the user with their institution and country joined. */
  const withRefs = db
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
      linkedSpecialist: sql<number>`EXISTS (SELECT 1 FROM ${specialists} WHERE ${specialists.userId} = ${users.id} AND ${liveRecord(specialists)})`,
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

  const byId = withRefs.where(eq(users.id, sql.placeholder('id'))).prepare();
  // A JSON array bound as one parameter keeps the statement prepared whatever the list's length.
  const idsByNames = db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(sql`${users.username} IN (SELECT value FROM json_each(${sql.placeholder('names')}))`)
    .prepare();
  const byIds = withRefs.where(sql`${users.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`).prepare();
  const emailVerifiedById = db
    .select({ at: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  const avatarById = db
    .select({ sha: users.avatarSha256 })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  const byUsername = withRefs.where(eq(users.username, sql.placeholder('username'))).prepare();

  type Joined = Awaited<ReturnType<typeof byId.get>>;
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
    findById: (id: number) => toUserWithRefs(byId.get({ id })),

    /** Several users with their institution and country, in one query. */
    findManyByIds(ids: number[]): UserWithRefs[] {
      if (ids.length === 0) return [];
      return byIds.all({ ids: JSON.stringify([...new Set(ids)]) }).map((row) => toUserWithRefs(row)!);
    },

    /** Lower-cased usernames among these that exist, with their ids (for mentions). */
    idsByUsernames(usernames: string[]): Map<string, number> {
      if (usernames.length === 0) return new Map();
      const rows = idsByNames.all({ names: JSON.stringify(usernames) });
      return new Map(rows.map((r) => [r.username, r.id]));
    },
    findByUsername: (username: string) => toUserWithRefs(byUsername.get({ username })),

    /**
     * Login (and password reset) accept a username or an address, both stored lower-cased. An
     * address names an account only when verified there, or when a single account holds it:
     * several unverified accounts may share one (registering does not tell a taken address).
     */
    findByUsernameOrEmail(identifier: string): UserRow | undefined {
      const byName = db.select().from(users).where(eq(users.username, identifier)).get();
      if (byName) return byName;
      const holders = db.select().from(users).where(eq(users.email, identifier)).limit(2).all();
      return holders.find((u) => u.emailVerifiedAt !== null) ?? (holders.length === 1 ? holders[0] : undefined);
    },

    /** Taken: in use, kept for erased accounts (`deleted-…`), or an erased member's name still resting (forget/names.ts). */
    usernameTaken(username: string): boolean {
      if (username.startsWith(ERASED_PREFIX)) return true;
      if (db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) return true;
      const since = new Date(Date.now() - USERNAME_RESERVED_MS);
      return !!db
        .select({ at: erasedUsernames.erasedAt })
        .from(erasedUsernames)
        .where(and(eq(erasedUsernames.nameHash, usernameHash(username)), gt(erasedUsernames.erasedAt, since)))
        .get();
    },

    /** The account whose verified address this is, if any. */
    verifiedHolderOf(email: string): UserRow | undefined {
      return db
        .select()
        .from(users)
        .where(and(eq(users.email, email), isNotNull(users.emailVerifiedAt)))
        .get();
    },

    isEmailVerified(id: number): boolean {
      return emailVerifiedById.get({ id })?.at != null;
    },

    /**
     * Marks the account's address verified (it must still be `email`), or moves it there and
     * marks it (an email change). 'taken' when another account verified that address first.
     */
    verifyEmail(id: number, email: string, at: Date, options: { change?: boolean } = {}): 'ok' | 'stale' | 'taken' {
      try {
        const changes = options.change
          ? db.update(users).set({ email, emailVerifiedAt: at }).where(eq(users.id, id)).run().changes
          : db
              .update(users)
              .set({ emailVerifiedAt: at })
              .where(and(eq(users.id, id), eq(users.email, email)))
              .run().changes;
        return changes > 0 ? 'ok' : 'stale';
      } catch (error) {
        if (String((error as Error).message).includes('users.email')) return 'taken';
        throw error;
      }
    },

    count(): number {
      return db.select({ n: count() }).from(users).get()!.n;
    },

    /**
     * Inserts a user; the first account on an empty database becomes an admin, atomically, with
     * its address counted as verified (nobody could otherwise work the site before mail works).
     */
    insert(values: Omit<NewUserRow, 'role'> & { role?: UserRow['role'] }): UserRow {
      return db.transaction((tx) => {
        const isFirst = tx.select({ n: count() }).from(users).get()!.n === 0;
        return tx
          .insert(users)
          .values({
            ...values,
            role: isFirst ? 'admin' : (values.role ?? 'member'),
            ...(isFirst ? { emailVerifiedAt: values.emailVerifiedAt ?? new Date() } : {}),
          })
          .returning()
          .get();
      }, { behavior: 'immediate' });
    },

    update(id: number, values: Partial<Omit<NewUserRow, 'id'>>): void {
      db.update(users).set(values).where(eq(users.id, id)).run();
    },

    /** A site-wide suspension (null lifts it); moderation decides, this only writes. */
    setSuspendedUntil(id: number, until: Date | null): void {
      db.update(users).set({ suspendedUntil: until }).where(eq(users.id, id)).run();
    },

    /**
     * Sets a site role. The last admin cannot stop being one (409 LAST_ADMIN): checked and
     * written in one transaction, so two admins demoting each other cannot both succeed.
     */
    setRole(id: number, role: UserRow['role']): { before: UserRow['role']; after: UserRow['role'] } | undefined {
      return db.transaction((tx) => {
        const row = tx.select({ role: users.role }).from(users).where(eq(users.id, id)).get();
        if (!row) return undefined;
        if (row.role === 'admin' && role !== 'admin') {
          const admins = tx.select({ n: count() }).from(users).where(eq(users.role, 'admin')).get()!.n;
          if (admins <= 1) throw new AppError('LAST_ADMIN');
        }
        if (row.role !== role) tx.update(users).set({ role }).where(eq(users.id, id)).run();
        return { before: row.role, after: role };
      });
    },

    /** People for the admins' page, newest first, keyset by id. */
    people(filter: { q?: string; role?: UserRow['role']; status?: 'active' | 'suspended'; beforeId?: number; limit: number }): UserRow[] {
      const now = new Date();
      const conditions: (SQL | undefined)[] = [];
      const q = filter.q?.trim().toLowerCase();
      if (q) {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(
          or(
            sql`${users.username} LIKE ${pattern} ESCAPE '\\'`,
            sql`lower(${users.displayName}) LIKE ${pattern} ESCAPE '\\'`,
            sql`${users.email} LIKE ${pattern} ESCAPE '\\'`,
          ),
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
        .limit(filter.limit)
        .all();
    },

    /** The SHA-256 of the member's current avatar, or null (the avatar route asks this on every miss of its cache). */
    avatarOf: (id: number): string | null => avatarById.get({ id })?.sha ?? null,

    /**
     * Sets (or with null removes) the member's avatar; answers the one it replaced, so its
     * bytes can go when nothing else uses them.
     */
    setAvatar(id: number, sha256: string | null): string | null {
      return db.transaction((tx) => {
        const before = tx.select({ sha: users.avatarSha256 }).from(users).where(eq(users.id, id)).get()?.sha ?? null;
        tx.update(users).set({ avatarSha256: sha256, updatedAt: new Date() }).where(eq(users.id, id)).run();
        return before;
      });
    },

    /** Whether stored bytes are still wanted: another member's avatar, or an uploaded file (read, not written). */
    storedBytesInUse(sha256: string): boolean {
      return !!db.get(sql`SELECT 1 AS used FROM users WHERE avatar_sha256 = ${sha256} UNION ALL SELECT 1 FROM files WHERE sha256 = ${sha256} LIMIT 1`);
    },

    /**
     * The account erased at its owner's request: the row stays (posts and the audit log point at
     * it) with nothing personal left; `deletedAt` marks it. Its other rows are their areas'.
     */
    erase(id: number, username: string, at: Date): void {
      db.update(users)
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
        .where(eq(users.id, id))
        .run();
    },

    /** An admin's legal hold: a deletion then keeps the member's posts. */
    setLegalHold(id: number, legalHold: boolean): void {
      db.update(users).set({ legalHold }).where(eq(users.id, id)).run();
    },

    institutionExists(id: number): boolean {
      return !!db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).get();
    },

    countryExists(code: string): boolean {
      return !!db.select({ code: countries.code }).from(countries).where(eq(countries.code, code)).get();
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
