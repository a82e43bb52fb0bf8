import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import { registerUser } from '../helpers/accounts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
const open: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  open.splice(0).forEach((s) => s.disconnect());
});
afterAll(async () => {
  await server.close();
});

function client(headers: Record<string, string> = {}): Client {
  const socket: Client = connect(server.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
  open.push(socket);
  return socket;
}

function ready(socket: Client): Promise<{ userId: number | null }> {
  return new Promise((resolve, reject) => {
    socket.once('session:ready', resolve);
    socket.once('connect_error', reject);
  });
}

describe('Socket.IO handshake', () => {
  it('authenticates the handshake by the session cookie', async () => {
    const account = await registerUser(server.app);
    const socket = client({ cookie: account.cookie, origin: server.url });
    expect(await ready(socket)).toEqual({ userId: account.user.id });
  });

  it('connects visitors without a session as anonymous', async () => {
    expect(await ready(client())).toEqual({ userId: null });
  });

  it('treats an invalid or expired cookie as anonymous', async () => {
    expect(await ready(client({ cookie: 'minga_session=forged' }))).toEqual({ userId: null });
  });

  it('refuses a handshake from another site', async () => {
    const socket = client({ origin: 'https://evil.example' });
    await expect(ready(socket)).rejects.toBeTruthy();
  });

  it('acknowledges client events', async () => {
    const socket = client();
    await ready(socket);
    const reply = await socket.timeout(2000).emitWithAck('session:ping');
    expect(reply).toMatchObject({ ok: true, data: { serverTime: expect.any(String) } });
  });

  it('drops sockets when the server shuts down', async () => {
    const own = await startTestServer();
    const socket: Client = connect(own.url, { transports: ['websocket'], reconnection: false });
    await ready(socket);
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    await own.close();
    await expect(disconnected).resolves.toBeTruthy();
  });
});
