import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  changeStampsMigrationText,
  changeStampsOnceMigrationText,
  CHANGE_STAMPS_MIGRATION,
  CHANGE_STAMPS_ONCE_MIGRATION,
  STAMPED_TABLES,
} from '../../db/change-stamps.ts';
import { searchMigrationText, SEARCH_MIGRATION } from '../../scripts/search-pg-migration.ts';

describe('PostgreSQL search migration', () => {
  it('is what the index definitions say (regenerate: npx tsx scripts/search-pg-migration.ts)', () => {
    expect(readFileSync(SEARCH_MIGRATION, 'utf8')).toBe(searchMigrationText());
  });

  it('indexes the same sources as SQLite, with the same conditions', () => {
    const text = searchMigrationText();
    for (const table of ['posts', 'threads', 'resources', 'experiences', 'profiles', 'specialists', 'institutions']) {
      expect(text).toContain(`ON "${table}" FOR EACH ROW`);
    }
    // Withdrawn records, hidden or deleted posts and members-only CV sections stay out.
    expect(text).toContain('NEW."withdrawn_at" IS NULL');
    expect(text).toContain('NEW."hidden" = 0 AND NEW."deleted_at" IS NULL');
    expect(text).toContain(`(("cv_visibility")::jsonb ->> 'education') = 'public'`);
  });

  it('counts the writes to every table a process keeps in memory (regenerate: npx tsx db/change-stamps.ts)', () => {
    expect(readFileSync(CHANGE_STAMPS_MIGRATION, 'utf8')).toBe(changeStampsMigrationText());
    for (const table of STAMPED_TABLES) expect(changeStampsMigrationText()).toContain(`ON "${table}" FOR EACH STATEMENT`);
  });

  it("moves knowledge_fts's counter once per statement of a record's table, not once per row its triggers write", () => {
    expect(readFileSync(CHANGE_STAMPS_ONCE_MIGRATION, 'utf8')).toBe(changeStampsOnceMigrationText());
    const text = changeStampsOnceMigrationText();
    for (const table of STAMPED_TABLES.filter((t) => t !== 'knowledge_fts')) {
      expect(text).toContain(`ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts')`);
    }
    expect(text).toContain('ON "knowledge_fts" FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1)');
  });
});
