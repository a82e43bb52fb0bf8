import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { uploadFile } from '../helpers/files.ts';

const resource = (title: string) => ({
  title,
  summary: 'Guía para tutores de empresa en la formación dual.',
  type: 'guide',
  languages: ['es'],
  countryCode: 'UY',
  authors: ['Ana Souza'],
  year: 2024,
  sector: 'C',
  topics: ['dual'],
  audiences: ['trainers'],
});

describe('knowledge use', () => {
  let t: TestApp;
  let open: World;
  let closed: World;

  beforeEach(async () => {
    t = await buildTestApp();
    // The tests write the batches themselves: the 5-second timer would cut them at random.
    await t.app.knowledgeUse.stop();
    open = await buildWorld(t.app);
    closed = await buildWorld(t.app, { visibility: 'private', admin: open.admin });
  });
  afterEach(async () => t.app.close());

  const stored = () => t.database.sqlite.prepare(`SELECT kind, record_id AS id, sum(views) AS views, sum(downloads) AS downloads FROM knowledge_use_daily GROUP BY 1, 2`).all();
  const view = (url: string, reader: string) => t.app.inject({ method: 'GET', url, remoteAddress: reader });

  it('counts views in memory and writes them in one batch: N views, one flush, the same N', async () => {
    const guide = (await as(t.app, open.admin).post('/api/resources', resource('Guía del tutor de empresa'))).json().item;
    const other = (await as(t.app, open.admin).post('/api/resources', resource('Manual de evaluación'))).json().item;
    const flushesBefore = t.app.knowledgeUse.flushes;
    for (let i = 1; i <= 12; i++) expect((await view(`/api/resources/${guide.id}`, `10.0.0.${i}`)).statusCode).toBe(200);
    for (let i = 1; i <= 3; i++) await view(`/api/resources/${other.id}`, `10.0.1.${i}`);
    // The same reader again within the batch, and an answer that is not a record, count nothing more.
    await view(`/api/resources/${guide.id}`, '10.0.0.1');
    await view('/api/resources/999999', '10.0.0.2');

    expect(stored()).toEqual([]);
    expect(t.app.knowledgeUse.flushes).toBe(flushesBefore);
    await t.app.knowledgeUse.flush();
    expect(t.app.knowledgeUse.flushes).toBe(flushesBefore + 1);
    expect(stored()).toEqual([
      { kind: 'resource', id: guide.id, views: 12, downloads: 0 },
      { kind: 'resource', id: other.id, views: 3, downloads: 0 },
    ]);

    // The next batch adds to the same day's row, and the answer follows it.
    expect((await as(t.app, null).get('/api/network/knowledge-use')).json().mostViewed[0].views).toBe(12);
    await view(`/api/resources/${guide.id}`, '10.0.0.1');
    await t.app.knowledgeUse.flush();
    const use = (await as(t.app, null).get('/api/network/knowledge-use')).json();
    expect(use.mostViewed.map((r: { id: number; views: number }) => [r.id, r.views])).toEqual([
      [guide.id, 13],
      [other.id, 3],
    ]);
    expect(use.mostViewed[0]).toMatchObject({ type: 'resource', title: 'Guía del tutor de empresa', url: `/knowledge/resources/${guide.id}` });
  });

  it('writes what is left when the app closes', async () => {
    const guide = (await as(t.app, open.admin).post('/api/resources', resource('Guía del tutor de empresa'))).json().item;
    await view(`/api/resources/${guide.id}`, '10.0.0.1');
    const sqlite = t.database.sqlite;
    let written: unknown[] = [];
    const original = t.app.knowledgeUse.flush.bind(t.app.knowledgeUse);
    t.app.knowledgeUse.flush = async () => {
      await original();
      written = sqlite.prepare(`SELECT views FROM knowledge_use_daily`).all();
    };
    await t.app.close();
    expect(written).toEqual([{ views: 1 }]);
    t = await buildTestApp();
  }, 60_000);

  it('counts citations in discussions only where the reader may see them', async () => {
    const guide = (await as(t.app, open.admin).post('/api/resources', resource('Guía del tutor de empresa'))).json().item;
    const manual = (await as(t.app, open.admin).post('/api/resources', resource('Manual de evaluación'))).json().item;
    const thread = await startThread(t.app, open.member, open.forumId, { body: `Vean [[resource:${guide.id}]].` });
    await replyTo(t.app, open.moderator, thread.thread.id, `También [[resource:${guide.id}]] y [[resource:${manual.id}]].`);
    const secret = await startThread(t.app, closed.member, closed.forumId, { body: `En privado: [[resource:${manual.id}]].` });
    await replyTo(t.app, closed.moderator, secret.thread.id, `Otra vez [[resource:${manual.id}]].`);
    await replyTo(t.app, closed.moderator, secret.thread.id, `Y otra [[resource:${manual.id}]].`);

    const cited = async (account: World['admin'] | null) =>
      ((await as(t.app, account).get('/api/network/knowledge-use')).json().mostCited as { id: number; citations: number }[]).map((r) => [r.id, r.citations]);
    expect(await cited(null)).toEqual([
      [guide.id, 2],
      [manual.id, 1],
    ]);
    expect(await cited(closed.member)).toEqual(await cited(null));
    expect(await cited(open.admin)).toEqual([
      [manual.id, 4],
      [guide.id, 2],
    ]);
    // A new citation shows at once (the answers kept between changes are dropped by it).
    await replyTo(t.app, open.member, thread.thread.id, `Y de nuevo [[resource:${guide.id}]].`);
    expect(await cited(null)).toEqual([
      [guide.id, 3],
      [manual.id, 1],
    ]);
  });

  it('counts downloads of a resource’s file, in the same batches', async () => {
    await t.app.close();
    const dir = mkdtempSync(join(tmpdir(), 'minga-use-test-'));
    try {
      t = await buildTestApp({ dbFile: join(dir, 'minga.db') });
      await t.app.knowledgeUse.stop();
      open = await buildWorld(t.app);
      const guide = (await as(t.app, open.admin).post('/api/resources', resource('Guía del tutor de empresa'))).json().item;
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
      const uploaded = await uploadFile(t.app, open.admin, 'POST', `/api/resources/${guide.id}/file`, pdf, 'guia.pdf', 'application/pdf');
      expect(uploaded.statusCode, uploaded.body).toBe(200);
      const url = uploaded.json().file.url as string;
      for (let i = 1; i <= 4; i++) expect((await view(url, `10.0.2.${i}`)).statusCode).toBe(200);
      await t.app.knowledgeUse.flush();
      expect(stored()).toEqual([{ kind: 'resource', id: guide.id, views: 0, downloads: 4 }]);
      const use = (await as(t.app, null).get('/api/network/knowledge-use')).json();
      expect(use.mostDownloaded).toMatchObject([{ id: guide.id, downloads: 4, title: 'Guía del tutor de empresa' }]);
    } finally {
      await t.app.close();
      rmSync(dir, { recursive: true, force: true });
      t = await buildTestApp();
    }
  }, 60_000);
});
