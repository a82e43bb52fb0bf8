import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_LIMITS,
  type Ack,
  type AckError,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type ThreadJoined,
  type WorkshopJoined,
} from '../../../../shared/events.ts';

export type MingaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ServerEvent = keyof ServerToClientEvents;
export type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface ThreadFollowOptions {
  /** The newest post the page has, asked at every (re)join: the server answers with the posts after it. */
  since?: () => number | undefined;
  /** The answer to a join: the posts missed since `since()` (none on a first join without one). */
  onJoined?: (joined: ThreadJoined) => void;
  /** The server refused the room (the reader may not read the thread any more). */
  onRefused?: (error: AckError) => void;
}

export interface WorkshopFollowOptions {
  /** The newest message the page has, asked at every (re)join: the server answers with the messages after it. */
  since?: () => number | undefined;
  onJoined?: (joined: WorkshopJoined) => void;
  onRefused?: (error: AckError) => void;
}

/** Client events that write in a room and answer with data. */
type WriteEvent = 'workshop:message' | 'workshop:question' | 'workshop:vote';
type AckOf<E extends WriteEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface RoomFollowOptions {
  onRefused?: (error: AckError) => void;
}

interface Room {
  join: () => Promise<Ack<unknown>>;
  leave: () => void;
  followers: Set<ThreadFollowOptions & WorkshopFollowOptions>;
}

const ACK_TIMEOUT_MS = 10_000;
/**
 * Typing signals are spaced a little more than the server's limit, so that network jitter
 * cannot make one arrive "too soon" and be dropped.
 */
const TYPING_SPACING_MS = SOCKET_LIMITS.typingIntervalMs + 250;
/** A server that closed the connection itself (a logout elsewhere, a restart) is asked again after this. */
const SERVER_CLOSE_RETRY_MS = 1_000;

/**
 * The app's one Socket.IO connection, typed by shared/events.ts. Pages follow rooms through
 * it with reference counting; every (re)connection joins the followed rooms again, so a page
 * never has to notice that the network went away.
 */
class Realtime {
  /** Whether the socket is connected now. */
  connected = $state(false);
  /** Who the server took this connection for (`session:ready`); undefined until it says. */
  userId = $state<number | null | undefined>(undefined);

  readonly #socket: MingaSocket = io({ autoConnect: false, transports: ['websocket', 'polling'] });
  readonly #rooms = new Map<string, Room>();
  readonly #lastTyping = new Map<number, number>();
  readonly #pendingTyping = new Map<number, ReturnType<typeof setTimeout>>();
  #identity: number | null | undefined;
  #started = false;

