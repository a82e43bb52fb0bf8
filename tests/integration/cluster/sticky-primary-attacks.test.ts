/**
 * The primary's hand-off of connections (server/cluster/sticky.ts), attacked over real TCP: a
 * client that opens connections and never finishes a request's head (slowloris) must not hold
 * them in the primary for ever, since no worker's own timeouts apply before the hand-off.
 */
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceConnections } from '../../../server/cluster/sticky.ts';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer();
  // No worker ready: a complete head would be answered 503 by the primary itself.
  balanceConnections(server, { ready: () => [] }, { headTimeoutMs: 300 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Opens a connection, sends `bytes`, and resolves with what came back once the primary closes it (or null after 3 s). */
function hold(bytes: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      if (bytes) socket.write(bytes);
    });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, 3_000);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('the primary against slow or silent clients', () => {
  it('drops a connection whose head never ends (slowloris) with a 408', async () => {
    const answer = await hold('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).not.toBeNull();
    expect(answer).toContain('408');
  });

  it('drops a connection that sends nothing at all', async () => {
    expect(await hold('')).not.toBeNull();
  });

  it('still answers a complete head at once (503 here: no worker is ready)', async () => {
    expect(await hold('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n')).toContain('503');
  });
});
