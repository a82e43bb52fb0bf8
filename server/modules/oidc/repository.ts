import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { oidcLinkTokens, oidcLogins, oidcProviders, userIdentities, type OidcLinkTokenRow, type OidcLoginRow, type OidcProviderRow, type UserIdentityRow } from '../../../db/schema/index.ts';

type NewProvider = Omit<typeof oidcProviders.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** The institutions' sign-in: admins' providers, linked identities, sign-ins under way and mailed link tokens. */
export function createOidcRepository(db: Db) {
  return {
    transaction: <T>(write: () => T): T => db.transaction(() => write()),

    // Providers added by admins.
    listProviders: (): OidcProviderRow[] => db.select().from(oidcProviders).orderBy(asc(oidcProviders.name), asc(oidcProviders.id)).all(),
    findProvider: (slug: string): OidcProviderRow | undefined => db.select().from(oidcProviders).where(eq(oidcProviders.slug, slug)).get(),
    insertProvider: (values: NewProvider): OidcProviderRow => db.insert(oidcProviders).values(values).returning().get(),
    updateProvider: (slug: string, values: Partial<NewProvider>): OidcProviderRow | undefined =>
      db.update(oidcProviders).set({ ...values, updatedAt: new Date() }).where(eq(oidcProviders.slug, slug)).returning().get(),
    deleteProvider: (slug: string): OidcProviderRow | undefined => db.delete(oidcProviders).where(eq(oidcProviders.slug, slug)).returning().get(),

    // Identities: a provider's subject linked to an account.
    findIdentity: (providerId: string, subject: string): UserIdentityRow | undefined =>
      db.select().from(userIdentities).where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject))).get(),
    identitiesOf: (userId: number): UserIdentityRow[] =>
      db.select().from(userIdentities).where(eq(userIdentities.userId, userId)).orderBy(asc(userIdentities.id)).all(),
    countIdentities: (userId: number): number =>
      db.select({ n: count() }).from(userIdentities).where(eq(userIdentities.userId, userId)).get()?.n ?? 0,
    insertIdentity: (values: { userId: number; providerId: string; subject: string; email: string | null; emailVerified: boolean; lastUsedAt?: Date }): UserIdentityRow =>
      db.insert(userIdentities).values(values).returning().get(),
    /** What the provider says now, and when the identity was last used to sign in. */
    touchIdentity: (id: number, values: { email: string | null; emailVerified: boolean; lastUsedAt: Date }): void => {
      db.update(userIdentities).set(values).where(eq(userIdentities.id, id)).run();
    },
    deleteIdentity: (userId: number, id: number): boolean =>
      db.delete(userIdentities).where(and(eq(userIdentities.id, id), eq(userIdentities.userId, userId))).run().changes > 0,
    deleteIdentitiesOf: (userId: number): number => db.delete(userIdentities).where(eq(userIdentities.userId, userId)).run().changes,

    // Sign-ins sent to a provider, waiting for its answer.
    insertLogin: (values: Omit<OidcLoginRow, 'createdAt'>): void => {
      db.insert(oidcLogins).values(values).run();
    },
    /** The open sign-in this hash names, removed as it is read: a callback uses it once. */
    takeLogin: (idHash: string): OidcLoginRow | undefined => db.delete(oidcLogins).where(eq(oidcLogins.idHash, idHash)).returning().get(),
    deleteExpiredLogins: (now: Date): number => db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now)).run().changes,
    deleteLoginsOf: (userId: number): number => db.delete(oidcLogins).where(eq(oidcLogins.linkUserId, userId)).run().changes,

    // Single-use links mailed to an existing account's address.
    insertLinkToken: (values: Omit<OidcLinkTokenRow, 'id' | 'createdAt' | 'usedAt'>): number => db.insert(oidcLinkTokens).values(values).returning({ id: oidcLinkTokens.id }).get().id,
    findLinkToken: (tokenHash: string): OidcLinkTokenRow | undefined => db.select().from(oidcLinkTokens).where(eq(oidcLinkTokens.tokenHash, tokenHash)).get(),
    /** Marks the token used; false when another request used it first. */
    consumeLinkToken: (id: number, at: Date): boolean =>
      db.update(oidcLinkTokens).set({ usedAt: at }).where(and(eq(oidcLinkTokens.id, id), isNull(oidcLinkTokens.usedAt))).run().changes > 0,
    deleteLinkTokensOf: (userId: number): number => db.delete(oidcLinkTokens).where(eq(oidcLinkTokens.userId, userId)).run().changes,
    deleteExpiredLinkTokens: (now: Date): number => db.delete(oidcLinkTokens).where(lt(oidcLinkTokens.expiresAt, now)).run().changes,
    /** For tests and the admin page: how many identities each provider has. */
    identitiesPerProvider: (): Map<string, number> =>
      new Map(
        db
          .select({ providerId: userIdentities.providerId, n: sql<number>`count(*)` })
          .from(userIdentities)
          .groupBy(userIdentities.providerId)
          .all()
          .map((r) => [r.providerId, r.n]),
      ),
  };
}

export type OidcRepository = ReturnType<typeof createOidcRepository>;
