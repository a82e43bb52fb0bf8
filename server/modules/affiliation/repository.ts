import { and, asc, count, eq, inArray, isNotNull, ne, notExists, or, sql } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import { likeAnyCase } from '../../../db/dialect.ts';
import type { Db } from '../../../db/client.ts';
import { institutionDomains, institutions, userAffiliations, users, type UserAffiliationRow } from '../../../db/schema/index.ts';
import { badgeCounts } from './verified.ts';

export type AffiliationValues = Omit<UserAffiliationRow, 'userId'>;

/** The institution_domains and user_affiliations tables: only this repository writes them. */
export function createAffiliationRepository(db: Db) {
  /** Members who show the institution and whose affiliation with it is verified (not revoked). */
  const verifiedAt = (institutionId: number) => and(eq(users.institutionId, institutionId), badgeCounts(users.id, users.institutionId));

  async function domainsOf(institutionId: number): Promise<string[]> {
    const found = await db
      .select({ domain: institutionDomains.domain })
      .from(institutionDomains)
      .where(eq(institutionDomains.institutionId, institutionId))
      .orderBy(asc(institutionDomains.domain));
    return found.map((row) => row.domain);
  }

  return {
    transaction: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async institution(id: number) {
      const found = await db.select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name }).from(institutions).where(eq(institutions.id, id)).limit(1);
      return found[0];
    },

    domainsOf,

    /** The first of these domains another institution already lists, with that institution's acronym. */
    async claimedElsewhere(domains: string[], institutionId: number): Promise<{ domain: string; acronym: string } | undefined> {
      if (domains.length === 0) return undefined;
      const found = await db
        .select({ domain: institutionDomains.domain, acronym: institutions.acronym })
        .from(institutionDomains)
        .innerJoin(institutions, eq(institutions.id, institutionDomains.institutionId))
        .where(and(inArray(institutionDomains.domain, domains), ne(institutionDomains.institutionId, institutionId)))
        .orderBy(asc(institutionDomains.domain))
        .limit(1);
      return found[0];
    },

    /** Replaces the institution's domains; answers the ones it had. */
    replaceDomains(institutionId: number, domains: string[]): Promise<string[]> {
      return transaction(db, async () => {
        const before = await domainsOf(institutionId);
        await db.delete(institutionDomains).where(eq(institutionDomains.institutionId, institutionId));
        if (domains.length > 0) await db.insert(institutionDomains).values(domains.map((domain) => ({ institutionId, domain })));
        return before;
      });
    },

    /** The institution whose listed domain this address is at (the longest matching domain), if any. */
    async institutionAt(email: string): Promise<{ institutionId: number; domain: string } | undefined> {
      const host = email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
      if (!host) return undefined;
      const found = await db
        .select({ institutionId: institutionDomains.institutionId, domain: institutionDomains.domain })
        .from(institutionDomains)
        .where(or(eq(institutionDomains.domain, host), sql`${host} LIKE ('%.' || ${institutionDomains.domain})`))
        .orderBy(sql`length(${institutionDomains.domain}) DESC`)
        .limit(1);
      return found[0];
    },

    /** What the rule needs to know of a member (read from the users table, written by its own area). */
    async member(userId: number) {
      const found = await db
        .select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt, institutionId: users.institutionId })
        .from(users)
        .where(eq(users.id, userId))
        .limit(1);
      return found[0];
    },

    async affiliationOf(userId: number): Promise<UserAffiliationRow | undefined> {
      return (await db.select().from(userAffiliations).where(eq(userAffiliations.userId, userId)).limit(1))[0];
    },

    async save(userId: number, values: AffiliationValues): Promise<void> {
      await db
        .insert(userAffiliations)
        .values({ userId, ...values })
        .onConflictDoUpdate({ target: userAffiliations.userId, set: values });
    },

    async remove(userId: number): Promise<boolean> {
      return changed(await db.delete(userAffiliations).where(eq(userAffiliations.userId, userId))) > 0;
    },

    /**
     * Members whose affiliation with the institution may change with these domains: those who
     * chose it and whose verified address is at one of them (subdomains too), and those whose
     * affiliation with it rests on a domain. At most `limit`.
     */
    async affectedBy(institutionId: number, domains: string[], limit: number): Promise<number[]> {
      const atDomain = domains.flatMap((domain) => [likeAnyCase(users.email, `%@${domain}`), likeAnyCase(users.email, `%.${domain}`)]);
      const byAddress = db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.institutionId, institutionId), isNotNull(users.emailVerifiedAt), atDomain.length > 0 ? or(...atDomain) : sql`1 = 0`));
      const byDomain = db
        .select({ id: userAffiliations.userId })
        .from(userAffiliations)
        .where(and(eq(userAffiliations.institutionId, institutionId), inArray(userAffiliations.method, ['email', 'oidc'])));
      return (await byAddress.union(byDomain).limit(limit)).map((row) => row.id);
    },

    /** The institution's verified people (newest verified first), and how many there are. */
    async verifiedPeople(institutionId: number, limit: number): Promise<{ ids: number[]; total: number }> {
      const ids = (
        await db
          .select({ id: users.id })
          .from(userAffiliations)
          .innerJoin(users, eq(users.id, userAffiliations.userId))
          .where(verifiedAt(institutionId))
          .orderBy(asc(users.displayName), asc(users.id))
          .limit(limit)
      ).map((row) => row.id);
      const total = (await db.select({ n: count() }).from(userAffiliations).innerJoin(users, eq(users.id, userAffiliations.userId)).where(verifiedAt(institutionId)))[0]!.n;
      return { ids, total };
    },

    /** Members who chose the institution and whose affiliation is not verified ("says they work here"). */
    async claimedPeople(institutionId: number, limit: number): Promise<{ ids: number[]; total: number }> {
      const unverified = and(
        eq(users.institutionId, institutionId),
        notExists(db.select({ one: sql`1` }).from(userAffiliations).where(badgeCounts(users.id, users.institutionId))),
      );
      const ids = (await db.select({ id: users.id }).from(users).where(unverified).orderBy(asc(users.displayName), asc(users.id)).limit(limit)).map((row) => row.id);
      const total = (await db.select({ n: count() }).from(users).where(unverified))[0]!.n;
      return { ids, total };
    },

    /** An erased member: their own affiliation goes; the vouches they gave stay, without their name. */
    async erase(userId: number): Promise<void> {
      await transaction(db, async () => {
        await db.delete(userAffiliations).where(eq(userAffiliations.userId, userId));
        await db.update(userAffiliations).set({ vouchedBy: null }).where(eq(userAffiliations.vouchedBy, userId));
      });
    },
  };
}

export type AffiliationRepository = ReturnType<typeof createAffiliationRepository>;
