import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { EventBudget } from './guard.ts';

/** The kinds of room a client follows, each named after the thing it follows (rooms.ts). */
export type RoomKind = 'thread' | 'forum' | 'community' | 'workshop';

export interface FollowedRoom {
  kind: RoomKind;
  id: number;
  /** The community it belongs to now (a thread can move), and a thread's forum. */
  communityId: number;
  forumId?: number;
  /** The moderators' room beside it, joined too when the socket's user moderates (none for workshops). */
  modRoom: string | null;
}

export interface SocketData {
  actor: Actor | null;
  sessionId: string | null;
  locale: Locale;
  budget: EventBudget;
  /** Rooms this socket follows, with the community each belongs to. */
  followed: Map<string, FollowedRoom>;
  /** When this socket last signalled typing, per thread. */
  lastTyping: Map<number, number>;
}

export type MingaIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MingaSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
