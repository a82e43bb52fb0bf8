import { and, desc, eq, sql } from 'drizzle-orm';
import { changed, prepared } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { apiTokens, users, type ApiTokenRow, type UserRow } from '../../../db/schema/index.ts';
import type { Actor } from './actor.ts';

const moment = (value: number | string | null): Date | null => (value === null ? null : new Date(Number(value)));

export function createTokensRepository(db: Db) {
  // Every request with a token looks it up: compiled once.
  const actorByHash = prepared<{
    tokenId: number;
    lastUsedAt: number | null;
    scope: ApiTokenRow['scope'];
    id: number;
    username: string;
    displayName: string;
    role: UserRow['role'];
    locale: UserRow['locale'];
  }>(
    db,
    sql`SELECT ${apiTokens.id} AS "tokenId", ${apiTokens.lastUsedAt} AS "lastUsedAt", ${apiTokens.scope} AS "scope",
          ${users.id} AS "id", ${users.username} AS "username", ${users.displayName} AS "displayName",
          ${users.role} AS "role", ${users.locale} AS "locale"
        FROM ${apiTokens} INNER JOIN ${users} ON ${users.id} = ${apiTokens.userId}
        WHERE ${apiTokens.tokenHash} = ${sql.placeholder('hash')}`,
  );

  return {
    async insert(values: { userId: number; name: string; tokenHash: string; prefix: string; scope: ApiTokenRow['scope'] }): Promise<ApiTokenRow> {
      const [row] = await db.insert(apiTokens).values(values).returning();
      return row;
    },

    async listFor(userId: number): Promise<ApiTokenRow[]> {
      return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id));
    },

    /** Deletes the token when it belongs to the user; false when there was none. */
    async delete(userId: number, tokenId: number): Promise<boolean> {
      return changed(await db.delete(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))) > 0;
    },

    async findActorByHash(hash: string): Promise<{ tokenId: number; lastUsedAt: Date | null; scope: ApiTokenRow['scope']; actor: Actor } | undefined> {
      const row = await actorByHash.get({ hash });
      if (!row) return undefined;
      const { tokenId, lastUsedAt, scope, ...actor } = row;
      return { tokenId: Number(tokenId), lastUsedAt: moment(lastUsedAt), scope, actor: { ...actor, id: Number(actor.id) } };
    },

    async touch(tokenId: number, at: Date): Promise<void> {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId));
    },
  };
}

export type TokensRepository = ReturnType<typeof createTokensRepository>;
