import { getTableColumns, sql, type Column, type SQL, type Table } from 'drizzle-orm';

/**
 * A table's row read through a compiled statement (`prepared` in db/access.ts hands back the
 * driver's rows): every column selected under its property name, and the row mapped as a
 * query builder maps it (moments to dates, 0/1 to booleans, JSON parsed), on either engine.
 * The hot paths' statements (a thread page, a new post) are written with it, compiled once.
 * `prefix` names the columns apart when a statement selects two tables' rows (a thread and its
 * community); the mapped row has the table's own property names.
 */
export function tableRow<T extends Table>(table: T, prefix = '') {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const select = sql.join(
    columns.map(([key, column]) => sql`${column} AS ${sql.identifier(prefix + key)}`),
    sql`, `,
  );
  const returning = sql.join(
    columns.map(([key, column]) => sql`${sql.identifier(column.name)} AS ${sql.identifier(key)}`),
    sql`, `,
  );
  function map(raw: Record<string, unknown>): T['$inferSelect'] {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[prefix + key];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  }
  return {
    /** The columns for a SELECT list (qualified by the table's name). */
    select,
    /** The columns for a RETURNING list (unqualified). */
    returning,
    map,
    /** Several rows mapped. */
    mapAll: (raws: Record<string, unknown>[]): T['$inferSelect'][] => raws.map(map),
  };
}

/** A placeholder of a compiled statement. */
export const param = (name: string): SQL => sql`${sql.placeholder(name)}`;
