/**
 * What differs between the engines in the users area: how a broken unique index shows.
 * SQLite names the column (`UNIQUE constraint failed: users.email`); PostgreSQL gives code
 * 23505 and the index's name (`users_verified_email_unique`). drizzle may wrap either (`cause`).
 */
export function isUniqueViolation(error: unknown, column: 'username' | 'email'): boolean {
  for (let e = error as { message?: unknown; code?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (String(e.message ?? '').includes(`users.${column}`)) return true;
    if (e.code === '23505' && String(e.constraint ?? '').startsWith(`users_${column === 'email' ? 'verified_email' : 'username'}`)) return true;
  }
  return false;
}
