import type { App } from '../../server/app.ts';
import { registerUser } from './accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from './forums.ts';
import { relaxLimits } from './moderation.ts';

export interface LongThread {
  world: World;
  threadId: number;
  postIds: number[];
}

/**
 * A thread of `posts` posts as a busy community writes them: Markdown in every post, a
 * mention now and then, some reactions (one of them the member's own), a few replies to an
 * earlier post. The member reads it (a signed-in member who may reply, react and report).
 */
export async function buildLongThread(app: App, posts: number): Promise<LongThread> {
  const world = await buildWorld(app);
  // Past a few dozen posts the new member among the writers would meet the rate limits.
  if (posts > 60) await relaxLimits(app, world.admin);
  const third = await registerUser(app, { displayName: 'Lucía Ferreira' });
  await as(app, third).post(`/api/communities/${world.slug}/join`);
  const writers = [world.moderator, third, world.admin];
  const { thread, post } = await startThread(app, world.moderator, world.forumId, {
    title: 'Rúbricas para evaluar las prácticas en empresa',
    body: 'En nuestro centro usamos **rúbricas** en dos momentos:\n\n- al inicio\n- al cierre\n\n¿Cómo lo hacen ustedes?',
  });
  const postIds = [post.id];
  for (let i = 1; i < posts; i += 1) {
    const mention = i % 10 === 0 ? ` @${world.member.username}, ¿qué opina?` : '';
    const body = `Respuesta ${i}: en **nuestro centro** combinamos rúbricas y _portafolios_.${mention}\n\n- punto uno\n- punto dos`;
    const earlier = i % 7 === 0 ? postIds[i - 3] : undefined;
    postIds.push((await replyTo(app, writers[i % writers.length]!, thread.id, body, earlier)).id);
  }
  for (const [index, id] of postIds.entries()) {
    if (index % 4 !== 1) continue;
    await as(app, third).post(`/api/posts/${id}/reactions`, { kind: 'like' });
    if (index % 8 === 1) await as(app, world.member).post(`/api/posts/${id}/reactions`, { kind: 'thanks' });
  }
  return { world, threadId: thread.id, postIds };
}
