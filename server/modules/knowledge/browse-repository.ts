import { sql, type SQL } from 'drizzle-orm';
import { prepared, row, rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { pgChangeStamp, type StampedTable } from '../../../db/change-stamps.ts';
import { jsonValues } from '../../../db/dialect.ts';
import { onPostgres } from '../../../db/engine.ts';
import { KIND_CODES } from '../search/index-sql.ts';
import { knowledgeMatch, knowledgeMatchesByCode, knowledgeMatchIds, knowledgeRankedMatches, knowledgeSearchAll } from '../search/knowledge-match.ts';
import type { Dimension, KindSpec } from './catalog.ts';
import { caseless, lateral } from './sql.ts';
import { liveRecordSql } from './withdrawal.ts';

export type Filters = Partial<Record<Dimension['param'], string | number>>;
export type Sort = 'relevance' | 'recent' | 'title' | 'year';

/**
 * Turns what a person typed into this engine's full-text match: every word must appear (as a
 * prefix for the last one), passed as data so that no query syntax can be injected (the SQL of
 * each engine is in search/knowledge-match.ts).
 */
export const ftsQuery = (text: string): string | null => knowledgeMatch(text);

const ident = (name: string) => sql.raw(`"${name}"`);

/** A facet index's row: id, title, year, then one value per dimension of the kind. */
export type FacetRow = (string | number | null)[];

/**
 * What the in-memory facet index of a kind is loaded from: a cheap stamp that moves when the
 * records or their words changed, the facet columns of every record, newest first, and the
 * records matching words.
 */
export function createFacetRowsRepository(db: Db, spec: KindSpec) {
  const matchStatement = prepared<{ id: number; rank: number }>(db, knowledgeMatchesByCode(sql.placeholder('match'), sql.placeholder('kind')));
  const columns = spec.dimensions.map((d, i) => `"${d.column}" AS d${i}`).join(', ');
  const yearColumn = spec.yearColumn ? `"${spec.yearColumn}"` : 'NULL';
  const rowsStatement = prepared<Record<string, string | number | null>>(
    db,
    sql.raw(
      `SELECT id, "${spec.titleColumn}" AS title, ${yearColumn} AS year, ${columns} FROM "${spec.table}" WHERE ${liveRecordSql((c) => `"${c}"`)} ORDER BY id DESC`,
    ),
  );
  const stamp = freshnessStamp(db, spec.table);
  return {
    /** Null: no stamp on this engine, the index is loaded afresh for every browse. */
    stamp,

    /**
     * The records of this kind matching the words, with their full-text rank (lower is better).
     * The index's rowid names the kind and record (search/index-sql.ts), so no stored column is read.
     */
    async matches(match: string): Promise<[id: number, rank: number][]> {
      const found = await matchStatement.all({ match, kind: KIND_CODES[spec.linkType] });
      return found.map((r) => [r.id, r.rank]);
    },

    async rows(): Promise<FacetRow[]> {
      const found = await rowsStatement.all();
      return found.map((r) => [r.id!, r.title!, r.year ?? null, ...spec.dimensions.map((_, i) => r[`d${i}`] ?? null)]);
    },
  };
}

/**
 * What tells a facet index that the records may have changed since it was loaded. On SQLite a
 * cheap stamp: another connection's commit moves `PRAGMA data_version`; rows added on this one
 * move max(id); and FTS5's structure record (id 10 of its data table) lists the index's segments
 * and counts the segments written, so every write to knowledge_fts rewrites it. The tables'
 * triggers write there on any insert, update or delete, so it moves even for a write on this
 * connection that published no event (a migration, a rebuild of the search index).
 * On PostgreSQL the write counters of the kind's table and of the full-text index say the same
 * (db/change-stamps.ts): any connection's or host's committed write moves them.
 */
function freshnessStamp(db: Db, table: string): () => Promise<string | null> {
  if (onPostgres) return pgChangeStamp(db, [table as StampedTable, 'knowledge_fts']);
  const versionStatement = prepared<{ data_version: number }>(db, sql`PRAGMA data_version`);
  const newestStatement = prepared<{ n: number | null }>(db, sql.raw(`SELECT max(id) AS n FROM "${table}"`));
  const structureStatement = prepared<{ block: Buffer }>(db, sql`SELECT block FROM knowledge_fts_data WHERE id = 10`);
  return async () => {
    const version = (await versionStatement.get())?.data_version;
    const structure = (await structureStatement.get())?.block;
    const newest = (await newestStatement.get())?.n ?? null;
    return `${version}:${newest}:${structure?.toString('base64') ?? ''}`;
  };
}

/** One browse over a kind: the page, the total and the facets, with the same filters. */
export function createBrowseRepository(db: Db) {
  function condition(spec: KindSpec, dim: Dimension, value: string | number): SQL {
    const column = sql`${ident(spec.table)}.${ident(dim.column)}`;
    return dim.multi
      ? sql`EXISTS (SELECT 1 FROM ${jsonValues(column)} AS v WHERE v.value = ${value})`
      : sql`${column} = ${value}`;
  }

  function where(spec: KindSpec, filters: Filters, match: string | null, except?: Dimension['param']): SQL {
    const parts: SQL[] = [sql.raw(liveRecordSql((c) => `"${spec.table}"."${c}"`))];
    for (const dim of spec.dimensions) {
      const value = filters[dim.param];
      if (value !== undefined && dim.param !== except) parts.push(condition(spec, dim, value));
    }
    if (match) {
      parts.push(sql`${ident(spec.table)}.id IN ${knowledgeMatchIds(match, spec.linkType)}`);
    }
    return sql.join(parts, sql` AND `);
  }

  function sortKey(spec: KindSpec, sort: Sort): { expr: SQL; dir: 'ASC' | 'DESC'; type: 'string' | 'number' } {
    const t = ident(spec.table);
    switch (sort) {
      case 'title':
        return { expr: caseless(sql`${t}.${ident(spec.titleColumn)}`), dir: 'ASC', type: 'string' };
      case 'year':
        return spec.yearColumn
          ? { expr: sql`coalesce(${t}.${ident(spec.yearColumn)}, 0)`, dir: 'DESC', type: 'number' }
          : { expr: sql`${t}.id`, dir: 'DESC', type: 'number' };
      case 'relevance':
        return { expr: sql`fts.rank`, dir: 'ASC', type: 'number' };
      default:
        return { expr: sql`${t}.id`, dir: 'DESC', type: 'number' };
    }
  }

  return {
    /** Ids of one page in the requested order, after the keyset position. */
    page(
      spec: KindSpec,
      options: { filters: Filters; match: string | null; sort: Sort; after: [string | number, number] | null; limit: number },
    ): Promise<{ id: number; key: string | number }[]> {
      const t = ident(spec.table);
      const sort = options.sort === 'relevance' && !options.match ? 'recent' : options.sort;
      const key = sortKey(spec, sort);
      const idDir = key.dir === 'ASC' ? 'ASC' : 'DESC';
      const cmp = sql.raw(key.dir === 'ASC' ? '>' : '<');
      const idCmp = sql.raw(idDir === 'ASC' ? '>' : '<');
      const keyset = options.after
        ? sql` AND (${key.expr} ${cmp} ${options.after[0]} OR (${key.expr} = ${options.after[0]} AND ${t}.id ${idCmp} ${options.after[1]}))`
        : sql``;
      const join =
        sort === 'relevance'
          ? sql` JOIN ${knowledgeRankedMatches(options.match, spec.linkType)} AS fts ON fts.item_id = ${t}.id`
          : sql``;
      return rows<{ id: number; key: string | number }>(
        db,
        sql`SELECT ${t}.id AS id, ${key.expr} AS key FROM ${t}${join}
            WHERE ${where(spec, options.filters, options.match)}${keyset}
            ORDER BY ${key.expr} ${sql.raw(key.dir)}, ${t}.id ${sql.raw(idDir)} LIMIT ${options.limit}`,
      );
    },

    /** Across the five kinds at once, best matches first: what the link picker offers. */
    searchAll(match: string, kinds: string[], limit: number): Promise<{ kind: string; id: number; title: string }[]> {
      return rows<{ kind: string; id: number; title: string }>(db, knowledgeSearchAll(match, kinds, limit));
    },

    async total(spec: KindSpec, filters: Filters, match: string | null): Promise<number> {
      const t = ident(spec.table);
      return (await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${t} WHERE ${where(spec, filters, match)}`))!.n;
    },

    /**
     * Counts per value of each dimension, over the items matching every other filter: the
     * counts say what choosing that value would give, and the facets combine.
     */
    async facets(spec: KindSpec, filters: Filters, match: string | null, limit = 30): Promise<Record<string, { value: string; count: number }[]>> {
      const t = ident(spec.table);
      const out: Record<string, { value: string; count: number }[]> = {};
      for (const dim of spec.dimensions) {
        const column = sql`${t}.${ident(dim.column)}`;
        const from = dim.multi ? sql`${t}, ${lateral}${jsonValues(column)} AS v` : sql`${t}`;
        const value = dim.multi ? sql`v.value` : column;
        out[dim.param] = (
          await rows<{ value: string | number; count: number }>(
            db,
            sql`SELECT ${value} AS value, count(*) AS count FROM ${from}
                WHERE ${value} IS NOT NULL AND ${where(spec, filters, match, dim.param)}
                GROUP BY ${value} ORDER BY count DESC, value ASC LIMIT ${limit}`,
          )
        ).map((r) => ({ value: String(r.value), count: r.count }));
      }
      return out;
    },
  };
}

export type BrowseRepository = ReturnType<typeof createBrowseRepository>;
