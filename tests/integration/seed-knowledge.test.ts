import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../db/client.ts';
import { onPostgres } from '../../db/engine.ts';
import { FORUM_SEED_NOW } from '../../db/seed/forums/index.ts';
import { buildMembers } from '../../db/seed/forums/people.ts';
import { seedDatabase, type SeedResult } from '../../db/seed/index.ts';
import {
  INSTITUTION_TYPES,
  KNOWLEDGE_AT_SCALE_1,
  LANGS,
  OCCUPATIONS,
  SECTORS,
  VOCAB_SCHEMES,
  VOCABULARIES,
  vocabTermRows,
} from '../../db/seed/knowledge/index.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { openTestDatabase } from '../helpers/postgres.ts';

const SCALE = 0.02;

async function seeded(progress: (line: string) => void = () => {}): Promise<{ database: OpenedDb; result: SeedResult }> {
  const database = (await openTestDatabase({ reference: false })).database;
  const result = await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-demo', hashPassword, scale: SCALE, progress });
  return { database, result };
}

describe('knowledge demo data', () => {
  let database: OpenedDb;
  let result: SeedResult;
  const lines: string[] = [];
  const all = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).all(...params) as T[];
  const one = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => database.sqlite.prepare(query).get(...params) as T;
  const count = (table: string) => one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n;
  const codes = (scheme: string) => new Set(all<{ code: string }>('SELECT code FROM vocab_terms WHERE scheme = ?', scheme).map((r) => r.code));
  const json = <T>(text: unknown) => JSON.parse(text as string) as T;

  beforeAll(async () => {
    ({ database, result } = await seeded((line) => lines.push(line)));
  });
  afterAll(() => database?.close());

  it('loads the scaled counts, reports progress, and keeps the forum counts', () => {
    const k = result.knowledge!;
    expect(k).toMatchObject({
      resources: Math.round(KNOWLEDGE_AT_SCALE_1.resources * SCALE),
      profiles: Math.round(KNOWLEDGE_AT_SCALE_1.profiles * SCALE),
      experiences: Math.round(KNOWLEDGE_AT_SCALE_1.experiences * SCALE),
      linkedSpecialists: 40,
      specialists: 40 + Math.round(KNOWLEDGE_AT_SCALE_1.otherSpecialists * SCALE),
    });
    expect(count('resources')).toBe(k.resources);
    expect(count('profiles')).toBe(k.profiles);
    expect(count('experiences')).toBe(k.experiences);
    expect(count('specialists')).toBe(k.specialists);
    expect(count('experience_resources')).toBe(k.experienceResources);
    expect(k.experienceResources).toBeGreaterThan(0);
    expect(lines).toContain(`knowledge: resources ${k.resources}/${k.resources}`);
    expect(lines).toContain(`knowledge: profiles ${k.profiles}/${k.profiles}`);
    expect(lines.some((l) => l.startsWith('knowledge: vocabularies '))).toBe(true);
    // Order: reference data, accounts, members, knowledge, then forums.
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at('accounts')).toBeLessThan(at('knowledge: resources'));
    expect(at('knowledge: specialists')).toBeLessThan(at('forums: communities'));
    expect(result.forums).toMatchObject({ members: 240, threads: 40 });
    // The forums' posts; the News forum's comment threads and the agreement spaces are seeded after them.
    const forumPosts = one<{ n: number }>(
      `SELECT count(*) AS n FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
        WHERE c.slug <> 'news' AND c.id NOT IN (SELECT space_community_id FROM agreements WHERE space_community_id IS NOT NULL)`,
    ).n;
    expect(forumPosts).toBe(result.forums!.posts);
  });

  it('loads every vocabulary scheme with labels in three languages', () => {
    const rows = all<{ scheme: string; code: string; label_es: string; label_pt: string; label_en: string; parent_code: string | null; position: number }>(
      'SELECT * FROM vocab_terms ORDER BY scheme, position',
    );
    expect(new Set(rows.map((r) => r.scheme))).toEqual(new Set(VOCAB_SCHEMES));
    expect(rows).toHaveLength(vocabTermRows().length);
    for (const r of rows) {
      for (const label of [r.label_es, r.label_pt, r.label_en]) expect(label.trim().length, `${r.scheme}:${r.code}`).toBeGreaterThan(1);
    }
    expect([...codes('sector')]).toEqual(SECTORS.map((s) => s.code));
    expect([...codes('sector')].join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    expect([...codes('level')].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    const occupations = all<{ code: string; parent_code: string | null }>("SELECT code, parent_code FROM vocab_terms WHERE scheme = 'occupation'");
    expect(occupations.filter((o) => o.code.length === 1)).toHaveLength(10);
    expect(occupations.filter((o) => o.code.length === 2)).toHaveLength(43);
    expect(occupations).toHaveLength(OCCUPATIONS.length);
    for (const o of occupations.filter((x) => x.code.length === 2)) expect(o.parent_code).toBe(o.code[0]);
    for (const code of codes('theme')) expect(codes('expertise').has(code)).toBe(true);
    expect(codes('expertise').size).toBeGreaterThan(codes('theme').size);
    expect(VOCABULARIES.licence.map((l) => l.code)).toContain('cc_by_nc_sa');
  });

  it('gives every institution a type and a description', () => {
    for (const i of all<{ acronym: string; type: string | null; description: string }>('SELECT acronym, type, description FROM institutions')) {
      expect(INSTITUTION_TYPES, i.acronym).toContain(i.type);
      expect(i.description.length, i.acronym).toBeGreaterThan(80);
    }
    expect(one<{ n: number }>("SELECT count(DISTINCT type) AS n FROM institutions").n).toBeGreaterThanOrEqual(4);
  });

  it('keeps foreign keys valid: countries, institutions, accounts, related resources', () => {
    // SQLite checks its foreign keys when asked; PostgreSQL checked each on write, unless one was left unvalidated.
    expect(all(onPostgres ? "SELECT conrelid::regclass::text AS tbl, conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated" : 'PRAGMA foreign_key_check')).toEqual([]);
    for (const table of ['resources', 'profiles', 'experiences', 'specialists']) {
      const bad = all(`SELECT x.id FROM ${table} x JOIN institutions i ON i.id = x.institution_id
                        WHERE x.country_code IS NULL OR x.country_code <> i.country_code`);
      expect(bad, table).toEqual([]);
      expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE institution_id IS NULL`).n, table).toBe(0);
    }
    expect(all('SELECT experience_id FROM experience_resources GROUP BY experience_id HAVING count(*) > 3')).toEqual([]);
  });

  it('uses only vocabulary codes in resources, experiences, profiles and specialists', () => {
    const [types, sectors, themes, audiences, modalities, licences] = ['resource_type', 'sector', 'theme', 'audience', 'modality', 'licence'].map(codes);
    for (const r of all<Record<string, unknown>>('SELECT * FROM resources')) {
      expect(types.has(r.type as string), String(r.type)).toBe(true);
      expect(sectors.has(r.sector as string), String(r.sector)).toBe(true);
      expect(r.modality === null || modalities.has(r.modality as string), String(r.modality)).toBe(true);
      expect(licences.has(r.licence as string), String(r.licence)).toBe(true);
      const topics = json<string[]>(r.topics);
      expect(topics.length).toBeGreaterThan(0);
      for (const t of topics) expect(themes.has(t), t).toBe(true);
      for (const a of json<string[]>(r.audiences)) expect(audiences.has(a), a).toBe(true);
      for (const l of json<string[]>(r.languages)) expect(LANGS).toContain(l);
      expect(r.year as number).toBeGreaterThanOrEqual(1995);
      expect(r.year as number).toBeLessThanOrEqual(2026);
      expect(json<string[]>(r.authors).length).toBeGreaterThan(0);
      if (r.url !== null) expect(r.url as string).toMatch(/^https:\/\/[a-z0-9.-]+\//);
    }
    for (const e of all<Record<string, unknown>>('SELECT * FROM experiences')) {
      expect(themes.has(e.theme as string)).toBe(true);
      expect(sectors.has(e.sector as string)).toBe(true);
      expect(json<string[]>(e.partners).length).toBeGreaterThan(0);
      if (e.end_year !== null) expect(e.end_year as number).toBeGreaterThanOrEqual(e.start_year as number);
    }
    const [expertise, availability] = ['expertise', 'availability'].map(codes);
    for (const s of all<Record<string, unknown>>('SELECT * FROM specialists')) {
      for (const x of json<string[]>(s.expertise)) expect(expertise.has(x), x).toBe(true);
      for (const a of json<string[]>(s.availability)) expect(availability.has(a), a).toBe(true);
      const cv = json<Record<string, string[]>>(s.cv);
      expect(cv.education.length).toBeGreaterThan(0);
      expect(cv.experience.length).toBeGreaterThan(0);
      expect(Object.values(json<Record<string, string>>(s.cv_visibility)).every((v) => v === 'public' || v === 'members')).toBe(true);
    }
  });

  it('gives each profile a national code, an ISCO-08 code of its occupation, competency units and a curriculum', () => {
    const [sectors, levels, occupations] = ['sector', 'level', 'occupation'].map(codes);
    const profiles = all<Record<string, unknown>>('SELECT * FROM profiles');
    expect(new Set(profiles.map((p) => p.national_code)).size).toBe(profiles.length);
    for (const p of profiles) {
      expect(p.national_code as string).toMatch(/^[A-Z0-9]+-[A-Z]{2}-\d{6,7}$/);
      expect(sectors.has(p.sector as string)).toBe(true);
      expect(levels.has(p.level as string)).toBe(true);
      expect(p.isco_code as string).toMatch(/^\d{4}$/);
      expect(occupations.has((p.isco_code as string).slice(0, 2))).toBe(true);
      expect(LANGS).toContain(p.language);
      const units = json<{ code: string; title: string; criteria: string[] }[]>(p.units);
      expect(units.length).toBeGreaterThanOrEqual(3);
      expect(units.length).toBeLessThanOrEqual(6);
      for (const u of units) {
        expect(u.code).toMatch(new RegExp(`^${p.national_code}-U\\d$`));
        expect(u.title.length).toBeGreaterThan(5);
        expect(u.criteria.length).toBeGreaterThanOrEqual(2);
        expect(u.criteria.length).toBeLessThanOrEqual(4);
      }
      const modules = json<{ title: string; hours: number }[]>(p.curriculum);
      expect(modules.length).toBeGreaterThan(0);
      for (const m of modules) expect(m.hours).toBeGreaterThan(0);
      expect((p.purpose as string).length).toBeGreaterThan(20);
      expect(p.validated_by).toBeTruthy();
    }
  });

  it('links specialists to accounts exactly when the account is flagged as a specialist', () => {
    const linked = all<{ user_id: number }>('SELECT user_id FROM specialists WHERE user_id IS NOT NULL').map((r) => r.user_id);
    const flagged = all<{ id: number }>('SELECT id FROM users WHERE specialist = 1').map((r) => r.id);
    expect(new Set(linked)).toEqual(new Set(flagged));
    expect(linked).toHaveLength(40);
    expect(all("SELECT 1 FROM specialists s JOIN users u ON u.id = s.user_id WHERE u.username = 'carlos_especialista'")).toHaveLength(1);
    const forumSpecialists = buildMembers(all<{ id: number; acronym: string; name: string; country_code: string; city: string | null }>('SELECT * FROM institutions ORDER BY id').map((i) => ({ id: i.id, acronym: i.acronym, name: i.name, countryCode: i.country_code, city: i.city })))
      .filter((m) => m.specialist)
      .map((m) => m.username);
    expect(forumSpecialists).toHaveLength(10);
    const linkedNames = all<{ username: string }>('SELECT u.username FROM specialists s JOIN users u ON u.id = s.user_id').map((r) => r.username);
    expect(linkedNames).toEqual(expect.arrayContaining(forumSpecialists));
    expect(all('SELECT s.id FROM specialists s JOIN users u ON u.id = s.user_id WHERE s.name <> u.display_name')).toEqual([]);
  });

  it('has discussions cite the knowledge bases, with every link resolved', () => {
    const byType = new Map(all<{ link_type: string; n: number }>('SELECT link_type, count(*) AS n FROM post_links GROUP BY link_type').map((r) => [r.link_type, r.n]));
    expect(byType.get('resource')).toBeGreaterThan(0);
    expect([...byType.keys()].every((t) => ['resource', 'profile', 'experience', 'specialist', 'institution'].includes(t))).toBe(true);
    const tables: Record<string, string> = { resource: 'resources', profile: 'profiles', experience: 'experiences', specialist: 'specialists', institution: 'institutions' };
    for (const [type, table] of Object.entries(tables)) {
      expect(all(`SELECT l.post_id FROM post_links l WHERE l.link_type = ? AND l.target_id NOT IN (SELECT id FROM ${table})`, type), type).toEqual([]);
    }
    expect(
      all(`SELECT l.post_id FROM post_links l JOIN posts p ON p.id = l.post_id
            WHERE p.body NOT LIKE '%[[' || l.link_type || ':' || l.target_id || ']]%'
               OR p.body_html NOT LIKE '%href="/knowledge/%/' || l.target_id || '"%'`),
    ).toEqual([]);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM posts WHERE body_html LIKE '%typed-link-missing%'").n).toBe(0);
    const citing = one<{ n: number }>("SELECT count(DISTINCT post_id) AS n FROM post_links WHERE link_type <> 'institution'").n;
    expect(citing / count('posts')).toBeGreaterThan(0.05);
    expect(citing / count('posts')).toBeLessThan(0.2);
  });

  it('keeps every date before the fixed "now", and writes no filler text', () => {
    const now = FORUM_SEED_NOW.getTime();
    for (const table of ['resources', 'profiles', 'experiences', 'specialists']) {
      expect(one<{ max: number }>(`SELECT max(updated_at) AS max FROM ${table}`).max, table).toBeLessThan(now);
      expect(all(`SELECT id FROM ${table} WHERE updated_at < created_at`), table).toEqual([]);
    }
    expect(one<{ n: number }>("SELECT count(*) AS n FROM resources WHERE lower(title || summary) LIKE '%lorem%'").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM resources WHERE title LIKE '%{%' OR summary LIKE '%{%'").n).toBe(0);
  });

  it('is deterministic: a second seed gives the same rows', async () => {
    const second = await seeded();
    try {
      const samples = [
        'SELECT * FROM vocab_terms ORDER BY scheme, code',
        'SELECT id, type, description FROM institutions ORDER BY id',
        'SELECT * FROM resources WHERE id % 7 = 0 ORDER BY id',
        'SELECT * FROM profiles WHERE id % 5 = 0 ORDER BY id',
        'SELECT * FROM experiences ORDER BY id',
        'SELECT * FROM experience_resources ORDER BY experience_id, resource_id',
        'SELECT * FROM specialists ORDER BY id',
        'SELECT id, specialist FROM users ORDER BY id',
        'SELECT * FROM post_links ORDER BY post_id, link_type, target_id',
        'SELECT id, body FROM posts WHERE id % 5 = 0 ORDER BY id',
      ];
      for (const query of samples) expect(second.database.sqlite.prepare(query).all(), query).toEqual(all(query));
    } finally {
      await second.database.close();
    }
  });

  it('loads the vocabularies and institution profiles with the reference data alone', async () => {
    const bare = (await openTestDatabase({ reference: false })).database;
    try {
      await seedDatabase(bare.db, { reference: true, demoAccounts: false, hashPassword });
      const n = (q: string) => (bare.sqlite.prepare(q).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM vocab_terms')).toBe(vocabTermRows().length);
      expect(n("SELECT count(*) AS n FROM institutions WHERE type IS NULL OR description = ''")).toBe(0);
      expect(n('SELECT count(*) AS n FROM resources')).toBe(0);
      expect(n('SELECT count(*) AS n FROM specialists')).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
