import { beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/events.ts';
import { as, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { ask, liveWorld, type Client } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();
// One account opens dozens of identical threads here: the spam limits are not the subject.
beforeAll(() => relaxLimits(state.server.app, state.w.admin));

async function stillServing(): Promise<void> {
  expect((await as(state.server.app, null).get('/api/health')).statusCode).toBe(200);
  const other = await sockets.connect();
  expect((await ask(other, 'session:ping')).ok).toBe(true);
}

const disconnected = (socket: Client) => new Promise((resolve) => socket.once('disconnect', resolve));

describe('abuse limits on sockets', () => {
  it('answers malformed payloads with an error acknowledgement, in the socket user’s language', async () => {
    const socket = await sockets.connect(state.w.member.cookie);
    for (const payload of [{}, { threadId: 'uno' }, { threadId: -3 }, { threadId: 1, extra: true }, 'texto', null, [1, 2]]) {
      const answer = await ask(socket, 'thread:join', payload);
      expect(answer, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await ask(socket, 'typing', { threadId: 999999 })).error?.code).toBe('THREAD_NOT_FOUND');
    expect((await ask(socket, 'thread:join', {})).error?.message).toBe('Algunos datos no son válidos: revise el formulario.');
    expect(socket.connected).toBe(true);
    await stillServing();
  });

  it('limits how many rooms one socket follows', async () => {
    const socket = await sockets.connect(state.w.member.cookie);
    const threads: number[] = [];
    for (let i = 0; i <= SOCKET_LIMITS.maxRooms; i += 1) {
      threads.push((await startThread(state.server.app, state.w.member, state.w.forumId, { title: `Tema número ${i} de muchos` })).thread.id);
    }
    // Spread over time so the event budget is not what stops it.
    let refused: { ok: boolean; error?: { code: string } } | null = null;
    for (const [i, threadId] of threads.entries()) {
      if (i > 0 && i % (SOCKET_LIMITS.eventsPerWindow - 5) === 0) await new Promise((r) => setTimeout(r, SOCKET_LIMITS.windowMs));
      const answer = await ask(socket, 'thread:join', { threadId });
      if (!answer.ok) {
        refused = answer;
        break;
      }
    }
    expect(refused?.error?.code).toBe('TOO_MANY_ROOMS');
  }, 60_000);

  it('rate-limits event floods with error acknowledgements, then disconnects', async () => {
    const socket = await sockets.connect(state.w.member.cookie);
    const gone = disconnected(socket);
    const answers = await Promise.all(Array.from({ length: SOCKET_LIMITS.eventsPerWindow + 10 }, () => ask(socket, 'session:ping')));
    expect(answers.filter((a) => a.ok)).toHaveLength(SOCKET_LIMITS.eventsPerWindow);
    expect(answers.filter((a) => !a.ok).every((a) => a.error?.code === 'RATE_LIMITED')).toBe(true);
    for (let i = 0; i < 4 * SOCKET_LIMITS.eventsPerWindow; i += 1) socket.emit('session:ping', () => {});
    await expect(gone).resolves.toBeTruthy();
    await stillServing();
  });

  it('disconnects a socket that sends an oversized payload', async () => {
    const socket = await sockets.connect(state.w.member.cookie);
    const gone = disconnected(socket);
    socket.emit('typing', { threadId: 1, padding: 'x'.repeat(SOCKET_LIMITS.maxPayloadBytes * 2) } as never, () => {});
    await expect(gone).resolves.toBeTruthy();
    await stillServing();
  });
});
