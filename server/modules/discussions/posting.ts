import { AppError } from '../../lib/errors.ts';
import type { Post, Thread, ThreadCreate } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost, type CommunityAccess } from '../communities/access.ts';
import type { ForumRow } from '../../../db/schema/index.ts';
import type { DiscussionsContext } from './context.ts';
import { canModerateThreads, canReadSource, requireCanDeletePost, requireCanEditPost, requireCanReply } from './policy.ts';
import { cleanBody, cleanTitle } from './rules.ts';

/** A content language tag (es, pt, en), or none. */
type Language = Thread['language'];

/** A forum as its community's gate let the actor in. */
export type ForumAccess = CommunityAccess & { forum: ForumRow };

/** A question for one specialist, in a forum the asker chooses. */
export interface SpecialistQuestion {
  forumId: number;
  title: string;
  body: string;
  language?: Language;
}

/** A closed workshop's transcript, as its host publishes it. */
export interface TranscriptThread {
  title: string;
  body: string;
  language: Language;
}

interface NewThread {
  title: string;
  body: string;
  kind: Thread['kind'];
  language: Language;
  expertise: string[] | null;
  addressedSpecialistId: number | null;
}

/** Posting: opening threads (a member's, a question to a specialist, a workshop's transcript), replies, edits, deletion. */
export function createPosting(ctx: DiscussionsContext) {
  const { threads, posts, links, bus, gate, threadGate, audit } = ctx;

  /**
   * Writes a thread and its opening post. `postRules` are the new-account limits, spam checks
   * and holding that apply to members' posts; a write another service has already authorized
   * (a host's transcript) goes without them, never without the sanctions check.
   */
  async function openThread(actor: Actor | null, access: ForumAccess, input: NewThread, checks: { postRules: boolean }): Promise<{ thread: Thread; post: Post }> {
    requireCanPost(actor, access);
    const title = cleanTitle(input.title);
    const body = cleanBody(input.body);
    const { expertise } = input;
    // Only a question asks for specialists by area of expertise.
    if (expertise && input.kind !== 'question') throw new AppError('VALIDATION_FAILED', { field: 'expertise' });
    for (const code of expertise ?? []) {
      if (!(await ctx.expertiseExists(code))) throw new AppError('VOCAB_UNKNOWN', { field: 'expertise' });
    }
    const cooked = await ctx.cookBody(body);
    const canModerate = canModerateThreads(actor, access.membership);
    const verdict = checks.postRules
      ? await ctx.postRules?.check({ actor, communityId: access.community.id, threadId: null, body, html: cooked.html, mentions: cooked.mentionedUserIds.length, canModerate })
      : undefined;
    const { thread, postId } = await threads.create({
      forumId: access.forum.id,
      communityId: access.community.id,
      authorId: actor.id,
      title,
      kind: input.kind,
      language: input.language,
      expertise,
      addressedSpecialistId: input.addressedSpecialistId,
      body,
      bodyHtml: cooked.html,
      at: new Date(),
      afterInsert: async (id) => {
        await posts.recordMentions(id, cooked.mentionedUserIds, true);
        await links.replaceForPost(id, cooked.links, true);
        if (verdict?.hold) await ctx.postRules!.hold(id);
      },
    });
    // One's own post is read.
    await ctx.reads.record(actor.id, thread.id, 1);
    await bus.publish('thread.created', { threadId: thread.id, postId });
    await bus.publish('post.created', { threadId: thread.id, postId, mentionedUserIds: cooked.mentionedUserIds });
    if (verdict?.hold) await bus.publish('post.held', { threadId: thread.id, postId, authorId: actor.id });
    return { thread: await ctx.threadOut(thread.id, actor), post: await ctx.presentOne((await posts.findById(postId))!, actor, false) };
  }

  return {
    /** A member opens a discussion or a question in a forum. */
    async createThread(actor: Actor | null, forumId: number, input: ThreadCreate): Promise<{ thread: Thread; post: Post }> {
      const access = await gate.forum(actor, forumId);
      const expertise = input.expertise?.length ? [...new Set(input.expertise)] : null;
      const thread = { ...input, language: input.language ?? null, expertise, addressedSpecialistId: null };
      return openThread(actor, access, thread, { postRules: true });
    },

    /**
     * "Ask this specialist": a question addressed to them, in a forum of the asker's choice,
     * under the same rules as any member's thread there. The knowledge area says first
     * whether the specialist takes questions.
     */
    async askSpecialist(actor: Actor | null, specialistId: number, question: SpecialistQuestion): Promise<{ thread: Thread; post: Post }> {
      const access = await gate.forum(actor, question.forumId);
      const thread = { title: question.title, body: question.body, kind: 'question' as const, language: question.language ?? null, expertise: null, addressedSpecialistId: specialistId };
      return openThread(actor, access, thread, { postRules: true });
    },

    /**
     * A host publishes a closed workshop's transcript as a thread, so the discussion goes on.
     * The workshops service has authorized the act (the host may not otherwise see the forum:
     * an invited specialist); the thread is the host's, written with their standing there
     * (sanctions apply), not held nor limited as a new account's post.
     */
    async publishTranscript(host: Actor, access: ForumAccess, transcript: TranscriptThread): Promise<{ thread: Thread; post: Post }> {
      const thread = { ...transcript, kind: 'discussion' as const, expertise: null, addressedSpecialistId: null };
      return openThread(host, access, thread, { postRules: false });
    },

    /**
     * A news item's comments thread, opened by its author in the site's News forum. The news
     * service has authorized the act (and made the author a member there); as a transcript,
     * the thread goes without the new-account limits, never without the sanctions check.
     */
    async openNewsThread(author: Actor, access: ForumAccess, item: TranscriptThread): Promise<{ thread: Thread; post: Post }> {
      const thread = { ...item, kind: 'discussion' as const, expertise: null, addressedSpecialistId: null };
      return openThread(author, access, thread, { postRules: false });
    },

    /** A news item's new title and language, followed by its comments thread (the news service authorized the edit). */
    async retitleNewsThread(threadId: number, change: { title: string; language: Language }): Promise<void> {
      if (!(await threads.findById(threadId))) return;
      await threads.update(threadId, { title: cleanTitle(change.title), language: change.language });
      await bus.publish('thread.updated', { threadId });
    },

    async reply(actor: Actor | null, threadId: number, input: { body: string; replyToPostId?: number | null }): Promise<Post> {
      const access = await threadGate.thread(actor, threadId);
      requireCanReply(actor, access);
      const body = cleanBody(input.body);
      const replyTo = input.replyToPostId ?? null;
      if (replyTo !== null && !(await posts.isVisibleInThread(replyTo, threadId))) {
        throw new AppError('REPLY_TARGET_INVALID', { field: 'replyToPostId' });
      }
      const cooked = await ctx.cookBody(body);
      const verdict = await ctx.postRules?.check({
        actor,
        communityId: access.community.id,
        threadId,
        body,
        html: cooked.html,
        mentions: cooked.mentionedUserIds.length,
        canModerate: access.canModerate,
      });
      const created = await posts.create({
        thread: access.thread,
        authorId: actor.id,
        replyToPostId: replyTo,
        body,
        bodyHtml: cooked.html,
        at: new Date(),
        afterInsert: async (id) => {
          await posts.recordMentions(id, cooked.mentionedUserIds, true);
          await links.replaceForPost(id, cooked.links, true);
          if (verdict?.hold) await ctx.postRules!.hold(id);
        },
      });
      const post = verdict?.hold ? (await posts.findById(created.id))! : created;
      await ctx.reads.record(actor.id, threadId, post.number);
      await bus.publish('post.created', { threadId, postId: post.id, mentionedUserIds: cooked.mentionedUserIds });
      if (verdict?.hold) await bus.publish('post.held', { threadId, postId: post.id, authorId: actor.id });
      return await ctx.presentOne(post, actor, access.canModerate);
    },

    async editPost(actor: Actor | null, postId: number, rawBody: string): Promise<Post> {
      const access = await threadGate.post(actor, postId);
      requireCanEditPost(actor, access);
      const { post, canModerate } = access;
      const body = cleanBody(rawBody);
      if (body === post.body) return await ctx.presentOne(post, actor, canModerate);
      const cooked = await ctx.cookBody(body);
      await ctx.postRules?.checkEdit({ actor, body, html: cooked.html, mentions: cooked.mentionedUserIds.length, canModerate });
      // A moderator's edit of someone else's post is a moderation action: it goes to the log.
      const logged = actor.id !== post.authorId ? [ctx.moderatorsAction(actor, 'post.edit', access.community.id, post.id)] : [];
      const updated = await audit.within(logged, () =>
        posts.edit(post, {
          editorId: actor.id,
          body,
          bodyHtml: cooked.html,
          at: new Date(),
          afterUpdate: async () => {
            await posts.recordMentions(post.id, cooked.mentionedUserIds);
            await links.replaceForPost(post.id, cooked.links);
          },
        }),
      );
      await bus.publish('post.updated', { threadId: post.threadId, postId, mentionedUserIds: cooked.mentionedUserIds, editorId: actor.id });
      return await ctx.presentOne(updated, actor, canModerate);
    },

    /** Soft delete: the post keeps its place in the thread, its text is gone from every page. */
    async deletePost(actor: Actor | null, postId: number): Promise<Post> {
      const access = await threadGate.post(actor, postId);
      const { post, thread, canModerate, community } = access;
      // Only the opening post, taken back by its author, asks whether anyone replied. The answer
      // must hold until the delete commits: asked under the thread's lock, a reply under way
      // (it locks the thread first) is counted, and the next one waits for this delete.
      const opening = post.id === thread.firstPostId && !canModerate;
      // Everything but the replies first (who may delete at all); the replies inside, under the lock.
      requireCanDeletePost(actor, access, () => false);
      const logged = actor.id !== post.authorId ? [ctx.moderatorsAction(actor, 'post.delete', community.id, post.id)] : [];
      const updated = await audit.within(logged, async () => {
        if (opening) {
          await threads.lockForWrite(thread.id);
          const hasReplies = (await posts.countOthers(thread.id, post.id)) > 0;
          requireCanDeletePost(actor, access, () => hasReplies);
        }
        const row = await posts.setFlags(post, thread.forumId, { deletedAt: new Date() });
        if (thread.acceptedPostId === post.id) await threads.update(thread.id, { acceptedPostId: null });
        return row;
      });
      await bus.publish('post.updated', { threadId: thread.id, postId, mentionedUserIds: [] });
      return await ctx.presentOne(updated, actor, canModerate);
    },

    async postSource(actor: Actor | null, postId: number): Promise<{ body: string }> {
      const access = await threadGate.post(actor, postId);
      if (!canReadSource(actor, access, access.post)) throw new AppError('FORBIDDEN');
      return { body: access.post.deletedAt ? '' : access.post.body };
    },

    /** Exactly what would be stored: the same cooking, with mentions and links resolved. */
    async preview(actor: Actor | null, rawBody: string): Promise<{ html: string }> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const body = rawBody.replace(/\r\n/g, '\n');
      if (body.length > 50_000) cleanBody(body);
      return { html: (await ctx.cookSafely(body)).html };
    },
  };
}
