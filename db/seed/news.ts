/**
 * Demo news (issue 18, part 1 and the representatives of part 7): a representative named for
 * each institution that publishes (a demo account or synthetic member of it), ~30 items over
 * 2026 in the institution's language, and their comments as threads of the site's News forum,
 * written with the same counters the discussions keep. Deterministic.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { NEWS_COMMUNITY_SLUG } from '../../shared/schemas/news.ts';
import { cook, emptyResolver } from '../../server/lib/markdown.ts';
import { exec, transaction } from '../access.ts';
import type { Db } from '../client.ts';
import { communities, communityMembers, forums, institutionRepresentatives, institutions, newsItems, newsTopics, posts, threads, users } from '../schema/index.ts';
import { NEWS_COMMENTS, NEWS_PLANS } from './news-items.ts';

const HOUR = 3600_000;
const READ_ITEM = { es: 'Leer la noticia completa', pt: 'Ler a notícia completa', en: 'Read the full news item' } as const;

export async function seedNews(db: Db, progress: (line: string) => void): Promise<{ items: number; representatives: number }> {
  if ((await db.select({ id: newsItems.id }).from(newsItems).limit(1)).length > 0) return { items: 0, representatives: 0 };
  const first = async <T>(query: PromiseLike<T[]>): Promise<T | undefined> => (await query)[0];
  const editor =
    (await first(db.select({ id: users.id }).from(users).where(eq(users.username, 'lucia_moderadora')).limit(1))) ??
    (await first(db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1)));
  if (!editor) return { items: 0, representatives: 0 };

  // The representative of each publishing institution: its first demo or synthetic member.
  const representativeOf = new Map<number, number>();
  const institutionOf = async (from: { acronym: string; countryCode: string }) =>
    (await first(db.select({ id: institutions.id }).from(institutions).where(and(eq(institutions.acronym, from.acronym), eq(institutions.countryCode, from.countryCode))).limit(1)))?.id;
  for (const plan of NEWS_PLANS) {
    if (!plan.from) continue;
    const id = await institutionOf(plan.from);
    if (id === undefined || representativeOf.has(id)) continue;
    const person = await first(db.select({ id: users.id }).from(users).where(and(eq(users.institutionId, id), eq(users.role, 'member'))).orderBy(asc(users.id)).limit(1));
    if (!person) continue;
    representativeOf.set(id, person.id);
    await db.insert(institutionRepresentatives).values({ institutionId: id, userId: person.id, createdAt: new Date(Date.UTC(2025, 11, 1)) }).onConflictDoNothing();
  }

  // The News community and forum, as the news service makes them (public, open, no owner).
  const community =
    (await first(db.select().from(communities).where(eq(communities.slug, NEWS_COMMUNITY_SLUG)).limit(1))) ??
    (await first(
      db
        .insert(communities)
        .values({ slug: NEWS_COMMUNITY_SLUG, name: 'Noticias / Notícias / News', description: 'Comentarios sobre las noticias de la red. Comentários sobre as notícias da rede. Comments on the network’s news.', visibility: 'public', joinPolicy: 'open', ownerId: null, createdAt: new Date(Date.UTC(2026, 0, 1)) })
        .returning(),
    ))!;
  const forum =
    (await first(db.select().from(forums).where(and(eq(forums.communityId, community.id), eq(forums.slug, 'news'))).limit(1))) ??
    (await first(db.insert(forums).values({ communityId: community.id, slug: 'news', name: 'News', position: 0 }).returning()))!;

  // Commenters: members of the network in turn, by id (the first few hundred accounts).
  const readers = (await db.select({ id: users.id }).from(users).orderBy(asc(users.id)).limit(400)).map((r) => r.id);
  const members = new Set<number>();
  let nextReader = 7;
  let items = 0;
  await transaction(db, async () => {
    for (const plan of NEWS_PLANS) {
      const institutionId = plan.from ? ((await institutionOf(plan.from)) ?? null) : null;
      const authorId = (institutionId !== null ? representativeOf.get(institutionId) : undefined) ?? editor.id;
      const at = new Date(Date.UTC(2026, plan.date[0] - 1, plan.date[1], 13, 0));
      const [row] = await db
        .insert(newsItems)
        .values({ authorId, title: plan.title, summary: plan.summary, body: plan.body, bodyHtml: cook(plan.body, emptyResolver).html, language: plan.language, countryCode: plan.countryCode, institutionId, publishedAt: at, createdAt: at, updatedAt: at })
        .returning();
      await db.insert(newsTopics).values(plan.topics.map((code) => ({ newsId: row!.id, code })));

      const opening = `${plan.summary}\n\n[${READ_ITEM[plan.language]}](/news/${row!.id})`;
      const [thread] = await db
        .insert(threads)
        .values({ forumId: forum.id, communityId: community.id, authorId, title: plan.title, kind: 'discussion', language: plan.language, lastPostAt: at, createdAt: at })
        .returning();
      const lines = NEWS_COMMENTS[plan.language];
      const written = [{ authorId, body: opening, at }];
      for (let c = 0; c < plan.comments; c += 1) {
        let reader = readers[nextReader++ % readers.length]!;
        if (reader === authorId) reader = readers[nextReader++ % readers.length]!;
        written.push({ authorId: reader, body: lines[(row!.id + c) % lines.length]!, at: new Date(at.getTime() + (c + 1) * 5 * HOUR) });
      }
      let firstPostId = 0;
      for (const [index, p] of written.entries()) {
        const cooked = cook(p.body, emptyResolver);
        const [post] = await db
          .insert(posts)
          .values({ threadId: thread!.id, authorId: p.authorId, number: index + 1, body: p.body, bodyHtml: cooked.html, bodyText: cooked.text, createdAt: p.at })
          .returning({ id: posts.id });
        if (index === 0) firstPostId = post!.id;
        members.add(p.authorId);
      }
      const last = written.at(-1)!.at;
      await db.update(threads).set({ firstPostId, postCount: written.length, lastPostAt: last }).where(eq(threads.id, thread!.id));
      await db.update(newsItems).set({ threadId: thread!.id }).where(eq(newsItems.id, row!.id));
      items += 1;
    }
    for (const userId of members) {
      await db.insert(communityMembers).values({ communityId: community.id, userId, role: 'member', status: 'active', createdAt: new Date(Date.UTC(2026, 0, 15)) }).onConflictDoNothing();
    }
    // The counters the discussions keep for a forum and its community.
    await exec(
      db,
      sql`UPDATE ${forums} SET thread_count = (SELECT count(*) FROM ${threads} WHERE forum_id = ${forum.id}),
               post_count = (SELECT count(*) FROM ${posts} p JOIN ${threads} t ON t.id = p.thread_id WHERE t.forum_id = ${forum.id}),
               last_post_at = (SELECT max(last_post_at) FROM ${threads} WHERE forum_id = ${forum.id}) WHERE id = ${forum.id}`,
    );
    await exec(
      db,
      sql`UPDATE ${communities} SET member_count = (SELECT count(*) FROM ${communityMembers} WHERE community_id = ${community.id} AND status = 'active'),
               last_activity_at = (SELECT max(last_post_at) FROM ${threads} WHERE community_id = ${community.id}) WHERE id = ${community.id}`,
    );
  });
  progress(`news ${items} items, ${representativeOf.size} representatives`);
  return { items, representatives: representativeOf.size };
}
