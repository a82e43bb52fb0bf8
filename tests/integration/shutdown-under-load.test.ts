/**
 * Leak 12: after a load test, SIGTERM logged "closed cleanly" and the process stayed alive.
 * The stop must end in an exit within its deadline whatever handles remain, even when nobody
 * reads the server's output any more (its parent went away).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { load } from '../bench/load.ts';
import { ensureServerBuilt, setUpThread, startServerProcess, type ServerProcess } from '../helpers/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-shutdown-load-'));
let server: ServerProcess | undefined;

beforeAll(async () => {
  await ensureServerBuilt();
}, 180_000);

afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('exits within seconds of SIGTERM after 50 connections of load, with its stdout closed', async () => {
  server = await startServerProcess({ MINGA_DB: join(dir, 'minga.db') });
  const { url } = server;
  const { threadId } = await setUpThread(url, 'carga');
  const result = await load({ url: `${url}/api/threads/${threadId}`, connections: 50, durationS: 2 });
  expect(result.total).toBeGreaterThan(0);

  // The parent stops reading: the pipe's read end closes, as when the parent has exited.
  server.child.stdout!.destroy();
  server.child.stderr!.destroy();
  const signalled = Date.now();
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, new Promise<string>((r) => setTimeout(() => r('still running'), 20_000))]);
  expect(code).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(5_000);
}, 60_000);
