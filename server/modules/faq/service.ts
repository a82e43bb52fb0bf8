import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { MarkdownTooComplexError, type Cooked } from '../../lib/markdown.ts';
import { cookAsync, type AsyncCookResolver } from '../../lib/markdown-async.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { FaqEdit, FaqEntry, FaqItem, FaqList, FaqProposalsQuery, FaqQuery } from '../../../shared/schemas/faq.ts';
import type { Actor } from '../auth/actor.ts';
import { canEditKnowledge } from '../knowledge/policy.ts';
import type { Vocabulary } from '../knowledge/vocabulary.ts';
import { requireEditor, type SolvedThreads } from './place.ts';
import { fold, type FaqListedRow, type FaqRepository } from './repository.ts';

const DEFAULT_LIMIT = 50;

async function cookField(resolver: AsyncCookResolver, source: string, field: string): Promise<Cooked> {
  try {
    return await cookAsync(source, resolver);
  } catch (error) {
    if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field });
    throw error;
  }
}

/** `theme:<code>`, `sector:<code>` or a bare code. */
function parseTopic(value: string): { scheme?: 'theme' | 'sector'; code: string } {
  const [first, second] = value.split(':', 2);
  if (second !== undefined && (first === 'theme' || first === 'sector')) return { scheme: first, code: second };
  return { code: value };
}

function toEntry(row: FaqListedRow, withSources: boolean): FaqEntry {
  const { e } = row;
  return {
    id: e.id,
    threadId: e.threadId,
    threadUrl: `/t/${e.threadId}#post-${e.postId}`,
    threadTitle: row.threadTitle,
    question: e.question,
    questionHtml: e.questionHtml,
    answerHtml: e.answerHtml,
    topic: e.topicScheme && e.topicCode && row.topicEs ? { scheme: e.topicScheme, code: e.topicCode, labels: { es: row.topicEs, pt: row.topicPt!, en: row.topicEn! } } : null,
    language: e.language,
    status: e.status,
    publishedAt: e.publishedAt?.toISOString() ?? null,
    updatedAt: e.updatedAt.toISOString(),
    ...(withSources ? { questionBody: e.questionBody, answer: e.answer } : {}),
  };
}

/**
 * The FAQ: entries drawn from solved question threads, proposed by the thread's moderators or
 * editors, reviewed and published by editors. Every read goes through the thread's gate (the
 * repository's one condition), so an entry shows only to those who may read its discussion.
 */
