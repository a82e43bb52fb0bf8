import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { copyDatabase, tableChecksum } from '../../db/copy/copy.ts';
import { pgSide, sqliteSide } from '../../db/copy/sides.ts';
import { ENGINE } from '../../db/engine.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { main as dbCopy } from '../../server/db-copy.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { databaseUrl, postgresBinDir, startPostgresCluster, type TestPostgresCluster, pgClient } from '../helpers/postgres.ts';

// Copies between engines with their own drivers: run once, from the SQLite run (it makes its SQLite source itself).
describe.skipIf(ENGINE === 'pg' || !postgresBinDir())('npm run db:copy: SQLite → PostgreSQL → SQLite', () => {
  let cluster: TestPostgresCluster;
  let dir: string;
  let source: string;
  const created: string[] = [];

  async function newPgDatabase(name: string): Promise<string> {
    const client = pgClient(cluster.url);
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    created.push(name);
    return databaseUrl(cluster.url, name);
  }

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    dir = mkdtempSync(join(tmpdir(), 'minga-copy-'));
    source = join(dir, 'source.db');
    const database = openDatabase(source);
    // The demo at a small scale: every area has rows (forums, knowledge, workshops, accounts).
    await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'demo-password-1', scale: 0.05, hashPassword });
    await database.close();
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table there and back, with equal counts and checksums, and the copy works as a database', async () => {
    const url = await newPgDatabase('copy_there');
    const lines: string[] = [];
    const there = await copyDatabase(sqliteSide(source, { create: false }), pgSide(url), { progress: (l) => lines.push(l), batch: 500 });
    expect(there.tables.length).toBeGreaterThan(80);
    expect(there.rows).toBeGreaterThan(1000);
    expect(lines.some((l) => /^copying \d+ rows in \d+ tables/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^verified \d+ tables, \d+ rows, equal counts and checksums/);

    // Identities moved past the largest id: a new row on PostgreSQL gets a fresh id.
    const client = pgClient(url);
    await client.connect();
    const max = Number((await client.query('SELECT max(id) AS m FROM communities')).rows[0].m);
    const inserted = await client.query(
      "INSERT INTO communities (slug, name, visibility, join_policy, created_at) VALUES ('after-copy', 'After', 'public', 'open', 0) RETURNING id",
    );
    expect(Number(inserted.rows[0].id)).toBe(max + 1);
    await client.query("DELETE FROM communities WHERE slug = 'after-copy'");
    await client.end();

    const back = join(dir, 'back.db');
    const report = await copyDatabase(pgSide(url), sqliteSide(back, { create: true }), { batch: 500 });
    const byName = (r: typeof report) => Object.fromEntries(r.tables.map((t) => [t.name, t.checksum]));
    expect(byName(report)).toEqual(byName(there));

    // The SQLite copy is a whole database: its search index was rebuilt as rows arrived.
    const copy = new Database(back, { readonly: true });
    const original = new Database(source, { readonly: true });
    const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(count(copy, 'discussion_fts')).toBe(count(original, 'discussion_fts'));
    expect(count(copy, 'knowledge_fts')).toBe(count(original, 'knowledge_fts'));
    copy.close();
    original.close();
  }, 180_000);

  it('a checksum changes when one value changes', async () => {
    const file = join(dir, 'tamper.db');
    rmSync(file, { force: true });
    await copyDatabase(sqliteSide(source, { create: false }), sqliteSide(file, { create: true }));
    const side = sqliteSide(file, { create: false });
    const users = (await side.tables()).find((t) => t.name === 'users')!;
    const before = await tableChecksum(side, users, users.columns);
    await side.close();
    const db = new Database(file);
    db.prepare("UPDATE users SET bio = bio || '.' WHERE id = (SELECT min(id) FROM users)").run();
    db.close();
    const again = sqliteSide(file, { create: false });
    const after = await tableChecksum(again, users, users.columns);
    await again.close();
    expect(after.rows).toBe(before.rows);
    expect(after.checksum).not.toBe(before.checksum);
  });

  it('the command refuses a target that holds data, or a missing source, with a message', async () => {
    const url = await newPgDatabase('copy_busy');
    expect(await dbCopy(['--from', `sqlite:${source}`, '--to', url], { INIT_CWD: dir })).toBe(0);
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await dbCopy(['--from', `sqlite:${source}`, '--to', url], { INIT_CWD: dir })).toBe(1);
      expect(await dbCopy(['--from', join(dir, 'nothing-here.db'), '--to', join(dir, 'x.db')], { INIT_CWD: dir })).toBe(1);
      expect(await dbCopy(['--to'], { INIT_CWD: dir })).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/already holds data \(table \w+\): copy into an empty database/);
    expect(errors.join('')).toMatch(/no SQLite database at .*nothing-here\.db/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  }, 120_000);
});
