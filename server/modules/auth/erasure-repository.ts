import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { apiTokens, emailTokens, loginChallenges, passwordResetTokens } from '../../../db/schema/index.ts';

/** An erased account's ways in, other than its sessions (the session store ends those): tokens and half-done sign-ins. */
export async function eraseAuthRows(db: Db, userId: number): Promise<Record<string, number>> {
  return {
    api_tokens: changed(await db.delete(apiTokens).where(eq(apiTokens.userId, userId))),
    password_reset_tokens: changed(await db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId))),
    email_tokens: changed(await db.delete(emailTokens).where(eq(emailTokens.userId, userId))),
    login_challenges: changed(await db.delete(loginChallenges).where(eq(loginChallenges.userId, userId))),
  };
}
