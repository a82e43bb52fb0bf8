/**
 * The scheduler lease between two real Minga processes on one SQLite file (issue 20, part 3):
 * scheduled backups are taken by one of them only, each once; kill -9 of that one, and the
 * other takes over within the lease's lifetime and goes on taking them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onPostgres } from '../../../db/engine.ts';
import { eventually } from '../../helpers/cluster.ts';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

const LEASE_S = 2;
const dir = mkdtempSync(join(tmpdir(), 'minga-sched-'));
const backups = join(dir, 'backups');
let redis: TestRedis;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  const env = {
    MINGA_DB: join(dir, 'minga.db'),
    MINGA_REDIS_URL: redis.url,
    MINGA_REDIS_PREFIX: redis.prefix(),
    MINGA_SCHEDULER_LEASE_S: String(LEASE_S),
    MINGA_BACKUP_DIR: backups,
    // Every 1.2 s (names carry the second, so no two of one process share a name), all kept.
    MINGA_BACKUP_INTERVAL_MIN: '0.02',
    MINGA_BACKUP_KEEP: '1000',
  };
  // The first creates and migrates the file, then the second joins it.
  servers.push(await startServerProcess(env));
  servers.push(await startServerProcess(env));
}, 120_000);
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.exited));
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

const role = async (server: ServerProcess) => ((await (await fetch(`${server.url}/api/health`)).json()) as { scheduler?: string }).scheduler;
const made = (server: ServerProcess) => server.output().split('\n').filter((line) => line.includes('"backup made"')).length;
// A backup's name ends as its engine's file: `.db` (SQLite), `.dump` (PostgreSQL's pg_dump).
const backupName = onPostgres ? /^minga-\d{8}-\d{6}\.dump$/ : /^minga-\d{8}-\d{6}\.db$/;
const files = () => readdirSync(backups).filter((name) => backupName.test(name)).length;

it('one process takes the scheduled backups, each once; after kill -9 of it the other takes over within the lease', async () => {
  const [a, b] = servers as [ServerProcess, ServerProcess];
  await eventually(async () => expect([await role(a), await role(b)].sort()).toEqual(['runs', 'standby']), 10_000);
  const [holder, standby] = (await role(a)) === 'runs' ? [a, b] : [b, a];

  // Three more intervals with both up: the standby would have made some by then.
  const before = made(holder);
  await eventually(() => expect(made(holder)).toBeGreaterThanOrEqual(before + 3), 15_000);
  expect(made(standby)).toBe(0);
  // Every backup made is one file: none taken twice in the same second by two processes.
  await eventually(() => expect(files()).toBe(made(holder)));

  holder.child.kill('SIGKILL');
  await holder.exited;
  const killedAt = Date.now();
  await eventually(async () => expect(await role(standby)).toBe('runs'), (LEASE_S + 3) * 1000);
  expect(Date.now() - killedAt).toBeLessThan((LEASE_S + 2) * 1000);
  expect(standby.output()).toContain('scheduler lease taken');
  await eventually(() => expect(made(standby)).toBeGreaterThanOrEqual(1), 5_000);
}, 60_000);
