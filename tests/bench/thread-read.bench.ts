/**
 * Reading a 50-post thread under load, against a reference route of the same app that
 * answers a constant JSON body of the same size: the ratio shows what the thread read costs
 * beyond Fastify and the network. Aim: ratio ≥ 0.6 and p99 < 25 ms on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { formatLoad, load } from './load.ts';
import { FULL } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let url: string;
let threadId: number;
let referenceBody = '';
let memberCookie = '';

beforeAll(async () => {
  t = await buildTestApp({
    dbFile: join(dir, 'bench.db'),
    extend: (app) => {
      app.get('/api/bench/reference', async (_request, reply) => reply.type('application/json').send(referenceBody));
    },
  });
  process.stdout.write('[bench] thread-read: preparing a thread of 50 posts\n');
  const w = await buildWorld(t.app);
  const others = [w.moderator, w.admin, await registerUser(t.app)];
  await Promise.all(others.slice(2).map((u) => t.app.inject({ method: 'POST', url: `/api/communities/${w.slug}/join`, headers: { origin: 'http://localhost:80', cookie: u.cookie } })));
  memberCookie = w.member.cookie;
  const { thread } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
  threadId = thread.id;
  for (let i = 1; i < 50; i += 1) {
    await replyTo(t.app, others[i % others.length]!, threadId, `Respuesta ${i}: en **nuestro centro** usamos rúbricas y portafolios; @${w.member.username} ¿cómo lo hacen ustedes?\n\n- punto uno\n- punto dos`);
  }
  const page = await t.app.inject({ url: `/api/threads/${threadId}` });
  expect(JSON.parse(page.body).posts).toHaveLength(50);
  referenceBody = page.body;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('measures GET /api/threads/:id (50 posts) against a constant reference', async () => {
  const shape = FULL ? { connections: 50, durationS: 10, warmupS: 3 } : { connections: 5, durationS: 1 };
  const thread = await load({ url: `${url}/api/threads/${threadId}`, ...shape });
  const reference = await load({ url: `${url}/api/bench/reference`, ...shape });
  // A signed-in reader: the session check, their reactions and what they may edit.
  const member = await load({ url: `${url}/api/threads/${threadId}`, headers: { cookie: memberCookie }, ...shape });
  expect(thread.non2xx + thread.errors + member.non2xx + member.errors).toBe(0);
  const ratio = thread.requestsPerSecond / reference.requestsPerSecond;
  process.stdout.write(
    `\n[bench] thread-read (${FULL ? 'full' : 'tiny smoke'}: ${shape.connections} connections, ${shape.durationS} s; body ${referenceBody.length} bytes)\n` +
      `${formatLoad('GET /api/threads/:id (50 posts)', thread)}\n${formatLoad('GET reference (constant JSON)', reference)}\n` +
      `  ratio thread/reference: ${ratio.toFixed(2)}\n` +
      `${formatLoad('GET /api/threads/:id as a member', member)}\n` +
      `  ratio member/reference: ${(member.requestsPerSecond / reference.requestsPerSecond).toFixed(2)}\n` +
      `  ratio member/anonymous thread route (issue 16 aim >= 0.6): ${(member.requestsPerSecond / thread.requestsPerSecond).toFixed(2)}\n`,
  );
});
