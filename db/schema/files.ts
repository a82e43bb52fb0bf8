import { integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id } from './_columns.ts';
import { users } from './users.ts';

/**
 * Uploaded files, stored once per content: the bytes live on disk under their SHA-256
 * (`files/<first 2 hex>/<sha256>`), so the same document attached twice takes the space once.
 * `mime` is what the bytes were found to be, never what the uploader declared.
 */
export const files = table(
  'files',
  {
    id: id(),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    /** The uploader's file name, cleaned, with the extension of the detected type. */
    originalName: text('original_name').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('files_sha256_unique').on(t.sha256)],
);

export type FileRow = typeof files.$inferSelect;
