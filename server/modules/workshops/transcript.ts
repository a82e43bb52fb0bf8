import { LINK_TYPE_OF, type KnowledgeKind } from '../../../shared/schemas/knowledge.ts';
import { BODY_MAX, TITLE_MAX } from '../../../shared/schemas/discussions.ts';
import type { Thread } from '../../../shared/schemas/discussions.ts';
import type { PublishForums, Transcript } from '../../../shared/schemas/workshops.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { WorkshopContext } from './context.ts';
import { toMessage, toQuestion } from './mapper.ts';
import { requireControl, roomStateOf, workshopPolicy } from './policy.ts';
import type { MessageWithAuthor, QuestionWithPeople } from './repository.ts';

const KNOWLEDGE_LINK = /\[\[(resource|profile|experience|specialist|institution):(\d{1,9})\]\]/g;
const KNOWLEDGE_URL = /\/knowledge\/(resources|profiles|experiences|specialists|institutions)\/(\d{1,9})\b/g;
/** Room left in a thread's first post for the closing note. */
const MARGIN = 500;

/** Typed links to the knowledge bases shared in these texts, as typed links, first mention first. */
export function sharedLinks(texts: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    const hits: { at: number; link: string }[] = [];
    for (const m of text.matchAll(KNOWLEDGE_LINK)) hits.push({ at: m.index, link: `[[${m[1]}:${Number(m[2])}]]` });
    for (const m of text.matchAll(KNOWLEDGE_URL)) hits.push({ at: m.index, link: `[[${LINK_TYPE_OF[m[1] as KnowledgeKind]}:${Number(m[2])}]]` });
    for (const hit of hits.sort((a, b) => a.at - b.at)) found.add(hit.link);
  }
  return [...found];
}

/** Leading list and quote markers nested this deep are shown as text once quoted (the cooker refuses deeper nesting). */
const DEEP = 32;
const flatten = (line: string) =>
  line.replace(/^[ \t>*+-]+/, (prefix) => ((prefix.match(/[>*+-]/g) ?? []).length >= DEEP ? prefix.replace(/[>*+-]/g, '\\$&') : prefix));
const quote = (text: string) => text.split('\n').map((line) => `> ${flatten(line)}`).join('\n');
const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

/**
 * The entries that fit in `budget` characters (each counted with a blank line after it), in
 * order: all of them, or those that fit from the start (from the end with `keepLast`) and a
 * note saying how many were left out. The note's room is kept for the largest count, so the
 * result never passes the budget unless the note alone does.
 */
function fitting(entries: string[], budget: number, note: (left: number) => string, keepLast = false): { kept: string[]; note: string | null } {
  const size = (parts: string[]) => parts.reduce((n, part) => n + part.length + 2, 0);
  if (size(entries) <= budget) return { kept: entries, note: null };
  const room = budget - (note(entries.length).length + 2);
  const kept: string[] = [];
  let used = 0;
  for (const entry of keepLast ? [...entries].reverse() : entries) {
    if (used + entry.length + 2 > room) break;
    kept.push(entry);
    used += entry.length + 2;
  }
  return { kept: keepLast ? kept.reverse() : kept, note: note(entries.length - kept.length) };
}

/**
 * The transcript as the Markdown of a thread's first post, in the workshop's language, always
 * within the post limit: the link to the workshop and the resources shared come first in
 * priority, then the questions (the best-ranked kept), then the chat (the latest kept); what
 * is left out is named, with a link to the workshop's full transcript.
 */
