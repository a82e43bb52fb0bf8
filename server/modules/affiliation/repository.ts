import { and, asc, count, eq, inArray, isNotNull, ne, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { institutionDomains, institutions, userAffiliations, users, type UserAffiliationRow } from '../../../db/schema/index.ts';
import { badgeCounts } from './verified.ts';

export type AffiliationValues = Omit<UserAffiliationRow, 'userId'>;

/** The institution_domains and user_affiliations tables: only this repository writes them. */
export function createAffiliationRepository(db: Db) {
  /** Members who show the institution and whose affiliation with it is verified (not revoked). */
  const verifiedAt = (institutionId: number) => and(eq(users.institutionId, institutionId), badgeCounts(users.id, users.institutionId));

  return {
    institution(id: number) {
      return db.select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name }).from(institutions).where(eq(institutions.id, id)).get();
    },

    domainsOf(institutionId: number): string[] {
      return db
        .select({ domain: institutionDomains.domain })
        .from(institutionDomains)
        .where(eq(institutionDomains.institutionId, institutionId))
        .orderBy(asc(institutionDomains.domain))
        .all()
        .map((row) => row.domain);
    },

    /** The first of these domains another institution already lists, with that institution's acronym. */
    claimedElsewhere(domains: string[], institutionId: number): { domain: string; acronym: string } | undefined {
      if (domains.length === 0) return undefined;
      return db
        .select({ domain: institutionDomains.domain, acronym: institutions.acronym })
        .from(institutionDomains)
        .innerJoin(institutions, eq(institutions.id, institutionDomains.institutionId))
        .where(and(inArray(institutionDomains.domain, domains), ne(institutionDomains.institutionId, institutionId)))
        .orderBy(asc(institutionDomains.domain))
        .get();
    },

    /** Replaces the institution's domains; answers the ones it had. */
    replaceDomains(institutionId: number, domains: string[]): string[] {
      return db.transaction((tx) => {
        const before = tx
          .select({ domain: institutionDomains.domain })
          .from(institutionDomains)
          .where(eq(institutionDomains.institutionId, institutionId))
          .all()
          .map((row) => row.domain);
        tx.delete(institutionDomains).where(eq(institutionDomains.institutionId, institutionId)).run();
        if (domains.length > 0) tx.insert(institutionDomains).values(domains.map((domain) => ({ institutionId, domain }))).run();
        return before;
      });
    },

    /** The institution whose listed domain this address is at (the longest matching domain), if any. */
    institutionAt(email: string): { institutionId: number; domain: string } | undefined {
      const host = email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
      if (!host) return undefined;
      return db
        .select({ institutionId: institutionDomains.institutionId, domain: institutionDomains.domain })
        .from(institutionDomains)
        .where(or(eq(institutionDomains.domain, host), sql`${host} LIKE '%.' || ${institutionDomains.domain}`))
        .orderBy(sql`length(${institutionDomains.domain}) DESC`)
        .get();
    },

    /** What the rule needs to know of a member (read from the users table, written by its own area). */
    member(userId: number) {
      return db
        .select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt, institutionId: users.institutionId })
        .from(users)
        .where(eq(users.id, userId))
        .get();
    },

    affiliationOf(userId: number): UserAffiliationRow | undefined {
      return db.select().from(userAffiliations).where(eq(userAffiliations.userId, userId)).get();
    },

    save(userId: number, values: AffiliationValues): void {
      db.insert(userAffiliations)
        .values({ userId, ...values })
        .onConflictDoUpdate({ target: userAffiliations.userId, set: values })
        .run();
    },

    remove(userId: number): boolean {
      return db.delete(userAffiliations).where(eq(userAffiliations.userId, userId)).run().changes > 0;
    },

    /**
     * Members whose affiliation with the institution may change with these domains: those who
     * chose it and whose verified address is at one of them (subdomains too), and those whose
     * affiliation with it rests on a domain. At most `limit`.
     */
    affectedBy(institutionId: number, domains: string[], limit: number): number[] {
      const atDomain = domains.flatMap((domain) => [sql`${users.email} LIKE ${`%@${domain}`}`, sql`${users.email} LIKE ${`%.${domain}`}`]);
      const byAddress = db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.institutionId, institutionId), isNotNull(users.emailVerifiedAt), atDomain.length > 0 ? or(...atDomain) : sql`0`));
      const byDomain = db
        .select({ id: userAffiliations.userId })
        .from(userAffiliations)
        .where(and(eq(userAffiliations.institutionId, institutionId), inArray(userAffiliations.method, ['email', 'oidc'])));
      return byAddress
        .union(byDomain)
        .limit(limit)
        .all()
        .map((row) => row.id);
    },

    /** The institution's verified people (newest verified first), and how many there are. */
    verifiedPeople(institutionId: number, limit: number): { ids: number[]; total: number } {
      const ids = db
        .select({ id: users.id })
        .from(userAffiliations)
        .innerJoin(users, eq(users.id, userAffiliations.userId))
        .where(verifiedAt(institutionId))
        .orderBy(asc(users.displayName), asc(users.id))
        .limit(limit)
        .all()
        .map((row) => row.id);
      const total = db.select({ n: count() }).from(userAffiliations).innerJoin(users, eq(users.id, userAffiliations.userId)).where(verifiedAt(institutionId)).get()!.n;
      return { ids, total };
    },

    /** Members who chose the institution and whose affiliation is not verified ("says they work here"). */
    claimedPeople(institutionId: number, limit: number): { ids: number[]; total: number } {
      const unverified = and(
        eq(users.institutionId, institutionId),
        notExists(db.select({ one: sql`1` }).from(userAffiliations).where(badgeCounts(users.id, users.institutionId))),
      );
      const ids = db
        .select({ id: users.id })
        .from(users)
        .where(unverified)
        .orderBy(asc(users.displayName), asc(users.id))
        .limit(limit)
        .all()
        .map((row) => row.id);
      const total = db.select({ n: count() }).from(users).where(unverified).get()!.n;
      return { ids, total };
    },

    /** An erased member: their own affiliation goes; the vouches they gave stay, without their name. */
    erase(userId: number): void {
      db.transaction((tx) => {
        tx.delete(userAffiliations).where(eq(userAffiliations.userId, userId)).run();
        tx.update(userAffiliations).set({ vouchedBy: null }).where(eq(userAffiliations.vouchedBy, userId)).run();
      });
    },
  };
}

export type AffiliationRepository = ReturnType<typeof createAffiliationRepository>;
