import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();
const app = () => state.server.app;

/**
 * A site role taken away on the people page takes away what it gave on sockets already open:
 * an admin reads private communities, and a socket opened while they were one must not keep
 * reading them, nor join new rooms with the role they no longer have.
 */
describe('sockets of someone whose site role changes', () => {
  it('leave a private community’s rooms when an admin is made a member again, and cannot join them after', async () => {
    const w = await buildWorld(app(), { admin: state.w.admin, visibility: 'private' });
    await setTrust(app(), w);
    const second = await registerUser(app());
    const promoted = await as(app(), w.admin).patch(`/api/users/${second.user.id}/role`, { role: 'admin' });
    expect(promoted.statusCode).toBe(200);
    const { thread } = await startThread(app(), w.member, w.forumId);

    const socket = await sockets.connect(second.cookie);
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const removed = next(socket, 'thread:removed', (p) => p.threadId === thread.id).then(() => true, () => false);

    const demoted = await as(app(), w.admin).patch(`/api/users/${second.user.id}/role`, { role: 'member' });
    expect(demoted.statusCode).toBe(200);
    expect(await removed).toBe(true);

    const quiet = silent(socket, 'post:created', (p) => p.threadId === thread.id, 700);
    await replyTo(app(), w.member, thread.id, 'Cifras internas de la comunidad privada');
    expect(await quiet).toBe(true);

    const again = await ask(socket, 'community:join', { slug: w.slug });
    expect(again.ok).toBe(false);
    const rejoin = await ask(socket, 'thread:join', { threadId: thread.id });
    expect(rejoin.ok).toBe(false);
  });
});
