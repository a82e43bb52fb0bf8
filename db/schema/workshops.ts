import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { communities } from './communities.ts';
import { users } from './users.ts';

/**
 * Live workshops, technical meetings and seminars of a community. Times are UTC instants;
 * `room` is the live room's state (scheduled → open → closed), set by the hosts.
 */
export const workshops = table(
  'workshops',
  {
    id: id(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    kind: text('kind', { enum: ['workshop', 'meeting', 'seminar'] }).notNull(),
    startsAt: moment('starts_at').notNull(),
    endsAt: moment('ends_at').notNull(),
    language: text('language', { enum: ['es', 'pt', 'en'] }).notNull(),
    capacity: integer('capacity'),
    videoUrl: text('video_url'),
    room: text('room', { enum: ['scheduled', 'open', 'closed'] }).notNull().default('scheduled'),
    openedAt: moment('opened_at'),
    closedAt: moment('closed_at'),
    /** Seconds an attendee waits between two messages; 0 is off. */
    slowModeSeconds: integer('slow_mode_seconds').notNull().default(0),
    pinnedMessageId: integer('pinned_message_id'),
    registrationCount: integer('registration_count').notNull().default(0),
    publishedThreadId: integer('published_thread_id'),
    createdAt: createdAt(),
  },
  (t) => [index('workshops_starts_idx').on(t.startsAt, t.id), index('workshops_community_idx').on(t.communityId, t.startsAt)],
);

export const workshopHosts = table(
  'workshop_hosts',
  {
    workshopId: integer('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workshopId, t.userId] }), index('workshop_hosts_user_idx').on(t.userId)],
);

export const workshopRegistrations = table(
  'workshop_registrations',
  {
    workshopId: integer('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workshopId, t.userId] }), index('workshop_registrations_user_idx').on(t.userId)],
);

export const workshopMessages = table(
  'workshop_messages',
  {
    id: id(),
    workshopId: integer('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: createdAt(),
    deletedAt: moment('deleted_at'),
  },
  (t) => [index('workshop_messages_room_idx').on(t.workshopId, t.id), index('workshop_messages_author_idx').on(t.workshopId, t.authorId, t.id)],
);

export const workshopQuestions = table(
  'workshop_questions',
  {
    id: id(),
    workshopId: integer('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    voteCount: integer('vote_count').notNull().default(0),
    answeredAt: moment('answered_at'),
    answeredById: integer('answered_by_id').references(() => users.id, { onDelete: 'set null' }),
    answer: text('answer'),
    answerHtml: text('answer_html'),
    createdAt: createdAt(),
  },
  (t) => [index('workshop_questions_room_idx').on(t.workshopId, t.id)],
);

export const workshopVotes = table(
  'workshop_votes',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => workshopQuestions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

/** Attendees a host muted for this session. */
export const workshopMutes = table(
  'workshop_mutes',
  {
    workshopId: integer('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mutedById: integer('muted_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workshopId, t.userId] })],
);

export type WorkshopRow = typeof workshops.$inferSelect;
export type WorkshopMessageRow = typeof workshopMessages.$inferSelect;
export type WorkshopQuestionRow = typeof workshopQuestions.$inferSelect;
