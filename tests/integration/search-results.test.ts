import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let senai: number;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  senai = (t.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
});
afterEach(async () => {
  await t.app.close();
});

interface Result {
  type: string;
  id: number;
  title: string;
  snippet: string | null;
  url: string;
  community: { slug: string; name: string } | null;
  author: { username: string; displayName: string } | null;
  institution: { id: number; acronym: string; name: string } | null;
  country: string | null;
  date: string | null;
  replies: number | null;
  solved: boolean | null;
}
interface Body {
  items: Result[];
  nextCursor: string | null;
  total: number;
}

async function search(query: string, viewer: World['member'] | null = null): Promise<Body> {
  const response = await as(t.app, viewer).get(`/api/search?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Body;
}

async function resource(title: string, summary: string) {
  const created = await as(t.app, w.admin).post('/api/resources', {
    title,
    summary,
    type: 'guide',
    languages: ['es'],
    countryCode: 'BR',
    institutionId: senai,
    authors: ['Ana Souza'],
    year: 2021,
    sector: 'C',
    topics: ['dual'],
    audiences: ['trainers'],
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().item as { id: number };
}

describe('search results that help', () => {
  it('carries each result’s type, community, author, date, replies and solved state; knowledge its institution', async () => {
    const question = await startThread(t.app, w.member, w.forumId, { title: 'Tutores de empresa', body: '¿Cómo eligen tutores?', kind: 'question' });
    const answer = await replyTo(t.app, w.moderator, question.thread.id, 'Elegimos tutores con experiencia.');
    expect((await as(t.app, w.member).post(`/api/threads/${question.thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
    const guide = await resource('Guía de tutores', 'Cómo acompañar a los aprendices.');
    const community = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community as { name: string };

    const body = await search('q=tutores');
    const thread = body.items.find((i) => i.type === 'thread')!;
    expect(thread).toMatchObject({
      id: question.thread.id,
      community: { slug: w.slug, name: community.name },
      author: { username: w.member.user.username },
      replies: 1,
      solved: true,
      institution: null,
    });
    expect(Date.parse(thread.date!)).toBeGreaterThan(Date.now() - 3600_000);
    const record = body.items.find((i) => i.type === 'resource')!;
    expect(record).toMatchObject({
      id: guide.id,
      institution: { id: senai, acronym: 'SENAI' },
      country: 'BR',
      community: null,
      author: null,
      replies: null,
      solved: null,
    });
    expect(record.date).toEqual(expect.any(String));

    // A single post: its own author, its thread's community, replies and solved state.
    const posts = await search('q=experiencia&type=post');
    expect(posts.items[0]).toMatchObject({ type: 'post', id: answer.id, author: { username: w.moderator.user.username }, replies: 1, solved: true });

    // The header suggestions carry the same facts.
    const suggested = (await as(t.app, null).get('/api/search/suggest?q=tutor')).json() as { groups: { type: string; items: Result[] }[] };
    const threadGroup = suggested.groups.find((g) => g.type === 'thread')!;
    expect(threadGroup.items[0]).toMatchObject({ community: { slug: w.slug }, replies: 1, solved: true });
  });

  it('mixes types on the first page by relevance, and pages through them without duplicates or gaps', async () => {
    // Many resources and a dozen threads match, some better than others: each index scores on
    // its own scale (the word is common among the resources and rare among the posts).
    const filler = (i: number) => ' otra cosa'.repeat(i % 4);
    for (let i = 0; i < 30; i += 1) {
      await resource(`Recurso ${i}`, `Material sobre alternancia${' y alternancia'.repeat(i % 3)} en la empresa${filler(i)}.`);
    }
    for (let i = 0; i < 10; i += 1) await startThread(t.app, w.member, w.forumId, { title: `Charla ${i}`, body: `Otro tema ${i}, sin relación.` });
    for (let i = 0; i < 12; i += 1) {
      await startThread(t.app, w.member, w.forumId, { title: `Charla ${i}`, body: `Experiencias de alternancia${' y alternancia'.repeat(i % 3)}${filler(i)}.` });
    }

    const first = await search('q=alternancia&limit=10');
    const types = first.items.map((i) => i.type);
    expect(types).toContain('thread');
    expect(types).toContain('resource');
    expect(first.total).toBe(42);

    const all = await search('q=alternancia&limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Body = await search(`q=alternancia&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((i) => `${i.type}:${i.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.items.map((i) => `${i.type}:${i.id}`));
    expect(seen).toHaveLength(42);
  });

  it('never shows a private community’s name to an outsider, in results or suggestions', async () => {
    const secret = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    await startThread(t.app, secret.member, secret.forumId, { title: 'Presupuesto zarandaja', body: 'Plan zarandaja reservado.' });
    const name = (t.database.sqlite.prepare('SELECT name FROM communities WHERE slug = ?').get(secret.slug) as { name: string }).name;

    const member = await search('q=zarandaja', secret.member);
    expect(member.items[0]!.community).toEqual({ slug: secret.slug, name });
    const memberSuggest = (await as(t.app, secret.member).get('/api/search/suggest?q=zarandaja')).json();
    expect(JSON.stringify(memberSuggest)).toContain(name);

    for (const viewer of [null, secret.outsider, w.member]) {
      for (const url of ['/api/search?q=zarandaja', '/api/search?q=presupuesto', '/api/search/suggest?q=zarand', `/api/search?q=plan&community=${secret.slug}`]) {
        const response = await as(t.app, viewer).get(url);
        expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain(name);
        expect(response.body).not.toContain(secret.slug);
      }
    }
  });

  it('makes snippets plain readable text: no Markdown marks, no entities shown raw', async () => {
    await resource('Manual práctico', '## Tutores **expertos** &amp; _aprendices_: ver [la guía de tutores](https://example.org/guia) y `tutores` en la empresa.');
    await startThread(t.app, w.member, w.forumId, { title: 'Consulta', body: 'Los **tutores** & las _empresas_ [ver](https://example.org).' });
    const body = await search('q=tutores');
    const snippets = body.items.map((i) => i.snippet!);
    expect(snippets).toHaveLength(2);
    for (const snippet of snippets) {
      expect(snippet).not.toMatch(/\*\*|##|\]\(|`|&amp;amp;|\b_\w/);
      expect(snippet).not.toContain('https://');
      expect(snippet).toContain('<mark>');
    }
    const record = body.items.find((i) => i.type === 'resource')!;
    expect(record.snippet).toContain('Tutores</mark> expertos &amp; aprendices: ver la guía de <mark>tutores</mark>');
  });
});
