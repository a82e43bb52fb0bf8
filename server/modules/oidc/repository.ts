import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { oidcLinkTokens, oidcLogins, oidcProviders, userIdentities, type OidcLinkTokenRow, type OidcLoginRow, type OidcProviderRow, type UserIdentityRow } from '../../../db/schema/index.ts';

type NewProvider = Omit<typeof oidcProviders.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** The institutions' sign-in: admins' providers, linked identities, sign-ins under way and mailed link tokens. */
export function createOidcRepository(db: Db) {
  return {
    transaction: <T>(write: () => Promise<T>): Promise<T> => transaction(db, write),

    // Providers added by admins.
    listProviders: async (): Promise<OidcProviderRow[]> => db.select().from(oidcProviders).orderBy(asc(oidcProviders.name), asc(oidcProviders.id)),
    findProvider: async (slug: string): Promise<OidcProviderRow | undefined> =>
      (await db.select().from(oidcProviders).where(eq(oidcProviders.slug, slug)).limit(1))[0],
    insertProvider: async (values: NewProvider): Promise<OidcProviderRow> => (await db.insert(oidcProviders).values(values).returning())[0]!,
    updateProvider: async (slug: string, values: Partial<NewProvider>): Promise<OidcProviderRow | undefined> =>
      (await db.update(oidcProviders).set({ ...values, updatedAt: new Date() }).where(eq(oidcProviders.slug, slug)).returning())[0],
    deleteProvider: async (slug: string): Promise<OidcProviderRow | undefined> => (await db.delete(oidcProviders).where(eq(oidcProviders.slug, slug)).returning())[0],

    // Identities: a provider's subject linked to an account.
    findIdentity: async (providerId: string, subject: string): Promise<UserIdentityRow | undefined> =>
      (await db.select().from(userIdentities).where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject))).limit(1))[0],
    identitiesOf: async (userId: number): Promise<UserIdentityRow[]> =>
      db.select().from(userIdentities).where(eq(userIdentities.userId, userId)).orderBy(asc(userIdentities.id)),
    countIdentities: async (userId: number): Promise<number> =>
      (await db.select({ n: count() }).from(userIdentities).where(eq(userIdentities.userId, userId)))[0]?.n ?? 0,
    insertIdentity: async (values: { userId: number; providerId: string; subject: string; email: string | null; emailVerified: boolean; lastUsedAt?: Date }): Promise<UserIdentityRow> =>
      (await db.insert(userIdentities).values(values).returning())[0]!,
    /** What the provider says now, and when the identity was last used to sign in. */
    touchIdentity: async (id: number, values: { email: string | null; emailVerified: boolean; lastUsedAt: Date }): Promise<void> => {
      await db.update(userIdentities).set(values).where(eq(userIdentities.id, id));
    },
    deleteIdentity: async (userId: number, id: number): Promise<boolean> =>
      changed(await db.delete(userIdentities).where(and(eq(userIdentities.id, id), eq(userIdentities.userId, userId)))) > 0,
    deleteIdentitiesOf: async (userId: number): Promise<number> => changed(await db.delete(userIdentities).where(eq(userIdentities.userId, userId))),

    // Sign-ins sent to a provider, waiting for its answer.
    insertLogin: async (values: Omit<OidcLoginRow, 'createdAt'>): Promise<void> => {
      await db.insert(oidcLogins).values(values);
    },
    /** The open sign-in this hash names, removed as it is read: a callback uses it once. */
    takeLogin: async (idHash: string): Promise<OidcLoginRow | undefined> => (await db.delete(oidcLogins).where(eq(oidcLogins.idHash, idHash)).returning())[0],
    deleteExpiredLogins: async (now: Date): Promise<number> => changed(await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now))),
    deleteLoginsOf: async (userId: number): Promise<number> => changed(await db.delete(oidcLogins).where(eq(oidcLogins.linkUserId, userId))),

    // Single-use links mailed to an existing account's address.
    insertLinkToken: async (values: Omit<OidcLinkTokenRow, 'id' | 'createdAt' | 'usedAt'>): Promise<number> =>
      (await db.insert(oidcLinkTokens).values(values).returning({ id: oidcLinkTokens.id }))[0]!.id,
    findLinkToken: async (tokenHash: string): Promise<OidcLinkTokenRow | undefined> =>
      (await db.select().from(oidcLinkTokens).where(eq(oidcLinkTokens.tokenHash, tokenHash)).limit(1))[0],
    /** Marks the token used; false when another request used it first. */
    consumeLinkToken: async (id: number, at: Date): Promise<boolean> =>
      changed(await db.update(oidcLinkTokens).set({ usedAt: at }).where(and(eq(oidcLinkTokens.id, id), isNull(oidcLinkTokens.usedAt)))) > 0,
    deleteLinkTokensOf: async (userId: number): Promise<number> => changed(await db.delete(oidcLinkTokens).where(eq(oidcLinkTokens.userId, userId))),
    deleteExpiredLinkTokens: async (now: Date): Promise<number> => changed(await db.delete(oidcLinkTokens).where(lt(oidcLinkTokens.expiresAt, now))),
    /** For tests and the admin page: how many identities each provider has. */
    identitiesPerProvider: async (): Promise<Map<string, number>> =>
      new Map(
        (await db.select({ providerId: userIdentities.providerId, n: sql<number>`count(*)` }).from(userIdentities).groupBy(userIdentities.providerId)).map((r) => [
          r.providerId,
          r.n,
        ]),
      ),
  };
}

export type OidcRepository = ReturnType<typeof createOidcRepository>;
