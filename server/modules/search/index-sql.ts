/**
 * What a search index row is (the rowid encoding, the knowledge sources) and, for the
 * migrations that created SQLite's FTS5 tables, their definitions: they live with the SQLite
 * engine (sqlite/index-sql.ts); this name stays for the callers and tests that import it.
 */
export * from './sqlite/index-sql.ts';
