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

it('a password set through a reset link disconnects the account’s open sockets', async () => {
  const person = await registerUser(server.app);
  const socket = await sockets.connect(person.cookie);
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));

  await server.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN }, payload: { email: person.email } });
  const [item] = await server.app.mail.repo.list({ limit: 1 });
  const text = (await server.app.mail.repo.findById(item!.id))!.text;
  const token = new URL(/http\S+\/password\/reset\?token=\S+/.exec(text)![0]).searchParams.get('token')!;
  const done = await server.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    headers: { origin: ORIGIN },
    payload: { token, password: 'nueva-clave-del-telar-2026' },
  });
  expect(done.statusCode).toBe(204);
  await gone;
  expect(socket.connected).toBe(false);
});
