import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { ENGINE } from '../../db/engine.ts';
import { loadConfig } from '../../server/config.ts';
import { newestBackupAt, scheduleBackups } from '../../server/modules/operations/schedule.ts';
import { eventually } from '../helpers/cluster.ts';
import { buildTestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { postgresBinDir } from '../helpers/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-scheduled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scheduled backups are SQLite files on SQLite, pg_dump custom-format files on PostgreSQL. */
const BACKUP = ENGINE === 'pg' ? /^minga-\d{8}-\d{6}\.dump$/ : /^minga-\d{8}-\d{6}\.db$/;

/** The bodies of a thread's posts as a backup holds them (read with the engine's own tools). */
function postBodiesIn(file: string, threadId: number): string[] {
  if (ENGINE === 'pg') {
    const data = execFileSync(join(postgresBinDir()!, 'pg_restore'), ['--data-only', '--schema=public', '--table=posts', '--file=-', file], { encoding: 'utf8' });
    const lines = data.split('\n');
    const header = lines.find((l) => l.startsWith('COPY public.posts '))!;
    const columns = /\(([^)]*)\)/.exec(header)![1]!.split(', ');
    const rows = lines.slice(lines.indexOf(header) + 1, lines.indexOf('\\.', lines.indexOf(header))).map((l) => l.split('\t'));
    return rows.filter((r) => Number(r[columns.indexOf('thread_id')]) === threadId).map((r) => r[columns.indexOf('body')]!);
  }
  const copy = new Database(file, { readonly: true });
  try {
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    return copy.prepare('SELECT body FROM posts WHERE thread_id = ?').pluck().all(threadId) as string[];
  } finally {
    copy.close();
  }
}

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

it('backs up from the serving database (PostgreSQL: with pg_dump) on its timer and keeps only the newest ones', async () => {
  const t = await buildTestApp({ dbFile: join(dir, 'live.db'), reference: false });
  const w = await buildWorld(t.app);
  const { thread } = await startThread(t.app, w.member, w.forumId);
  const backupDir = join(dir, 'backups');
  const schedule = scheduleBackups(t.database, { dir: backupDir, intervalMs: 60_000, keep: 2 }, t.app.log);
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
  const timed = scheduleBackups(t.database, { dir: join(dir, 'timed'), intervalMs: 300, keep: 2 }, t.app.log);
  timed.start();
  try {
    await eventually(() => expect(readdirSync(join(dir, 'timed')).filter((n) => BACKUP.test(n)).length).toBeGreaterThanOrEqual(1), 15_000);
  } finally {
    await timed.stop();
  }

  const kept = readdirSync(backupDir).sort();
  expect(kept).toHaveLength(2);
  expect(kept.every((n) => BACKUP.test(n))).toBe(true);
  expect(postBodiesIn(join(backupDir, kept[0]!), thread.id)).not.toContain('ronda 3');
  expect(postBodiesIn(join(backupDir, kept[1]!), thread.id)).toContain('ronda 3');
  await t.app.close();
}, 60_000);

it('takes the first backup an interval after the newest in the folder: at once when that is overdue (a takeover, a restart)', async () => {
  const t = await buildTestApp({ dbFile: join(dir, 'overdue.db'), reference: false });
  const folder = join(dir, 'overdue');
  mkdirSync(folder, { recursive: true });
  // The last one, taken two hours ago by a process that is gone; one every hour.
  const old = new Date(Date.now() - 2 * 3_600_000);
  const oldName = `minga-${old.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.db`;
  writeFileSync(join(folder, oldName), '');
  expect(newestBackupAt(folder)?.getTime()).toBe(Math.floor(old.getTime() / 1000) * 1000);
  const schedule = scheduleBackups(t.database, { dir: folder, intervalMs: 3_600_000, keep: 5 }, t.app.log);
  schedule.start();
  try {
    await eventually(() => expect(readdirSync(folder).filter((n) => n !== oldName && BACKUP.test(n))).toHaveLength(1), 5_000);
  } finally {
    await schedule.stop();
    await t.app.close();
  }
});
