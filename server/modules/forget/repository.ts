import { lt } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { erasedUsernames } from '../../../db/schema/index.ts';

/** The erased accounts' resting usernames (hashes only): written here, read by `users.usernameTaken`. */
export function createForgetRepository(db: Db) {
  return {
    async rest(nameHash: string, at: Date): Promise<void> {
      await db.insert(erasedUsernames).values({ nameHash, erasedAt: at }).onConflictDoUpdate({ target: erasedUsernames.nameHash, set: { erasedAt: at } });
    },

    /** Names whose rest is over are free again. */
    async releaseBefore(at: Date): Promise<number> {
      return changed(await db.delete(erasedUsernames).where(lt(erasedUsernames.erasedAt, at)));
    },
  };
}

export type ForgetRepository = ReturnType<typeof createForgetRepository>;
