import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { apiTokens, emailTokens, loginChallenges, passwordResetTokens } from '../../../db/schema/index.ts';

/** An erased account's ways in, other than its sessions (the session store ends those): tokens and half-done sign-ins. */
export function eraseAuthRows(db: Db, userId: number): Record<string, number> {
  return {
    api_tokens: db.delete(apiTokens).where(eq(apiTokens.userId, userId)).run().changes,
    password_reset_tokens: db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId)).run().changes,
    email_tokens: db.delete(emailTokens).where(eq(emailTokens.userId, userId)).run().changes,
    login_challenges: db.delete(loginChallenges).where(eq(loginChallenges.userId, userId)).run().changes,
  };
}
