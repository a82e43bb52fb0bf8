/**
 * Feeds under load, beside the JSON list they mirror, in the same run: `/f/<id>.rss` (30 new
 * threads with their opening posts in full) against `GET /api/forums/:id/threads`, `/t/<id>.rss`
 * (a thread's 30 newest posts) against `GET /api/threads/:id`, and `/latest.rss`; plain and with
 * brotli. Feeds are built once per address and language until a write, so this measures the
 * cached answer a feed reader polling every few minutes gets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { formatLoad, load } from './load.ts';
import { FULL } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-feeds-'));
let t: TestApp;
let w: World;
let url: string;
let threadId = 0;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  w = await buildWorld(t.app);
  const others = [w.moderator, w.admin, w.member];
  for (let i = 0; i < 30; i += 1) {
    const { thread } = await startThread(t.app, others[i % 3]!, w.forumId, {
      title: `Tema ${i} sobre evaluación de competencias en la empresa`,
      body: `Planteo ${i}: en **nuestro centro** usamos rúbricas y portafolios.\n\n- punto uno\n- punto dos`,
    });
    threadId ||= thread.id;
  }
  for (let i = 1; i < 30; i += 1) await replyTo(t.app, others[i % 3]!, threadId, `Respuesta ${i}: usamos rúbricas con **cuatro niveles**.`);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves feeds under load beside the JSON lists', async () => {
  const shape = FULL ? { connections: 50, durationS: 10, warmupS: 2 } : { connections: 5, durationS: 1 };
  const br = { 'accept-encoding': 'br' };
  const cases: [string, string, Record<string, string>?][] = [
    ['GET /api/forums/:id/threads (JSON, 30 threads)', `/api/forums/${w.forumId}/threads`],
    ['GET /f/:id.rss (30 threads, opening posts in full)', `/f/${w.forumId}.rss`],
    ['GET /f/:id.rss, brotli', `/f/${w.forumId}.rss`, br],
    ['GET /api/threads/:id (JSON, 30 posts)', `/api/threads/${threadId}`],
    ['GET /t/:id.rss (30 newest posts)', `/t/${threadId}.rss`],
    ['GET /latest.rss, brotli', '/latest.rss', br],
  ];
  const lines: string[] = [];
  const rates: number[] = [];
  for (const [name, path, headers] of cases) {
    const result = await load({ url: `${url}${path}`, headers, ...shape });
    expect(result.non2xx + result.errors).toBe(0);
    rates.push(result.requestsPerSecond);
    lines.push(formatLoad(name, result));
  }
  process.stdout.write(
    `\n[bench] feeds (${FULL ? 'full' : 'tiny smoke'}: ${shape.connections} connections, ${shape.durationS} s)\n${lines.join('\n')}\n` +
      `  ratio forum feed / forum JSON list: ${(rates[1]! / rates[0]!).toFixed(2)}; thread feed / thread JSON: ${(rates[4]! / rates[3]!).toFixed(2)}\n`,
  );
});
