/**
 * Slow and greedy clients cannot starve the others: headers and whole requests have deadlines,
 * idle connections are let go, and the number of connections is capped. On loopback, with
 * bounded loops and short deadlines instead of the defaults.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const opened: Socket[] = [];
afterEach(async () => {
  opened.splice(0).forEach((s) => s.destroy());
  await server.close();
});

const limits = { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 1_000, maxConnections: 200 };

/** A raw TCP connection that records what the server sends back and when it closes. */
function open(port: number) {
  const socket = connect(port, '127.0.0.1');
  opened.push(socket);
  const state = { received: '', closedAt: 0 };
  socket.on('data', (chunk) => (state.received += chunk.toString('latin1')));
  socket.on('close', () => (state.closedAt = Date.now()));
  socket.on('error', () => {});
  return { socket, state, ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())) };
}

/** A normal visitor: one request on a new connection, timed. */
async function visit(url: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3_000), headers: { connection: 'close' } });
  await response.arrayBuffer();
  return { status: response.status, ms: Date.now() - started };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('protection against slow and greedy clients', () => {
  it('serves a normal client promptly while slowloris connections drip headers and a flood sits idle, then cuts them', async () => {
    server = await startTestServer({ reference: false, http: limits });
    const started = Date.now();
    // 60 connections sending their headers a byte at a time, never finishing.
    const slow = Array.from({ length: 60 }, () => open(server.port));
    await Promise.all(slow.map((c) => c.ready));
    slow.forEach((c) => c.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    let drip = 0;
    const dripping = setInterval(() => {
      drip += 1;
      for (const c of slow) if (!c.socket.destroyed) c.socket.write(`X-Slow-${drip}: a`);
    }, 100);
    // And 100 connections that open and say nothing.
    const idle = Array.from({ length: 100 }, () => open(server.port));
    await Promise.all(idle.map((c) => c.ready));

    try {
      for (let i = 0; i < 5; i++) {
        const { status, ms } = await visit(server.url);
        expect(status).toBe(200);
        expect(ms).toBeLessThan(500);
      }
      // Past the headers deadline (checked every second), every one of them has been shown the door.
      const deadline = Date.now() + 4_000;
      while (Date.now() < deadline && [...slow, ...idle].some((c) => c.state.closedAt === 0)) await wait(100);
    } finally {
      clearInterval(dripping);
    }
    for (const c of [...slow, ...idle]) {
      expect(c.state.closedAt, 'a slow connection is still open').toBeGreaterThan(0);
      expect(c.state.closedAt - started).toBeLessThan(limits.headersTimeoutMs + 3_000);
    }
    expect(slow.filter((c) => c.state.received.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(50);
    expect((await visit(server.url)).status).toBe(200);
  }, 15_000);

  it('cuts a request whose body never finishes arriving', async () => {
    server = await startTestServer({ reference: false, http: limits });
    const c = open(server.port);
    await c.ready;
    c.socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"username":"',
    );
    const dripping = setInterval(() => !c.socket.destroyed && c.socket.write('a'), 100);
    const started = Date.now();
    try {
      while (c.state.closedAt === 0 && Date.now() - started < 5_000) await wait(100);
    } finally {
      clearInterval(dripping);
    }
    expect(c.state.closedAt).toBeGreaterThan(0);
    expect(c.state.closedAt - started).toBeLessThan(limits.requestTimeoutMs + 2_000);
    expect((await visit(server.url)).status).toBe(200);
  }, 10_000);

  it('caps the connections a flood can hold, and serves again once the idle ones are cut', async () => {
    server = await startTestServer({ reference: false, http: { ...limits, maxConnections: 40 } });
    const flood = Array.from({ length: 40 }, () => open(server.port));
    await Promise.all(flood.map((c) => c.ready));
    await wait(100);
    // Over the cap: the server drops the connection at once rather than holding it.
    const over = open(server.port);
    const started = Date.now();
    while (over.state.closedAt === 0 && Date.now() - started < 2_000) await wait(20);
    expect(over.state.closedAt).toBeGreaterThan(0);
    expect(over.state.received).toBe('');
    // The flood says nothing, so it is cut at the headers deadline and room is made.
    const deadline = Date.now() + 4_000;
    while (Date.now() < deadline && flood.some((c) => c.state.closedAt === 0)) await wait(100);
    expect(flood.every((c) => c.state.closedAt > 0)).toBe(true);
    expect((await visit(server.url)).status).toBe(200);
  }, 10_000);

  it('refuses bodies over the limit with a 413 the client can read', async () => {
    server = await startTestServer({ reference: false, http: limits });
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'x'.repeat(300 * 1024), password: 'y' }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('BODY_TOO_LARGE');
  });

  it('has protective defaults and reads them from the environment', () => {
    expect(loadConfig({}).http).toEqual({ requestTimeoutMs: 120_000, headersTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000, maxConnections: 20_000 });
    expect(loadConfig({ MINGA_HEADERS_TIMEOUT_S: '5', MINGA_REQUEST_TIMEOUT_S: '30', MINGA_MAX_CONNECTIONS: '500' }).http).toMatchObject({
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 30_000,
      maxConnections: 500,
    });
    expect(() => loadConfig({ MINGA_HEADERS_TIMEOUT_S: '60', MINGA_REQUEST_TIMEOUT_S: '30' })).toThrow(/must not be longer/);
  });
});
