import { describe, expect, it } from 'vitest';
import type { AppError } from '../../server/lib/errors.ts';
import type { Actor } from '../../server/modules/auth/actor.ts';
import type { Membership } from '../../server/modules/communities/repository.ts';
import {
  canAccept,
  canEditPost,
  canModerateThreads,
  canReact,
  canReadSource,
  canSeePost,
  canSeeThread,
  deleteRefusal,
  editRefusal,
  isAcceptableAnswer,
  isClosedTo,
  replyBlockedReason,
  requireCanAccept,
  requireCanDeletePost,
  requireCanEditPost,
  requireCanModerateThreads,
  requireCanReact,
  requireCanReply,
  showsAsAnswer,
} from '../../server/modules/discussions/policy.ts';

const NOW = Date.now();
const person = (id: number, role: Actor['role'] = 'member'): Actor => ({ id, username: `u${id}`, displayName: `U${id}`, role, locale: null });
const member = (over: Partial<Membership> = {}): Membership =>
  ({ role: 'member', status: 'active', createdAt: new Date(NOW - 86_400_000), silencedUntil: null, suspendedUntil: null, ...over }) as Membership;

const author = person(1);
const other = person(2);
const moderator = person(3);
const admin = person(4, 'admin');
const community = { id: 1, slug: 'c', name: 'C', visibility: 'public' } as never;

/** Each kind of reader, with their membership and standing as the thread gate computes it. */
const readers = {
  author: { actor: author, membership: member() },
  moderator: { actor: moderator, membership: member({ role: 'moderator' }) },
  admin: { actor: admin, membership: undefined },
  other: { actor: other, membership: member() },
  anonymous: { actor: null, membership: undefined },
} as const;
type Who = keyof typeof readers;
const place = (who: Who) => {
  const { actor, membership } = readers[who];
  return { actor, community, membership, canModerate: canModerateThreads(actor, membership) };
};

const post = (over: Partial<{ id: number; threadId: number; authorId: number; hidden: boolean; deletedAt: Date | null }> = {}) => ({
  id: 11,
  threadId: 5,
  authorId: author.id,
  hidden: false,
  deletedAt: null as Date | null,
  ...over,
});
const thread = (over: Partial<{ kind: 'discussion' | 'question'; locked: boolean; hidden: boolean; firstPostId: number | null }> = {}) => ({
  id: 5,
  authorId: author.id,
  kind: 'question' as 'discussion' | 'question',
  locked: false,
  hidden: false,
  firstPostId: 10 as number | null,
  ...over,
});
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('who moderates a thread', () => {
  it('is the community’s moderators and the site’s admins, nobody else', () => {
    expect(place('moderator').canModerate).toBe(true);
    expect(place('admin').canModerate).toBe(true);
    expect(place('author').canModerate).toBe(false);
    expect(place('other').canModerate).toBe(false);
    expect(place('anonymous').canModerate).toBe(false);
    // A moderator who was banned or is still pending moderates nothing.
    expect(canModerateThreads(moderator, member({ role: 'moderator', status: 'banned' }))).toBe(false);
    expect(canModerateThreads(moderator, member({ role: 'moderator', status: 'pending' }))).toBe(false);
  });

  it('refuses the moderation tools to members and anonymous readers with the right code', () => {
    expect(codeOf(() => requireCanModerateThreads(moderator, place('moderator')))).toBeNull();
    expect(codeOf(() => requireCanModerateThreads(admin, place('admin')))).toBeNull();
    expect(codeOf(() => requireCanModerateThreads(author, place('author')))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCanModerateThreads(null, place('anonymous')))).toBe('UNAUTHENTICATED');
  });
});

describe('who sees hidden threads and posts', () => {
  it('shows hidden ones to moderators and admins only, visible ones to everyone', () => {
    for (const who of ['author', 'other', 'anonymous'] as const) {
      expect(canSeeThread(place(who), thread({ hidden: true })), who).toBe(false);
      expect(canSeePost(place(who), post({ hidden: true })), who).toBe(false);
      expect(canSeeThread(place(who), thread()), who).toBe(true);
      expect(canSeePost(place(who), post()), who).toBe(true);
    }
    for (const who of ['moderator', 'admin'] as const) {
      expect(canSeeThread(place(who), thread({ hidden: true })), who).toBe(true);
      expect(canSeePost(place(who), post({ hidden: true })), who).toBe(true);
    }
  });

  it('shows an accepted answer beside the page only while it is visible and not deleted', () => {
    expect(showsAsAnswer(place('other'), post())).toBe(true);
    expect(showsAsAnswer(place('other'), post({ hidden: true }))).toBe(false);
    expect(showsAsAnswer(place('moderator'), post({ hidden: true }))).toBe(true);
    expect(showsAsAnswer(place('moderator'), post({ deletedAt: new Date() }))).toBe(false);
    expect(showsAsAnswer(place('other'), undefined)).toBe(false);
  });
});

