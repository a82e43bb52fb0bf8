/**
 * The demo hangs together: a post citing the knowledge bases cites something on its thread's
 * theme and sector (a question on gastronomy cites cooking, not accounting), and each workshop
 * sits in the community it is about, in a language that community uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { COMMUNITIES } from '../../db/seed/forums/communities.ts';
import { FORUM_SECTOR_SECTIONS } from '../../db/seed/forums/sectors.ts';
import { COMMON } from '../../db/seed/forums/templates/common.ts';
import { THEMES, type ThemeKey } from '../../db/seed/forums/templates/index.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { FORUM_THEME_CODES } from '../../db/seed/knowledge/themes.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';

const SCALE = 0.05;

interface Cited {
  postId: number;
  threadId: number;
  type: string;
  id: number;
}

describe('demo content that hangs together', () => {
  let database: OpenedDb;
  const all = <T>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).all(...params) as T[];
  const one = <T>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).get(...params) as T | undefined;

  beforeAll(async () => {
    database = openDatabase(':memory:');
    await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-demo', hashPassword, scale: SCALE, now: new Date(Date.UTC(2026, 5, 1, 12)) });
  });
  afterAll(() => database?.close());

  /**
   * The sectors a reader sees named in the thread's title and opening post (indices into the
   * templates' sectors), leaving out names the community's theme itself uses ("energías
   * renovables" in a green-skills thread is the theme speaking, not the thread's sector).
   */
  function sectorsNamed(threadId: number, theme: ThemeKey): number[] {
    const thread = one<{ title: string; language: 'es' | 'pt' | 'en' }>('SELECT title, language FROM threads WHERE id = ?', threadId)!;
    const opening = one<{ body: string }>('SELECT body FROM posts WHERE thread_id = ? ORDER BY id LIMIT 1', threadId)!;
    const text = `${thread.title}\n${opening.body}`.toLowerCase();
    const themeWords = JSON.stringify(THEMES[theme][thread.language]).toLowerCase();
    const named = (name: string) => new RegExp(`(^|[^\\p{L}])${name}($|[^\\p{L}])`, 'u').test(text) && !themeWords.includes(name);
    return COMMON[thread.language].sectors.flatMap((name, index) => (named(name.toLowerCase()) ? [index] : []));
  }

  it('cites, in every demo post, knowledge on the thread’s theme and the sector it names', () => {
    const cited: Cited[] = [];
    for (const post of all<{ id: number; threadId: number; body: string }>("SELECT id, thread_id AS threadId, body FROM posts WHERE body LIKE '%[[%'")) {
      for (const m of post.body.matchAll(/\[\[(resource|profile|experience|specialist):(\d+)\]\]/g)) cited.push({ postId: post.id, threadId: post.threadId, type: m[1]!, id: Number(m[2]) });
    }
    expect(cited.length).toBeGreaterThan(50);

    let checkedSector = 0;
    const wrong: string[] = [];
    for (const c of cited) {
      const slug = one<{ slug: string }>('SELECT c.slug FROM threads t JOIN forums f ON f.id = t.forum_id JOIN communities c ON c.id = f.community_id WHERE t.id = ?', c.threadId)!.slug;
      const themeKey = COMMUNITIES.find((s) => s.slug === slug)!.theme;
      const theme = FORUM_THEME_CODES[themeKey];
      const named = sectorsNamed(c.threadId, themeKey);
      const sections = new Set(named.flatMap((i) => FORUM_SECTOR_SECTIONS[i]!));
      const record =
        c.type === 'resource'
          ? one<{ themes: string; sector: string }>('SELECT topics AS themes, sector FROM resources WHERE id = ?', c.id)
          : c.type === 'experience'
            ? one<{ themes: string; sector: string }>("SELECT json_array(theme) AS themes, sector FROM experiences WHERE id = ?", c.id)
            : c.type === 'profile'
              ? one<{ themes: string; sector: string }>('SELECT NULL AS themes, sector FROM profiles WHERE id = ?', c.id)
              : one<{ themes: string; sector: null }>('SELECT expertise AS themes, NULL AS sector FROM specialists WHERE id = ?', c.id);
      expect(record, `${c.type}:${c.id} exists`).toBeDefined();
      if (record!.themes !== null && !(JSON.parse(record!.themes) as string[]).includes(theme)) wrong.push(`post ${c.postId}: ${c.type}:${c.id} is not on ${theme}`);
      if (record!.sector !== null && named.length > 0) {
        checkedSector++;
        if (!sections.has(record!.sector)) wrong.push(`post ${c.postId}: ${c.type}:${c.id} (sector ${record!.sector}) in a thread on ${named.map((i) => COMMON.en.sectors[i]).join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
    // Most threads name their sector; the check above is not vacuous.
    expect(checkedSector).toBeGreaterThan(cited.length / 3);
  });

  it('places each workshop in the community it is about, in a language that community uses', () => {
    /** What a workshop in a community on each theme talks about. */
    const ABOUT: Record<string, RegExp> = {
      competencies: /competencia|perfil|módulo|rúbrica/i,
      rpl: /reconhecimento|saberes|certificaci|evidencias/i,
      dual: /dual|alternancia|tutor/i,
      green: /green|verde|sostenib/i,
      quality: /calidad|indicador|inserción/i,
      ict: /simulador|virtual|digital/i,
    };
    const rows = all<{ title: string; description: string; language: 'es' | 'pt' | 'en'; slug: string }>(
      'SELECT w.title, w.description, w.language, c.slug FROM workshops w JOIN communities c ON c.id = w.community_id ORDER BY w.id',
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const w of rows) {
      const community = COMMUNITIES.find((c) => c.slug === w.slug)!;
      expect(community.lead === w.language || community.languages[w.language] >= 0.15, `${w.title} (${w.language}) in ${w.slug}`).toBe(true);
      expect(ABOUT[community.theme]?.test(`${w.title} ${w.description}`), `${w.title} in ${w.slug}`).toBe(true);
    }
  });

  it('reads the knowledge cited in the discussions more than the rest, within the forums’ calendar, and downloads only files that exist', () => {
    const views = (cited: boolean) =>
      one<{ avg: number }>(
        `SELECT avg(v) AS avg FROM (SELECT sum(u.views) AS v FROM knowledge_use_daily u
         WHERE ${cited ? '' : 'NOT '}EXISTS (SELECT 1 FROM post_links l WHERE l.link_type = u.kind AND l.target_id = u.record_id) GROUP BY u.kind, u.record_id)`,
      )!.avg;
    expect(views(true)).toBeGreaterThan(views(false));
    const span = one<{ first: string; last: string; n: number }>('SELECT min(day) AS first, max(day) AS last, count(*) AS n FROM knowledge_use_daily')!;
    expect(span.n).toBeGreaterThan(0);
    expect(span.first >= '2025-05-01' && span.last < '2026-11-01').toBe(true);
    const orphans = one<{ n: number }>(
      `SELECT count(*) AS n FROM knowledge_use_daily u WHERE
         (u.kind = 'resource' AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = u.record_id))
      OR (u.kind = 'experience' AND NOT EXISTS (SELECT 1 FROM experiences r WHERE r.id = u.record_id))
      OR (u.kind = 'profile' AND NOT EXISTS (SELECT 1 FROM profiles r WHERE r.id = u.record_id))
      OR (u.kind = 'specialist' AND NOT EXISTS (SELECT 1 FROM specialists r WHERE r.id = u.record_id))
      OR (u.downloads > 0 AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = u.record_id AND u.kind = 'resource' AND r.file_id IS NOT NULL))`,
    )!;
    expect(orphans.n).toBe(0);
  });
});
