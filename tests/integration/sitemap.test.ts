import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { defaultMailConfig } from '../../server/config.ts';
import { URLS_PER_SITEMAP } from '../../server/pages/crawl/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { logOf } from '../helpers/moderation.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

const PUBLIC_URL = 'https://minga.example.org';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const W3C_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
// The kinds this test's data has pages of (a kind with none, here faq, news and agreements, gets no child).
const KINDS = ['threads', 'communities', 'resources', 'profiles', 'experiences', 'specialists', 'institutions', 'workshops', 'cooperation', 'network'];

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'url' || name === 'sitemap' });

interface Loc {
  loc: string;
  lastmod: string;
}

/** A sitemap document as a crawler fetches it: well-formed XML, the sitemap headers. */
async function fetchXml(app: App, path: string) {
  const response = await app.inject({ method: 'GET', url: path });
  expect(response.statusCode, path).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/xml/);
  expect(response.headers['cache-control']).toBe('public, max-age=3600');
  expect(XMLValidator.validate(response.body), path).toBe(true);
  return parser.parse(response.body);
}

/** The children the index names, each checked as an index entry. */
async function indexOf(app: App, publicUrl = PUBLIC_URL): Promise<Loc[]> {
  const doc = await fetchXml(app, '/sitemap.xml');
  expect(doc.sitemapindex['@xmlns']).toBe(NS);
  const children = (doc.sitemapindex.sitemap ?? []) as Loc[];
  for (const child of children) {
    expect(child.loc.startsWith(`${publicUrl}/sitemaps/`), child.loc).toBe(true);
    expect(child.lastmod).toMatch(W3C_SECONDS);
  }
  return children;
}

/** One child, checked as a sitemap: its namespace, absolute locations, dates, at most `limit` URLs. */
async function childOf(app: App, loc: string, options: { publicUrl?: string; limit?: number } = {}): Promise<Loc[]> {
  const publicUrl = options.publicUrl ?? PUBLIC_URL;
  const doc = await fetchXml(app, loc.slice(publicUrl.length));
  expect(doc.urlset['@xmlns']).toBe(NS);
  const urls = (doc.urlset.url ?? []) as Loc[];
  expect(urls.length).toBeGreaterThan(0);
  expect(urls.length).toBeLessThanOrEqual(options.limit ?? URLS_PER_SITEMAP);
  for (const url of urls) {
    expect(url.loc.startsWith(`${publicUrl}/`), url.loc).toBe(true);
    expect(url.lastmod).toMatch(W3C_SECONDS);
  }
  return urls;
}

/** Every page a kind's children list, in order (each child checked on the way). */
async function pagesOf(app: App, kind: string, options: { publicUrl?: string; limit?: number } = {}): Promise<Loc[]> {
  const children = (await indexOf(app, options.publicUrl)).filter((c) => c.loc.includes(`/sitemaps/${kind}-`));
  const pages: Loc[] = [];
  for (const child of children) pages.push(...(await childOf(app, child.loc, options)));
  return pages;
}

const paths = (pages: Loc[], publicUrl = PUBLIC_URL) => pages.map((p) => p.loc.slice(publicUrl.length));
const seconds = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('robots.txt', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ reference: false, mail: { ...defaultMailConfig(), publicUrl: PUBLIC_URL } });
  });
  afterAll(async () => {
    await t.app.close();
  });

  /** RFC 9309 matching of the Disallow rules (`*` any run, `$` the end, else a prefix). */
  function blocked(robots: string, path: string): boolean {
    return robots
      .split('\n')
      .filter((line) => line.startsWith('Disallow: '))
      .map((line) => line.slice('Disallow: '.length))
      .some((rule) => {
        const anchored = rule.endsWith('$');
        const body = (anchored ? rule.slice(0, -1) : rule).split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        return new RegExp(`^${body.join('.*')}${anchored ? '$' : ''}`).test(path);
      });
  }

  it('welcomes crawlers to the public pages, keeps them out of the API, search results and signed-in pages, and names the sitemap', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
    const robots = response.body;
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toContain(`\nSitemap: ${PUBLIC_URL}/sitemap.xml\n`);

    for (const path of ['/api/threads/1', '/api/search?q=x', '/search', '/search?q=formaci%C3%B3n', '/settings', '/notifications', '/moderation', '/admin/people']) {
      expect(blocked(robots, path), path).toBe(true);
    }
    for (const path of ['/', '/t/12', '/c/formacion-dual', '/f/3', '/knowledge/resources', '/knowledge/resources/5', '/w/4', '/u/ana', '/communities', '/workshops', '/login', '/cooperation', '/cooperation/12']) {
      expect(blocked(robots, path), path).toBe(false);
    }

    // Every page the client marks as for signed-in people only, as routes.ts names it today.
    const routes = readFileSync(new URL('../../client/src/routes.ts', import.meta.url), 'utf8');
    const signedIn = [...routes.matchAll(/\{ path: '([^']+)', page: page\('[^']+'\), signedIn: true \}/g)].map((m) => m[1]!);
    expect(signedIn.length).toBeGreaterThanOrEqual(8);
    for (const route of signedIn) {
      const path = route.replace(/:\w+/g, '42');
      expect(blocked(robots, path), route).toBe(true);
    }
  });
});

