import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { newestBackupAt, scheduleBackups } from '../../server/modules/operations/schedule.ts';
import { eventually } from '../helpers/cluster.ts';
import { buildTestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-scheduled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads the schedule from MINGA_BACKUP_DIR, _INTERVAL_MIN and _KEEP', () => {
  expect(loadConfig({}).backup).toBeNull();
  expect(loadConfig({ MINGA_BACKUP_DIR: '/var/backups/minga', MINGA_BACKUP_INTERVAL_MIN: '90', MINGA_BACKUP_KEEP: '3' }).backup).toEqual({
    dir: '/var/backups/minga',
    intervalMs: 90 * 60_000,
    keep: 3,
  });
  expect(loadConfig({ MINGA_BACKUP_DIR: '/b' }).backup).toMatchObject({ intervalMs: 24 * 60 * 60_000, keep: 7 });
  expect(() => loadConfig({ MINGA_BACKUP_KEEP: '0' })).toThrow(/MINGA_BACKUP_KEEP must be a positive integer/);
  expect(() => loadConfig({ MINGA_BACKUP_INTERVAL_MIN: 'often' })).toThrow(/MINGA_BACKUP_INTERVAL_MIN/);
});

it('backs up from the serving connection on its timer and keeps only the newest ones', async () => {
  const t = await buildTestApp({ dbFile: join(dir, 'live.db'), reference: false });
  const w = await buildWorld(t.app);
  const { thread } = await startThread(t.app, w.member, w.forumId);
  const backupDir = join(dir, 'backups');
  const schedule = scheduleBackups(t.database.sqlite, { dir: backupDir, intervalMs: 60_000, keep: 2 }, t.app.log);
  try {
    for (let round = 0; round < 4; round++) {
      await replyTo(t.app, w.member, thread.id, `ronda ${round}`);
      await schedule.runOnce();
      // Names carry the second they were taken.
      await new Promise((r) => setTimeout(r, 1_050));
    }
  } finally {
    await schedule.stop();
  }
  // And on its own, once the interval has passed.
  const timed = scheduleBackups(t.database.sqlite, { dir: join(dir, 'timed'), intervalMs: 300, keep: 2 }, t.app.log);
  timed.start();
  await new Promise((r) => setTimeout(r, 900));
  await timed.stop();
  expect(readdirSync(join(dir, 'timed')).filter((n) => /^minga-.*\.db$/.test(n)).length).toBeGreaterThanOrEqual(1);

  const kept = readdirSync(backupDir).filter((n) => n.endsWith('.db')).sort();
  expect(kept).toHaveLength(2);
  expect(kept.every((n) => /^minga-\d{8}-\d{6}\.db$/.test(n))).toBe(true);
  const newest = new Database(join(backupDir, kept[1]!), { readonly: true });
  try {
    expect(newest.pragma('integrity_check', { simple: true })).toBe('ok');
    const bodies = newest.prepare('SELECT body FROM posts WHERE thread_id = ?').pluck().all(thread.id);
    expect(bodies).toContain('ronda 3');
  } finally {
    newest.close();
  }
  await t.app.close();
}, 20_000);

it('takes the first backup an interval after the newest in the folder: at once when that is overdue (a takeover, a restart)', async () => {
  const t = await buildTestApp({ dbFile: join(dir, 'overdue.db'), reference: false });
  const folder = join(dir, 'overdue');
  mkdirSync(folder, { recursive: true });
  // The last one, taken two hours ago by a process that is gone; one every hour.
  const old = new Date(Date.now() - 2 * 3_600_000);
  const oldName = `minga-${old.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.db`;
  writeFileSync(join(folder, oldName), '');
  expect(newestBackupAt(folder)?.getTime()).toBe(Math.floor(old.getTime() / 1000) * 1000);
  const schedule = scheduleBackups(t.database.sqlite, { dir: folder, intervalMs: 3_600_000, keep: 5 }, t.app.log);
  schedule.start();
  try {
    await eventually(() => expect(readdirSync(folder).filter((n) => n !== oldName && /^minga-.*\.db$/.test(n))).toHaveLength(1), 5_000);
  } finally {
    await schedule.stop();
    await t.app.close();
  }
});
