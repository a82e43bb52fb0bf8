import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ask, next, socketFactory } from '../helpers/sockets.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One sample's value from the text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let server: TestServer;
  const sockets = socketFactory(() => server.url);
  afterEach(async () => {
    sockets.closeAll();
    await server?.close();
  });

  it('exposes HTTP, socket, fan-out, database and process series that follow the traffic', async () => {
    server = await startTestServer({ dbFile: join(dir, 'metrics.db'), reference: false });
    const scrape = async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };

    const before = await scrape();
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'minga_socket_connections',
      'minga_socket_rooms',
      'minga_db_size_bytes',
      // The engine's own series: SQLite's write-ahead log, PostgreSQL's connection pool.
      onPostgres ? 'minga_db_pool_connections' : 'minga_db_wal_size_bytes',
    ]) {
      expect(sample(before, name), name).toBeGreaterThanOrEqual(0);
    }
    expect(before).toContain('# TYPE minga_http_request_duration_seconds histogram');
    expect(sample(before, 'minga_db_size_bytes')).toBeGreaterThan(0);
    expect(sample(before, 'minga_socket_connections')).toBe(0);

    const w = await buildWorld(server.app);
    const { thread } = await startThread(server.app, w.member, w.forumId);
    const reader = await sockets.connect(w.moderator.cookie);
    await ask(reader, 'thread:join', { threadId: thread.id });
    const arriving = next(reader, 'post:created');
    await replyTo(server.app, w.member, thread.id, 'Medimos lo que pasa');
    await arriving;
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/api/threads/${thread.id}`);
    await fetch(`${server.url}/api/threads/999999`);

    const after = await scrape();
    // By route pattern, never by raw URL.
    expect(sample(after, 'minga_http_requests_total', { method: 'GET', route: '/api/threads/:id', status: '200' })).toBe(3);
    expect(sample(after, 'minga_http_requests_total', { method: 'GET', route: '/api/threads/:id', status: '404' })).toBe(1);
    expect(after).not.toContain(`/api/threads/${thread.id}"`);
    // One process: every series says so (several workers label theirs 1, 2, …).
    expect(sample(after, 'minga_http_requests_total', { route: '/api/threads/:id', worker: 'main' })).toBe(3);
    expect(sample(after, 'process_resident_memory_bytes', { worker: 'main' })).toBeGreaterThan(0);
    expect(
      sample(after, 'minga_http_request_duration_seconds_count', { method: 'GET', route: '/api/threads/:id', status: '200' }),
    ).toBe(3);
    expect(sample(after, 'minga_socket_connections')).toBe(1);
    expect(sample(after, 'minga_socket_rooms')).toBeGreaterThanOrEqual(2); // the thread and the user's own room
    expect(sample(after, 'minga_socket_events_fanned_out_total', { event: 'post:created' })).toBeGreaterThanOrEqual(1);
    if (onPostgres) expect(sample(after, 'minga_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    else expect(sample(after, 'minga_db_wal_size_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /metrics protection', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.app.close();
  });

  it('asks for the bearer token when MINGA_METRICS_TOKEN is set', async () => {
    const token = 'a-long-scrape-token-1234';
    t = await buildTestApp({ reference: false, metrics: { enabled: true, token } });
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer a-long-scrape-token-1235' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('UNAUTHENTICATED');
    const right = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('minga_http_requests_total');
  });

  it('answers 404 when turned off, even with the client pages served', async () => {
    const clientDir = mkdtempSync(join(dir, 'client-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Minga</title>');
    t = await buildTestApp({ reference: false, clientDir, metrics: { enabled: false, token: undefined } });
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('minga_');
  });
});
