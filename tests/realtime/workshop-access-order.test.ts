/**
 * A workshop's live events wait for the access re-checks a change set off, as a thread's do
 * (fanout.ts): a message written right after a community turns private reaches its members,
 * never an outsider still in the room until their re-check takes them out. The re-checks are
 * slowed (test-only realtimeTiming) so that the window a slow database would open is wide.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ask, next, silent, socketFactory } from '../helpers/sockets.ts';
import { openWorkshop } from '../helpers/workshops.ts';

let server: TestServer;
let w: World;
const sockets = socketFactory(() => server.url);

beforeAll(async () => {
  server = await startTestServer({ realtimeTiming: { recheckDelayMs: 600 } });
  w = await buildWorld(server.app);
});
afterEach(() => sockets.closeAll());
afterAll(async () => {
  await server.close();
});

describe('a workshop room when its community turns private', () => {
  it('sends a message written at once to members only: the outsider is out first', async () => {
    const workshop = await openWorkshop(server.app, w.moderator, w.slug);
    const outsider = await sockets.connect(w.outsider.cookie);
    const member = await sockets.connect(w.member.cookie);
    for (const socket of [outsider, member]) expect((await ask(socket, 'workshop:join', { workshopId: workshop.id })).ok).toBe(true);
    const leaked = silent(outsider, 'workshop:message', (p) => p.workshopId === workshop.id, 1500);
    const memberSees = next(member, 'workshop:message', (p) => p.workshopId === workshop.id, 3000);
    expect((await as(server.app, w.admin).patch(`/api/communities/${w.slug}`, { visibility: 'private' })).statusCode).toBe(200);
    expect((await ask(member, 'workshop:message', { workshopId: workshop.id, body: 'Ya somos solo los miembros' })).ok).toBe(true);
    await memberSees;
    expect(await leaked).toBe(true);
  });
});
