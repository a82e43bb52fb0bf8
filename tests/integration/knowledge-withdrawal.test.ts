/**
 * Withdrawn knowledge records (issue 17, tombstones): an editor withdraws a record with a reason
 * and may restore it; meanwhile it is gone from every surface a member or visitor reaches (the
 * detail reads as missing, byte for byte), and editors see it marked withdrawn.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawalTriggerStatements } from '../../server/modules/search/index-sql.ts';
import { rebuildSearchIndexes } from '../../server/modules/search/rebuild.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let editor: Awaited<ReturnType<typeof registerUser>>;
let senai: number;

const resource = (overrides: Record<string, unknown> = {}) => ({
  title: 'Guía de soldadura orbital para tuberías',
  summary: 'Procedimientos de soldadura orbital en la industria del petróleo.',
  type: 'guide',
  languages: ['es'],
  countryCode: 'BR',
  institutionId: senai,
  authors: ['Zacarías Quintanilla'],
  year: 2020,
  sector: 'C',
  topics: ['dual'],
  audiences: ['trainers'],
  modality: 'dual',
  licence: 'cc_by',
  url: 'https://www.senai.br/orbital',
  ...overrides,
});

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  editor = await registerUser(t.app);
  t.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
  senai = (t.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
});
afterAll(async () => {
  await t.app.close();
});

async function create(kind: string, body: object): Promise<number> {
  const response = await as(t.app, editor).post(`/api/${kind}`, body);
  if (response.statusCode !== 201) throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
  return response.json().item.id as number;
}

const get = (url: string) => t.app.inject({ url });
const ids = (body: { items: { id: number }[] }) => body.items.map((i) => i.id);

/** Every public surface a record of this kind shows on, as seen by a visitor. */
async function surfaces(id: number) {
  const list = (await get('/api/resources?limit=100')).json();
  const sitemapIndex = (await get('/sitemap.xml')).body;
  const children = [...sitemapIndex.matchAll(/<loc>[^<]*(\/sitemaps\/resources-[^<]+)<\/loc>/g)].map((m) => m[1]!);
  const sitemaps = (await Promise.all(children.map((c) => get(c)))).map((r) => r.body).join('');
  const search = (await get('/api/search?q=orbital&type=resource')).json();
  const suggest = (await get('/api/search/suggest?q=orbita')).json();
  return {
    detail: (await get(`/api/resources/${id}`)).statusCode,
    list: ids(list).includes(id),
    total: list.total as number,
    facet: (list.facets.sector as { value: string; count: number }[]).find((f) => f.value === 'C')?.count ?? 0,
    words: ids((await get('/api/resources?q=orbital')).json()).includes(id),
    search: JSON.stringify(search).includes(`/knowledge/resources/${id}"`),
    suggest: JSON.stringify(suggest).includes(`/knowledge/resources/${id}"`),
    pick: ids((await as(t.app, w.member).get('/api/knowledge/pick?q=orbital')).json()).includes(id),
    sitemap: sitemaps.includes(`/knowledge/resources/${id}<`),
    feed: (await get('/knowledge/resources.rss')).body.includes(`/knowledge/resources/${id}<`),
    export: (await get('/api/resources/export?format=json')).body.includes('soldadura orbital'),
    home: ids((await get('/api/home/knowledge')).json()).includes(id),
    counts: (await get(`/api/institutions/${senai}`)).json().item.counts.resources as number,
  };
}

