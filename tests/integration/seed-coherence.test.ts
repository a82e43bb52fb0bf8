/**
 * The demo hangs together: a post citing the knowledge bases cites something on its thread's
 * theme and sector (a question on gastronomy cites cooking, not accounting), and each workshop
 * sits in the community it is about, in a language that community uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { onPostgres } from '../../db/engine.ts';
import { COMMUNITIES } from '../../db/seed/forums/communities.ts';
import { FORUM_SECTOR_SECTIONS } from '../../db/seed/forums/sectors.ts';
import { COMMON } from '../../db/seed/forums/templates/common.ts';
import { THEMES, type ThemeKey } from '../../db/seed/forums/templates/index.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { FORUM_THEME_CODES } from '../../db/seed/knowledge/themes.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { domainOf, normaliseDomain } from '../../server/modules/affiliation/domains.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

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
    database = (await openTestDatabase({ reference: false })).database;
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
            ? one<{ themes: string; sector: string }>(`SELECT ${onPostgres ? 'json_build_array(theme)::text' : 'json_array(theme)'} AS themes, sector FROM experiences WHERE id = ?`, c.id)
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

  it('posts cooperation requests and offers from real institutions, on real sectors and themes, answered by other institutions', () => {
    const items = all<{ id: number; institutionId: number; sectors: string; themes: string; status: string; kind: string; createdBy: number | null }>(
      'SELECT id, institution_id AS institutionId, sectors, themes, status, kind, created_by AS createdBy FROM cooperation_items ORDER BY id',
    );
    expect(items.length).toBeGreaterThanOrEqual(18);
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['open', 'in_progress', 'done']));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['request', 'offer']));
    const term = (scheme: string, code: string) => one('SELECT 1 FROM vocab_terms WHERE scheme = ? AND code = ?', scheme, code) !== undefined;
    for (const item of items) {
      for (const code of JSON.parse(item.sectors) as string[]) expect(term('sector', code), `sector ${code} of ${item.id}`).toBe(true);
      for (const code of JSON.parse(item.themes) as string[]) expect(term('theme', code), `theme ${code} of ${item.id}`).toBe(true);
      // Posted by someone who may act for the institution: its representative or an editor.
      const poster = one<{ role: string; represents: number }>(
        'SELECT role, EXISTS (SELECT 1 FROM institution_representatives r WHERE r.user_id = u.id AND r.institution_id = ?) AS represents FROM users u WHERE u.id = ?',
        item.institutionId,
        item.createdBy,
      );
      expect(poster && (poster.represents === 1 || poster.role !== 'member'), `poster of ${item.id}`).toBe(true);
    }
    const responses = all<{ itemInstitution: number; institutionId: number }>(
      'SELECT i.institution_id AS itemInstitution, r.institution_id AS institutionId FROM cooperation_responses r JOIN cooperation_items i ON i.id = r.item_id',
    );
    expect(responses.length).toBeGreaterThanOrEqual(10);
    for (const r of responses) expect(r.institutionId).not.toBe(r.itemInstitution);
  });

  it('builds the demo FAQ from solved questions of public communities, each entry on its community’s theme, and a few proposals waiting', () => {
    const entries = all<{ status: string; topicCode: string | null; slug: string; visibility: string; accepted: number | null; postId: number; kind: string }>(
      `SELECT f.status, f.topic_code AS topicCode, c.slug, c.visibility, t.accepted_post_id AS accepted, f.post_id AS postId, t.kind
       FROM faq_entries f JOIN threads t ON t.id = f.thread_id JOIN communities c ON c.id = t.community_id ORDER BY f.id`,
    );
    const published = entries.filter((e) => e.status === 'published');
    expect(published.length).toBeGreaterThanOrEqual(5);
    expect(entries.some((e) => e.status === 'proposed')).toBe(true);
    for (const e of entries) {
      expect(e.kind).toBe('question');
      expect(e.visibility).toBe('public');
      expect(e.accepted).toBe(e.postId);
    }
    for (const e of published) {
      const community = COMMUNITIES.find((c) => c.slug === e.slug)!;
      expect(e.topicCode, e.slug).toBe(FORUM_THEME_CODES[community.theme]);
    }
    expect(new Set(published.map((e) => e.topicCode)).size).toBeGreaterThanOrEqual(3);
    const experiences = all<{ draft: string }>(`SELECT draft FROM experience_proposals WHERE status = 'proposed'`);
    expect(experiences.length).toBeGreaterThanOrEqual(1);
    for (const p of experiences) expect(JSON.parse(p.draft)).toMatchObject({ title: expect.any(String), theme: expect.any(String) });
  });

  it('publishes the demo news from real institutions, by their representatives, each with its comments thread', () => {
    const items = all<{ id: number; institutionId: number | null; countryCode: string; authorId: number; threadId: number; language: string; publishedAt: number }>(
      'SELECT id, institution_id AS institutionId, country_code AS countryCode, author_id AS authorId, thread_id AS threadId, language, published_at AS publishedAt FROM news_items',
    );
    expect(items.length).toBeGreaterThanOrEqual(25);
    expect(new Set(items.map((i) => i.language))).toEqual(new Set(['es', 'pt', 'en']));
    const representatives = all<{ institutionId: number; userId: number; own: number | null }>(
      'SELECT r.institution_id AS institutionId, r.user_id AS userId, u.institution_id AS own FROM institution_representatives r JOIN users u ON u.id = r.user_id',
    );
    expect(representatives.length).toBeGreaterThanOrEqual(8);
    // A representative is a member of the institution they represent.
    for (const r of representatives) expect(r.own).toBe(r.institutionId);
    for (const item of items) {
      expect(new Date(item.publishedAt).getUTCFullYear()).toBe(2026);
      if (item.institutionId !== null) {
        expect(one<{ countryCode: string }>('SELECT country_code AS countryCode FROM institutions WHERE id = ?', item.institutionId)!.countryCode).toBe(item.countryCode);
        const theirs = representatives.filter((r) => r.institutionId === item.institutionId).map((r) => r.userId);
        const author = one<{ role: string }>('SELECT role FROM users WHERE id = ?', item.authorId)!;
        expect(theirs.includes(item.authorId) || author.role !== 'member', `news ${item.id}`).toBe(true);
      }
      const thread = one<{ slug: string; postCount: number; language: string }>(
        'SELECT c.slug, t.post_count AS postCount, t.language FROM threads t JOIN communities c ON c.id = t.community_id WHERE t.id = ?',
        item.threadId,
      )!;
      expect(thread.slug).toBe('news');
      expect(thread.language).toBe(item.language);
      expect(one<{ n: number }>('SELECT count(*) AS n FROM posts WHERE thread_id = ?', item.threadId)!.n).toBe(thread.postCount);
      expect(one<{ body: string }>('SELECT body FROM posts WHERE thread_id = ? ORDER BY number LIMIT 1', item.threadId)!.body).toContain(`/news/${item.id})`);
    }
    expect(all("SELECT code FROM news_topics WHERE code NOT IN (SELECT code FROM vocab_terms WHERE scheme IN ('theme', 'sector'))")).toEqual([]);
    // Everyone who wrote in the News forum is an active member of it.
    expect(
      all(`SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
            WHERE c.slug = 'news' AND NOT EXISTS (SELECT 1 FROM community_members m WHERE m.community_id = c.id AND m.user_id = p.author_id AND m.status = 'active')`),
    ).toEqual([]);
    expect(all<{ n: number }>("SELECT count(*) AS n FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id WHERE c.slug = 'news' AND p.number > 1")[0]!.n).toBeGreaterThan(20);
  });

  it('withdraws a few records as an editor would: with a reason and a revision, cited by no post, out of the search index', () => {
    const withdrawn = all<{ kind: string; type: string; id: number; reason: string; role: string | null; at: number; updated: number }>(
      `SELECT 'resources' AS kind, 'resource' AS type, r.id, r.withdrawn_reason AS reason, u.role, r.withdrawn_at AS at, r.updated_at AS updated
         FROM resources r LEFT JOIN users u ON u.id = r.withdrawn_by WHERE r.withdrawn_at IS NOT NULL
       UNION ALL
       SELECT 'experiences', 'experience', e.id, e.withdrawn_reason, u.role, e.withdrawn_at, e.updated_at
         FROM experiences e LEFT JOIN users u ON u.id = e.withdrawn_by WHERE e.withdrawn_at IS NOT NULL`,
    );
    expect(withdrawn.map((w) => w.kind).sort()).toEqual(['experiences', 'resources', 'resources']);
    for (const w of withdrawn) {
      expect(w.reason.length, `${w.kind} ${w.id}`).toBeGreaterThan(20);
      expect(w.role).toBe('editor');
      expect(w.updated).toBe(w.at);
      expect(one(`SELECT 1 FROM post_links WHERE link_type = ? AND target_id = ?`, w.type, w.id)).toBeUndefined();
      expect(one(`SELECT 1 FROM knowledge_fts WHERE rowid = ?`, w.id * 8 + (w.type === 'resource' ? 1 : 2))).toBeUndefined();
      const revision = one<{ changes: string }>(`SELECT changes FROM knowledge_revisions WHERE kind = ? AND item_id = ? ORDER BY id DESC LIMIT 1`, w.kind, w.id);
      expect(JSON.parse(revision!.changes)).toEqual({ withdrawal: { before: '', after: w.reason } });
    }
  });

  it('reads the knowledge cited in the discussions more than the rest, within the forums’ calendar, and downloads only files that exist', () => {
    const views = (cited: boolean) =>
      one<{ avg: number }>(
        `SELECT avg(v) AS avg FROM (SELECT sum(u.views) AS v FROM knowledge_use_daily u
         WHERE ${cited ? '' : 'NOT '}EXISTS (SELECT 1 FROM post_links l WHERE l.link_type = u.kind AND l.target_id = u.record_id) GROUP BY u.kind, u.record_id) AS per_record`,
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

  it('verifies demo affiliations only as the rule would: the institution shown, at one of its domains, or vouched by its representative', () => {
    const domains = all<{ institutionId: number; domain: string }>('SELECT institution_id AS institutionId, domain FROM institution_domains');
    expect(domains.length).toBeGreaterThan(15);
    for (const { domain } of domains) expect(normaliseDomain(domain), 'valid and not a public provider').toBe(domain);
    const of = (institutionId: number) => domains.filter((d) => d.institutionId === institutionId).map((d) => d.domain);
    const rows = all<{ userId: number; institutionId: number; method: string; domain: string | null; vouchedBy: number | null; shown: number; email: string }>(
      'SELECT a.user_id AS userId, a.institution_id AS institutionId, a.method, a.domain, a.vouched_by AS vouchedBy, u.institution_id AS shown, u.email FROM user_affiliations a JOIN users u ON u.id = a.user_id',
    );
    expect(rows.filter((r) => r.method === 'oidc').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.method === 'vouched').length).toBe(1);
    for (const row of rows) {
      expect(row.institutionId).toBe(row.shown);
      if (row.method === 'email') expect(domainOf(row.email, of(row.institutionId))).toBe(row.domain);
      if (row.method === 'oidc') expect(of(row.institutionId)).toContain(row.domain);
      if (row.method === 'vouched') {
        expect(one('SELECT 1 AS yes FROM institution_representatives WHERE institution_id = ? AND user_id = ?', row.institutionId, row.vouchedBy)).toBeDefined();
      }
    }
    // The specialists directory has verified specialists to show.
    expect(one<{ n: number }>('SELECT count(*) AS n FROM specialists s JOIN user_affiliations a ON a.user_id = s.user_id AND a.institution_id = s.institution_id')!.n).toBeGreaterThan(0);
  });

  it('lists earlier data exports for the demo teacher: expired a day after they were ready, with no file left', () => {
    const rows = all<{ username: string; status: string; progress: number; file_name: string | null; created_at: number; finished_at: number; expires_at: number }>(
      `SELECT u.username, e.status, e.progress, e.file_name, e.created_at, e.finished_at, e.expires_at FROM data_exports e JOIN users u ON u.id = e.user_id ORDER BY e.id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ username: 'ana_docente', status: 'expired', progress: 1, file_name: null });
      expect(row.finished_at).toBeGreaterThan(row.created_at);
      expect(row.expires_at - row.finished_at).toBe(24 * 3_600_000);
      expect(row.expires_at).toBeLessThan(Date.UTC(2026, 5, 1, 12));
    }
  });

  it('shows an erased account (issue 19): its posts kept under "Deleted member", nothing of it left, and one legal hold', () => {
    const erased = all<{ id: number; username: string; displayName: string; email: string; passwordHash: string }>(
      'SELECT id, username, display_name AS displayName, email, password_hash AS passwordHash FROM users WHERE deleted_at IS NOT NULL',
    );
    expect(erased).toHaveLength(1);
    const [account] = erased;
    expect(account).toMatchObject({ displayName: '', email: '', passwordHash: '' });
    expect(account!.username).toMatch(/^deleted-/);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM posts WHERE author_id = ? AND deleted_at IS NULL', account!.id)!.n).toBeGreaterThan(0);
    for (const table of ['community_members', 'post_mentions', 'post_reactions', 'thread_reads', 'notifications', 'bookmarks']) {
      expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, account!.id)!.n, table).toBe(0);
    }
    expect(one<{ n: number }>("SELECT count(*) AS n FROM moderation_log WHERE action = 'user.erase' AND target_id = ?", account!.id)!.n).toBe(1);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM users WHERE legal_hold = 1 AND deleted_at IS NULL')!.n).toBe(1);
  });

  it('has one listed and one secret private community, with invitations made by their own moderators', () => {
    const privateOnes = all<{ slug: string; listed: number }>(`SELECT slug, listed FROM communities WHERE visibility = 'private' AND slug IN ('dialogo-social', 'inteligencia-laboral') ORDER BY slug`);
    expect(privateOnes).toEqual([{ slug: 'dialogo-social', listed: 1 }, { slug: 'inteligencia-laboral', listed: 0 }]);
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM communities WHERE visibility = 'public' AND listed = 1`)!.n).toBe(0);
    const invitations = all<{ slug: string; moderates: number; visibility: string }>(
      `SELECT c.slug, c.visibility, EXISTS (SELECT 1 FROM community_members m WHERE m.community_id = i.community_id AND m.user_id = i.created_by
         AND m.role = 'moderator' AND m.status = 'active') AS moderates
       FROM community_invitations i JOIN communities c ON c.id = i.community_id`,
    );
    expect(invitations.length).toBeGreaterThanOrEqual(2);
    for (const invitation of invitations) expect(invitation).toMatchObject({ visibility: 'private', moderates: 1 });
    expect(new Set(invitations.map((i) => i.slug))).toEqual(new Set(['dialogo-social', 'inteligencia-laboral']));
  });
});
