import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../db/engine.ts';
import { seedKnowledge } from '../../db/seed/knowledge/index.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { ftsQuery } from '../../server/modules/knowledge/browse-repository.ts';
import { KIND_SPECS, type KindSpec } from '../../server/modules/knowledge/catalog.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';

/**
 * The knowledge lists answer from an in-memory facet index and a cache of text matches (for
 * speed); every answer must be what the plain SQL gives: the total, each facet's counts (each
 * counted over the records matching every other filter) and the order of the items. The
 * reference below is that SQL, written out once more here, over the seeded demo knowledge.
 */

type Facet = { value: string; count: number };
type Answer = { total: number; ids: number[]; facets: Record<string, Facet[]> };
type Kind = KindSpec['kind'];

let t: TestApp;
const collator = new Intl.Collator('es', { sensitivity: 'base', numeric: true });

beforeAll(async () => {
  // One client sends every query: the per-client search limit is lifted.
  t = await buildTestApp({ rateLimits: { ...defaultRateLimits(), search: { max: 1_000_000, windowMs: 60_000 } } });
  await seedKnowledge(t.database.db, { scale: 0.04, progress: () => {} });
});
afterAll(async () => {
  await t.app.close();
});

// The few words of that SQL that differ between the engines: a JSON list's values, and the words'
// match and rank (FTS5's; PostgreSQL's tsquery and ts_rank_cd, as search/knowledge-match.ts asks).
const each = (json: string) =>
  ENGINE === 'pg' ? `json_array_elements_text((${json})::json) AS j(value)` : `json_each(${json})`;
const matches = ENGINE === 'pg' ? `vector @@ minga_search_query(?::jsonb)` : `knowledge_fts MATCH ?`;
const rank = ENGINE === 'pg' ? `-ts_rank_cd(vector, minga_search_query(?::jsonb), 1)` : `rank`;

