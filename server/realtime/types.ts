import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { EventBudget } from './guard.ts';

export interface FollowedRoom {
  communityId: number;
  /** The moderators' room beside it, joined too when the socket's user moderates. */
  modRoom: string;
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
