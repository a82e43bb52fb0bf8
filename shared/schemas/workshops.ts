import { Type, type Static } from 'typebox';
import { Nullable, PageQuery, Timestamp } from './common.ts';
import { CONTENT_LOCALES } from './discussions.ts';

export const WORKSHOP_KINDS = ['workshop', 'meeting', 'seminar'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];
/** Where a workshop stands for listings: derived from its times and its room. */
export const WORKSHOP_STATUSES = ['upcoming', 'live', 'past'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];
export const ROOM_STATES = ['scheduled', 'open', 'closed'] as const;
export type RoomState = (typeof ROOM_STATES)[number];

export const WORKSHOP_TITLE_MAX = 200;
export const WORKSHOP_DESCRIPTION_MAX = 5_000;
export const WORKSHOP_MESSAGE_MAX = 2_000;
export const WORKSHOP_QUESTION_MAX = 500;
export const WORKSHOP_ANSWER_MAX = 2_000;
export const WORKSHOP_CAPACITY_MAX = 100_000;
export const SLOW_MODE_MAX_SECONDS = 600;

export const WorkshopPerson = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });
export type WorkshopPerson = Static<typeof WorkshopPerson>;

export const WorkshopMessage = Type.Object({
  id: Type.Integer(),
  workshopId: Type.Integer(),
  author: WorkshopPerson,
  bodyHtml: Type.String(),
  createdAt: Timestamp,
});
export type WorkshopMessage = Static<typeof WorkshopMessage>;

export const WorkshopQuestion = Type.Object({
  id: Type.Integer(),
  workshopId: Type.Integer(),
  author: WorkshopPerson,
  bodyHtml: Type.String(),
  votes: Type.Integer(),
  answered: Type.Boolean(),
  answerHtml: Nullable(Type.String()),
  answeredBy: Nullable(WorkshopPerson),
  createdAt: Timestamp,
});
export type WorkshopQuestion = Static<typeof WorkshopQuestion>;

/** The live room's state, the same for everyone in it (broadcast as `workshop:room`). */
export const WorkshopRoom = Type.Object({
  state: Type.Enum(ROOM_STATES),
  openedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  slowModeSeconds: Type.Integer(),
  pinned: Nullable(WorkshopMessage),
});
export type WorkshopRoom = Static<typeof WorkshopRoom>;

export const Workshop = Type.Object({
  id: Type.Integer(),
  community: Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), visibility: Type.String() }),
  title: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  kind: Type.Enum(WORKSHOP_KINDS),
  startsAt: Timestamp,
  endsAt: Timestamp,
  language: Type.Enum(CONTENT_LOCALES),
  capacity: Nullable(Type.Integer()),
  videoUrl: Nullable(Type.String()),
  status: Type.Enum(WORKSHOP_STATUSES),
  room: WorkshopRoom,
  hosts: Type.Array(WorkshopPerson),
  registrationCount: Type.Integer(),
  publishedThreadId: Nullable(Type.Integer()),
  createdAt: Timestamp,
  /** What the reader may do (false for everyone in broadcasts). */
  viewer: Type.Object({
    registered: Type.Boolean(),
    /** Listed among the hosts. */
    isHost: Type.Boolean(),
    /** May use the host controls: a host or a moderator of the community. */
    canControl: Type.Boolean(),
    canChat: Type.Boolean(),
  }),
});
export type Workshop = Static<typeof Workshop>;

export const WorkshopCreate = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: WORKSHOP_TITLE_MAX }),
    description: Type.String({ maxLength: WORKSHOP_DESCRIPTION_MAX }),
    kind: Type.Enum(WORKSHOP_KINDS),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    language: Type.Enum(CONTENT_LOCALES),
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: WORKSHOP_CAPACITY_MAX }))),
    videoUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    /** Further hosts besides the creator, by username (specialists or members). */
    hosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type WorkshopCreate = Static<typeof WorkshopCreate>;

export const WorkshopResponse = Type.Object({ workshop: Workshop });

export const WorkshopListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(WORKSHOP_STATUSES)),
    community: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type WorkshopListQuery = Static<typeof WorkshopListQuery>;

export const WorkshopList = Type.Object({ items: Type.Array(Workshop), nextCursor: Nullable(Type.String()) });
export type WorkshopList = Static<typeof WorkshopList>;

export const Transcript = Type.Object({
  messages: Type.Array(WorkshopMessage),
  questions: Type.Array(WorkshopQuestion),
});
export type Transcript = Static<typeof Transcript>;

export const RegistrationResult = Type.Object({ registered: Type.Boolean(), registrationCount: Type.Integer() });
export type RegistrationResult = Static<typeof RegistrationResult>;

export const PublishBody = Type.Object({ forumId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
/** The forums a workshop's transcript may be published in (those of its community), for its hosts. */
export const PublishForums = Type.Object({ forums: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) });
export type PublishForums = Static<typeof PublishForums>;
export const SlowModeBody = Type.Object(
  { seconds: Type.Integer({ minimum: 0, maximum: SLOW_MODE_MAX_SECONDS }) },
  { additionalProperties: false },
);
export const PinBody = Type.Object({ messageId: Nullable(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const MuteBody = Type.Object({ userId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const AnswerBody = Type.Object(
  { answer: Type.Optional(Type.String({ maxLength: WORKSHOP_ANSWER_MAX })) },
  { additionalProperties: false },
);
export const WorkshopChildParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), childId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const QuestionsResponse = Type.Object({ questions: Type.Array(WorkshopQuestion) });
export const RoomResponse = Type.Object({ room: WorkshopRoom });

/** What a (re)join answers: the room, the messages after the client's newest, the questions. */
export interface WorkshopJoined {
  workshop: Workshop;
  /** Messages after `afterMessageId` (or the latest ones without it), oldest first. */
  messages: WorkshopMessage[];
  /** More were missed than one answer carries: load the transcript instead. */
  truncated: boolean;
  /** Messages deleted so far: a client that still shows one removes it. */
  deletedMessageIds: number[];
  questions: WorkshopQuestion[];
  votedQuestionIds: number[];
  muted: boolean;
}
