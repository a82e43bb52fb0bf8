import { expect, it } from 'vitest';
import type { Post } from '../../shared/schemas/discussions.ts';
import { replyTo, startThread } from '../helpers/forums.ts';
import { ask, liveWorld } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

it('catches a reconnecting client up with every post exactly once', async () => {
  const { thread, post: first } = await startThread(state.server.app, state.w.member, state.w.forumId);
  const expected = [first.id];
  const seen = new Map<number, number>();
  const record = (post: Post) => seen.set(post.id, (seen.get(post.id) ?? 0) + 1);

  // The page loaded the first post; the socket follows from there.
  record({ id: first.id } as Post);
  let socket = await sockets.connect(state.w.moderator.cookie);
  socket.on('post:created', ({ post }) => record(post));
  await ask(socket, 'thread:join', { threadId: thread.id, sincePostId: first.id });
  for (let i = 0; i < 3; i += 1) expected.push((await replyTo(state.server.app, state.w.member, thread.id, `En línea ${i}`)).id);
  await new Promise((r) => setTimeout(r, 200));

  socket.disconnect();
  for (let i = 0; i < 4; i += 1) expected.push((await replyTo(state.server.app, state.w.member, thread.id, `Mientras tanto ${i}`)).id);

  socket = await sockets.connect(state.w.moderator.cookie);
  socket.on('post:created', ({ post }) => record(post));
  const newest = Math.max(...seen.keys());
  const rejoined = await ask(socket, 'thread:join', { threadId: thread.id, sincePostId: newest });
  expect(rejoined.ok).toBe(true);
  expect(rejoined.data.truncated).toBe(false);
  for (const post of rejoined.data.missed as Post[]) record(post);
  for (let i = 0; i < 2; i += 1) expected.push((await replyTo(state.server.app, state.w.member, thread.id, `Después ${i}`)).id);
  await new Promise((r) => setTimeout(r, 200));

  expect([...seen.keys()].sort((a, b) => a - b)).toEqual(expected);
  expect([...seen.values()].every((count) => count === 1)).toBe(true);
});
