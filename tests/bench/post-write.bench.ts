/**
 * Sustained creation of posts over HTTP: validate, cook the Markdown, store with counters,
 * publish the events. Aim: ≥ 1,000 posts/s on 2 cores, on a file database (WAL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { formatLoad, load } from './load.ts';
import { FULL } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let url: string;
let threadId: number;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  const w = await buildWorld(t.app);
  // One account posting as fast as it can: measured without the spam limits in the way.
  await relaxLimits(t.app, w.admin);
  threadId = (await startThread(t.app, w.member, w.forumId)).thread.id;
  cookie = w.member.cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('measures POST /api/threads/:id/posts', async () => {
  const shape = FULL ? { connections: 10, durationS: 10, warmupS: 2 } : { connections: 2, durationS: 1 };
  const body = JSON.stringify({
    body: 'En el **SENA** trabajamos con _rúbricas_ por competencias.\n\n1. Observación\n2. Portafolio\n\n> ¿Cómo lo hacen en [INA](https://www.ina.ac.cr)?',
  });
  const result = await load({
    url: `${url}/api/threads/${threadId}/posts`,
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body,
    ...shape,
  });
  expect(result.errors).toBe(0);
  expect(result.non2xx).toBe(0);
  const stored = (t.database.sqlite.prepare('SELECT count(*) AS n FROM posts WHERE thread_id = ?').get(threadId) as { n: number }).n;
  expect(stored).toBeGreaterThan(1);
  process.stdout.write(
    `\n[bench] post-write (${FULL ? 'full' : 'tiny smoke'}: ${shape.connections} connections, ${shape.durationS} s, file database)\n` +
      `${formatLoad('POST /api/threads/:id/posts', result)}\n  posts stored: ${stored}\n`,
  );
});
