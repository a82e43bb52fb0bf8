/**
 * On PostgreSQL (MINGA_DATABASE_URL), `npm run backup` drives pg_dump and `npm run restore`
 * pg_restore: a round trip through the real commands against a real server, refusals of bad
 * files and of a database still in use, and clear words when the client tools are missing or
 * too old. The password reaches the tools only through their environment.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/client.ts';
import { ENGINE } from '../../db/engine.ts';
import { databaseUrl, postgresBinDir, recreateDatabase, pgClient } from '../helpers/postgres.ts';
import { eventually } from '../helpers/cluster.ts';
import { ensureServerBuilt, runTool, startServerProcess } from '../helpers/process.ts';

const admin = process.env.MINGA_TEST_PG_URL ?? '';

describe.skipIf(ENGINE !== 'pg' || !postgresBinDir())('npm run backup and restore on PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minga-backup-pg-'));
  const name = `minga_backup_${process.pid}`;
  let url = '';
  let password = '';
  let env: Record<string, string> = {};
  const wrapped = join(dir, 'wrapped-bin');
  const calls = join(dir, 'calls.log');

  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = pgClient(url);
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const addMember = (username: string) =>
    query("INSERT INTO users (username, email, password_hash, display_name, created_at, updated_at) VALUES ($1, $1 || '@example.org', 'x', $1, 0, 0)", [username]);
  const usernames = async () => (await query<{ username: string }>('SELECT username FROM users ORDER BY username')).map((r) => r.username);

  beforeAll(async () => {
    await ensureServerBuilt();
    await recreateDatabase(admin, name);
    const parsed = new URL(databaseUrl(admin, name));
    // A password with characters URLs escape; a test server that trusts loopback ignores it.
    if (!parsed.password) parsed.password = encodeURIComponent('respaldo:secreto@2026');
    password = decodeURIComponent(parsed.password);
    url = parsed.toString();
    const database = await openPostgres(url, { poolSize: 2 });
    await database.close();
    for (let i = 0; i < 40; i++) await addMember(`socia_${i}`);
    await query("INSERT INTO communities (slug, name, visibility, join_policy, created_at) VALUES ('tejidos', 'Tejidos', 'public', 'open', 0)");
    await query("INSERT INTO forums (community_id, slug, name, created_at) SELECT id, 'general', 'General', 0 FROM communities");
    await query(
      "INSERT INTO threads (forum_id, community_id, author_id, title, kind, last_post_at, created_at) SELECT f.id, f.community_id, (SELECT min(id) FROM users), 'Hilo', 'discussion', 0, 0 FROM forums f",
    );
    await query(
      "INSERT INTO posts (thread_id, author_id, number, body, body_html, created_at) SELECT (SELECT id FROM threads), (SELECT min(id) FROM users), g, 'mensaje ' || g || E'\\tcon tabulador', '<p>m</p>', 0 FROM generate_series(1, 500) g",
    );

    // The client tools as found in PATH, each behind a script noting how it was called.
    mkdirSync(wrapped);
    for (const tool of ['pg_dump', 'pg_restore', 'psql']) {
      const script = join(wrapped, tool);
      writeFileSync(script, `#!/bin/sh\necho "${tool} $* PGPASSWORD=\${PGPASSWORD:+set}" >> '${calls}'\nexec '${join(postgresBinDir()!, tool)}' "$@"\n`);
      chmodSync(script, 0o755);
    }
    env = { MINGA_DATABASE_URL: url, MINGA_FILES_DIR: join(dir, 'files'), INIT_CWD: dir, PATH: `${wrapped}:${process.env.PATH}` };
  }, 120_000);

  afterAll(async () => {
    const client = pgClient(admin);
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await client.query(`DROP DATABASE IF EXISTS ${name}_other WITH (FORCE)`).catch(() => undefined);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up with pg_dump in custom format: progress, size and time, and an existing file kept unless --force', async () => {
    const backup = await runTool('backup', ['backups/copia.dump'], env);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/pg_dump 1\d .* PostgreSQL 1\d: \d+ tables/);
    expect(backup.out).toMatch(/database: \d+% \(\d+\/\d+ tables, now public\.\w+\)/);
    expect(backup.out).toContain('database: 100%');
    expect(backup.out).toMatch(/done in \d+\.\d s: \d+\.\d MB \(pg_dump custom format/);
    expect(backup.out).toContain('MINGA_FILES_DIR');
    const file = join(dir, 'backups', 'copia.dump');
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(readdirSync(join(dir, 'backups'))).toEqual(['copia.dump']);

    const again = await runTool('backup', ['backups/copia.dump'], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/copia\.dump exists: choose another name or add --force/);
    const size = statSync(file).size;
    const forced = await runTool('backup', ['backups/copia.dump', '--force'], env);
    expect(forced.code, forced.err).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(size / 2);

    // The password went to pg_dump in its environment, never on its command line or the screen.
    const log = readFileSync(calls, 'utf8');
    expect(log).toMatch(/^pg_dump --format=custom .*PGPASSWORD=set$/m);
    for (const text of [log, backup.out, backup.err, forced.out]) expect(text).not.toContain(password);
  }, 60_000);

  it('refuses to restore while another session uses the database or a server holds its scheduler lease', async () => {
    const busy = pgClient(url);
    await busy.connect();
    try {
      const refused = await runTool('restore', ['backups/copia.dump'], env);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/1 other session\(s\) use database .*stop every Minga server on it/);
    } finally {
      await busy.end();
    }
    // A server with no connection open at the moment still holds the scheduler lease.
    await query("INSERT INTO scheduler_leases (name, holder, expires_at) VALUES ('scheduler', 'host-a:1234', $1)", [Date.now() + 20_000]);
    const leased = await runTool('restore', ['backups/copia.dump'], env);
    await query("DELETE FROM scheduler_leases WHERE holder = 'host-a:1234'");
    expect(leased.code).toBe(1);
    expect(leased.err).toMatch(/a Minga server \(host-a:1234\) holds the scheduler lease of database \w+ for \d+ s more: stop every Minga server/);
  }, 30_000);

  it('refuses files that are not a sound dump of a Minga database, touching nothing', async () => {
    await addMember('escrita_despues');
    writeFileSync(join(dir, 'notes.dump'), 'not a dump at all, only words '.repeat(100));
    const dump = readFileSync(join(dir, 'backups', 'copia.dump'));
    writeFileSync(join(dir, 'cut.dump'), dump.subarray(0, Math.floor(dump.length / 3)));
    const sqlite = new Database(join(dir, 'sqlite.db'));
    sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    sqlite.close();
    await recreateDatabase(admin, `${name}_other`);
    const other = pgClient(databaseUrl(url, `${name}_other`));
    await other.connect();
    await other.query('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    await other.end();
    execFileSync(join(postgresBinDir()!, 'pg_dump'), ['--format=custom', `--file=${join(dir, 'foreign.dump')}`, `--dbname=${databaseUrl(admin, `${name}_other`)}`], {
      env: { ...process.env, PGPASSWORD: password },
    });

    const cases: [string, RegExp][] = [
      ['notes.dump', /notes\.dump: not a PostgreSQL dump pg_restore can read: .*\n.*not appear to be a valid archive/],
      ['cut.dump', /cut\.dump: not a PostgreSQL dump pg_restore can read/],
      ['sqlite.db', /it is a SQLite backup: restore it with MINGA_DB/],
      ['foreign.dump', /foreign\.dump: a PostgreSQL dump, but not of a Minga database/],
      ['nowhere.dump', /nowhere\.dump: no such file/],
    ];
    for (const [file, words] of cases) {
      const refused = await runTool('restore', [file], env);
      expect(refused.code, file).toBe(1);
      expect(refused.err, file).toMatch(words);
    }
    expect(await usernames()).toContain('escrita_despues');

    // A sound dump the database refuses half-way (a role that does not own Minga's schemas): rolled back whole.
    const weak = `minga_weak_${process.pid}`;
    await query(`CREATE ROLE ${weak} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
    const weakUrl = new URL(url);
    weakUrl.username = weak;
    try {
      const refused = await runTool('restore', ['backups/copia.dump'], { ...env, MINGA_DATABASE_URL: weakUrl.toString() });
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/checked .*copia\.dump: a Minga dump/);
      expect(refused.err).toMatch(/the restore failed and was rolled back \(database \w+ is as it was\): psql failed \(exit 3\):\n.*must be owner of schema/);
    } finally {
      await query(`DROP ROLE ${weak}`);
    }
    expect(await usernames()).toContain('escrita_despues');
  }, 60_000);

  it('restores the dump into the stopped instance: what was written after the backup is gone, the rest is back', async () => {
    const before = await usernames();
    expect(before).toContain('escrita_despues');
    await query("UPDATE posts SET body = 'cambiado después' WHERE number = 1");
    const restored = await runTool('restore', ['backups/copia.dump'], env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/checked .*copia\.dump: a Minga dump, 40 accounts, 500 posts/);
    expect(restored.out).toMatch(/database: \d+% \(\d+\/\d+ tables/);
    expect(restored.out).toMatch(/restored into postgres:\/\/[^ ]*\/minga_backup_\d+ in \d+\.\d s/);
    for (const text of [restored.out, restored.err, readFileSync(calls, 'utf8')]) expect(text).not.toContain(password);
    expect(readFileSync(calls, 'utf8')).toMatch(/^pg_restore --clean --if-exists --no-owner .*$/m);

    expect(await usernames()).toEqual(before.filter((u) => u !== 'escrita_despues'));
    expect((await query<{ body: string }>('SELECT body FROM posts WHERE number = 1'))[0]!.body).toBe('mensaje 1\tcon tabulador');
    // A working Minga database: migrations current, identities go on past the restored rows.
    const database = await openPostgres(url, { poolSize: 2 });
    await database.close();
    await addMember('nueva_tras_restaurar');
    const ids = await query<{ id: string; username: string }>('SELECT id, username FROM users ORDER BY id DESC LIMIT 1');
    expect(ids[0]!.username).toBe('nueva_tras_restaurar');
  }, 60_000);

  it('the real server on PostgreSQL makes the scheduled backups with pg_dump, keeping the newest; one restores', async () => {
    const folder = join(dir, 'scheduled');
    const server = await startServerProcess({ ...env, MINGA_BACKUP_DIR: folder, MINGA_BACKUP_INTERVAL_MIN: '0.02', MINGA_BACKUP_KEEP: '2' });
    try {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ status: 'ok', migrations: 'current' });
      await eventually(() => expect(readdirSync(folder).filter((n) => /^minga-\d{8}-\d{6}\.dump$/.test(n)).length).toBe(2), 15_000);
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    expect(server.output()).toContain('backup made');
    expect(server.output()).not.toContain(password);
    const kept = readdirSync(folder).filter((n) => !n.endsWith('.partial')).sort();
    expect(kept).toHaveLength(2);
    await addMember('tras_el_programado');
    const restored = await runTool('restore', [join('scheduled', kept[1]!)], env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/a Minga dump, 41 accounts, 500 posts/);
    expect(await usernames()).not.toContain('tras_el_programado');
    // The restored database holds no live lease of the server that was running when it was dumped.
    expect(await query("SELECT holder FROM scheduler_leases WHERE expires_at > (extract(epoch FROM now()) * 1000)::bigint")).toEqual([]);
  }, 60_000);

  it('refuses with words naming the PostgreSQL client tools when they are missing or older than the server', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const bare = { ...env, PATH: empty, MINGA_PG_BIN_ROOT: empty };
    const backup = await runTool('backup', ['backups/none.dump'], bare);
    expect(backup.code).toBe(1);
    expect(backup.err).toMatch(/pg_dump not found \(looked in PATH and .*empty\/\*\/bin\): the PostgreSQL client tools .*apt-get install postgresql-client/);
    const restore = await runTool('restore', ['backups/copia.dump'], bare);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/not found .*PostgreSQL client tools .*postgresql-client/);
    expect(existsSync(join(dir, 'backups', 'none.dump'))).toBe(false);

    const old = join(dir, 'old', '13', 'bin');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 13.16"\n');
    chmodSync(join(old, 'pg_dump'), 0o755);
    const skewed = await runTool('backup', ['backups/none.dump'], { ...bare, MINGA_PG_BIN_ROOT: join(dir, 'old') });
    expect(skewed.code).toBe(1);
    expect(skewed.err).toMatch(/the server runs PostgreSQL 1\d but the only pg_dump found is older: .*\(13\); install postgresql-client-1\d \(or newer\)/);
  }, 60_000);
});