export function createFaqService(deps: { repo: FaqRepository; solved: SolvedThreads; vocabulary: Vocabulary; resolver: AsyncCookResolver; bus: EventBus; now?: () => Date }) {
  const { repo, solved, vocabulary, resolver, bus } = deps;
  const now = deps.now ?? (() => new Date());

  const searchTextOf = (question: string, questionText: string, answerText: string) => fold(`${question}\n${questionText}\n${answerText}`);

  async function topicOf(value: string | null): Promise<{ topicScheme: 'theme' | 'sector' | null; topicCode: string | null }> {
    if (value === null || value.trim() === '') return { topicScheme: null, topicCode: null };
    const topic = parseTopic(value.trim());
    const scheme = topic.scheme ?? ((await vocabulary.has('theme', topic.code)) ? 'theme' : 'sector');
    if (!(await vocabulary.has(scheme, topic.code))) throw new AppError('FAQ_TOPIC_UNKNOWN', { field: 'topic', params: { topic: value } });
    return { topicScheme: scheme, topicCode: topic.code };
  }

  /** The entry as this reader may see it: published to all who may read the thread; any status to editors. */
  async function readable(actor: Actor | null, id: number): Promise<FaqListedRow> {
    const row = await repo.readableById(actor?.id ?? null, id);
    if (!row || (row.e.status !== 'published' && !canEditKnowledge(actor))) throw new AppError('FAQ_NOT_FOUND');
    return row;
  }

  async function out(actor: Actor | null, id: number): Promise<FaqItem> {
    return { item: toEntry(await readable(actor, id), canEditKnowledge(actor)) };
  }

  async function changed(entryId: number): Promise<void> {
    await bus.publish('faq.changed', { entryId });
  }

  async function decide(actor: Actor | null, id: number, status: 'published' | 'rejected' | 'unpublished'): Promise<FaqItem> {
    const editor = requireEditor(actor);
    const { e } = await readable(editor, id);
    if (status === 'unpublished' && e.status !== 'published' && e.status !== 'unpublished') throw new AppError('FAQ_NOT_PUBLISHED');
    if (e.status !== status) {
      await repo.update(id, { status, reviewerId: editor.id, ...(status === 'published' ? { publishedAt: now() } : {}) });
      await changed(id);
    }
    return out(editor, id);
  }

  return {
    /** A solved question thread proposed as an entry: the question and the accepted answer, as they were written. */
    async propose(actor: Actor | null, threadId: number): Promise<FaqItem> {
      const { actor: proposer, thread, question, accepted } = await solved.solvedFor(actor, threadId);
      if (await repo.findByThread(threadId)) throw new AppError('FAQ_ALREADY_PROPOSED', { field: 'threadId' });
      const questionCooked = await cookField(resolver, question.body, 'questionBody');
      const answerCooked = await cookField(resolver, accepted.body, 'answer');
      const entry = await repo.insert({
        threadId,
        postId: accepted.id,
        question: thread.title,
        questionBody: question.body,
        questionHtml: questionCooked.html,
        answer: accepted.body,
        answerHtml: answerCooked.html,
        searchText: searchTextOf(thread.title, questionCooked.text, answerCooked.text),
        topicScheme: null,
        topicCode: null,
        language: thread.language,
        status: 'proposed',
        proposerId: proposer.id,
      });
      // Proposed by someone else meanwhile: the unique thread refuses the second.
      if (!entry) throw new AppError('FAQ_ALREADY_PROPOSED', { field: 'threadId' });
      await changed(entry.id);
      const row = (await repo.readableById(proposer.id, entry.id))!;
      return { item: toEntry(row, canEditKnowledge(proposer)) };
    },

    /** An editor rewrites the question, the answer or the topic; Markdown is cooked once, here. */
    async edit(actor: Actor | null, id: number, input: FaqEdit): Promise<FaqItem> {
      const editor = requireEditor(actor);
      const { e } = await readable(editor, id);
      const question = input.question?.trim() ?? e.question;
      if (question === '') throw new AppError('TITLE_INVALID', { field: 'question' });
      const questionBody = input.questionBody ?? e.questionBody;
      const answer = input.answer ?? e.answer;
      if (answer.trim() === '') throw new AppError('BODY_EMPTY', { field: 'answer' });
      const questionCooked = await cookField(resolver, questionBody, 'questionBody');
      const answerCooked = await cookField(resolver, answer, 'answer');
      const topic = input.topic !== undefined ? await topicOf(input.topic) : {};
      await repo.update(id, {
        question,
        questionBody,
        questionHtml: questionCooked.html,
        answer,
        answerHtml: answerCooked.html,
        searchText: searchTextOf(question, questionCooked.text, answerCooked.text),
        ...topic,
        reviewerId: editor.id,
      });
      await changed(id);
      return out(editor, id);
    },

    /** Publish, reject or unpublish (editors); the same decision twice changes nothing. */
    decide,

    get: (actor: Actor | null, id: number): Promise<FaqItem> => out(actor, id),

    /** Published entries the reader may read; `q` matches question and answer, ignoring case and accents. */
    async list(actor: Actor | null, query: FaqQuery): Promise<FaqList> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const words = fold(query.q ?? '')
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0)
        .slice(0, 10);
      const topic = query.topic?.trim() ? parseTopic(query.topic.trim()) : undefined;
      const rows = await repo.published(actor?.id ?? null, { words, topic, beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map((row) => toEntry(row, false)), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.e.id]) : null };
    },

    /** The editors' queue (proposed by default), only entries whose thread the editor may read. */
    async queue(actor: Actor | null, query: FaqProposalsQuery): Promise<FaqList> {
      const editor = requireEditor(actor);
      return { items: (await repo.byStatus(editor.id, query.status ?? 'proposed')).map((row) => toEntry(row, true)), nextCursor: null };
    },

    ofThread: (threadId: number) => repo.findByThread(threadId),
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
