import { sql } from 'drizzle-orm';
import { exec, rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { onPostgres } from '../../../db/engine.ts';
import { users } from '../../../db/schema/index.ts';

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

/**
 * Serialises the writes that count rows first (the first account becomes an admin; the last
 * admin stays one). SQLite: the transaction already holds the one write lock (BEGIN IMMEDIATE).
 * PostgreSQL: two transactions could count the same rows; this lock makes the second wait.
 */
export async function lockUsersForCount(db: Db, scope: 'first-account' | 'admins'): Promise<void> {
  if (!onPostgres) return;
  if (scope === 'first-account') await exec(db, sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
  else await rows(db, sql`SELECT ${users.id} FROM ${users} WHERE ${users.role} = 'admin' FOR UPDATE`);
}