describe('sitemaps list what an anonymous visitor may read, and only that', () => {
  let t: TestApp;
  let w: World;
  let hidden: World;
  const ids: Record<string, number> = {};

  async function create(kind: string, body: object): Promise<number> {
    const response = await as(t.app, w.admin).post(`/api/${kind}`, body);
    if (response.statusCode !== 201) throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
    return response.json().item.id;
  }

  beforeAll(async () => {
    t = await buildTestApp({ mail: { ...defaultMailConfig(), publicUrl: PUBLIC_URL } });
    w = await buildWorld(t.app);
    hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });

    ids.open = (await startThread(t.app, w.member, w.forumId, { title: 'Tema abierto a todos', body: 'Abierto.' })).thread.id;
    await replyTo(t.app, w.moderator, ids.open, 'Una respuesta más reciente');
    ids.hidden = (await startThread(t.app, w.member, w.forumId, { title: 'Tema que los moderadores ocultan', body: 'Oculto.' })).thread.id;
    ids.merged = (await startThread(t.app, w.member, w.forumId, { title: 'Tema fusionado con otro', body: 'Fusionado.' })).thread.id;
    ids.private = (await startThread(t.app, hidden.member, hidden.forumId, { title: 'Tema de una comunidad privada' })).thread.id;
    const moderate = await as(t.app, w.moderator).post(`/api/threads/${ids.hidden}/moderation`, { hidden: true });
    expect(moderate.statusCode).toBe(200);
    const merged = await as(t.app, w.moderator).post(`/api/threads/${ids.merged}/merge`, { intoThreadId: ids.open });
    expect(merged.statusCode).toBe(200);

    ids.workshop = (await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller abierto' })).id;
    ids.privateWorkshop = (await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, { title: 'Taller privado' })).id;

    const institution = (t.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
    ids.institution = institution;
    ids.resource = await create('resources', {
      title: 'Guía de formación dual',
      summary: 'Cómo organizar la alternancia.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: institution,
      year: 2021,
    });
    ids.profile = await create('profiles', {
      nationalCode: 'UY-SOL-01',
      title: 'Soldador MIG-MAG',
      countryCode: 'UY',
      purpose: 'Unir piezas metálicas.',
      units: [{ code: 'U1', title: 'Preparar el equipo', criteria: ['Verifica la fuente'] }],
      curriculum: [{ title: 'Seguridad en el taller', hours: 20 }],
      language: 'es',
    });
    ids.experience = await create('experiences', {
      title: 'Formación dual en la construcción',
      summary: 'Aprendices en la obra.',
      theme: 'productivity',
      countryCode: 'BR',
      startYear: 2019,
      languages: ['pt'],
    });
    ids.specialist = await create('specialists', {
      name: 'Marta Quispe',
      expertise: ['dual'],
      languages: ['es'],
      cv: { education: ['Ingeniería'], experience: ['SENATI'], publications: [] },
      cvVisibility: { education: 'members', experience: 'members', publications: 'members' },
    });
    ids.cooperation = await create('cooperation', {
      kind: 'request',
      title: 'Apoyo para la formación dual en logística',
      body: 'Buscamos experiencia en alternancia.',
      institutionId: institution,
      sectors: ['H'],
      themes: ['dual'],
    });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('names a child per kind in the index, with the newest change among its pages', async () => {
    const children = await indexOf(t.app);
    expect(children.map((c) => c.loc)).toEqual(KINDS.map((kind) => `${PUBLIC_URL}/sitemaps/${kind}-1.xml`));
    for (const child of children) {
      const pages = await childOf(t.app, child.loc);
      const newest = pages.map((p) => p.lastmod).sort().at(-1);
      expect(child.lastmod, child.loc).toBe(newest);
    }
  });

  it('lists public threads with their last post, never hidden, merged-away or private ones', async () => {
    const threads = await pagesOf(t.app, 'threads');
    expect(paths(threads)).toEqual([`/t/${ids.open}`]);
    const page = (await as(t.app, null).get(`/api/threads/${ids.open}`)).json();
    expect(threads[0]!.lastmod).toBe(seconds(page.thread.lastPostAt));
    // They exist, for those who may read them.
    for (const id of [ids.hidden, ids.private]) expect((await as(t.app, w.admin).get(`/api/threads/${id}`)).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${ids.merged}`)).json().movedFrom).toBe(ids.merged);
  });

  it('forgets a thread that stops existing: a split thread, listed, is gone once the split is undone', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Tema que se dividirá', body: 'Se dividirá.' });
    const reply = await replyTo(t.app, w.moderator, thread.id, 'Esto merece su propio tema');
    const split = await as(t.app, w.moderator).post(`/api/threads/${thread.id}/split`, { postIds: [reply.id], title: 'Tema nuevo' });
    expect(split.statusCode).toBe(201);
    const splitId = split.json().threadId as number;
    expect(paths(await pagesOf(t.app, 'threads'))).toContain(`/t/${splitId}`);
    const [entry] = await logOf(t.app, w, '&action=thread.split');
    expect((await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {})).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${splitId}`)).statusCode).toBe(404);
    const after = paths(await pagesOf(t.app, 'threads'));
    expect(after).not.toContain(`/t/${splitId}`);
    expect(after).toContain(`/t/${thread.id}`);
  });

  it('lists public communities and their workshops, never a private community or its workshops', async () => {
    expect(paths(await pagesOf(t.app, 'communities'))).toEqual([`/c/${w.slug}`]);
    expect(paths(await pagesOf(t.app, 'workshops'))).toEqual([`/w/${ids.workshop}`]);
    expect((await as(t.app, null).get(`/api/workshops/${ids.privateWorkshop}`)).statusCode).toBe(404);
  });

  it('lists every knowledge record anyone may read, at the address the client routes, dated by its last change', async () => {
    for (const [kind, id] of [['resources', ids.resource], ['profiles', ids.profile], ['experiences', ids.experience], ['specialists', ids.specialist]] as const) {
      const pages = await pagesOf(t.app, kind);
      expect(paths(pages)).toEqual([`/knowledge/${kind}/${id}`]);
      const item = (await as(t.app, null).get(`/api/${kind}/${id}`)).json().item;
      expect(pages[0]!.lastmod).toBe(seconds(item.updatedAt));
    }
    const institutions = paths(await pagesOf(t.app, 'institutions'));
    const count = (t.database.sqlite.prepare('SELECT count(*) AS n FROM institutions').get() as { n: number }).n;
    expect(institutions).toHaveLength(count);
    expect(institutions).toContain(`/knowledge/institutions/${ids.institution}`);
    for (const path of institutions.slice(0, 3)) {
      expect((await as(t.app, null).get(path.replace('/knowledge', '/api'))).statusCode, path).toBe(200);
    }
  });

  it('lists every cooperation request and offer (all public) at its page, dated by its last change', async () => {
    const pages = await pagesOf(t.app, 'cooperation');
    expect(paths(pages)).toEqual([`/cooperation/${ids.cooperation}`]);
    const item = (await as(t.app, null).get(`/api/cooperation/${ids.cooperation}`)).json().item;
    expect(pages[0]!.lastmod).toBe(seconds(item.updatedAt));
  });

  it('answers 404 for an unknown child or a number past the last one', async () => {
    for (const path of ['/sitemaps/threads-2.xml', '/sitemaps/threads-0.xml', '/sitemaps/posts-1.xml', '/sitemaps/threads.xml', '/sitemaps/threads-1x.xml', '/sitemaps/-1.xml']) {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode, path).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/sitemaps/threads-1.xml' })).statusCode).toBe(200);
  });
});

