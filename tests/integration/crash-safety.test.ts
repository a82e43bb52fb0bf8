/**
 * A post acknowledged with 201 survives `kill -9` of the server: WAL with synchronous=NORMAL
 * puts each commit in the log before the answer leaves (see db/client.ts). The real server
 * process takes hundreds of concurrent writes, is killed mid-stream, and restarts on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureServerBuilt, setUpThread, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { integrityCheck, openSiteDatabase } from '../helpers/site-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-crash-'));
const dbFile = join(dir, 'minga.db');
const running: ServerProcess[] = [];

beforeAll(async () => {
  await ensureServerBuilt();
}, 180_000);

afterAll(() => {
  running.forEach((s) => s.child.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

const WRITERS = 48;
const ATTEMPTS = 600;
const KILL_AFTER_ACKS = 250;

it('keeps every acknowledged post through kill -9 and restarts on an intact database', async () => {
  const first = await startServerProcess({ MINGA_DB: dbFile });
  running.push(first);
  const { bearer, threadId } = await setUpThread(first.url, 'operaciones');

  const acknowledged = new Map<number, string>();
  let attempted = 0;
  let failed = 0;
  let killed = false;
  const writer = async (w: number) => {
    while (attempted < ATTEMPTS) {
      const marker = `escrito ${w}-${attempted++}`;
      try {
        const response = await fetch(`${first.url}/api/threads/${threadId}/posts`, {
          method: 'POST',
          headers: bearer,
          body: JSON.stringify({ body: marker }),
        });
        if (response.status !== 201) {
          failed += 1;
          continue;
        }
        const { post } = await response.json();
        acknowledged.set(post.id, marker);
        if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch {
        failed += 1; // the connection died with the process: not acknowledged, may or may not be stored
        if (killed) return;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  expect(await first.exited).toBe('SIGKILL');
  expect(killed).toBe(true);
  // Killed mid-stream: writes were still being sent when it died.
  expect(failed).toBeGreaterThan(0);
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  const second = await startServerProcess({ MINGA_DB: dbFile });
  running.push(second);
  const health = await fetch(`${second.url}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', migrations: 'current' });
  const page = await fetch(`${second.url}/api/threads/${threadId}`);
  expect(page.status).toBe(200);
  expect((await page.json()).thread.postCount).toBeGreaterThan(acknowledged.size);

  expect(integrityCheck(dbFile)).toBe('ok');
  const sqlite = openSiteDatabase(dbFile, { readonly: true });
  try {
    const stored = new Map(
      (sqlite.prepare('SELECT id, body FROM posts WHERE thread_id = ?').all(threadId) as { id: number; body: string }[]).map((p) => [p.id, p.body]),
    );
    const lost = [...acknowledged].filter(([id, marker]) => stored.get(id) !== marker);
    expect(lost, 'acknowledged posts missing after kill -9').toEqual([]);
  } finally {
    sqlite.close();
  }
}, 60_000);