describe('who may edit a post', () => {
  it('is its author, a moderator or an admin; not another member, not an anonymous reader', () => {
    const expected: Record<Who, boolean> = { author: true, moderator: true, admin: true, other: false, anonymous: false };
    for (const who of Object.keys(readers) as Who[]) {
      expect(canEditPost(readers[who].actor, place(who), post()), who).toBe(expected[who]);
    }
    expect(editRefusal(other, place('other'), post())).toBe('FORBIDDEN');
    expect(editRefusal(null, place('anonymous'), post())).toBe('UNAUTHENTICATED');
  });

  it('is nobody once the post is deleted, in the row and in the API shape alike', () => {
    for (const who of Object.keys(readers) as Who[]) {
      expect(canEditPost(readers[who].actor, place(who), post({ deletedAt: new Date() })), who).toBe(false);
      expect(canEditPost(readers[who].actor, place(who), { authorId: author.id, hidden: false, deleted: true }), who).toBe(false);
    }
    expect(editRefusal(author, place('author'), post({ deletedAt: new Date() }))).toBe('POST_DELETED');
    // Not deleted in the API shape: the author may edit.
    expect(canEditPost(author, place('author'), { authorId: author.id, hidden: false, deleted: false })).toBe(true);
  });

  it('holds an author to the reply rules (lock, silence); moderators edit in a locked thread', () => {
    const locked = thread({ locked: true });
    expect(codeOf(() => requireCanEditPost(author, { ...place('author'), thread: locked, post: post() }))).toBe('THREAD_LOCKED');
    expect(codeOf(() => requireCanEditPost(moderator, { ...place('moderator'), thread: locked, post: post() }))).toBeNull();
    expect(codeOf(() => requireCanEditPost(admin, { ...place('admin'), thread: locked, post: post() }))).toBeNull();
    const silenced = { ...place('author'), membership: member({ silencedUntil: new Date(NOW + 3_600_000) }) };
    expect(codeOf(() => requireCanEditPost(author, { ...silenced, thread: thread(), post: post() }))).toBe('SILENCED_IN_COMMUNITY');
    expect(codeOf(() => requireCanEditPost(other, { ...place('other'), thread: thread(), post: post() }))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCanEditPost(null, { ...place('anonymous'), thread: thread(), post: post() }))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireCanEditPost(author, { ...place('author'), thread: thread(), post: post({ deletedAt: new Date() }) }))).toBe('POST_DELETED');
  });
});

describe('who may delete a post', () => {
  const replies = () => true;
  const noReplies = () => false;

  it('follows the edit rule for a reply', () => {
    expect(deleteRefusal(author, place('author'), post(), thread(), replies)).toBeNull();
    expect(deleteRefusal(moderator, place('moderator'), post(), thread(), replies)).toBeNull();
    expect(deleteRefusal(admin, place('admin'), post(), thread(), replies)).toBeNull();
    expect(deleteRefusal(other, place('other'), post(), thread(), replies)).toBe('FORBIDDEN');
    expect(deleteRefusal(null, place('anonymous'), post(), thread(), replies)).toBe('UNAUTHENTICATED');
    expect(deleteRefusal(author, place('author'), post({ deletedAt: new Date() }), thread(), replies)).toBe('POST_DELETED');
  });

  it('keeps the opening post of a discussion with replies from its author, not from moderators', () => {
    const opening = post({ id: 10 });
    expect(deleteRefusal(author, place('author'), opening, thread(), replies)).toBe('FORBIDDEN');
    expect(deleteRefusal(author, place('author'), opening, thread(), noReplies)).toBeNull();
    expect(deleteRefusal(moderator, place('moderator'), opening, thread(), replies)).toBeNull();
    expect(codeOf(() => requireCanDeletePost(author, { ...place('author'), post: opening, thread: thread() }, replies))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCanDeletePost(admin, { ...place('admin'), post: opening, thread: thread() }, replies))).toBeNull();
  });

  it('asks whether there are replies only for the opening post of a non-moderator', () => {
    let asked = 0;
    const counting = () => {
      asked += 1;
      return true;
    };
    deleteRefusal(author, place('author'), post(), thread(), counting);
    deleteRefusal(moderator, place('moderator'), post({ id: 10 }), thread(), counting);
    deleteRefusal(other, place('other'), post({ id: 10 }), thread(), counting);
    expect(asked).toBe(0);
    deleteRefusal(author, place('author'), post({ id: 10 }), thread(), counting);
    expect(asked).toBe(1);
  });
});

describe('who may read a post’s source', () => {
  it('is its author and moderators, also when deleted', () => {
    const expected: Record<Who, boolean> = { author: true, moderator: true, admin: true, other: false, anonymous: false };
    for (const who of Object.keys(readers) as Who[]) {
      expect(canReadSource(readers[who].actor, place(who), post()), who).toBe(expected[who]);
    }
  });
});

