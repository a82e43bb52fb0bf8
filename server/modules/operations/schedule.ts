import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { OpenedDb } from '../../../db/client.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { BackupSchedule } from '../../config.ts';
import { backupDatabase, backupFilesDirFor, liveFilesDirFor } from './backup.ts';
import { databaseFileOf } from './engine.ts';
import { OperationError } from './errors.ts';

const NAME = /^minga-\d{8}-\d{6}\.db$/;
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Deletes all but the `keep` newest scheduled backups (with their files); returns those deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = readdirSync(dir).filter((name) => NAME.test(name)).sort();
  const doomed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of doomed) {
    rmSync(join(dir, name), { force: true });
    rmSync(backupFilesDirFor(join(dir, name)), { recursive: true, force: true });
  }
  return doomed;
}

/** When the newest scheduled backup in `dir` was taken (from its name), or null when there is none. */
export function newestBackupAt(dir: string): Date | null {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => NAME.test(name)).sort();
  } catch {
    return null;
  }
  const m = /^minga-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/.exec(names.at(-1) ?? '');
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/**
 * Online backups from the server's own connection every `intervalMs` into `dir`, named by
 * time (`minga-20260121-031500.db`), keeping the `keep` newest. One at a time; `stop()`
 * abandons one in progress (its partial file is removed) before the database closes.
 * A scheduled job (server/cluster/scheduler.ts): the timer runs from `start` in the one process
 * holding the scheduler lease, and each backup first asks the lease's fence. The first one
 * falls an interval after the newest in the folder (at once when that is overdue), so a
 * takeover or a restart neither repeats a backup nor puts the next one off by a whole interval.
 */
export function scheduleBackups(database: OpenedDb | Database.Database, schedule: BackupSchedule, log: FastifyBaseLogger) {
  const dbFile = databaseFileOf(database);
  if (dbFile === null) throw new OperationError('scheduled backups of a PostgreSQL database are not built into Minga yet: use pg_dump');
  let running: Promise<unknown> | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let mayRun: () => boolean = () => true;

  const runOnce = async () => {
    if (running || stopping) return;
    const file = join(schedule.dir, `minga-${stamp(new Date())}.db`);
    running = backupDatabase(database, file, {
      filesDir: liveFilesDirFor(dbFile),
      shouldStop: () => stopping,
      progress: (line) => log.debug({ backup: file }, line),
    })
      .then((report) => {
        const pruned = pruneBackups(schedule.dir, schedule.keep);
        log.info({ backup: report.file, bytes: report.bytes, ms: report.ms, files: report.files.copied, missingFiles: report.files.missing.length, pruned }, 'backup made');
      })
      .catch((error: unknown) => {
        if (!stopping) log.error({ err: error, backup: file }, 'backup failed');
      })
      .finally(() => {
        running = null;
      });
    await running;
  };

  return {
    runOnce,
    start(fence?: () => boolean): void {
      if (timer) return;
      stopping = false;
      mayRun = fence ?? (() => true);
      const tick = () => {
        if (mayRun()) void runOnce();
      };
      const newest = newestBackupAt(schedule.dir);
      const first = newest ? Math.min(schedule.intervalMs, Math.max(0, newest.getTime() + schedule.intervalMs - Date.now())) : schedule.intervalMs;
      timer = setTimeout(() => {
        if (stopping) return;
        tick();
        timer = setInterval(tick, schedule.intervalMs);
        timer.unref();
      }, first);
      timer.unref();
      log.info({ dir: schedule.dir, everyMin: schedule.intervalMs / 60_000, keep: schedule.keep }, 'scheduled backups on');
    },
    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
