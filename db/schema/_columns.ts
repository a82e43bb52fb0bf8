import { integer } from 'drizzle-orm/sqlite-core';

/** Integer primary key; SQLite makes it the rowid, so lookups by id are the fastest there are. */
export const id = () => integer('id').primaryKey({ autoIncrement: true });

/** A moment stored as Unix milliseconds; drizzle hands it back as a Date. */
export const moment = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
  moment('created_at')
    .notNull()
    .$defaultFn(() => new Date());

export const updatedAt = () =>
  moment('updated_at')
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());
