import { editRefusal } from '../../../../shared/discussions-policy.ts';
import type { Presence, ThreadJoined } from '../../../../shared/events.ts';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import type { Post, Thread } from '../../../../shared/schemas/discussions.ts';
import { realtime } from '../../lib/realtime/socket.svelte.ts';
import { session } from '../../lib/state/session.svelte.ts';
import type { ThreadView } from './thread-view.svelte.ts';
import { pendingReaction } from './reactions.ts';

/** How long "Ana is typing…" stays after her last signal (the server repeats it every 2 s at most). */
const TYPING_SHOWN_MS = 5_000;

export interface Typist {
  id: number;
  displayName: string;
}

/** One sentence for the thread's live region: a reply by someone, or how many arrived at once. */
export interface ArrivalAnnouncement {
  /** The newest post it speaks of (keys the sentence, so a repeat is announced again). */
  postId: number;
  name: string;
  count: number;
}

/** Sentences kept in the live region; older ones were read already. */
const ANNOUNCEMENTS_KEPT = 3;

export interface ThreadLiveHooks {
  /** Others' new posts, just before they are shown (the page still has its old length). */
  beforeArrival: (posts: Post[]) => void;
}

/**
 * A thread page kept live: the socket's posts, edits and moderation folded into the page's
 * ThreadView, and who is reading and typing.
 */
export class ThreadLive {
  readers = $state<Presence | null>(null);
  typists = $state<Typist[]>([]);
  /** The thread was hidden by a moderator while the page was open. */
  removed = $state(false);
  /** A change to announce to screen readers (the thread locked or reopened). */
  notice = $state<MessageKey | null>(null);
  /** Others' replies as they arrive, said by a polite live region ("New reply by Ana"). */
  arrivals = $state<ArrivalAnnouncement[]>([]);

  readonly #view: ThreadView;
  readonly #hooks: ThreadLiveHooks;
  readonly #typingTimers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(view: ThreadView, hooks: ThreadLiveHooks) {
    this.#view = view;
    this.#hooks = hooks;
  }

  /** Follows the thread's room and its events; returns the function that stops. */
  start(): () => void {
    const id = this.#view.threadId;
    const stops = [
      realtime.follow('thread', id, {
        since: () => this.#view.newestPostId,
        onJoined: (joined) => this.#caughtUp(joined),
        // Refused on a later join: the thread went out of reach while the page was away.
        onRefused: (error) => {
          if (error.code.endsWith('NOT_FOUND')) this.#removed();
        },
      }),
      realtime.on('post:created', ({ threadId, post }) => {
        if (threadId === id) this.#created([post]);
      }),
      realtime.on('post:updated', ({ threadId, post }) => {
        if (threadId === id) this.#updated(post);
      }),
      realtime.on('thread:updated', ({ thread }) => {
        if (thread.id === id) this.#threadChanged(thread);
      }),
      realtime.on('thread:removed', ({ threadId }) => {
        if (threadId === id) this.#removed();
      }),
      realtime.on('typing', ({ threadId, user }) => {
        if (threadId === id && user.id !== session.user?.id) this.#typing(user);
      }),
      realtime.on('presence', (presence) => {
        if (presence.room === `thread:${id}`) this.readers = presence;
      }),
    ];
    return () => {
      for (const stop of stops) stop();
      for (const timer of this.#typingTimers.values()) clearTimeout(timer);
      this.#typingTimers.clear();
    };
  }

  /** A (re)join answered with what the page missed; too much to send means loading again. */
  #caughtUp({ missed, truncated }: ThreadJoined): void {
    if (truncated) void this.#view.load();
    else this.#created(missed);
  }

  #created(posts: Post[]): void {
    const me = session.user?.id;
    const shown = posts
      .filter((post) => this.#visible(post) && !this.#view.post(post.id))
      .map((post) => this.#personal(post, undefined));
    if (shown.length === 0) return;
    const others = shown.filter((post) => post.authorId !== me);
    if (others.length > 0 && this.#view.hasEnd) this.#hooks.beforeArrival(others);
    if (others.length > 0) this.#announce(others);
    for (const post of shown) {
      this.#view.receive(post);
      this.#stopTyping(post.authorId);
    }
  }

  #announce(posts: Post[]): void {
    const last = posts.at(-1)!;
    const sentence = { postId: last.id, name: last.author.displayName, count: posts.length };
    this.arrivals = [...this.arrivals, sentence].slice(-ANNOUNCEMENTS_KEPT);
  }

  #updated(post: Post): void {
    if (!this.#visible(post)) {
      this.#view.remove(post.id);
      return;
    }
    const accepted = this.#view.page?.acceptedPost;
    const previous = this.#view.post(post.id) ?? (accepted?.id === post.id ? accepted : undefined);
    this.#view.merge(this.#personal(post, previous));
  }

  #threadChanged(thread: Thread): void {
    const page = this.#view.page;
    if (!page) return;
    const wasLocked = page.thread.locked;
    // The broadcast knows nothing of this reader's watch level.
    this.#view.setThread({ ...thread, watching: page.thread.watching });
    if (page.permissions.canModerate || thread.locked === wasLocked) return;
    if (thread.locked) this.notice = 'moderation.locked';
    else this.notice = page.permissions.canReply ? 'realtime.threadReopened' : 'moderation.unlocked';
  }

  #removed(): void {
    this.removed = true;
    this.typists = [];
    const permissions = this.#view.page?.permissions;
    if (!permissions) return;
    permissions.canReply = false;
    permissions.canReact = false;
    permissions.canAccept = false;
  }

  /** A hidden post reaches non-moderators emptied: it is gone for them. */
  #visible(post: Post): boolean {
    return !post.hidden || !!this.#view.page?.permissions.canModerate;
  }

  /** The broadcast is the same for everyone: this reader's own rights and reactions go back in. */
  #personal(post: Post, previous: Post | undefined): Post {
    const canModerate = !!this.#view.page?.permissions.canModerate;
    return {
      ...post,
      canEdit: editRefusal(session.user, { canModerate }, post) === null,
      reactions: post.reactions.map((reaction) => ({
        ...reaction,
        reacted:
          reaction.count > 0 &&
          (pendingReaction(post.id, reaction.kind) ?? !!previous?.reactions.find((mine) => mine.kind === reaction.kind)?.reacted),
      })),
    };
  }

  #typing(user: Typist): void {
    clearTimeout(this.#typingTimers.get(user.id));
    if (!this.typists.some((typist) => typist.id === user.id)) this.typists = [...this.typists, user];
    this.#typingTimers.set(
      user.id,
      setTimeout(() => this.#stopTyping(user.id), TYPING_SHOWN_MS),
    );
  }

  #stopTyping(userId: number): void {
    clearTimeout(this.#typingTimers.get(userId));
    this.#typingTimers.delete(userId);
    if (this.typists.some((typist) => typist.id === userId)) {
      this.typists = this.typists.filter((typist) => typist.id !== userId);
    }
  }
}
