/** Accounts that existed before email verification keep posting: the migration marks them verified. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';

it('marks existing accounts verified, and lets unverified ones share an address afterwards', () => {
  const dir = join(projectRoot(), 'db/migrations');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const index = files.findIndex((f) => readFileSync(join(dir, f), 'utf8').includes('email_verified_at'));
  expect(index).toBeGreaterThan(0);
  const db = new Database(':memory:');
  const apply = (file: string) => {
    for (const statement of readFileSync(join(dir, file), 'utf8').split('--> statement-breakpoint')) if (statement.trim()) db.exec(statement);
  };
  files.slice(0, index).forEach(apply);
  const insert = db.prepare(
    `INSERT INTO users (username, email, password_hash, display_name, role, languages, bio, specialist, created_at, updated_at)
     VALUES (?, ?, 'h', 'Persona', 'member', '[]', '', 0, 1000, 1000)`,
  );
  insert.run('antigua', 'antigua@example.org');
  files.slice(index).forEach(apply);

  expect(db.prepare('SELECT email_verified_at FROM users WHERE username = ?').pluck().get('antigua')).toBe(1000);
  // Unverified accounts may share the address; a second verified holder may not.
  insert.run('nueva', 'antigua@example.org');
  expect(() => db.prepare("UPDATE users SET email_verified_at = 2000 WHERE username = 'nueva'").run()).toThrow(/UNIQUE/);
  db.close();
});