describe('withdrawing a knowledge record', () => {
  it('is for editors and admins: members are refused, visitors must sign in, and a reason is required', async () => {
    const id = await create('resources', resource({ title: 'Guía de permisos de retiro' }));
    expect((await as(t.app, w.member).post(`/api/resources/${id}/withdraw`, { reason: 'duplicado' })).statusCode).toBe(403);
    expect((await as(t.app, null).post(`/api/resources/${id}/withdraw`, { reason: 'duplicado' })).statusCode).toBe(401);
    const empty = await as(t.app, editor).post(`/api/resources/${id}/withdraw`, { reason: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'FIELD_REQUIRED', field: 'reason' });
    expect((await as(t.app, editor).post('/api/resources/99999999/withdraw', { reason: 'x' })).statusCode).toBe(404);
    expect((await as(t.app, w.member).post(`/api/resources/${id}/restore`)).statusCode).toBe(403);
    expect((await as(t.app, editor).post(`/api/resources/${id}/restore`)).json().error.code).toBe('RECORD_NOT_WITHDRAWN');

    const withdrawn = await as(t.app, w.admin).post(`/api/resources/${id}/withdraw`, { reason: 'Duplicado del registro 12' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().withdrawal).toMatchObject({ reason: 'Duplicado del registro 12', by: { username: w.admin.username } });
    const again = await as(t.app, editor).post(`/api/resources/${id}/withdraw`, { reason: 'otra vez' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RECORD_WITHDRAWN');
  });

  it('leaves every surface, reads as missing (same bytes) to members and visitors, and comes back on restore', async () => {
    const id = await create('resources', resource());
    const before = await surfaces(id);
    expect(before).toMatchObject({ detail: 200, list: true, words: true, search: true, suggest: true, pick: true, sitemap: true, feed: true, export: true, home: true });

    const response = await as(t.app, editor).post(`/api/resources/${id}/withdraw`, { reason: '  Versión retirada por el autor  ' });
    expect(response.statusCode).toBe(200);
    expect(response.json().withdrawal).toMatchObject({ reason: 'Versión retirada por el autor', by: { username: editor.username } });

    const after = await surfaces(id);
    expect(after).toEqual({
      ...after,
      detail: 404,
      list: false,
      total: before.total - 1,
      facet: before.facet - 1,
      words: false,
      search: false,
      suggest: false,
      pick: false,
      sitemap: false,
      feed: false,
      export: false,
      home: false,
      counts: before.counts - 1,
    });

    // Rebuilding the search indexes (npm run search:rebuild) leaves it out just the same.
    await rebuildSearchIndexes(t.database);
    expect(await surfaces(id)).toEqual(after);

    // A withdrawn record and a missing one answer the same bytes, signed in or not.
    const missing = 99999999;
    for (const viewer of [null, w.member]) {
      for (const path of ['', '/revisions']) {
        const gone = await as(t.app, viewer).get(`/api/resources/${id}${path}`);
        const none = await as(t.app, viewer).get(`/api/resources/${missing}${path}`);
        expect(gone.statusCode).toBe(404);
        expect(gone.body).toBe(none.body);
      }
      const suggestion = { note: 'El año es 2021' };
      const gone = await as(t.app, viewer ?? w.outsider).post(`/api/resources/${id}/corrections`, suggestion);
      expect(gone.statusCode).toBe(404);
      expect(gone.body).toBe((await as(t.app, viewer ?? w.outsider).post(`/api/resources/${missing}/corrections`, suggestion)).body);
    }

    // Editors still read it, marked withdrawn, with its history.
    const seen = (await as(t.app, editor).get(`/api/resources/${id}`)).json();
    expect(seen.item.id).toBe(id);
    expect(seen.withdrawal).toMatchObject({ reason: 'Versión retirada por el autor', by: { username: editor.username, displayName: editor.displayName } });
    const revisions = (await as(t.app, editor).get(`/api/resources/${id}/revisions`)).json().items;
    expect(revisions[0].changes).toEqual({ withdrawal: { before: '', after: 'Versión retirada por el autor' } });

    const restored = await as(t.app, editor).post(`/api/resources/${id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().withdrawal).toBeUndefined();
    expect(await surfaces(id)).toEqual(before);
    expect((await get(`/api/resources/${id}`)).json().withdrawal).toBeUndefined();
    const history = (await get(`/api/resources/${id}/revisions`)).json().items;
    expect(history[0].changes).toEqual({ withdrawal: { before: 'Versión retirada por el autor', after: '' } });
  });

  it('withdraws every kind of record: experiences, profiles and specialists too', async () => {
    const experience = await create('experiences', {
      title: 'Experiencia de tutoría retirable',
      summary: 'Una experiencia para retirar.',
      theme: 'dual',
      countryCode: 'BR',
      institutionId: senai,
      languages: ['es'],
    });
    const profile = await create('profiles', { nationalCode: 'BR-7212', title: 'Perfil de soldador orbital', countryCode: 'BR', institutionId: senai, language: 'es', iscoCode: '7212' });
    const specialist = await create('specialists', { name: 'Zoila Retirable', countryCode: 'BR', institutionId: senai, languages: ['es'], expertise: ['dual'] });
    for (const [kind, id] of [['experiences', experience], ['profiles', profile], ['specialists', specialist]] as const) {
      expect((await get(`/api/${kind}/${id}`)).statusCode).toBe(200);
      expect(ids((await get(`/api/${kind}?limit=100`)).json())).toContain(id);
      expect((await as(t.app, editor).post(`/api/${kind}/${id}/withdraw`, { reason: 'prueba' })).statusCode).toBe(200);
      expect((await get(`/api/${kind}/${id}`)).statusCode).toBe(404);
      expect(ids((await get(`/api/${kind}?limit=100`)).json())).not.toContain(id);
      expect((await as(t.app, editor).get(`/api/${kind}/${id}`)).json().withdrawal.reason).toBe('prueba');
    }
    // A withdrawn specialist takes no questions.
    expect((await as(t.app, w.member).get(`/api/specialists/${specialist}`)).statusCode).toBe(404);
  });

  it('takes a withdrawn specialist out of the directory: no badge on their account, no questions routed to them', async () => {
    const account = await registerUser(t.app);
    await as(t.app, account).post(`/api/communities/${w.slug}/join`);
    const id = await create('specialists', { name: 'Rosa Retirable', languages: ['es'], expertise: ['osh'], availability: ['answering'] });
    expect((await as(t.app, editor).patch(`/api/specialists/${id}`, { userId: account.username })).statusCode).toBe(200);
    const badge = async () => (await get(`/api/users/${account.username}`)).json().user.specialist;
    const routed = async (title: string) => {
      const asked = await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title, body: 'Buscamos criterios.', kind: 'question', expertise: ['osh'] });
      expect(asked.statusCode).toBe(201);
      const items = (await as(t.app, account).get('/api/notifications')).json().items as { kind: string; thread?: { id: number } }[];
      return items.some((n) => n.kind === 'question_for_you' && n.thread?.id === asked.json().thread.id);
    };
    expect(await badge()).toBe(true);
    expect(await routed('¿Cómo evaluar riesgos en talleres de soldadura?')).toBe(true);
    await as(t.app, editor).post(`/api/specialists/${id}/withdraw`, { reason: 'Ya no colabora con la red' });
    expect(await badge()).toBe(false);
    expect(await routed('¿Qué equipos de protección exigir en el taller?')).toBe(false);
  });

  it('turns links to it into unavailable citations: no card in the thread, no live link in a post', async () => {
    const id = await create('resources', resource({ title: 'Cartilla de soldadura citada' }));
    const { thread } = await startThread(t.app, w.member, w.forumId, { body: `Vean [[resource:${id}]] para empezar.` });
    const live = (await get(`/api/threads/${thread.id}`)).json();
    expect(live.links.map((l: { id: number }) => l.id)).toEqual([id]);
    expect(live.posts[0].bodyHtml).toContain(`href="/knowledge/resources/${id}"`);

    await as(t.app, editor).post(`/api/resources/${id}/withdraw`, { reason: 'Material desactualizado' });
    const gone = (await get(`/api/threads/${thread.id}`)).json();
    expect(gone.links).toEqual([]);
    expect(gone.posts[0].bodyHtml).not.toContain(`href="/knowledge/resources/${id}"`);
    expect(gone.posts[0].bodyHtml).not.toContain('Cartilla de soldadura citada');
    expect(gone.posts[0].bodyHtml).toContain('typed-link-missing');

    await as(t.app, editor).post(`/api/resources/${id}/restore`);
    const back = (await get(`/api/threads/${thread.id}`)).json();
    expect(back.links.map((l: { id: number }) => l.id)).toEqual([id]);
    expect(back.posts[0].bodyHtml).toContain(`href="/knowledge/resources/${id}"`);
  });

  it('keeps withdrawn records out of the full-text index by the triggers migration 0030 writes', () => {
    const folder = new URL('../../db/migrations/', import.meta.url);
    const name = readdirSync(folder).find((f) => f.endsWith('_knowledge_withdrawal.sql'))!;
    expect(readFileSync(new URL(name, folder), 'utf8')).toContain(withdrawalTriggerStatements().join('\n--> statement-breakpoint\n'));
  });
});