describe('replying to a thread', () => {
  it('is closed to everyone but moderators while the thread is locked', () => {
    const locked = thread({ locked: true });
    expect(isClosedTo(place('author'), locked)).toBe(true);
    expect(isClosedTo(place('other'), locked)).toBe(true);
    expect(isClosedTo(place('moderator'), locked)).toBe(false);
    expect(isClosedTo(place('admin'), locked)).toBe(false);
    expect(isClosedTo(place('other'), thread())).toBe(false);
    expect(codeOf(() => requireCanReply(other, { ...place('other'), thread: locked }))).toBe('THREAD_LOCKED');
    expect(codeOf(() => requireCanReply(moderator, { ...place('moderator'), thread: locked }))).toBeNull();
    expect(replyBlockedReason(other, { ...place('other'), thread: locked })).toBe('locked');
    expect(replyBlockedReason(moderator, { ...place('moderator'), thread: locked })).toBeNull();
  });

  it('needs membership and a session, with the reason a person can act on', () => {
    expect(codeOf(() => requireCanReply(null, { ...place('anonymous'), thread: thread() }))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireCanReply(other, { ...place('other'), membership: undefined, thread: thread() }))).toBe('NOT_A_MEMBER');
    expect(codeOf(() => requireCanReply(other, { ...place('other'), thread: thread() }))).toBeNull();
    expect(codeOf(() => requireCanReply(admin, { ...place('admin'), thread: thread() }))).toBeNull();
    expect(replyBlockedReason(null, { ...place('anonymous'), thread: thread() })).toBe('anonymous');
    expect(replyBlockedReason(other, { ...place('other'), membership: member({ status: 'pending' }), thread: thread() })).toBe('pending');
    // A lock is said before a missing membership: the box is closed for everyone.
    expect(replyBlockedReason(null, { ...place('anonymous'), thread: thread({ locked: true }) })).toBe('locked');
  });
});

describe('reacting', () => {
  it('needs active membership without a sanction; a lock does not matter; a deleted post takes none', () => {
    expect(canReact(author, member())).toBe(true);
    expect(canReact(admin, undefined)).toBe(true);
    expect(canReact(other, undefined)).toBe(false);
    expect(canReact(null, undefined)).toBe(false);
    expect(canReact(author, member({ silencedUntil: new Date(NOW + 3_600_000) }))).toBe(false);
    expect(canReact(author, member({ silencedUntil: new Date(NOW - 3_600_000) }))).toBe(true);
    expect(codeOf(() => requireCanReact(other, { ...place('other'), post: post() }))).toBeNull();
    expect(codeOf(() => requireCanReact(other, { ...place('other'), post: post({ deletedAt: new Date() }) }))).toBe('POST_DELETED');
    expect(codeOf(() => requireCanReact(null, { ...place('anonymous'), post: post() }))).toBe('UNAUTHENTICATED');
  });
});

describe('accepting an answer', () => {
  it('is for the question’s author, moderators and admins; not for other members or anonymous readers', () => {
    const expected: Record<Who, boolean> = { author: true, moderator: true, admin: true, other: false, anonymous: false };
    for (const who of Object.keys(readers) as Who[]) {
      expect(canAccept(readers[who].actor, place(who), thread()), who).toBe(expected[who]);
      expect(canAccept(readers[who].actor, place(who), thread({ kind: 'discussion' })), who).toBe(false);
    }
  });

  it('refuses in order: session, author or moderator, sanctions (not for moderators), a question', () => {
    expect(codeOf(() => requireCanAccept(null, { ...place('anonymous'), thread: thread() }))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireCanAccept(other, { ...place('other'), thread: thread() }))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCanAccept(other, { ...place('other'), thread: thread({ kind: 'discussion' }) }))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCanAccept(author, { ...place('author'), thread: thread({ kind: 'discussion' }) }))).toBe('NOT_A_QUESTION');
    const silenced = { ...place('author'), membership: member({ silencedUntil: new Date(NOW + 3_600_000) }) };
    expect(codeOf(() => requireCanAccept(author, { ...silenced, thread: thread() }))).toBe('SILENCED_IN_COMMUNITY');
    expect(codeOf(() => requireCanAccept(author, { ...silenced, thread: thread({ kind: 'discussion' }) }))).toBe('SILENCED_IN_COMMUNITY');
    const silencedModerator = { ...place('moderator'), membership: member({ role: 'moderator', silencedUntil: new Date(NOW + 3_600_000) }) };
    expect(codeOf(() => requireCanAccept(moderator, { ...silencedModerator, thread: thread() }))).toBeNull();
    // A locked question can still get its answer.
    expect(codeOf(() => requireCanAccept(author, { ...place('author'), thread: thread({ locked: true }) }))).toBeNull();
  });

  it('takes a visible live reply of the same thread, not the opening post', () => {
    const t = thread();
    expect(isAcceptableAnswer(t, post())).toBe(true);
    expect(isAcceptableAnswer(t, post({ id: 10 }))).toBe(false);
    expect(isAcceptableAnswer(t, post({ threadId: 6 }))).toBe(false);
    expect(isAcceptableAnswer(t, post({ hidden: true }))).toBe(false);
    expect(isAcceptableAnswer(t, post({ deletedAt: new Date() }))).toBe(false);
    expect(isAcceptableAnswer(t, undefined)).toBe(false);
  });
});
