import { index, integer, primaryKey, real, table, text } from './_dialect.ts';

/**
 * The network's activity, rolled up per community × country × day (UTC, `YYYY-MM-DD`) and kept
 * in step by the activity area from domain events (server/modules/activity/), rebuilt from the
 * source tables when the app starts. `community_id` 0 holds what belongs to no community: new
 * registrations on the site. `country_code` '' stands for "no country given", '*' for every
 * country together (the sum of the day's other rows, kept with them).
 */
export const activityDaily = table(
  'activity_daily',
  {
    day: text('day').notNull(),
    communityId: integer('community_id').notNull(),
    countryCode: text('country_code').notNull(),
    /** Visible posts written that day (by authors from that country). */
    posts: integer('posts').notNull().default(0),
    /** Registrations (community 0) or active memberships begun that day (a community). */
    members: integer('members').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.communityId, t.countryCode] }),
    index('activity_daily_community_idx').on(t.communityId, t.day),
    // A country's days (or '*', all countries together), with the figures: charts read only this index.
    index('activity_daily_country_idx').on(t.countryCode, t.day, t.communityId, t.posts, t.members),
  ],
);

/**
 * One row per answered question (a visible accepted answer): the day the answer was written and
 * the hours it took from the question; medians are taken over these rows.
 */
export const activityAnswers = table(
  'activity_answers',
  {
    threadId: integer('thread_id').primaryKey(),
    communityId: integer('community_id').notNull(),
    countryCode: text('country_code').notNull(),
    day: text('day').notNull(),
    hours: real('hours').notNull(),
  },
  (t) => [index('activity_answers_day_idx').on(t.day, t.communityId, t.countryCode, t.hours)],
);

/**
 * Where and how each thread's posts were last counted: a thread change that moves neither
 * (pinned, locked, renamed) recounts nothing; a moved thread's old buckets are recounted too.
 */
export const activityThreads = table('activity_threads', {
  threadId: integer('thread_id').primaryKey(),
  communityId: integer('community_id').notNull(),
  hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
});

/** Views and downloads of knowledge records per day, written in batches (server/modules/activity/use-counter.ts). */
export const knowledgeUseDaily = table(
  'knowledge_use_daily',
  {
    kind: text('kind', { enum: ['resource', 'experience', 'profile', 'specialist'] }).notNull(),
    recordId: integer('record_id').notNull(),
    day: text('day').notNull(),
    views: integer('views').notNull().default(0),
    downloads: integer('downloads').notNull().default(0),
  },
  // A period's rows with their figures, read from the index alone.
  (t) => [primaryKey({ columns: [t.kind, t.recordId, t.day] }), index('knowledge_use_day_idx').on(t.day, t.kind, t.recordId, t.views, t.downloads)],
);
