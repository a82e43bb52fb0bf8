import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { changed, exec, inTransaction, prepared, row, rows, transaction } from '../../db/access.ts';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';

const opened: OpenedDb[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

function fresh() {
  const database = openDatabase(':memory:');
  opened.push(database);
  return database.db;
}

async function addUser(db: OpenedDb['db'], username: string) {
  const [user] = await db
    .insert(users)
    .values({ username, displayName: username, email: `${username}@example.org`, passwordHash: 'x' })
    .returning();
  return user;
}

describe('the asynchronous data layer on SQLite', () => {
  it('a statement from outside an open transaction waits for its commit: no reader sees half of it', async () => {
    const db = fresh();
    const user = await addUser(db, 'ana');
    const seen: string[] = [];
    const writing = transaction(db, async () => {
      await db.update(users).set({ displayName: 'half' }).where(eq(users.id, user.id));
      await new Promise((resolve) => setTimeout(resolve, 30));
      await db.update(users).set({ displayName: 'whole' }).where(eq(users.id, user.id));
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [viaBuilder, viaSql, viaPrepared] = await Promise.all([
      db.select({ name: users.displayName }).from(users),
      rows<{ name: string }>(db, sql`SELECT display_name AS name FROM users`),
      prepared<{ name: string }>(db, sql`SELECT display_name AS name FROM users WHERE id = ${sql.placeholder('id')}`).get({ id: user.id }),
    ]);
    seen.push(viaBuilder[0].name, viaSql[0].name, viaPrepared!.name);
    await writing;
    expect(seen).toEqual(['whole', 'whole', 'whole']);
  });

  it('a failing transaction leaves nothing behind; a write from outside is not swept into it', async () => {
    const db = fresh();
    const user = await addUser(db, 'ana');
    const failing = transaction(db, async () => {
      await db.update(users).set({ displayName: 'lost' }).where(eq(users.id, user.id));
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('no');
    }).catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await addUser(db, 'bea');
    expect(await failing).toBe('no');
    const names = (await db.select({ name: users.displayName }).from(users)).map((u) => u.name).sort();
    expect(names).toEqual(['ana', 'bea']);
  });

  it('nested transactions are savepoints: an inner failure caught inside keeps the outer work', async () => {
    const db = fresh();
    await transaction(db, async () => {
      expect(inTransaction(db)).toBe(true);
      await addUser(db, 'outer');
      await transaction(db, async () => {
        await addUser(db, 'inner');
        throw new Error('inner');
      }).catch(() => undefined);
    });
    expect(inTransaction(db)).toBe(false);
    expect((await rows<{ username: string }>(db, sql`SELECT username FROM users`)).map((u) => u.username)).toEqual(['outer']);
  });

  it('counts changed rows the same way from hand-written SQL and from builders', async () => {
    const db = fresh();
    await addUser(db, 'ana');
    await addUser(db, 'bea');
    expect(await exec(db, sql`UPDATE users SET bio = 'x'`)).toBe(2);
    expect(changed(await db.update(users).set({ bio: 'y' }).where(eq(users.username, 'ana')))).toBe(1);
    expect(await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM users WHERE bio = 'y'`)).toEqual({ n: 1 });
  });
});
