import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

type Result = { type: string; id: number; title: string; snippet: string | null; url: string };
type Facet = { value: string; count: number };
interface Body {
  items: Result[];
  nextCursor: string | null;
  total: number;
  facets: { type: Facet[]; country: Facet[]; language: Facet[] };
}

async function search(query: string, viewer: World['member'] | null = null) {
  const response = await as(t.app, viewer).get(`/api/search?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as Body;
}
const q = (text: string, viewer: World['member'] | null = null, extra = '') =>
  search(`q=${encodeURIComponent(text)}${extra}`, viewer);
const threadIds = (body: Body) => body.items.filter((i) => i.type === 'thread').map((i) => i.id);

describe('GET /api/search', () => {
  it('ignores case and accents in every language', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Formación dual en Uruguay', body: 'Aprendices en empresas.' });
    const b = await startThread(t.app, w.member, w.forumId, { title: 'Rede de ensino', body: 'A educação profissional no Brasil.', language: 'pt' });
    const c = await startThread(t.app, w.member, w.forumId, { title: 'Obras', body: 'Cursos de construção civil para jovens.' });

    const first = await q('formacion');
    expect(threadIds(first)).toContain(a.thread.id);
    const hit = first.items.find((i) => i.id === a.thread.id)!;
    expect(hit).toMatchObject({ title: 'Formación dual en Uruguay', url: `/t/${a.thread.id}#post-${a.post.id}` });
    expect(threadIds(await q('educacao'))).toEqual([b.thread.id]);
    const upper = await q('CONSTRUCAO');
    expect(threadIds(upper)).toEqual([c.thread.id]);
    expect(upper.items[0]!.snippet).toContain('<mark>construção</mark>');
  });

  it('reads phrases, prefixes and exclusions', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Talleres', body: 'La soldadura eléctrica de arco en el taller.' });
    const b = await startThread(t.app, w.member, w.forumId, { title: 'Talleres dos', body: 'Arco y soldadura por separado; eléctrica no.' });

    expect(threadIds(await q('"soldadura eléctrica"'))).toEqual([a.thread.id]);
    expect(threadIds(await q('soldad* taller')).sort()).toEqual([a.thread.id, b.thread.id].sort());
    expect(threadIds(await q('solda'))).toHaveLength(2); // the last word is a prefix
    expect(threadIds(await q('soldadura -separado'))).toEqual([a.thread.id]);
    expect(threadIds(await q('soldadura -"por separado"'))).toEqual([a.thread.id]);
  });

  it('ranks a title match above a body match, and returns one result per thread', async () => {
    const body = await startThread(t.app, w.member, w.forumId, { title: 'Consulta general', body: 'Hablemos de mecatrónica un poco.' });
    const title = await startThread(t.app, w.member, w.forumId, { title: 'Mecatrónica industrial', body: 'Empecemos.' });
    await replyTo(t.app, w.moderator, title.thread.id, 'La mecatrónica combina mecánica y electrónica.');
    const result = await q('mecatronica');
    expect(threadIds(result)).toEqual([title.thread.id, body.thread.id]);
    expect(result.facets.type).toEqual(expect.arrayContaining([{ value: 'thread', count: 2 }, { value: 'post', count: 3 }]));
    const posts = await q('mecatronica type:post');
    expect(posts.items.map((i) => i.type)).toEqual(['post', 'post', 'post']);
  });

  it('filters by type, country, language, community, author and solved', async () => {
    const es = await startThread(t.app, w.member, w.forumId, { title: 'Tutores de empresa', body: 'Guía de tutores.', language: 'es', kind: 'question' });
    const pt = await startThread(t.app, w.moderator, w.forumId, { title: 'Tutores na empresa', body: 'Guia de tutores.', language: 'pt' });
    const answer = await replyTo(t.app, w.moderator, es.thread.id, 'Los tutores necesitan formación.');
    expect((await as(t.app, w.member).post(`/api/threads/${es.thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
    const other = await buildWorld(t.app, { admin: w.admin });
    const elsewhere = await startThread(t.app, other.member, other.forumId, { title: 'Tutores en otra comunidad', body: 'Tutores.' });

    expect(threadIds(await q('tutores', null, '&language=pt'))).toEqual([pt.thread.id]);
    expect(threadIds(await q('tutores language:es'))).toEqual(expect.arrayContaining([es.thread.id]));
    expect(threadIds(await q('tutores language:es'))).not.toContain(pt.thread.id);
    expect(threadIds(await q(`tutores community:${other.slug}`))).toEqual([elsewhere.thread.id]);
    expect(threadIds(await q(`tutores author:${w.moderator.username}`)).sort()).toEqual([es.thread.id, pt.thread.id].sort());
    expect(threadIds(await q('tutores solved:yes'))).toEqual([es.thread.id]);
    expect((await q('tutores', null, '&type=resource')).items).toEqual([]);

    // Knowledge: the reference institutions are indexed; their country filters them.
    const senati = await q('senati');
    expect(senati.items[0]).toMatchObject({ type: 'institution', url: expect.stringMatching(/^\/knowledge\/institutions\/\d+$/) });
    expect(senati.facets.country).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'PE' })]));
    expect((await q('senati country:PE')).items.length).toBeGreaterThan(0);
    expect((await q('senati', null, '&country=UY')).items).toEqual([]);
    expect((await q('senati type:thread')).items).toEqual([]);
  });

  it('pages with a cursor', async () => {
    for (let i = 0; i < 5; i += 1) await startThread(t.app, w.member, w.forumId, { title: `Aula taller ${i}`, body: 'Aula.' });
    const first = await q('aula', null, '&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(5);
    const second = await search(`q=aula&limit=2&cursor=${first.nextCursor}`);
    const third = await search(`q=aula&limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const all = [...first.items, ...second.items, ...third.items].map((i) => i.id);
    expect(new Set(all).size).toBe(5);
    expect((await as(t.app, null).get('/api/search?q=aula&cursor=nope')).statusCode).toBe(400);
  });

  it('never fails on hostile input, and refuses more than 500 characters', async () => {
    await startThread(t.app, w.member, w.forumId, { title: 'Near and far', body: 'NEAR the AND gate OR not.' });
    for (const text of ['"', '*', 'NEAR(', 'NEAR(a b', 'AND OR', 'AND', '"""', '-', '-*', '(', ')', '{col}:x', 'a\u0000b\u0001\u0002\u001b[31m', '^*"-:']) {
      const response = await as(t.app, null).get(`/api/search?q=${encodeURIComponent(text)}`);
      expect(response.statusCode, text).toBe(200);
    }
    expect((await q('AND OR')).items.length).toBe(1);
    const long = await as(t.app, null).get(`/api/search?q=${'a'.repeat(5000)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
  });

  it('shows a private community only to its members, in results, snippets and facets', async () => {
    const secret = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    const thread = await startThread(t.app, secret.member, secret.forumId, { title: 'Plan confidencial', body: 'Presupuesto zarandaja reservado.', language: 'en' });

    for (const viewer of [null, secret.outsider, w.member]) {
      const body = await q('zarandaja', viewer);
      expect(body.items).toEqual([]);
      expect(body.total).toBe(0);
      expect(body.facets).toEqual({ type: [], country: [], language: [] });
      expect(JSON.stringify(await q('confidencial', viewer))).not.toContain('zarandaja');
    }
    for (const viewer of [secret.member, secret.moderator, w.admin]) {
      const body = await q('zarandaja', viewer);
      expect(threadIds(body)).toEqual([thread.thread.id]);
      expect(body.items[0]!.snippet).toContain('<mark>zarandaja</mark>');
      expect(body.facets.language).toEqual([{ value: 'en', count: 1 }]);
    }
  });

  it('keeps the index true: hidden, edited and deleted posts', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, { title: 'Bitácora', body: 'Primera versión con albaricoque.' });
    const reply = await replyTo(t.app, w.member, thread.id, 'Comentario con membrillo.');

    expect(threadIds(await q('membrillo'))).toEqual([thread.id]);
    expect((await as(t.app, w.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect((await q('membrillo')).items).toEqual([]);
    expect((await q('membrillo', w.moderator)).items).toEqual([]);
    await as(t.app, w.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: false });
    expect(threadIds(await q('membrillo'))).toEqual([thread.id]);

    expect((await as(t.app, w.member).patch(`/api/posts/${post.id}`, { body: 'Segunda versión con frambuesa.' })).statusCode).toBe(200);
    expect(threadIds(await q('frambuesa'))).toEqual([thread.id]);
    expect((await q('albaricoque')).items).toEqual([]);

    expect((await as(t.app, w.moderator).delete(`/api/posts/${reply.id}`)).statusCode).toBeLessThan(300);
    expect((await q('membrillo')).items).toEqual([]);

    // Renaming a thread re-indexes its posts under the new title (any writer: the trigger does it).
    t.database.sqlite.prepare('UPDATE threads SET title = ? WHERE id = ?').run('Cuaderno de obra', thread.id);
    expect(threadIds(await q('cuaderno'))).toEqual([thread.id]);
    expect((await q('bitacora')).items).toEqual([]);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true });
    expect((await q('frambuesa')).items).toEqual([]);
    expect((await q('cuaderno', w.admin)).items).toEqual([]);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: false });
    expect(threadIds(await q('frambuesa'))).toEqual([thread.id]);
  });

  it('escapes what a post says in its snippet', async () => {
    // Markup shown as code is text the reader sees: it is in the snippet, escaped.
    const { thread } = await startThread(t.app, w.member, w.forumId, {
      title: 'Prueba de seguridad',
      body: 'Ojo `<script>alert(1)</script>` y `<img src=x onerror=alert(2)>` en el foro.',
    });
    const body = await q('alert');
    expect(threadIds(body)).toEqual([thread.id]);
    const snippet = body.items[0]!.snippet!;
    expect(snippet).toContain('&lt;script&gt;');
    expect(snippet).toContain('&lt;img src=x onerror=<mark>alert</mark>(2)&gt;');
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
  });
});
