import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { socketFactory } from '../helpers/sockets.ts';

let server: TestServer;
const sockets = socketFactory(() => server.url);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  sockets.closeAll();
  await server?.close();
});

it('deleting the account disconnects its open sockets, in every browser, and the old cookie is nobody’s', async () => {
  await registerUser(server.app); // the admin
  const person = await registerUser(server.app);
  const again = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: person.username, password: person.password } });
  const otherCookie = `minga_session=${again.cookies.find((c) => c.name === 'minga_session')!.value}`;
  const here = await sockets.connect(person.cookie);
  const there = await sockets.connect(otherCookie);
  const gone = Promise.all([here, there].map((socket) => new Promise((resolve) => socket.once('disconnect', resolve))));

  const done = await server.app.inject({ method: 'DELETE', url: '/api/me', headers: { origin: ORIGIN, cookie: person.cookie }, payload: { password: person.password, posts: 'keep' } });
  expect(done.statusCode).toBe(204);
  await gone;
  expect(here.connected || there.connected).toBe(false);
  // The old cookie now opens a visitor's socket, nobody's.
  const visitor = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: server.url, cookie: otherCookie } });
  const ready = await new Promise<{ userId: number | null }>((resolve) => visitor.once('session:ready', resolve));
  visitor.disconnect();
  expect(ready.userId).toBeNull();
});
