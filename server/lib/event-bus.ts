import { EventEmitter } from 'node:events';

/**
 * Domain events, published by services after their transaction commits. Subscribers do the
 * side effects (realtime fan-out, notifications, counters); a service never calls them.
 */
export interface DomainEvents {
  'user.registered': { userId: number };
  'user.updated': { userId: number };
  /** A session was signed out or revoked; `handle` is its public handle (a hash), never the secret id: the event crosses processes. */
  'session.ended': { userId: number; handle: string };
  /** The member confirmed an address (verification or change): affiliations by domain follow it. */
  'user.email.verified': { userId: number; email: string };
  /** A sign-in identity from an institution's provider was linked to the account (issue 19). */
  'identity.linked': { userId: number; providerId: string; email: string | null; emailVerified: boolean };
  /**
   * The account was erased at its owner's request: every area deletes its personal rows about
   * `userId` (sessions, factors, identities, bookmarks, drafts...) in its own subscriber.
   */
  'user.erased': { userId: number; /** The address the account had: invitations addressed to it are revoked. */ email: string };
  'community.created': { communityId: number };
  'community.updated': { communityId: number };
  'forum.updated': { forumId: number };
  'community.membership.changed': {
    communityId: number;
    userId: number;
    status: 'active' | 'pending' | 'banned' | 'none';
    previous: 'active' | 'pending' | 'banned' | 'none';
    actorId: number;
  };
  'answer.accepted': { threadId: number; postId: number; actorId: number };
  'notification.created': { userId: number; notificationId: number };
  'knowledge.updated': {
    kind: string;
    id: number;
    /** True when the record was just created (webhooks tell created from updated). */
    created?: boolean;
    /** True when it was just withdrawn, false when just restored (knowledge/withdrawal.ts). */
    withdrawn?: boolean;
  };
  'notifications.read': { userId: number };
  'thread.created': { threadId: number; postId: number };
  'thread.updated': { threadId: number };
  'post.created': { threadId: number; postId: number; mentionedUserIds: number[] };
  'post.updated': { threadId: number; postId: number; mentionedUserIds: number[]; /** Who changed the text, for an edit. */ editorId?: number };
  'post.reacted': { threadId: number; postId: number; actorId: number; added: boolean };
  /** A moderator or host action recorded by another area (e.g. workshops); the audit log keeps it. */
  'audit.action': { actorId: number; action: string; communityId: number | null; targetType: string; targetId: number; reason: string | null };
  'workshop.created': { workshopId: number };
  'workshop.room.changed': { workshopId: number };
  'workshop.message.created': { workshopId: number; messageId: number };
  'workshop.message.deleted': { workshopId: number; messageId: number };
  'workshop.questions.changed': { workshopId: number };
  'workshop.attendee.muted': { workshopId: number; userId: number; muted: boolean };
  'report.resolved': { communityId: number; reporterIds: number[]; outcome: 'upheld' | 'dismissed'; actorId: number; logId: number };
  'warning.issued': { userId: number; warningId: number; communityId: number | null; actorId: number };
  /** A member registered for a workshop (not when already registered). */
  'workshop.registered': { workshopId: number; userId: number };
  /** A host opened a workshop's room (not a reopening of an open room). */
  'workshop.opened': { workshopId: number; actorId: number };
  /** A signed-in member opened a thread's page (notification mail counts it as seen). */
  'thread.viewed': { userId: number; threadId: number };
  /** A member's read position in a thread moved forward (their other tabs and lists follow). */
  'thread.read': { userId: number; threadId: number; lastRead: number; unread: number };
  /** An action entered in the audit log, once its transaction committed (the author of what it touched is told). */
  'audit.recorded': { logId: number; actorId: number | null; action: string; communityId: number | null; targetType: string; targetId: number; reason: string | null; before: unknown; after: unknown };
  /** A new member's post waits for a moderator's approval (its author is told). */
  'post.held': { threadId: number; postId: number; authorId: number };
  /** What a member's thread lists count changed without a post or a read position: muting a thread, marking a forum or community read. */
  'reads.changed': { userId: number; threadId?: number; communityId?: number; forumId?: number };
  /** A member reported a post or a thread (webhooks tell integrators). */
  'report.created': { reportId: number; communityId: number };
  /** An admin named or removed one of an institution's representatives. */
  'institution.representatives.changed': { institutionId: number; userId: number };
  /**
   * An agreement was recorded (issue 18). `fromCooperationId`: the cooperation request or offer
   * it grew from, if any (the cooperation area links the two and moves the request on).
   */
  'agreement.created': { agreementId: number; fromCooperationId?: number; actorId: number };
  /** A cooperation request or offer was posted; `matchedUserIds`: the people it was matched to (told, never the poster). */
  'cooperation.created': { itemId: number; actorId: number; matchedUserIds: number[] };
  /** A request or offer changed (status, text, the agreement it became). */
  'cooperation.updated': { itemId: number };
  /** An institution responded; `notifyUserIds`: the poster's side (never the responder). */
  'cooperation.responded': { itemId: number; responseId: number; actorId: number; notifyUserIds: number[] };
  /** An FAQ entry was proposed, edited, published, rejected or unpublished (the /faq page changes). */
  'faq.changed': { entryId: number };
  /** A news item was published, edited or taken down (issue 18, part 1). */
  'news.published': { newsId: number; actorId: number };
  'news.updated': { newsId: number; actorId: number };
  'news.unpublished': { newsId: number; actorId: number };
  /** An agreement's record, documents, nominated people or space changed (issue 18, part 3). */
  'agreement.updated': { agreementId: number; actorId: number };
  /** A member's verified affiliation began, changed or ended (issue 19): their badge on every page changes. */
  'affiliation.changed': { userId: number };
  /** An export of a member's own data moved on (queued, progress, ready, failed): their own sockets follow it (issue 19). */
  'data.export.changed': { userId: number; exportId: number; status: 'queued' | 'running' | 'ready' | 'failed' | 'expired'; progress: number };
  /** A community's invitation was revoked (issue 19): its landing page, cached for visitors, must go. */
  'invitation.revoked': { invitationId: number; communityId: number; actorId: number };
  /** A second factor (authenticator codes) was turned on or off on the account (issue 19); the member is mailed. */
  'second-factor.changed': { userId: number; kind: 'totp' | 'recovery' | 'passkey'; enabled: boolean };
}

