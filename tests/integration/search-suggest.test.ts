import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE } from '../../db/engine.ts';
import { main as rebuildCommand } from '../../server/reindex.ts';
import { rebuildSearchIndexes } from '../../server/modules/search/rebuild.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

type Suggestion = { type: string; id: number; title: string; highlight: string; url: string };
type Groups = { groups: { type: string; items: Suggestion[] }[] };

async function suggest(text: string, viewer: World['member'] | null = null, extra = '') {
  const response = await as(t.app, viewer).get(`/api/search/suggest?q=${encodeURIComponent(text)}${extra}`);
  expect(response.statusCode).toBe(200);
  return response.json() as Groups;
}
const titlesOf = (body: Groups, type: string) => body.groups.find((g) => g.type === type)?.items.map((i) => i.title) ?? [];

describe('GET /api/search/suggest (type-ahead)', () => {
  it('suggests titles as they are typed, grouped by type, accents folded, matches marked', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Formación dual en la Construcción', body: 'Hola.' });
    await startThread(t.app, w.member, w.forumId, { title: 'Otro tema', body: 'Formación en el cuerpo, no en el título.' });

    const typed = await suggest('construc');
    expect(typed.groups[0]!.type).toBe('thread');
    expect(typed.groups[0]!.items).toEqual([
      {
        type: 'thread',
        id: a.thread.id,
        title: 'Formación dual en la Construcción',
        highlight: 'Formación dual en la <mark>Construcción</mark>',
        url: `/t/${a.thread.id}`,
        // The facts a suggestion shows compactly: where, who, replies, solved.
        community: { slug: expect.any(String), name: expect.any(String) },
        author: { username: expect.any(String), displayName: expect.any(String) },
        institution: null,
        country: null,
        date: expect.any(String),
        replies: 0,
        solved: false,
      },
    ]);
    // Several words: all must be in the title, the last one as a prefix.
    expect(titlesOf(await suggest('FORMACION du'), 'thread')).toEqual(['Formación dual en la Construcción']);
    // Institutions come from the reference data, in their own group after the threads.
    const senai = await suggest('sena');
    expect(senai.groups.map((g) => g.type)).toContain('institution');
    expect(senai.groups.find((g) => g.type === 'institution')!.items[0]!.url).toMatch(/^\/knowledge\/institutions\/\d+$/);
    expect((await suggest('sena', null, '&type=thread')).groups).toEqual([]);
    // One letter is not enough to suggest anything; odd input is only words.
    expect((await suggest('f')).groups).toEqual([]);
    for (const odd of ['"', '*', 'NEAR(', 'AND OR', '\u0000\u001b']) expect((await suggest(odd)).groups).toBeInstanceOf(Array);
  });

  it('escapes titles and never suggests what the viewer may not see', async () => {
    const hostile = await startThread(t.app, w.member, w.forumId, { title: 'Mecánica <img src=x onerror=alert(1)>', body: 'x' });
    const shown = (await suggest('mecanica')).groups[0]!.items[0]!;
    expect(shown.id).toBe(hostile.thread.id);
    expect(shown.highlight).toBe('<mark>Mecánica</mark> &lt;img src=x onerror=alert(1)&gt;');

    const closed = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    await startThread(t.app, closed.member, closed.forumId, { title: 'Soldadura secreta', body: 'Solo miembros.' });
    expect(titlesOf(await suggest('soldadura'), 'thread')).toEqual([]);
    expect(titlesOf(await suggest('soldadura', w.outsider), 'thread')).toEqual([]);
    expect(titlesOf(await suggest('soldadura', closed.member), 'thread')).toEqual(['Soldadura secreta']);

    const hidden = await startThread(t.app, w.member, w.forumId, { title: 'Tornería oculta', body: 'x' });
    expect(titlesOf(await suggest('torneria'), 'thread')).toEqual(['Tornería oculta']);
    expect((await as(t.app, w.moderator).post(`/api/threads/${hidden.thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect(titlesOf(await suggest('torneria'), 'thread')).toEqual([]);
  });
});

describe('ranking and permissions at query time', () => {
  it('lifts answers by specialists and accepted answers', async () => {
    const question = await startThread(t.app, w.member, w.forumId, { title: 'Pregunta', body: 'Sobre hidráulica.', kind: 'question' });
    const plainAnswer = await replyTo(t.app, w.member, question.thread.id, 'La neumática industrial es otra cosa.');
    const expertAnswer = await replyTo(t.app, w.moderator, question.thread.id, 'La neumática industrial es otra cosa.');
    const posts = async () =>
      ((await as(t.app, null).get('/api/search?q=neumatica&type=post')).json() as { items: { id: number }[] }).items.map((i) => i.id);
    // Same words, same length: the newer post first.
    expect(await posts()).toEqual([expertAnswer.id, plainAnswer.id]);
    // The member becomes a specialist of the directory: their answer now ranks first.
    t.database.sqlite
      .prepare(
        `INSERT INTO specialists (name, country_code, expertise, languages, summary, cv, availability, cv_visibility, user_id, created_at, updated_at)
         VALUES ('Especialista', 'UY', '[]', '["es"]', 'Neumática', '{}', '[]', '{}', ?, 0, 0)`,
      )
      .run(w.member.user.id);
    expect(await posts()).toEqual([plainAnswer.id, expertAnswer.id]);
    // An accepted answer weighs more than a specialist's.
    expect((await as(t.app, w.member).post(`/api/threads/${question.thread.id}/accept`, { postId: expertAnswer.id })).statusCode).toBe(200);
    expect(await posts()).toEqual([expertAnswer.id, plainAnswer.id]);
  });

  it('follows a thread moved into a private community at once, without re-indexing', async () => {
    const thread = await startThread(t.app, w.member, w.forumId, { title: 'Electricidad domiciliaria', body: 'Instalaciones.' });
    const closed = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    const ids = async (viewer: World['member'] | null) =>
      ((await as(t.app, viewer).get('/api/search?q=electricidad')).json() as { items: { id: number }[] }).items.map((i) => i.id);
    expect(await ids(null)).toEqual([thread.thread.id]);
    t.database.sqlite
      .prepare('UPDATE threads SET community_id = (SELECT id FROM communities WHERE slug = ?), forum_id = ? WHERE id = ?')
      .run(closed.slug, closed.forumId, thread.thread.id);
    expect(await ids(null)).toEqual([]);
    expect(await ids(closed.member)).toEqual([thread.thread.id]);
  });
});

describe('rebuilding the indexes', () => {
  it('refills every index from the tables, with progress', async () => {
    const thread = await startThread(t.app, w.member, w.forumId, { title: 'Panadería artesanal', body: 'Masa madre y hornos.' });
    const found = async (q: string) => ((await as(t.app, null).get(`/api/search?q=${q}`)).json() as { total: number }).total;
    expect(await found('hornos')).toBe(1);
    for (const index of ['discussion_fts', 'knowledge_fts', 'title_fts']) t.database.sqlite.exec(`DELETE FROM ${index}`);
    expect(await found('hornos')).toBe(0);
    expect(await found('senati')).toBe(0);

    const lines: string[] = [];
    const report = await rebuildSearchIndexes(t.database, (line) => lines.push(line));
    expect(await found('hornos')).toBe(1);
    expect(await found('senati')).toBeGreaterThan(0);
    expect(titlesOf(await suggest('panaderia'), 'thread')).toEqual(['Panadería artesanal']);
    expect(report.rows.discussion_fts).toBe(1);
    expect(lines).toContain('posts: 1/1 (100 %)');
    expect(lines.some((l) => /^institutions: \d+\/\d+ \(100 %\)$/.test(l))).toBe(true);
    expect(thread.thread.id).toBeGreaterThan(0);
  });

  const captured = async (run: () => Promise<number>) => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      return { code: await run(), out: out.join('') };
    } finally {
      process.stdout.write = write;
    }
  };

  it.skipIf(ENGINE === 'pg')('runs as a command on a database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minga-reindex-'));
    try {
      const file = join(dir, 'minga.db');
      const fileApp = await buildTestApp({ dbFile: file });
      await fileApp.app.close();
      const { code, out } = await captured(() => rebuildCommand([], { MINGA_DB: file }));
      expect(code).toBe(0);
      expect(out).toMatch(/search: done in [\d.]+ s: 0 posts, \d+ knowledge records, \d+ titles/);
      expect(await rebuildCommand([], { MINGA_DB: join(dir, 'missing.db') })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(ENGINE !== 'pg')('runs as a command on the PostgreSQL database', async () => {
    const made = await createTestDatabase();
    try {
      const { code, out } = await captured(() => rebuildCommand([], { MINGA_DATABASE_URL: made.url }));
      expect(code).toBe(0);
      expect(out).toMatch(/search: done in [\d.]+ s: 0 posts, \d+ knowledge records, \d+ titles/);
      expect(await rebuildCommand([], {})).toBe(1);
    } finally {
      await made.drop();
    }
  });
});
