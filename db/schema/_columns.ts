import { idColumn, integer } from './_dialect.ts';

/** Integer primary key: SQLite's rowid (the fastest lookups there are); an identity on PostgreSQL. */
export const id = () => idColumn('id');

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
