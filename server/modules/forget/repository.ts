import { lt } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { erasedUsernames } from '../../../db/schema/index.ts';

/** The erased accounts' resting usernames (hashes only): written here, read by `users.usernameTaken`. */
export function createForgetRepository(db: Db) {
  return {
    rest(nameHash: string, at: Date): void {
      db.insert(erasedUsernames).values({ nameHash, erasedAt: at }).onConflictDoUpdate({ target: erasedUsernames.nameHash, set: { erasedAt: at } }).run();
    },

    /** Names whose rest is over are free again. */
    releaseBefore(at: Date): number {
      return db.delete(erasedUsernames).where(lt(erasedUsernames.erasedAt, at)).run().changes;
    },
  };
}

export type ForgetRepository = ReturnType<typeof createForgetRepository>;
