/** An export's progress reaches the member's own sockets live, and nobody else's (issue 19, "My data"). */
import { describe, expect, it } from 'vitest';
import { as, startThread } from '../helpers/forums.ts';
import { liveWorld, type Client } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

function collect(socket: Client) {
  const seen: { id: number; status: string; progress: number }[] = [];
  socket.on('export:progress', (event) => seen.push(event));
  return seen;
}

describe('export progress', () => {
  it('goes to the member’s sockets from queued to ready, and never to another member', async () => {
    for (let i = 0; i < 3; i += 1) await startThread(state.server.app, state.w.member, state.w.forumId, { title: `Tema ${i + 1} para exportar` });
    const mine = collect(await sockets.connect(state.w.member.cookie));
    const theirs = collect(await sockets.connect(state.w.outsider.cookie));

    const asked = await as(state.server.app, state.w.member).post('/api/me/export');
    expect(asked.statusCode).toBe(202);
    const { id } = asked.json() as { id: number };
    await state.server.app.dataExports.idle();
    await expect.poll(() => mine.at(-1)).toEqual({ id, status: 'ready', progress: 1 });
    expect(mine[0]).toEqual({ id, status: 'queued', progress: 0 });
    expect(mine.some((event) => event.status === 'running' && event.progress > 0 && event.progress < 1)).toBe(true);
    expect(theirs).toEqual([]);
  });
});