/** The straightforward answer: one SQL count per facet over the other filters, sorted in JS as the API documents it. */
function reference(kind: Kind, params: Record<string, string>): Answer {
  const spec = KIND_SPECS[kind];
  const match = params.q ? ftsQuery(params.q) : null;
  const condition = (except?: string) => {
    const parts: string[] = ['1 = 1'];
    const args: unknown[] = [];
    for (const dim of spec.dimensions) {
      const raw = params[dim.param];
      if (raw === undefined || dim.param === except) continue;
      const value = dim.param === 'country' ? raw.toUpperCase() : raw;
      parts.push(dim.multi ? `EXISTS (SELECT 1 FROM ${each(`r."${dim.column}"`)} WHERE value = ?)` : `CAST(r."${dim.column}" AS TEXT) = ?`);
      args.push(value);
    }
    if (match) {
      parts.push(`r.id IN (SELECT item_id FROM knowledge_fts WHERE ${matches} AND kind = ?)`);
      args.push(match, spec.linkType);
    }
    return { where: parts.join(' AND '), args };
  };
  const all = <T>(query: string, args: unknown[]) => t.database.sqlite.prepare(query).all(...args) as T[];

  const { where, args } = condition();
  const rows = all<{ id: number; title: string; year: number | null; rank: number | null }>(
    `SELECT r.id, r."${spec.titleColumn}" AS title, ${spec.yearColumn ? `r."${spec.yearColumn}"` : 'NULL'} AS year,
       ${match ? `(SELECT ${rank} FROM knowledge_fts WHERE ${matches} AND kind = ? AND item_id = r.id)` : 'NULL'} AS rank
     FROM "${spec.table}" r WHERE ${where}`,
    match ? [...(ENGINE === 'pg' ? [match] : []), match, spec.linkType, ...args] : args,
  );
  const sort = params.sort ?? (match ? 'relevance' : 'recent');
  const compare: Record<string, (a: (typeof rows)[0], b: (typeof rows)[0]) => number> = {
    recent: (a, b) => b.id - a.id,
    title: (a, b) => collator.compare(a.title, b.title) || a.id - b.id,
    year: (a, b) => (b.year ?? 0) - (a.year ?? 0) || b.id - a.id,
    relevance: (a, b) => a.rank! - b.rank! || a.id - b.id,
  };
  rows.sort(compare[sort === 'relevance' && !match ? 'recent' : sort]!);

  const facets: Record<string, Facet[]> = {};
  for (const dim of spec.dimensions) {
    const other = condition(dim.param);
    const value = dim.multi ? 'v.value' : `r."${dim.column}"`;
    const values = ENGINE === 'pg' ? `json_array_elements_text((r."${dim.column}")::json) AS v(value)` : `json_each(r."${dim.column}") v`;
    const from = dim.multi ? `"${spec.table}" r, ${values}` : `"${spec.table}" r`;
    facets[dim.param] = all<{ value: string | number; count: number }>(
      `SELECT ${value} AS value, count(*) AS count FROM ${from} WHERE ${value} IS NOT NULL AND ${other.where} GROUP BY ${value}`,
      other.args,
    )
      .map((r) => ({ value: String(r.value), count: r.count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .slice(0, 30);
  }
  return { total: rows.length, ids: rows.map((r) => r.id), facets };
}

/** What the API answers, every page followed to the end. */
async function listed(kind: Kind, params: Record<string, string>, reader: Awaited<ReturnType<typeof registerUser>> | null = null): Promise<Answer> {
  const ids: number[] = [];
  let first: { total: number; facets: Record<string, Facet[]> } | null = null;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...params, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await as(t.app, reader).get(`/api/${kind}?${query}`);
    expect(response.statusCode, `${kind}?${query}`).toBe(200);
    const page = response.json() as { items: { id: number }[]; nextCursor: string | null; total: number; facets: Record<string, Facet[]> };
    first ??= page;
    expect(page.total).toBe(first.total);
    expect(page.facets).toEqual(first.facets);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { total: first.total, ids, facets: first.facets };
}

/** Queries over a kind: broad and narrow words, accents or none, each filter alone and combined, every sort. */
async function queries(kind: Kind): Promise<Record<string, string>[]> {
  const everything = await listed(kind, { q: '' });
  const top = (param: string, n = 0) => everything.facets[param]?.[n]?.value;
  const words = ['formación', 'formacion', 'competencias', 'gestión técnica', 'seguridad', 'a', 'xq'];
  const filters: Record<string, string>[] = [{}];
  for (const dim of KIND_SPECS[kind].dimensions) {
    const value = top(dim.param);
    if (value) filters.push({ [dim.param]: value });
  }
  const country = top('country', 1);
  const language = top('language');
  if (country) filters.push({ country: country.toLowerCase(), ...(language ? { language } : {}) });
  const theme = top('theme') ?? top('sector');
  if (country && theme) filters.push({ country, [top('theme') ? 'theme' : 'sector']: theme, ...(top('institution') ? { institution: top('institution')! } : {}) });
  filters.push({ country: 'ZZ' });
  const out: Record<string, string>[] = [];
  for (const filter of filters) {
    out.push(filter);
    for (const q of words) out.push({ q, ...filter });
  }
  for (const sort of ['recent', 'title', 'year', 'relevance']) {
    out.push({ sort }, { q: 'formación', sort }, { q: 'competencias', sort, ...(country ? { country } : {}) });
  }
  return out;
}

describe('knowledge lists count like the plain SQL', () => {
  it.each(['resources', 'experiences', 'profiles', 'specialists'] as const)('%s: totals, every facet count and the order', async (kind) => {
    const cases = await queries(kind);
    const records = reference(kind, {}).total;
    let broad = 0;
    for (const params of cases) {
      const expected = reference(kind, params);
      // The same query twice: the second may come from the cache of matches.
      for (const round of [1, 2]) expect({ round, params, ...(await listed(kind, params)) }).toEqual({ round, params, ...expected });
      if (expected.total > 3 && expected.total * 5 >= records) broad += 1;
    }
    // Some cases match a good part of the records: a slip in the counting would show.
    expect(broad).toBeGreaterThanOrEqual(3);
  }, 60_000); // some fifty queries, each twice and every page followed: seconds on a busy machine

  it('stays so after records change through the API', async () => {
    const editor = await registerUser(t.app);
    t.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
    const before = await listed('resources', { q: 'formación' });
    expect(before).toEqual(reference('resources', { q: 'formación' }));
    const [first, second] = before.ids;
    // One record moves country, another loses the word; a new one has it.
    expect((await as(t.app, editor).patch(`/api/resources/${first}`, { countryCode: 'UY' })).statusCode).toBe(200);
    expect((await as(t.app, editor).patch(`/api/resources/${second}`, { title: 'Otro título', summary: 'Nada que ver.', topics: [] })).statusCode).toBe(200);
    const created = await as(t.app, editor).post('/api/resources', {
      title: 'Formación de formadores en soldadura',
      summary: '',
      type: 'guide',
      languages: ['es'],
      countryCode: 'PY',
      authors: [],
      topics: [],
      audiences: [],
    });
    expect(created.statusCode, created.body).toBe(201);
    for (const params of [{ q: 'formación' }, { q: 'formación', country: 'UY' }, { q: 'formacion', sort: 'recent' }, {}] as Record<string, string>[]) {
      expect({ params, ...(await listed('resources', params)) }).toEqual({ params, ...reference('resources', params) });
    }
    const after = await listed('resources', { q: 'formación' });
    expect(after.ids).not.toContain(second);
    expect(after.ids).toContain(created.json().item.id);
  });
});