  constructor() {
    const socket = this.#socket;
    socket.on('connect', () => {
      this.connected = true;
      this.#lastTyping.clear();
      this.#cancelTyping();
      for (const room of this.#rooms.values()) void room.join();
    });
    socket.on('disconnect', (reason) => {
      this.connected = false;
      this.userId = undefined;
      this.#cancelTyping();
      // Socket.IO retries by itself unless the server (or we) closed the connection on purpose.
      if (reason === 'io server disconnect') {
        setTimeout(() => {
          if (!socket.active) socket.connect();
        }, SERVER_CLOSE_RETRY_MS);
      }
    });
    socket.on('session:ready', ({ userId }) => {
      this.userId = userId;
    });
  }

  /** Connects once, at boot. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#socket.connect();
  }

  /**
   * The signed-in person changed (login, logout, another account): the handshake carried the
   * old session cookie, so the connection starts again with the new one.
   */
  useIdentity(userId: number | null): void {
    if (userId === this.#identity) return;
    const first = this.#identity === undefined;
    this.#identity = userId;
    if (first || !this.#started) return;
    this.#socket.disconnect();
    this.#socket.connect();
  }

  /** Listens to a server event; returns the function that stops listening. */
  on<E extends ServerEvent>(event: E, listener: (payload: ServerPayload<E>) => void): () => void {
    const socket = this.#socket as unknown as {
      on(event: string, listener: (payload: unknown) => void): void;
      off(event: string, listener: (payload: unknown) => void): void;
    };
    const handler = listener as (payload: unknown) => void;
    socket.on(event, handler);
    return () => socket.off(event, handler);
  }

  /** Follows a room while the returned function is not called; the room is left by its last follower. */
  follow(kind: 'thread', threadId: number, options?: ThreadFollowOptions): () => void;
  follow(kind: 'forum', forumId: number, options?: RoomFollowOptions): () => void;
  follow(kind: 'community', slug: string, options?: RoomFollowOptions): () => void;
  follow(kind: 'workshop', workshopId: number, options?: WorkshopFollowOptions): () => void;
  follow(kind: 'thread' | 'forum' | 'community' | 'workshop', ref: number | string, options: ThreadFollowOptions & WorkshopFollowOptions = {}): () => void {
    const key = `${kind}:${ref}`;
    let room = this.#rooms.get(key);
    if (!room) {
      room = this.#room(kind, ref, new Set());
      this.#rooms.set(key, room);
      room.followers.add(options);
      if (this.connected) void room.join();
    } else {
      room.followers.add(options);
    }
    const followed = room;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      followed.followers.delete(options);
      if (followed.followers.size > 0 || this.#rooms.get(key) !== followed) return;
      this.#rooms.delete(key);
      if (this.connected) followed.leave();
    };
  }

  /**
   * Tells the others in the thread that this person is writing: at once, or — within the
   * spacing the server allows — once at the end of it, so a short burst is not lost.
   */
  typing(threadId: number): void {
    if (!this.connected || !this.userId || this.#pendingTyping.has(threadId)) return;
    const wait = (this.#lastTyping.get(threadId) ?? 0) + TYPING_SPACING_MS - Date.now();
    if (wait <= 0) {
      this.#sendTyping(threadId);
      return;
    }
    this.#pendingTyping.set(
      threadId,
      setTimeout(() => {
        this.#pendingTyping.delete(threadId);
        if (this.connected) this.#sendTyping(threadId);
      }, wait),
    );
  }

  /** The reply was sent: a signal still waiting would announce writing that is over. */
  stopTyping(threadId?: number): void {
    this.#cancelTyping(threadId);
  }

  #sendTyping(threadId: number): void {
    this.#lastTyping.set(threadId, Date.now());
    this.#socket.emit('typing', { threadId }, () => {});
  }

  #cancelTyping(threadId?: number): void {
    for (const [id, timer] of this.#pendingTyping) {
      if (threadId !== undefined && id !== threadId) continue;
      clearTimeout(timer);
      this.#pendingTyping.delete(id);
    }
  }

  /** Sends a write to a room and resolves with the server's acknowledgement (an error one when unanswered). */
  async send<E extends WriteEvent>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>> {
    const socket = this.#socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<AckOf<E>> };
    try {
      return await socket.emitWithAck(event, payload);
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: '' } } as AckOf<E>;
    }
  }

  #room(kind: 'thread' | 'forum' | 'community' | 'workshop', ref: number | string, followers: Set<ThreadFollowOptions & WorkshopFollowOptions>): Room {
    const socket = this.#socket.timeout(ACK_TIMEOUT_MS);
    const refused = (reply: Ack<unknown>) => {
      if (!reply.ok) for (const follower of followers) follower.onRefused?.(reply.error);
      return reply;
    };
    const sent = async (pending: Promise<Ack<unknown>>): Promise<Ack<unknown>> => {
      try {
        return refused(await pending);
      } catch {
        // No answer in time: the next reconnection joins again.
        return { ok: false, error: { code: 'UNAVAILABLE', message: '' } };
      }
    };
    switch (kind) {
      case 'thread': {
        const threadId = Number(ref);
        return {
          followers,
          join: async () => {
            const sincePostId = [...followers].map((follower) => follower.since?.()).find((id) => id !== undefined);
            const payload = sincePostId === undefined ? { threadId } : { threadId, sincePostId };
            const reply = (await sent(socket.emitWithAck('thread:join', payload))) as Ack<ThreadJoined>;
            if (reply.ok) for (const follower of followers) follower.onJoined?.(reply.data);
            return reply;
          },
          leave: () => this.#socket.emit('thread:leave', { threadId }, () => {}),
        };
      }
      case 'forum': {
        const forumId = Number(ref);
        return {
          followers,
          join: () => sent(socket.emitWithAck('forum:join', { forumId })),
          leave: () => this.#socket.emit('forum:leave', { forumId }, () => {}),
        };
      }
      case 'workshop': {
        const workshopId = Number(ref);
        return {
          followers,
          join: async () => {
            const afterMessageId = [...followers].map((follower) => follower.since?.()).find((id) => id !== undefined);
            const payload = afterMessageId === undefined ? { workshopId } : { workshopId, afterMessageId };
            const reply = (await sent(socket.emitWithAck('workshop:join', payload))) as Ack<WorkshopJoined>;
            if (reply.ok) for (const follower of followers) follower.onJoined?.(reply.data);
            return reply;
          },
          leave: () => this.#socket.emit('workshop:leave', { workshopId }, () => {}),
        };
      }
      case 'community': {
        const slug = String(ref);
        return {
          followers,
          join: () => sent(socket.emitWithAck('community:join', { slug })),
          leave: () => this.#socket.emit('community:leave', { slug }, () => {}),
        };
      }
    }
  }
}

export const realtime = new Realtime();
