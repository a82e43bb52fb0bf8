import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { ENGINE } from '../../db/engine.ts';
import { buildApp } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { rebuildSearchIndexes } from '../../server/modules/search/rebuild.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/**
 * Search reads what a reader of the thread sees: the cooked, sanitized HTML turned into text,
 * never the Markdown source (comments, scripts, text areas the sanitizer removed, `**`, list marks).
 */

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
type Body = { items: Result[]; total: number };

async function q(text: string, viewer: World['member'] | null = null): Promise<Body> {
  const response = await as(t.app, viewer).get(`/api/search?q=${encodeURIComponent(text)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Body;
}

const HIDDEN_SOURCE = [
  'Plan de **tornería** para el *segundo* ciclo <!-- comentario escondido: ciruela --> con notas.',
  '',
  '- primer punto de tornería',
  '- segundo punto',
  '',
  '<script>ciruela("script")</script>',
  '',
  '<textarea>ciruela en el área de texto</textarea>',
  '',
  '<style>.ciruela { color: red }</style>',
  '',
  'Sal & pimienta <b>negrita</b>.',
].join('\n');

describe('search reads the text a reader sees', () => {
  it('finds nothing the page hides: comments, scripts, text areas', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Taller de tornos', body: HIDDEN_SOURCE });
    const page = await as(t.app, null).get(`/api/threads/${thread.id}`);
    expect(page.body).not.toContain('ciruela');

    for (const word of ['ciruela', 'comentario', 'escondido', 'script', 'textarea']) {
      const body = await q(word);
      expect(body.items, word).toEqual([]);
      expect(body.total, word).toBe(0);
    }
  });

  it('shows snippets without Markdown marks, comments or removed tags', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Taller de tornos', body: HIDDEN_SOURCE });
    const body = await q('torneria type:post');
    expect(body.items.map((i) => i.url)).toEqual([`/t/${thread.id}#post-${thread.firstPostId}`]);
    const snippet = body.items[0]!.snippet!;
    expect(snippet).toContain('<mark>tornería</mark>');
    expect(snippet).not.toContain('**');
    expect(snippet).not.toMatch(/(^|\s)[-*] /);
    expect(snippet).not.toContain('!--');
    expect(snippet).not.toContain('ciruela');
    // Words of separate blocks stay separate words.
    expect(snippet).toMatch(/notas\.?\s+primer/);

    const salt = (await q('pimienta type:post')).items[0]!.snippet!;
    expect(salt).toContain('Sal &amp; <mark>pimienta</mark> negrita');
    expect(salt).not.toContain('&amp;amp;');
    expect(salt).not.toContain('&lt;b');
  });

  it('indexes the resolved text of typed links and mentions, and keeps edits in step', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, {
      title: 'Enlaces',
      body: `Hola @${w.moderator.username}, mira <!-- nada de membrillo --> esto.`,
    });
    expect((await q('membrillo')).items).toEqual([]);
    const edited = await as(t.app, w.member).patch(`/api/posts/${post.id}`, { body: 'Ahora sí: **membrillo** <!-- y no frambuesa -->' });
    expect(edited.statusCode).toBe(200);
    const found = await q('membrillo type:post');
    expect(found.items.map((i) => i.id)).toEqual([post.id]);
    expect(found.items[0]!.snippet).toBe('Ahora sí: <mark>membrillo</mark>');
    expect((await q('frambuesa')).items).toEqual([]);

    const reply = await replyTo(t.app, w.moderator, thread.id, 'Respuesta con `código` y [un enlace](https://example.org/ruta-secreta) de guayaba.');
    const replyHit = (await q('guayaba type:post')).items[0]!;
    expect(replyHit.id).toBe(reply.id);
    expect(replyHit.snippet).toBe('…un enlace de <mark>guayaba</mark>');
    expect((await q('codigo type:post')).items[0]!.snippet).toBe('Respuesta con <mark>código</mark> y un enlace de guayaba');
    // The address of a link is not text the reader sees.
    expect((await q('ruta secreta')).items).toEqual([]);
  });

  it('rebuilding the index fills the text of posts written before it was stored', async () => {
    const { post } = await startThread(t.app, w.member, w.forumId, { title: 'Antiguo', body: 'Texto **antiguo** <!-- con ciruela -->' });
    t.database.sqlite.prepare('UPDATE posts SET body_text = NULL WHERE id = ?').run(post.id);
    await rebuildSearchIndexes(t.database);
    expect((await q('antiguo type:post')).items[0]!.snippet).toBe('Texto <mark>antiguo</mark>');
    expect((await q('ciruela')).items).toEqual([]);
  });
});

// SQLite's history only: PostgreSQL's schema was born with the stored text (rebuilding the index
// still fills any that is missing, on both engines: the test above).
describe.skipIf(ENGINE === 'pg')('a database from before the stored text', () => {
  it('fills the missing texts when it is opened, and they become searchable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minga-search-text-'));
    try {
      const file = join(dir, 'old.db');
      const first = await buildTestApp({ dbFile: file });
      const world = await buildWorld(first.app);
      const { thread } = await startThread(first.app, world.member, world.forumId, { title: 'Viejo', body: 'Hay **nísperos** <!-- y ciruela -->' });
      // As the migration leaves rows written before it: no text yet, nothing in the index.
      first.database.sqlite.prepare('UPDATE posts SET body_text = NULL').run();
      first.database.sqlite.prepare('DELETE FROM discussion_fts').run();
      await first.app.close();

      const database = openDatabase(file);
      const second = { database, app: await buildApp({ config: { clientDir: undefined, rateLimits: defaultRateLimits() }, database, closeDatabase: true }) };
      try {
        const response = await second.app.inject({ url: `/api/search?q=nisperos` });
        const items = (response.json() as Body).items;
        expect(items.map((i) => i.id)).toEqual([thread.id]);
        expect(items[0]!.snippet).toBe('Hay <mark>nísperos</mark>');
        const missing = second.database.sqlite.prepare('SELECT count(*) AS n FROM posts WHERE body_text IS NULL').get() as { n: number };
        expect(missing.n).toBe(0);
      } finally {
        await second.app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
