import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { backupDatabase, backupFilesDirFor } from '../../server/modules/operations/backup.ts';
import { restoreDatabase } from '../../server/modules/operations/restore.ts';
import { scheduleBackups } from '../../server/modules/operations/schedule.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { uploadFile } from '../helpers/files.ts';

// MINGA_FILES_DIR: uploads in a folder of the operator's choosing (a shared mount), not beside
// the database; backups copy from it, and a restore puts the files back into it.
let dir: string;
let t: TestApp;
const stored = (folder: string) => (existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((p) => /[0-9a-f]{64}$/.test(p)) : []);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minga-files-dir-'));
  t = await buildTestApp({ dbFile: join(dir, 'db', 'minga.db'), files: { kind: 'directory', dir: join(dir, 'shared-files') } });
});
afterEach(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function uploadAvatar(): Promise<string> {
  const member = await registerUser(t.app);
  const picture = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#aa0000' } }).png().toBuffer();
  const put = await uploadFile(t.app, member, 'PUT', '/api/me/avatar', picture, 'a.png', 'image/png');
  expect(put.statusCode).toBe(200);
  return put.json().avatar as string;
}

it('keeps uploads in MINGA_FILES_DIR, not beside the database, and serves them from there', async () => {
  const url = await uploadAvatar();
  expect(stored(join(dir, 'shared-files'))).toHaveLength(1);
  expect(existsSync(join(dir, 'db', 'files'))).toBe(false);
  expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
  // Gone from the folder: the address answers 404 like a missing picture, never a 5xx.
  rmSync(join(dir, 'shared-files'), { recursive: true });
  expect((await t.app.inject({ method: 'GET', url: `${url}?size=192` })).statusCode).toBe(404);
});

// Backups inside Minga are SQLite's (PostgreSQL's are pg_dump's: README, Operations).
it.skipIf(onPostgres)('backs the files up from MINGA_FILES_DIR and restores them into it', async () => {
  await uploadAvatar();
  const [sha] = stored(join(dir, 'shared-files'));
  const schedule = scheduleBackups(t.database.sqlite, { dir: join(dir, 'backups'), intervalMs: 3_600_000, keep: 2 }, t.app.log, join(dir, 'shared-files'));
  await schedule.runOnce();
  const backup = readdirSync(join(dir, 'backups')).find((name) => name.endsWith('.db'))!;
  expect(existsSync(join(backupFilesDirFor(join(dir, 'backups', backup)), sha!))).toBe(true);

  const report = await restoreDatabase(join(dir, 'backups', backup), join(dir, 'elsewhere', 'minga.db'), () => {}, join(dir, 'restored-files'));
  expect(report.files).toEqual({ copied: 1, missing: [] });
  expect(stored(join(dir, 'restored-files'))).toEqual([sha]);
  expect(existsSync(join(dir, 'elsewhere', 'files'))).toBe(false);
});

it.skipIf(onPostgres)('leaves files kept in a bucket to the bucket: the backup copies none and says so', async () => {
  await uploadAvatar();
  const report = await backupDatabase(t.database.sqlite, join(dir, 'backups', 'copy.db'), { filesDir: null });
  expect(report.files).toEqual({ copied: 0, missing: [], inBucket: true });
  expect(existsSync(backupFilesDirFor(join(dir, 'backups', 'copy.db')))).toBe(false);
});