export function transcriptMarkdown(
  workshop: { id: number; kind: string; startsAt: Date; language: Locale },
  messages: MessageWithAuthor[],
  questions: QuestionWithPeople[],
): string {
  const l = workshop.language;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(l, key, params);
  const url = `/w/${workshop.id}`;
  const counted = (key: 'earlier' | 'moreQuestions' | 'moreResources') => (count: number) =>
    t(`workshops.publish.${key}.${count === 1 ? 'one' : 'other'}`, { count, url });
  const head = t('workshops.publish.intro', { date: workshop.startsAt.toISOString().slice(0, 10) }) + ` [[workshop:${workshop.id}]]`;
  const limit = BODY_MAX - MARGIN;
  const size = (parts: string[]) => parts.reduce((n, part) => n + part.length + 2, 0);
  // Room kept for each section's heading and for a note in the sections after it.
  const reserve = (sections: number) => sections * 400;

  const links = sharedLinks([...messages.map((m) => m.body), ...questions.flatMap((q) => [q.body, q.answer ?? ''])]);
  const resources = fitting(links.map((link) => `- ${link}`), limit - head.length - reserve(3), counted('moreResources'));
  const resourcesPart = links.length
    ? [`## ${t('workshops.publish.resources')}`, resources.kept.join('\n'), ...(resources.note ? [resources.note] : [])].filter(Boolean)
    : [];

  const questionEntries = questions.map((q, index) => {
    const votes = t(q.voteCount === 1 ? 'workshops.votes.one' : 'workshops.votes.other', { count: q.voteCount });
    const lines = [`${index + 1}. **${q.author.displayName}** (${votes}): ${q.body.replace(/\n+/g, ' ')}`];
    if (q.answeredAt) {
      const who = q.answeredBy?.displayName ?? '';
      lines.push(`   - ${t('workshops.publish.answer', { name: who })}${q.answer ? ` ${q.answer.replace(/\n+/g, ' ')}` : ''}`);
    }
    return lines.join('\n');
  });
  const asked = fitting(questionEntries, limit - size([head, ...resourcesPart]) - reserve(2), counted('moreQuestions'));
  const questionsPart = questions.length ? [`## ${t('workshops.questions.title')}`, ...asked.kept, ...(asked.note ? [asked.note] : [])] : [];

  const chatEntries = messages.map((m) => `**${m.author.displayName}** · ${clock(m.createdAt)}\n${quote(m.body)}`);
  const chat = fitting(chatEntries, limit - size([head, ...resourcesPart, ...questionsPart]) - reserve(1), counted('earlier'), true);
  const chatPart = [
    `## ${t('workshops.chat.title')}`,
    ...(messages.length === 0 ? [t('workshops.chat.empty')] : [...(chat.note ? [chat.note] : []), ...chat.kept]),
  ];
  return [head, ...chatPart, ...questionsPart, ...resourcesPart].join('\n\n');
}

/** The transcript of a workshop, and publishing it as a thread so the discussion goes on. */
export function createTranscripts(ctx: WorkshopContext, deps: { communities: Pick<CommunitiesRepository, 'findForum' | 'forumsOf'>; discussions: Pick<DiscussionsService, 'publishTranscript'> }) {
  const { repo } = ctx;
  const all = (workshopId: number) => repo.messages(workshopId, { limit: 100_000 });

  return {
    async transcript(actor: Actor | null, workshopId: number): Promise<Transcript> {
      const { workshop } = await ctx.access(actor, workshopId);
      return { messages: (await all(workshop.id)).map(toMessage), questions: (await repo.questions(workshop.id)).map(toQuestion) };
    },

    /** Where the hosts may publish: the forums of the workshop's community, which an invited host may not otherwise see. */
    async publishForums(actor: Actor | null, workshopId: number): Promise<PublishForums> {
      const access = await ctx.access(actor, workshopId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!workshopPolicy.canControl(actor, access)) throw new AppError('FORBIDDEN');
      return { forums: (await deps.communities.forumsOf(access.workshop.communityId)).map((f) => ({ id: f.id, name: f.name })) };
    },

    async publish(actor: Actor | null, workshopId: number, forumId: number): Promise<{ thread: Thread }> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      const { workshop } = access;
      if (roomStateOf(workshop, ctx.now()) !== 'closed') throw new AppError('WORKSHOP_NOT_CLOSED');
      if (workshop.publishedThreadId !== null) throw new AppError('WORKSHOP_ALREADY_PUBLISHED', { params: { threadId: workshop.publishedThreadId } });
      // The forum is one of the workshop's community, which the host may not otherwise see
      // (an invited specialist): any other id answers like a missing forum.
      const forum = await deps.communities.findForum(forumId);
      if (!forum || forum.communityId !== workshop.communityId) throw new AppError('FORUM_NOT_FOUND', { field: 'forumId' });
      const prefix = translate(workshop.language, 'workshops.publish.titlePrefix');
      const title = `${prefix} ${workshop.title}`.slice(0, TITLE_MAX);
      const body = transcriptMarkdown(workshop, await all(workshop.id), await repo.questions(workshop.id));
      // A host's act, already authorized above: the thread is the host's, written with their
      // standing in the workshop (sanctions applying), not held nor limited as a new account's post.
      const forumAccess = { community: access.community, membership: access.membership, forum };
      const { thread } = await deps.discussions.publishTranscript(actor, forumAccess, { title, body, language: workshop.language });
      await repo.update(workshop.id, { publishedThreadId: thread.id });
      await ctx.bus.publish('workshop.room.changed', { workshopId: workshop.id });
      await ctx.audit(actor, access, 'workshop.publish', 'thread', thread.id);
      return { thread };
    },
  };
}

export type Transcripts = ReturnType<typeof createTranscripts>;
