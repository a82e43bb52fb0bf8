import { index, integer, real, table, text } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * A member's export of their own data (issue 19, "My data"): prepared in the background into a
 * ZIP under the data folder, downloadable for 24 hours with the link's token.
 */
export const dataExports = table(
  'data_exports',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['queued', 'running', 'ready', 'failed', 'expired'] })
      .notNull()
      .default('queued'),
    /** 0..1, written between batches of rows. */
    progress: real('progress').notNull().default(0),
    /** The secret of the download link (the owner's page shows the link again while it is valid). */
    token: text('token').notNull(),
    /** The ZIP's name inside the exports folder, once it is being written. */
    fileName: text('file_name'),
    size: integer('size'),
    createdAt: createdAt(),
    finishedAt: moment('finished_at'),
    /** When the file and its link stop working (24 h after it is ready). */
    expiresAt: moment('expires_at'),
  },
  (t) => [index('data_exports_user_idx').on(t.userId, t.id), index('data_exports_status_idx').on(t.status, t.expiresAt)],
);

export type DataExportRow = typeof dataExports.$inferSelect;