describe('paging', () => {
  // A public address with a path and an ampersand: kept in every location, escaped in the XML.
  const publicUrl = 'https://example.org/minga&co';
  let t: TestApp;
  let w: World;
  const threadIds: number[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ reference: false, mail: { ...defaultMailConfig(), publicUrl }, crawl: { urlsPerSitemap: 2 } });
    w = await buildWorld(t.app);
    for (let i = 1; i <= 5; i++) threadIds.push((await startThread(t.app, w.member, w.forumId, { title: `Tema número ${i}`, body: `Texto ${i}` })).thread.id);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('splits a kind into files of at most the limit, each dated by its newest page, and 404s past the last', async () => {
    expect(URLS_PER_SITEMAP).toBe(50_000);
    const children = (await indexOf(t.app, publicUrl)).filter((c) => c.loc.includes('/sitemaps/threads-'));
    expect(children.map((c) => c.loc)).toEqual([1, 2, 3].map((n) => `${publicUrl}/sitemaps/threads-${n}.xml`));
    const listed: string[] = [];
    for (const child of children) {
      const pages = await childOf(t.app, child.loc, { publicUrl, limit: 2 });
      expect(child.lastmod).toBe(pages.map((p) => p.lastmod).sort().at(-1));
      listed.push(...paths(pages, publicUrl));
    }
    expect(listed).toEqual(threadIds.map((id) => `/t/${id}`));
    expect((await t.app.inject({ method: 'GET', url: '/sitemaps/threads-4.xml' })).statusCode).toBe(404);

    const raw = (await t.app.inject({ method: 'GET', url: '/sitemaps/threads-1.xml' })).body;
    expect(raw).toContain('<loc>https://example.org/minga&amp;co/t/');
    const robots = (await t.app.inject({ method: 'GET', url: '/robots.txt' })).body;
    expect(robots).toContain('Disallow: /minga&co/api/');
    expect(robots).toContain(`Sitemap: ${publicUrl}/sitemap.xml`);
  });
});
