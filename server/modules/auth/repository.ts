import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { apiTokens, users, type ApiTokenRow } from '../../../db/schema/index.ts';
import type { Actor } from './actor.ts';

export function createTokensRepository(db: Db) {
  const actorByHash = db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      scope: apiTokens.scope,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      locale: users.locale,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    .prepare();

  return {
    insert(values: { userId: number; name: string; tokenHash: string; prefix: string; scope: ApiTokenRow['scope'] }): ApiTokenRow {
      return db.insert(apiTokens).values(values).returning().get();
    },

    listFor(userId: number): ApiTokenRow[] {
      return db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.id))
        .all();
    },

    /** Deletes the token when it belongs to the user; false when there was none. */
    delete(userId: number, tokenId: number): boolean {
      return (
        db
          .delete(apiTokens)
          .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
          .run().changes > 0
      );
    },

    findActorByHash(hash: string): { tokenId: number; lastUsedAt: Date | null; scope: ApiTokenRow['scope']; actor: Actor } | undefined {
      const row = actorByHash.get({ hash });
      if (!row) return undefined;
      const { tokenId, lastUsedAt, scope, ...actor } = row;
      return { tokenId, lastUsedAt, scope, actor };
    },

    touch(tokenId: number, at: Date): void {
      db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId)).run();
    },
  };
}

export type TokensRepository = ReturnType<typeof createTokensRepository>;
