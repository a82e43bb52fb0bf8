import { LINK_TYPE_OF, type KnowledgeKind } from '../../../shared/schemas/knowledge.ts';
import { BODY_MAX, TITLE_MAX } from '../../../shared/schemas/discussions.ts';
import type { Thread } from '../../../shared/schemas/discussions.ts';
import type { Transcript } from '../../../shared/schemas/workshops.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { WorkshopContext } from './context.ts';
import { toMessage, toQuestion } from './mapper.ts';
import { requireControl, roomStateOf } from './policy.ts';
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

const quote = (text: string) => text.split('\n').map((line) => `> ${line}`).join('\n');
const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

/** The transcript as the Markdown of a thread's first post, in the workshop's language. */
export function transcriptMarkdown(
  workshop: { id: number; kind: string; startsAt: Date; language: Locale },
  messages: MessageWithAuthor[],
  questions: QuestionWithPeople[],
): string {
  const l = workshop.language;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(l, key, params);
  const head = [
    t('workshops.publish.intro', { date: workshop.startsAt.toISOString().slice(0, 10) }) + ` [[workshop:${workshop.id}]]`,
  ];
  const links = sharedLinks([...messages.map((m) => m.body), ...questions.flatMap((q) => [q.body, q.answer ?? ''])]);
  const tail: string[] = [];
  if (questions.length) {
    tail.push(`## ${t('workshops.questions.title')}`);
    questions.forEach((q, index) => {
      const votes = t(q.voteCount === 1 ? 'workshops.votes.one' : 'workshops.votes.other', { count: q.voteCount });
      const lines = [`${index + 1}. **${q.author.displayName}** (${votes}): ${q.body.replace(/\n+/g, ' ')}`];
      if (q.answeredAt) {
        const who = q.answeredBy?.displayName ?? '';
        lines.push(`   - ${t('workshops.publish.answer', { name: who })}${q.answer ? ` ${q.answer.replace(/\n+/g, ' ')}` : ''}`);
      }
      tail.push(lines.join('\n'));
    });
  }
  if (links.length) tail.push(`## ${t('workshops.publish.resources')}`, links.map((link) => `- ${link}`).join('\n'));

  const fixed = [...head, ...tail].join('\n\n').length + 200;
  const chat: string[] = [`## ${t('workshops.chat.title')}`];
  let used = fixed;
  for (const [index, m] of messages.entries()) {
    const entry = `**${m.author.displayName}** · ${clock(m.createdAt)}\n${quote(m.body)}`;
    if (used + entry.length + 2 > BODY_MAX - MARGIN) {
      chat.push(t('workshops.publish.more', { count: messages.length - index, url: `/w/${workshop.id}` }));
      break;
    }
    chat.push(entry);
    used += entry.length + 2;
  }
  if (messages.length === 0) chat.push(t('workshops.chat.empty'));
  return [...head, ...chat, ...tail].join('\n\n');
}

/** The transcript of a workshop, and publishing it as a thread so the discussion goes on. */
export function createTranscripts(ctx: WorkshopContext, deps: { gate: CommunityGate; discussions: Pick<DiscussionsService, 'createThread'> }) {
  const { repo } = ctx;
  const all = (workshopId: number) => repo.messages(workshopId, { limit: 100_000 });

  return {
    transcript(actor: Actor | null, workshopId: number): Transcript {
      const { workshop } = ctx.access(actor, workshopId);
      return { messages: all(workshop.id).map(toMessage), questions: repo.questions(workshop.id).map(toQuestion) };
    },

    publish(actor: Actor | null, workshopId: number, forumId: number): { thread: Thread } {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      const { workshop } = access;
      if (roomStateOf(workshop, ctx.now()) !== 'closed') throw new AppError('WORKSHOP_NOT_CLOSED');
      if (workshop.publishedThreadId !== null) throw new AppError('WORKSHOP_ALREADY_PUBLISHED', { params: { threadId: workshop.publishedThreadId } });
      const { forum } = deps.gate.forum(actor, forumId);
      if (forum.communityId !== workshop.communityId) throw new AppError('FORUM_NOT_FOUND', { field: 'forumId' });
      const prefix = translate(workshop.language, 'workshops.publish.titlePrefix');
      const title = `${prefix} ${workshop.title}`.slice(0, TITLE_MAX);
      const body = transcriptMarkdown(workshop, all(workshop.id), repo.questions(workshop.id));
      const { thread } = deps.discussions.createThread(actor, forum.id, { title, body, kind: 'discussion', language: workshop.language });
      repo.update(workshop.id, { publishedThreadId: thread.id });
      ctx.bus.publish('workshop.room.changed', { workshopId: workshop.id });
      ctx.audit(actor, access, 'workshop.publish', 'thread', thread.id);
      return { thread };
    },
  };
}

export type Transcripts = ReturnType<typeof createTranscripts>;
