import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { FORUM_SEED_NOW, seedForums, type ForumSeedResult } from '../../db/seed/forums/index.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { REACTION_KINDS } from '../../shared/schemas/discussions.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

const SCALE = 0.05; // ~100 threads, ~1,000 posts

/** A new database with the reference data, the demo accounts and the forums at a small scale. */
async function seeded(progress: (line: string) => void = () => {}): Promise<{ database: OpenedDb; result: ForumSeedResult }> {
  const database = (await openTestDatabase({ reference: false })).database;
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-demo', hashPassword, forums: false });
  const { password_hash: passwordHash } = database.sqlite.prepare("SELECT password_hash FROM users WHERE username = 'admin'").get() as {
    password_hash: string;
  };
  const result = await seedForums(database.db, { passwordHash, progress, scale: SCALE });
  return { database, result };
}

describe('forum demo data', () => {
  let database: OpenedDb;
  let result: ForumSeedResult;
  const lines: string[] = [];
  const all = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).all(...params) as T[];
  const one = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).get(...params) as T;

  // Seeding the knowledge bases at full scale and the forums takes a while on a busy machine (PostgreSQL's search triggers most).
  beforeAll(async () => {
    ({ database, result } = await seeded((line) => lines.push(line)));
  }, 90_000);
  afterAll(() => database?.close());

  it('loads members, communities, forums, threads and posts, and reports progress', () => {
    expect(result).toMatchObject({ members: 240, communities: 12 });
    expect(result.threads).toBe(100);
    expect(result.posts).toBeGreaterThan(result.threads * 4);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM posts').n).toBe(result.posts);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM forums').n).toBe(result.forums);
    expect(lines).toContain('forums: members 240/240');
    expect(lines).toContain(`forums: threads ${result.threads}/${result.threads}`);
    expect(lines.filter((l) => l.startsWith('forums: threads ')).length).toBeGreaterThanOrEqual(5);

    const privates = all<{ slug: string }>("SELECT slug FROM communities WHERE visibility = 'private'");
    expect(privates.length).toBeGreaterThanOrEqual(2);
    expect(privates.length).toBeLessThanOrEqual(3);
    const forumsPer = all<{ n: number }>('SELECT count(*) AS n FROM forums GROUP BY community_id');
    for (const { n } of forumsPer) expect(n).toBeGreaterThanOrEqual(2), expect(n).toBeLessThanOrEqual(5);
  });

  it('gives the synthetic members valid usernames, example addresses, the demo password and real institutions', () => {
    const members = all<{ username: string; email: string; institution_id: number | null; country_code: string; inst_country: string; password_hash: string }>(
      `SELECT u.username, u.email, u.institution_id, u.country_code, i.country_code AS inst_country, u.password_hash
         FROM users u LEFT JOIN institutions i ON i.id = u.institution_id
        WHERE u.email NOT LIKE '%@minga.example'`,
    );
    expect(members).toHaveLength(240);
    const adminHash = one<{ h: string }>("SELECT password_hash AS h FROM users WHERE username = 'admin'").h;
    for (const m of members) {
      expect(m.username).toMatch(/^[a-z0-9_-]{3,30}$/);
      expect(m.email).toMatch(/@example\.(org|net|com)$/);
      expect(m.institution_id).not.toBeNull();
      expect(m.country_code).toBe(m.inst_country);
      expect(m.password_hash).toBe(adminHash);
    }
    expect(one<{ n: number }>('SELECT count(*) AS n FROM users WHERE specialist = 1').n).toBeGreaterThanOrEqual(10);
  });

  it('keeps every denormalized counter equal to a recount', () => {
    expect(
      all(`SELECT t.id FROM threads t
            WHERE t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.hidden = 0 AND p.deleted_at IS NULL)
               OR t.last_post_at <> (SELECT max(created_at) FROM posts p WHERE p.thread_id = t.id AND p.hidden = 0 AND p.deleted_at IS NULL)
               OR t.first_post_id IS DISTINCT FROM (SELECT min(id) FROM posts p WHERE p.thread_id = t.id)`),
    ).toEqual([]);
    expect(
      all(`SELECT f.id FROM forums f
            WHERE f.thread_count <> (SELECT count(*) FROM threads t WHERE t.forum_id = f.id AND t.hidden = 0)
               OR f.post_count <> (SELECT coalesce(sum(post_count), 0) FROM threads t WHERE t.forum_id = f.id AND t.hidden = 0)
               OR f.last_post_at IS DISTINCT FROM (SELECT max(last_post_at) FROM threads t WHERE t.forum_id = f.id AND t.hidden = 0)`),
    ).toEqual([]);
    expect(
      all(`SELECT c.id FROM communities c
            WHERE c.member_count <> (SELECT count(*) FROM community_members m WHERE m.community_id = c.id AND m.status = 'active')
               OR c.last_activity_at IS DISTINCT FROM (SELECT max(last_post_at) FROM forums f WHERE f.community_id = c.id)`),
    ).toEqual([]);
    expect(all(`SELECT p.id FROM posts p WHERE p.revision_count <> (SELECT count(*) FROM post_revisions r WHERE r.post_id = p.id)`)).toEqual([]);
    expect(all(`SELECT p.id FROM posts p WHERE (p.revision_count > 0) <> (p.edited_at IS NOT NULL)`)).toEqual([]);
  });

  it('keeps members between 30 and 150 per community, with the demo accounts in every public one', () => {
    for (const c of all<{ id: number; member_count: number; visibility: string }>('SELECT id, member_count, visibility FROM communities')) {
      expect(c.member_count).toBeGreaterThanOrEqual(30);
      expect(c.member_count).toBeLessThanOrEqual(150);
      const demo = all("SELECT 1 FROM community_members m JOIN users u ON u.id = m.user_id WHERE m.community_id = ? AND m.status = 'active' AND u.email LIKE '%@minga.example'", c.id);
      if (c.visibility === 'public') expect(demo).toHaveLength(5);
    }
    const lucia = all("SELECT 1 FROM community_members m JOIN users u ON u.id = m.user_id WHERE u.username = 'lucia_moderadora' AND m.role = 'moderator'");
    expect(lucia.length).toBeGreaterThanOrEqual(3);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM community_members WHERE status = 'pending'").n).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM community_members WHERE status = 'banned'").n).toBeGreaterThan(0);
    // Only active members write.
    expect(
      all(`SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE NOT EXISTS (SELECT 1 FROM community_members m WHERE m.community_id = t.community_id AND m.user_id = p.author_id AND m.status = 'active')`),
    ).toEqual([]);
  });

  it('accepts only replies of the same thread, never the first post', () => {
    const accepted = all<{ id: number; accepted_post_id: number; first_post_id: number; kind: string; post_thread: number; hidden: number; deleted_at: number | null }>(
      `SELECT t.id, t.accepted_post_id, t.first_post_id, t.kind, p.thread_id AS post_thread, p.hidden, p.deleted_at
         FROM threads t LEFT JOIN posts p ON p.id = t.accepted_post_id WHERE t.accepted_post_id IS NOT NULL`,
    );
    expect(accepted.length).toBeGreaterThan(0);
    for (const t of accepted) {
      expect(t.post_thread).toBe(t.id);
      expect(t.accepted_post_id).not.toBe(t.first_post_id);
      expect(t.kind).toBe('question');
      expect(t.hidden).toBe(0);
      expect(t.deleted_at).toBeNull();
    }
    // Replies point at earlier posts of their own thread.
    expect(
      all(`SELECT p.id FROM posts p JOIN posts q ON q.id = p.reply_to_post_id WHERE q.thread_id <> p.thread_id OR q.id >= p.id OR q.created_at >= p.created_at`),
    ).toEqual([]);
    expect(all('SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.created_at < t.created_at')).toEqual([]);
  });

  it('writes in Spanish, Portuguese and English, with Markdown, mentions and typed links, and no filler text', () => {
    const languages = all<{ language: string; n: number }>('SELECT language, count(*) AS n FROM threads GROUP BY language');
    expect(languages.map((l) => l.language).sort()).toEqual(['en', 'es', 'pt']);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM posts WHERE lower(body) LIKE '%lorem%' OR lower(body_html) LIKE '%lorem%'").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM posts WHERE body_html LIKE '%<strong>%'").n).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM posts WHERE body_html LIKE '%href=\"https://www.oitcinterfor.org\"%'").n).toBeGreaterThan(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM post_mentions').n).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM post_links WHERE link_type = 'institution'").n).toBeGreaterThan(0);
    // Every typed link and mention resolved: the cooked HTML has no missing link, and the rows match it.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM posts WHERE body_html LIKE '%typed-link-missing%'").n).toBe(0);
    expect(
      all(`SELECT l.post_id FROM post_links l JOIN posts p ON p.id = l.post_id
            WHERE p.body NOT LIKE '%[[institution:' || l.target_id || ']]%' OR l.target_id NOT IN (SELECT id FROM institutions)`),
    ).toEqual([]);
    expect(
      all(`SELECT m.post_id FROM post_mentions m JOIN posts p ON p.id = m.post_id JOIN users u ON u.id = m.user_id
            WHERE p.body NOT LIKE '%@' || u.username || '%' OR p.body_html NOT LIKE '%href="/u/' || u.username || '"%'`),
    ).toEqual([]);
    expect(all<{ title: string }>('SELECT title FROM threads GROUP BY title HAVING count(*) > 1')).toEqual([]);
  });

  it('adds reactions from distinct members other than the author, and keeps every date before the fixed "now"', () => {
    const kinds = all<{ kind: string }>('SELECT DISTINCT kind FROM post_reactions').map((r) => r.kind);
    expect(kinds.length).toBeGreaterThan(1);
    for (const kind of kinds) expect(REACTION_KINDS).toContain(kind);
    expect(all('SELECT r.post_id FROM post_reactions r JOIN posts p ON p.id = r.post_id WHERE r.user_id = p.author_id')).toEqual([]);
    expect(all('SELECT post_id, user_id FROM post_reactions GROUP BY post_id, user_id HAVING count(*) > 1')).toEqual([]);
    const now = FORUM_SEED_NOW.getTime();
    for (const [table, column] of [
      ['posts', 'created_at'],
      ['posts', 'edited_at'],
      ['threads', 'last_post_at'],
      ['post_reactions', 'created_at'],
      ['community_members', 'created_at'],
      ['users', 'created_at'],
    ] as const) {
      expect(one<{ max: number }>(`SELECT max(${column}) AS max FROM ${table}`).max, `${table}.${column}`).toBeLessThan(now);
    }
    expect(one<{ n: number }>('SELECT count(*) AS n FROM threads WHERE pinned = 1').n).toBeGreaterThan(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM threads WHERE locked = 1').n).toBeGreaterThan(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM post_revisions').n).toBeGreaterThan(0);
  });

  it('is deterministic: a second seed gives the same rows', async () => {
    const second = await seeded();
    try {
      const samples = [
        'SELECT id, username, email, display_name, bio, languages, institution_id, specialist, created_at FROM users ORDER BY id',
        'SELECT * FROM communities ORDER BY id',
        'SELECT * FROM forums ORDER BY id',
        'SELECT * FROM community_members ORDER BY community_id, user_id',
        'SELECT * FROM threads ORDER BY id',
        'SELECT * FROM posts WHERE id % 7 = 0 ORDER BY id',
        'SELECT count(*) AS n, sum(post_id * 31 + user_id) AS h FROM post_reactions',
        'SELECT * FROM post_reactions ORDER BY post_id, kind, user_id LIMIT 200',
        'SELECT * FROM post_revisions ORDER BY id',
        'SELECT count(*) AS n, sum(post_id + user_id) AS h FROM post_mentions',
        'SELECT count(*) AS n, sum(thread_id * 7 + user_id) AS h FROM thread_watches',
      ];
      for (const query of samples) expect(second.database.sqlite.prepare(query).all(), query).toEqual(all(query));
    } finally {
      await second.database.close();
    }
  }, 90_000); // a second seeding, as long as the first

  it('is served by the app: the communities list and a thread', async () => {
    const app = await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: false });
    try {
      const list = await app.inject({ method: 'GET', url: '/api/communities' });
      expect(list.statusCode).toBe(200);
      const slugs = (list.json().items as { slug: string }[]).map((c) => c.slug);
      expect(slugs).toContain('formacion-dual');
      // Private and listed: its name shows, its content does not; private and secret: not even its name.
      expect(slugs).toContain('dialogo-social');
      expect(slugs).not.toContain('inteligencia-laboral');
      const listedThread = one<{ id: number }>("SELECT t.id FROM threads t JOIN communities c ON c.id = t.community_id WHERE c.slug = 'dialogo-social' LIMIT 1");
      expect((await app.inject({ method: 'GET', url: `/api/threads/${listedThread.id}` })).statusCode).toBe(404);

      const thread = one<{ id: number; title: string }>(
        "SELECT t.id, t.title FROM threads t JOIN communities c ON c.id = t.community_id WHERE c.visibility = 'public' AND t.accepted_post_id IS NOT NULL ORDER BY t.id LIMIT 1",
      );
      const page = await app.inject({ method: 'GET', url: `/api/threads/${thread.id}` });
      expect(page.statusCode).toBe(200);
      expect(page.json().thread).toMatchObject({ id: thread.id, title: thread.title });
      expect(page.json().posts.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
