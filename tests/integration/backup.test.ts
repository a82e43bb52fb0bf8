/**
 * `npm run backup` copies a database the real server is writing to, consistently, with the
 * uploaded files; `npm run restore` checks a backup and brings it back into a stopped instance,
 * and refuses a running one or a bad file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { ENGINE } from '../../db/engine.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { ensureServerBuilt, runTool, setUpThread, startServerProcess, type ServerProcess } from '../helpers/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-backup-'));
const dbFile = join(dir, 'live', 'minga.db');
const backupFile = join(dir, 'backups', 'copia.db');
const env = { MINGA_DB: dbFile, INIT_CWD: dir };
const PASSWORD = 'respaldo-seguro-2026';
let server: ServerProcess | undefined;

beforeAll(async () => {
  if (ENGINE === 'pg') return;
  await ensureServerBuilt();
  // A database of a few megabytes, so the copy takes several steps while posts keep coming.
  const database = openDatabase(dbFile);
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: PASSWORD, hashPassword, scale: 0.05 });
  database.close();
}, 180_000);

afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const acknowledgedBefore = new Set<number>();
let threadId = 0;
let fileUrl = '';

const stop = async (s: ServerProcess) => {
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
};

// SQLite's own backups (a file and its uploads); PostgreSQL's are in backup-pg.test.ts.
describe.skipIf(ENGINE === 'pg')('backup and restore', () => {
  it('backs up while the server takes writes: the copy opens, is intact and holds every post committed before it began', async () => {
    server = await startServerProcess({ MINGA_DB: dbFile });
    const { url } = server;
    const setup = await setUpThread(url, 'respaldo', { username: 'admin', password: PASSWORD });
    threadId = setup.threadId;

    const resource = (await (await fetch(`${url}/api/resources?limit=1`)).json()).items[0];
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'guia.pdf');
    const upload = await fetch(`${url}/api/resources/${resource.id}/file`, {
      method: 'POST',
      headers: { authorization: setup.bearer.authorization },
      body: form,
    });
    expect(upload.status).toBe(200);
    fileUrl = (await upload.json()).file.url;

    let writing = true;
    let backupStarted = false;
    const acknowledgedDuring: number[] = [];
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const response = await fetch(`${url}/api/threads/${threadId}/posts`, {
          method: 'POST',
          headers: setup.bearer,
          body: JSON.stringify({ body: `mientras copiamos ${w}-${i}` }),
        });
        expect(response.status).toBe(201);
        const id = (await response.json()).post.id as number;
        if (backupStarted) acknowledgedDuring.push(id);
        else acknowledgedBefore.add(id);
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    while (acknowledgedBefore.size < 60) await new Promise((r) => setTimeout(r, 20));

    backupStarted = true;
    const backup = await runTool('backup', ['backups/copia.db'], env);
    writing = false;
    await Promise.all(writers);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/database: \d+% \(\d+\/\d+ pages\)/);
    expect(backup.out).toContain('database: 100%');
    expect(backup.out).toMatch(/files: 1\/1 copied/);
    // Writes went on during the backup: it did not stop the server.
    expect(acknowledgedDuring.length).toBeGreaterThan(0);

    const copy = new Database(backupFile, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const ids = new Set(copy.prepare('SELECT id FROM posts WHERE thread_id = ?').pluck().all(threadId) as number[]);
      expect([...acknowledgedBefore].filter((id) => !ids.has(id))).toEqual([]);
      const sha = copy.prepare('SELECT sha256 FROM files').pluck().get() as string;
      expect(statSync(join(`${backupFile}.files`, sha.slice(0, 2), sha)).size).toBe(pdf.length);
    } finally {
      copy.close();
    }
    expect(existsSync(`${backupFile}-wal`)).toBe(false);
    expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 60_000);

  it('refuses to restore into a database a server is running on', async () => {
    const refused = await runTool('restore', ['backups/copia.db'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is using .*minga\.db: stop it first/);
    expect(existsSync(`${dbFile}.running`)).toBe(true);
  });

  it('refuses files that are not a sound Minga backup', async () => {
    await stop(server!);
    writeFileSync(join(dir, 'notes.db'), 'not a database at all, just some words '.repeat(200));
    const text = await runTool('restore', ['notes.db'], env);
    expect(text.code).toBe(1);
    expect(text.err).toMatch(/not a SQLite database|cannot be opened/);

    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    const foreign = await runTool('restore', ['other.db'], env);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toContain('not a Minga one');

    const missing = await runTool('restore', ['nowhere.db'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file');
    // The live database was not touched by any of these.
    expect(readdirSync(join(dir, 'live')).filter((n) => n.includes('before-restore'))).toEqual([]);
  });

  it('restores the backup, files included, into the stopped instance', async () => {
    // Lose the uploads, and write after the backup: the restore must bring back exactly the copy.
    rmSync(join(dir, 'live', 'files'), { recursive: true, force: true });
    const restored = await runTool('restore', ['backups/copia.db'], env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/checked .*copia\.db: integrity ok/);
    expect(readdirSync(join(dir, 'live')).some((n) => n.includes('before-restore'))).toBe(true);

    server = await startServerProcess({ MINGA_DB: dbFile });
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', migrations: 'current' });
    const copy = new Database(backupFile, { readonly: true });
    const inBackup = copy.prepare('SELECT count(*) FROM posts WHERE thread_id = ?').pluck().get(threadId) as number;
    copy.close();
    const thread = await (await fetch(`${server.url}/api/threads/${threadId}`)).json();
    expect(thread.thread.postCount).toBe(inBackup);
    expect(inBackup).toBeGreaterThanOrEqual(acknowledgedBefore.size);
    const file = await fetch(`${server.url}${fileUrl}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    await stop(server);
  }, 30_000);
});
