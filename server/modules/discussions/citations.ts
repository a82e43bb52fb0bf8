import type { EventBus } from '../../lib/event-bus.ts';
import type { LinkType } from '../../lib/markdown.ts';
import { LINK_TYPE_OF, type KnowledgeKind } from '../../../shared/schemas/knowledge.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { PostsRepository } from './posts-repository.ts';
import { cookAsync, cookResolver } from './cooking.ts';

/**
 * Posts are cooked once, on write, with their typed links resolved; a cited record that is
 * withdrawn must stop being a live link (it shows as an unavailable citation), and come back
 * when restored. So the posts citing it are cooked again from their own text: no edit, no
 * revision, no mention notified again. Their `post_links` rows stay, to find them on restore.
 */
export function subscribeCitationRecooking(bus: EventBus, deps: { links: LinksRepository; posts: PostsRepository; users: UsersRepository }) {
  const { links, posts, users } = deps;
  const resolver = cookResolver(users, links);
  bus.subscribe('knowledge.updated', async ({ kind, id, withdrawn }) => {
    if (withdrawn === undefined) return;
    const type = LINK_TYPE_OF[kind as KnowledgeKind] as LinkType | undefined;
    if (!type) return;
    for (const post of await posts.findMany(await links.citingPosts(type, id))) {
      let html: string;
      try {
        html = (await cookAsync(post.body, resolver)).html;
      } catch {
        continue; // cooked once already; a text too complex today keeps its HTML
      }
      if (html === post.bodyHtml) continue;
      await posts.recook(post.id, html);
      await bus.publish('post.updated', { threadId: post.threadId, postId: post.id, mentionedUserIds: [] });
    }
  });
}
