import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../server/lib/paths.ts';
import { databaseUrl, startPostgresCluster } from './postgres.ts';
import { freePort, type ServerProcess } from './process.ts';

/**
 * Several machines on one: Minga processes on distinct loopback addresses (Linux routes all of
 * 127.0.0.0/8 to `lo`, so 127.0.0.2 and 127.0.0.3 are two hosts as far as the sockets can tell),
 * each started as `npm start` runs it (node dist/server/main.js; ensureServerBuilt() first).
 */
export async function startHostProcess(address: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const port = String(await freePort());
  const url = `http://${address}:${port}`;
  const child = spawn(process.execPath, [join(projectRoot(), 'dist/server/main.js')], {
    cwd: projectRoot(),
    env: { ...process.env, MINGA_SEED: 'none', LOG_LEVEL: 'info', ...env, HOST: address, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-256 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal ?? -1;
      resolve(exitCode);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the host ${address} exited (${exitCode}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the host ${address} did not answer in time:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => output, exited };
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
  const client = new pg.Client(admin);
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
      const again = new pg.Client(admin);
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await again.end();
    },
  };
}
