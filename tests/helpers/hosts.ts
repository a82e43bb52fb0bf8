import { databaseUrl, startPostgresCluster, pgClient } from './postgres.ts';
import { startServerProcess, type ServerProcess } from './process.ts';

/**
 * Several machines on one: Minga processes on distinct loopback addresses (Linux routes all of
 * 127.0.0.0/8 to `lo`, so 127.0.0.2 and 127.0.0.3 are two hosts as far as the sockets can tell),
 * each started as `npm start` runs it (node dist/server/main.js; ensureServerBuilt() first).
 */
export function startHostProcess(address: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  return startServerProcess({ ...env, HOST: address }, timeoutMs);
}

/**
 * An empty database for a site (no schema: the first host to start migrates it), on the run's
 * PostgreSQL server (MINGA_TEST_PG_URL, as `.ci/run` and `npm run test:pg` provide) or on a
 * throwaway cluster of its own.
 */
export async function emptySiteDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const cluster = process.env.MINGA_TEST_PG_URL ? null : await startPostgresCluster();
  const admin = process.env.MINGA_TEST_PG_URL ?? cluster!.url;
  const name = `minga_site_${process.pid}_${Date.now().toString(36)}`;
  const client = pgClient(admin);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await client.end();
  }
  return {
    url: databaseUrl(admin, name),
    async close() {
      if (cluster) return cluster.stop();
      const again = pgClient(admin);
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await again.end();
    },
  };
}
