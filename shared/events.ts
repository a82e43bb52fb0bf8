/**
 * The Socket.IO contract: event names, payloads and acknowledgements, typing both the server
 * and the client. Every client → server event takes an acknowledgement
 * `{ok: true, data} | {ok: false, error}`; payloads are validated against the schemas below.
 */
import { Type, type Static } from 'typebox';
import type { Notification } from './schemas/notifications.ts';
import type { ExportProgress } from './schemas/my-data.ts';
import type { Post, Thread, ThreadSummary } from './schemas/discussions.ts';
import {
  WORKSHOP_MESSAGE_MAX,
  WORKSHOP_QUESTION_MAX,
  type WorkshopJoined,
  type WorkshopMessage,
  type WorkshopQuestion,
  type WorkshopRoom,
} from './schemas/workshops.ts';

export type AckError = { code: string; message: string };
export type Ack<T = undefined> =
  | ({ ok: true } & (T extends undefined ? { data?: undefined } : { data: T }))
  | { ok: false; error: AckError };
export type AckFn<T = undefined> = (reply: Ack<T>) => void;

export const ThreadRoomPayload = Type.Object(
  {
    threadId: Type.Integer({ minimum: 1 }),
    /** The newest post id the client has: the answer carries every visible post after it. */
    sincePostId: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ThreadRoomPayload = Static<typeof ThreadRoomPayload>;

export const ThreadRef = Type.Object({ threadId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ThreadRef = Static<typeof ThreadRef>;
export const ForumRef = Type.Object({ forumId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ForumRef = Static<typeof ForumRef>;
export const CommunityRef = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type CommunityRef = Static<typeof CommunityRef>;

export const WorkshopRef = Type.Object({ workshopId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type WorkshopRef = Static<typeof WorkshopRef>;
export const WorkshopJoinPayload = Type.Object(
  {
    workshopId: Type.Integer({ minimum: 1 }),
    /** The newest message id the client has: the answer carries every message after it. */
    afterMessageId: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type WorkshopJoinPayload = Static<typeof WorkshopJoinPayload>;
export const WorkshopMessagePayload = Type.Object(
  { workshopId: Type.Integer({ minimum: 1 }), body: Type.String({ maxLength: WORKSHOP_MESSAGE_MAX }) },
  { additionalProperties: false },
);
export type WorkshopMessagePayload = Static<typeof WorkshopMessagePayload>;
export const WorkshopQuestionPayload = Type.Object(
  { workshopId: Type.Integer({ minimum: 1 }), body: Type.String({ maxLength: WORKSHOP_QUESTION_MAX }) },
  { additionalProperties: false },
);
export type WorkshopQuestionPayload = Static<typeof WorkshopQuestionPayload>;
export const WorkshopVotePayload = Type.Object(
  { workshopId: Type.Integer({ minimum: 1 }), questionId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type WorkshopVotePayload = Static<typeof WorkshopVotePayload>;
export type { WorkshopJoined };

/** Who is on a page: signed-in readers by name, anonymous ones counted. */
export interface Presence {
  room: string;
  users: { id: number; displayName: string }[];
  anonymous: number;
}

export interface ThreadJoined {
  /** Visible posts after `sincePostId`, oldest first (empty without it). */
  missed: Post[];
  /** True when more were missed than one answer carries: reload the page instead. */
  truncated: boolean;
}

/** Limits on what one socket may do; the server enforces them, the client may read them. */
export const SOCKET_LIMITS = {
  maxPayloadBytes: 16 * 1024,
  maxRooms: 50,
  /** Client events per socket per window, and the window in milliseconds. */
  eventsPerWindow: 60,
  windowMs: 10_000,
  /** Typing signals per socket and thread, at most one per this many milliseconds. */
  typingIntervalMs: 2_000,
} as const;

/**
 * A member's own read state changed (to their own room only): a thread's unread count and
 * "new" mark, and their counts in each forum of its community (null when they are not a member
 * there). `cleared` says a forum (or, with null, the whole community) was marked read.
 */
export interface ReadsChanged {
  communityId: number;
  thread: { id: number; forumId: number; unread: number; isNew: boolean } | null;
  cleared: { forumId: number | null } | null;
  forums: { forumId: number; unreadThreads: number; newThreads: number }[] | null;
}

export interface ServerToClientEvents {
  /** Sent once after the handshake: who the server thinks you are. */
  'session:ready': (payload: { userId: number | null }) => void;
  'post:created': (payload: { threadId: number; post: Post }) => void;
  /** An edit, a deletion, a reaction count, hiding or restoring (hidden posts reach only moderators in full). */
  'post:updated': (payload: { threadId: number; post: Post }) => void;
  'thread:updated': (payload: { thread: Thread }) => void;
  /** A new thread in a forum or community followed by the client. */
  'thread:created': (payload: { thread: ThreadSummary }) => void;
  /** New activity in a followed forum or community: the thread's new summary. */
  'thread:activity': (payload: { thread: ThreadSummary }) => void;
  /**
   * A thread that followers of a list may no longer see (hidden), or that a thread's reader may
   * no longer read (hidden, moved, access lost): they are out of its room.
   */
  'thread:removed': (payload: { threadId: number; forumId: number }) => void;
  /**
   * A followed forum, community or workshop the reader may no longer read (it turned private,
   * they left or were banned): they are out of its room, as if they had never joined.
   */
  'room:lost': (payload: { kind: 'forum' | 'community' | 'workshop'; id: number }) => void;
  typing: (payload: { threadId: number; user: { id: number; displayName: string } }) => void;
  presence: (payload: Presence) => void;
  notification: (payload: { notification: Notification; unread: number }) => void;
  'notifications:unread': (payload: { unread: number }) => void;
  /** The member's unread and new marks and counts moved (a post arrived, they read, muted, marked all read). */
  'reads:changed': (payload: ReadsChanged) => void;
  'workshop:message': (payload: { workshopId: number; message: WorkshopMessage }) => void;
  /** A host deleted a message: it vanishes for everyone. */
  'workshop:message:deleted': (payload: { workshopId: number; messageId: number }) => void;
  /** The questions in rank order (votes, then age; answered ones last). */
  'workshop:questions': (payload: { workshopId: number; questions: WorkshopQuestion[] }) => void;
  /** The room opened, closed, changed slow mode or its pinned message. */
  'workshop:room': (payload: { workshopId: number; room: WorkshopRoom }) => void;
  /** To the muted (or unmuted) attendee only. */
  'workshop:muted': (payload: { workshopId: number; muted: boolean }) => void;
  /** An export of the member's own data moved on (to their own room only; issue 19). */
  'export:progress': (payload: ExportProgress) => void;
}

export interface ClientToServerEvents {
  /** Round trip check; answers with the server's clock. */
  'session:ping': (ack: AckFn<{ serverTime: string }>) => void;
  'thread:join': (payload: ThreadRoomPayload, ack: AckFn<ThreadJoined>) => void;
  'thread:leave': (payload: ThreadRef, ack: AckFn) => void;
  'forum:join': (payload: ForumRef, ack: AckFn) => void;
  'forum:leave': (payload: ForumRef, ack: AckFn) => void;
  'community:join': (payload: CommunityRef, ack: AckFn) => void;
  'community:leave': (payload: CommunityRef, ack: AckFn) => void;
  typing: (payload: ThreadRef, ack: AckFn) => void;
  'workshop:join': (payload: WorkshopJoinPayload, ack: AckFn<WorkshopJoined>) => void;
  'workshop:leave': (payload: WorkshopRef, ack: AckFn) => void;
  'workshop:message': (payload: WorkshopMessagePayload, ack: AckFn<{ message: WorkshopMessage }>) => void;
  'workshop:question': (payload: WorkshopQuestionPayload, ack: AckFn<{ question: WorkshopQuestion }>) => void;
  'workshop:vote': (payload: WorkshopVotePayload, ack: AckFn) => void;
}
