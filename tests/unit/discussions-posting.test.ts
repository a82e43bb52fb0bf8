import { describe, expect, it } from 'vitest';
import type { AppError } from '../../server/lib/errors.ts';
import type { Actor } from '../../server/modules/auth/actor.ts';
import { createDiscussionsContext, type DiscussionsDeps } from '../../server/modules/discussions/context.ts';
import { createPosting, type ForumAccess } from '../../server/modules/discussions/posting.ts';
import type { PostCheck } from '../../server/modules/moderation/post-rules.ts';

/**
 * The three ways a thread is opened, each with its own rules: a member's thread and a question
 * to a specialist go through the post rules (new-account limits, holding); a host's transcript
 * does not, but a sanction still refuses it. Fake repositories record what was asked of them.
 */
const NOW = Date.now();
const ana: Actor = { id: 7, username: 'ana', displayName: 'Ana', role: 'member', locale: null };
/** `null`: the actor is not a member of the forum's community. */
const forumAccess = (membership: Partial<ForumAccess['membership'] & object> | null = {}): ForumAccess =>
  ({
    community: { id: 3, slug: 'c', name: 'C', visibility: 'public' },
    forum: { id: 9, communityId: 3, name: 'F' },
    membership: membership === null ? undefined : { role: 'member', status: 'active', createdAt: new Date(NOW - 86_400_000), silencedUntil: null, suspendedUntil: null, ...membership },
  }) as never;

function world(options: { hold?: boolean; access?: ForumAccess } = {}) {
  const checks: PostCheck[] = [];
  const held: number[] = [];
  const created: Record<string, unknown>[] = [];
  const gateCalls: number[] = [];
  const events: string[] = [];
  const access = options.access ?? forumAccess();
  const deps = {
    communities: {},
    threads: {
      async create(input: Record<string, unknown> & { afterInsert: (id: number) => Promise<void> | void }) {
        created.push(input);
        await input.afterInsert(100);
        return { thread: { id: 50 }, postId: 100 };
      },
      findById: () => ({ id: 50, lastPostAt: new Date(NOW), createdAt: new Date(NOW) }),
      withAuthor: (row: unknown) => row,
      watchLevel: () => 'none',
    },
    posts: { recordMentions: () => {}, findById: (id: number) => ({ id }) },
    reads: { record: () => true },
    users: { idsByUsernames: () => new Map() },
    links: { resolve: () => [], replaceForPost: () => {} },
    bus: { publish: (name: string) => events.push(name) },
    pageCache: {},
    gate: {
      forum(_actor: Actor | null, forumId: number) {
        gateCalls.push(forumId);
        return access;
      },
    },
    threadGate: {},
    present: (rows: { id: number }[]) => rows.map((r) => ({ id: r.id })),
    expertiseExists: (code: string) => code === 'ict',
    postRules: {
      check(input: PostCheck) {
        checks.push(input);
        return { hold: options.hold ?? false };
      },
      checkEdit: () => {},
      neverShown: () => false,
      hold: (postId: number) => held.push(postId),
    },
  } as unknown as DiscussionsDeps;
  return { posting: createPosting(createDiscussionsContext(deps)), checks, held, created, gateCalls, events };
}

const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('a member’s thread', () => {
  it('goes through the gate and the post rules, and is held when they say so', async () => {
    const w = world({ hold: true });
    await w.posting.createThread(ana, 9, { title: 'Un tema nuevo', body: 'Hola a todos', kind: 'discussion' });
    expect(w.gateCalls).toEqual([9]);
    expect(w.checks).toHaveLength(1);
    expect(w.checks[0]).toMatchObject({ actor: ana, communityId: 3, threadId: null, canModerate: false });
    expect(w.held).toEqual([100]);
    expect(w.created[0]).toMatchObject({ forumId: 9, kind: 'discussion', addressedSpecialistId: null, expertise: null });
    // The author is told their post waits (issue 16, part 6).
    expect(w.events).toEqual(['thread.created', 'post.created', 'post.held']);
  });

  it('asks for expertise only in a question, from the vocabulary, each area once', async () => {
    const w = world();
    const base = { title: 'Una pregunta', body: '¿Alguien sabe?' };
    expect(await codeOf(() => w.posting.createThread(ana, 9, { ...base, kind: 'discussion', expertise: ['ict'] }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(() => w.posting.createThread(ana, 9, { ...base, kind: 'question', expertise: ['nope'] }))).toBe('VOCAB_UNKNOWN');
    // A bad title is said before the expertise.
    expect(await codeOf(() => w.posting.createThread(ana, 9, { ...base, title: 'x', kind: 'discussion', expertise: ['ict'] }))).toBe('TITLE_INVALID');
    await w.posting.createThread(ana, 9, { ...base, kind: 'question', expertise: ['ict', 'ict'] });
    expect(w.created.at(-1)).toMatchObject({ kind: 'question', expertise: ['ict'] });
  });

  it('is refused to a non-member before anything is written', async () => {
    const w = world({ access: forumAccess(null) });
    expect(await codeOf(() => w.posting.createThread(ana, 9, { title: 'Un tema nuevo', body: 'Hola', kind: 'discussion' }))).toBe('NOT_A_MEMBER');
    expect(await codeOf(() => w.posting.createThread(null, 9, { title: 'Un tema nuevo', body: 'Hola', kind: 'discussion' }))).toBe('UNAUTHENTICATED');
    expect(w.created).toHaveLength(0);
  });
});

describe('a question to a specialist', () => {
  it('is a question addressed to them, in the forum the asker chose, under the post rules', async () => {
    const w = world({ hold: true });
    await w.posting.askSpecialist(ana, 42, { forumId: 9, title: 'Pregunta para usted', body: '¿Cómo se certifica?', language: 'es' });
    expect(w.gateCalls).toEqual([9]);
    expect(w.created[0]).toMatchObject({ forumId: 9, kind: 'question', addressedSpecialistId: 42, language: 'es', expertise: null });
    expect(w.checks).toHaveLength(1);
    expect(w.held).toEqual([100]);
  });

  it('is refused like any thread to someone who may not write there', async () => {
    const w = world({ access: forumAccess({ status: 'banned' }) });
    expect(await codeOf(() => w.posting.askSpecialist(ana, 42, { forumId: 9, title: 'Pregunta para usted', body: 'Hola' }))).toBe('BANNED_FROM_COMMUNITY');
    expect(w.created).toHaveLength(0);
  });
});

describe('a workshop’s transcript', () => {
  it('is the host’s trusted act: no gate (the workshop authorized it), no post rules, never held', async () => {
    const w = world({ hold: true });
    await w.posting.publishTranscript(ana, forumAccess(), { title: 'Relatoría: Taller', body: '## Chat\n\nHola', language: 'pt' });
    expect(w.gateCalls).toEqual([]);
    expect(w.checks).toEqual([]);
    expect(w.held).toEqual([]);
    expect(w.created[0]).toMatchObject({ forumId: 9, communityId: 3, kind: 'discussion', language: 'pt', addressedSpecialistId: null });
  });

  it('still waits out a sanction on the host', async () => {
    const w = world();
    const silenced = forumAccess({ silencedUntil: new Date(NOW + 3_600_000) });
    expect(await codeOf(() => w.posting.publishTranscript(ana, silenced, { title: 'Relatoría: Taller', body: 'Hola', language: 'es' }))).toBe(
      'SILENCED_IN_COMMUNITY',
    );
    expect(w.created).toHaveLength(0);
  });
});
