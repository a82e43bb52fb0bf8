import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
const sources = walk(join(root, 'server')).map((path) => ({ file: relative(join(root, 'server'), path), text: readFileSync(path, 'utf8') }));
const isRepository = (file: string) => /repository[^/]*\.ts$/.test(file);
const areaOf = (file: string) => /^modules\/([a-z-]+)\//.exec(file)?.[1] ?? file;

/** Files that may use the database handle without being a repository, and why. */
const HANDLE_EXCEPTIONS: Record<string, string> = {
  'modules/auth/session-store.ts': 'the Lucia adapter: the sessions table’s repository',
  'modules/operations/sqlite/backup-engine.ts': 'works on the SQLite file as a whole (online backup, checks, restore)',
  'modules/search/rebuild.ts': 'the search index’s own maintenance',
  'modules/health/service.ts': 'probes the connection itself (SELECT 1, migrations applied)',
  'plugins/metrics.ts': 'the size of the database file (page_count)',
};

/**
 * A query through drizzle (`db.select`, `tx.update`, …, also split over lines) or through
 * better-sqlite3, whatever the handle is called (`$client`, `.prepare(`, `.pragma(`, `.backup(`).
 */
const HANDLE = /\b(?:db|tx|sqlite)\s*\.\s*(?:select|selectDistinct|insert|update|delete|run|all|get|values|transaction|prepare|exec|pragma|backup)\b|\$client\b|\.(?:prepare|pragma|backup)\(/g;

describe('one owner per table', () => {
  it('only repositories (and the named exceptions) use the database handle', () => {
    const strays = sources
      .filter(({ file }) => !isRepository(file) && !(file in HANDLE_EXCEPTIONS))
      .map(({ file, text }) => ({ file, queries: text.match(HANDLE) ?? [] }))
      .filter(({ queries }) => queries.length > 0);
    expect(strays).toEqual([]);
  });

  it('the named exceptions still exist (a stale one would excuse a newcomer of the same name)', () => {
    const files = new Set(sources.map((s) => s.file));
    expect(Object.keys(HANDLE_EXCEPTIONS).filter((file) => !files.has(file))).toEqual([]);
  });

  it('the sessions table has one writer: the Lucia adapter (session-store.ts)', () => {
    const writers = sources.filter(({ text }) => /\.(?:insert|update|delete)\(sessions\)|\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?sessions\b/.test(text)).map((s) => s.file);
    expect(writers).toEqual(['modules/auth/session-store.ts']);
  });

  it('the discussions counters are called only from the discussions repositories', () => {
    const callers = sources.filter(({ text }) => text.includes('counters-repository.ts')).map((s) => s.file);
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.filter((file) => !(isRepository(file) && areaOf(file) === 'discussions'))).toEqual([]);
  });

  it('each table is written by one area only: its own', () => {
    // The area of a table is its schema file's name, except where named here.
    const AREA_OF_SCHEMA: Record<string, string> = { files: 'knowledge', geo: 'knowledge', 'password-resets': 'auth', 'email-tokens': 'auth', 'scheduler-leases': 'cluster/lease-repository.ts' };
    const AREA_OF_TABLE: Record<string, string> = { sessions: 'auth', apiTokens: 'auth', moderationLog: 'audit', postLinks: 'links', recordSources: 'links' };
    const owner = new Map<string, string>();
    for (const path of walk(join(root, 'db/schema'))) {
      const schema = path.split('/').pop()!.replace(/\.ts$/, '');
      for (const m of readFileSync(path, 'utf8').matchAll(/export const (\w+) = sqliteTable\(\s*'(\w+)'/g)) {
        const area = AREA_OF_TABLE[m[1]!] ?? AREA_OF_SCHEMA[schema] ?? schema;
        owner.set(m[1]!, area);
        owner.set(m[2]!, area);
      }
    }
    const foreign: string[] = [];
    for (const { file, text } of sources) {
      const writes = [
        ...[...text.matchAll(/\.(?:insert|update|delete)\((\w+)\)/g)].map((m) => m[1]!),
        ...[...text.matchAll(/\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?/g)].map((m) => m[1]!),
      ];
      for (const table of new Set(writes)) {
        const area = owner.get(table);
        if (area && area !== areaOf(file)) foreign.push(`${file} writes ${table} (${area})`);
      }
    }
    expect(foreign.sort()).toEqual([]);
  });
});