export type DomainEventName = keyof DomainEvents;
export type Subscriber<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Also run for the events other processes publish (issue 20): for state each process keeps
   * in its own memory (caches, its own sockets' rooms). A subscriber that writes rows, sends
   * mail or emits through the Socket.IO adapter runs once, where the event was published.
   */
  everywhere?: boolean;
}

/** How the bus reaches the other processes (server/cluster/shared-state.ts). */
export interface BusRelay {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

const RELAY_TOPIC = 'bus';

export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });
  /** The subscribers that also run for other processes' events. */
  readonly #everywhere = new EventEmitter({ captureRejections: false });
  readonly #onError: (error: unknown, event: DomainEventName) => void;
  #relay: BusRelay | null = null;

  constructor(onError: (error: unknown, event: DomainEventName) => void = () => {}) {
    this.#onError = onError;
    this.#emitter.setMaxListeners(100);
    this.#everywhere.setMaxListeners(100);
  }

  /**
   * Connects the bus to the other processes: events this process publishes that some subscriber
   * wants everywhere are relayed (their payloads are plain JSON), and theirs reach this
   * process's `everywhere` subscribers.
   */
  attach(relay: BusRelay): () => void {
    this.#relay = relay;
    const stop = relay.subscribe(RELAY_TOPIC, (message) => {
      const { event, payload } = message as { event: DomainEventName; payload: DomainEvents[DomainEventName] };
      void this.#run(this.#everywhere, event, payload);
    });
    return () => {
      stop();
      this.#relay = null;
    };
  }

  /**
   * Runs every subscriber; one failing subscriber is logged and never undoes the write. The
   * promise settles when every local subscriber has finished (their writes are asynchronous
   * now): a service awaits it, so what a request caused is done when its answer leaves.
   */
  publish<K extends DomainEventName>(event: K, payload: DomainEvents[K]): Promise<void> {
    const done = this.#run(this.#emitter, event, payload);
    if (this.#relay && this.#everywhere.listenerCount(event) > 0) this.#relay.publish(RELAY_TOPIC, { event, payload });
    return done;
  }

  subscribe<K extends DomainEventName>(event: K, subscriber: Subscriber<K>, options: SubscribeOptions = {}): () => void {
    this.#emitter.on(event, subscriber);
    if (options.everywhere) this.#everywhere.on(event, subscriber);
    return () => {
      this.#emitter.off(event, subscriber);
      this.#everywhere.off(event, subscriber);
    };
  }

  #run<K extends DomainEventName>(emitter: EventEmitter, event: K, payload: DomainEvents[K]): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const listener of emitter.listeners(event) as Subscriber<K>[]) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) pending.push(result.catch((error) => this.#onError(error, event)));
      } catch (error) {
        this.#onError(error, event);
      }
    }
    return pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  }
}
