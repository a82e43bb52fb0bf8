import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const modules = resolve(import.meta.dirname, '../../server/modules');
const sources = (area: string) =>
  readdirSync(join(modules, area))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: readFileSync(join(modules, area, name), 'utf8') }));

/** Guards of the structure that closed the leaks: they fail when a copy or a stray write comes back. */
describe('moderation and the audit log keep to their own tables', () => {
  // No query outside a repository, and no write of another area's table: tests/unit/table-owners.test.ts, for every area.
  it('moderation builds no SQL outside its repository: it asks the discussions repositories to write threads and posts', () => {
    for (const area of ['moderation', 'audit']) {
      for (const { name, text } of sources(area)) {
        if (name === 'repository.ts') continue;
        expect(text.includes("from 'drizzle-orm'"), `${area}/${name} imports drizzle-orm`).toBe(false);
      }
    }
  });

  it('the audit log is below the areas: it imports none of them', () => {
    for (const { name, text } of sources('audit')) {
      expect(text.match(/from '\.\.\/(?!audit\/)[a-z-]+\//g) ?? [], `audit/${name}`).toEqual([]);
    }
  });

  it('one sanction rule: nobody outside moderation/policy.ts writes its own copy', () => {
    const copies = ['communities', 'moderation']
      .flatMap((area) => sources(area).map((s) => ({ ...s, file: `${area}/${s.name}` })))
      .filter(({ file, text }) => file !== 'moderation/policy.ts' && /role === 'admin'\) throw new AppError\('FORBIDDEN'\)/.test(text));
    expect(copies.map((c) => c.file)).toEqual([]);
  });
});
