/**
 * A change of who may read, made through one process, against the broadcasts that follow it
 * (issue 20). Two apps on one SQLite file and one Redis; A's access re-checks are slowed down
 * (as a busy database would slow them) so that the moment between the change and A taking its
 * outsiders out of their rooms is wide. Whatever B then sends about the thread must not reach
 * A's outsiders in that moment, and must still reach A's members.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPair, listenPair, type AppPair } from '../helpers/cluster.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { next, silent, socketFactory } from '../helpers/sockets.ts';

/** Longer than the whole of B's fan-out: without the fix, B's broadcasts reach A well inside it. */
const SLOW_RECHECK_MS = 600;

let redis: TestRedis;
let pair: AppPair;
let w: World;
const urls = { a: '', b: '' };
const onA = socketFactory(() => urls.a);

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis, {}, { a: { realtimeTiming: { recheckDelayMs: SLOW_RECHECK_MS } } });
  Object.assign(urls, await listenPair(pair));
  w = await buildWorld(pair.a.app);
  await relaxLimits(pair.a.app, w.admin);
});
afterEach(() => onA.closeAll());
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

const A = () => pair.a.app;
const B = () => pair.b.app;
/** Long enough for A's slow re-check and what B sends after it. */
const WAIT_MS = SLOW_RECHECK_MS * 3;

describe('an access change through B while A re-checks slowly', () => {
  it('sends a thread moved into a private community, and a reply written at once, to A’s members only', async () => {
    const priv = await buildWorld(A(), { admin: w.admin, visibility: 'private' });
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Se muda mientras A tarda' });
    const [outsider, member] = await onA.inThread(thread.id, [priv.outsider.cookie, priv.member.cookie]);

    const removed = next(outsider, 'thread:removed', (p) => p.threadId === thread.id, WAIT_MS);
    const stateLeaked = silent(outsider, 'thread:updated', (p) => p.thread.id === thread.id, WAIT_MS);
    const postLeaked = silent(outsider, 'post:created', (p) => p.threadId === thread.id, WAIT_MS);
    const memberSeesState = next(member, 'thread:updated', (p) => p.thread.id === thread.id && p.thread.forumId === priv.forumId, WAIT_MS);
    const memberSeesPost = next(member, 'post:created', (p) => p.threadId === thread.id, WAIT_MS);

    const moved = await as(B(), w.admin).post(`/api/threads/${thread.id}/move`, { forumId: priv.forumId });
    expect(moved.statusCode, moved.body).toBe(200);
    const reply = await replyTo(B(), priv.member, thread.id, 'Ya en la comunidad privada');

    expect((await memberSeesState).thread.forumId).toBe(priv.forumId);
    expect((await memberSeesPost).post.id).toBe(reply.id);
    await removed;
    expect(await stateLeaked).toBe(true);
    expect(await postLeaked).toBe(true);
  });

  it('sends a reply written through B right after its community turned private to A’s members only', async () => {
    const open = await buildWorld(A(), { admin: w.admin });
    const { thread } = await startThread(A(), open.member, open.forumId, { title: 'La comunidad se cierra' });
    const [outsider, member] = await onA.inThread(thread.id, [open.outsider.cookie, open.member.cookie]);

    const removed = next(outsider, 'thread:removed', (p) => p.threadId === thread.id, WAIT_MS);
    const leaked = silent(outsider, 'post:created', (p) => p.threadId === thread.id, WAIT_MS);
    const memberSees = next(member, 'post:created', (p) => p.threadId === thread.id, WAIT_MS);

    const closed = await as(B(), w.admin).patch(`/api/communities/${open.slug}`, { visibility: 'private' });
    expect(closed.statusCode, closed.body).toBe(200);
    const reply = await replyTo(B(), open.member, thread.id, 'Solo para miembros');

    expect((await memberSees).post.id).toBe(reply.id);
    await removed;
    expect(await leaked).toBe(true);
  });
});
