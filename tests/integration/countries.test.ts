import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountryDetail, NetworkMap } from '../../shared/schemas/network.ts';
import type { CountryList } from '../../shared/schemas/geo.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

const DAY = 86_400_000;

/** The figures of one country, counted here with SQL over the tables, not through the app. */
function countedFigures(t: TestApp, code: string) {
  const n = (sql: string) => (t.database.sqlite.prepare(sql).get(code) as { n: number }).n;
  return {
    members: n('SELECT count(*) AS n FROM users WHERE country_code = ?'),
    specialists: n('SELECT count(*) AS n FROM specialists WHERE country_code = ?'),
    resources: n('SELECT count(*) AS n FROM resources WHERE country_code = ?'),
    profiles: n('SELECT count(*) AS n FROM profiles WHERE country_code = ?'),
    experiences: n('SELECT count(*) AS n FROM experiences WHERE country_code = ?'),
    agreements: 0,
  };
}

/** Public, shown, not deleted posts of the last 90 days by members of each country, counted here. */
function countedActivity(t: TestApp): Map<string, number> {
  const rows = t.database.sqlite
    .prepare(
      `SELECT u.country_code AS code, count(*) AS n FROM posts p
         JOIN threads th ON th.id = p.thread_id JOIN communities c ON c.id = th.community_id JOIN users u ON u.id = p.author_id
        WHERE c.visibility = 'public' AND th.hidden = 0 AND p.hidden = 0 AND p.deleted_at IS NULL
          AND p.created_at >= ? AND u.country_code IS NOT NULL
        GROUP BY u.country_code`,
    )
    .all(Date.now() - 90 * DAY) as { code: string; n: number }[];
  return new Map(rows.map((r) => [r.code, r.n]));
}

describe('countries: figures, discussions and workshops of a country', () => {
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
    t = await buildTestApp();
    w = await buildWorld(t.app);
    hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    // Members of Brazil: the public community's member and the private one's.
    for (const account of [w.member, hidden.member, w.moderator]) {
      const moved = await as(t.app, account).patch('/api/me', { countryCode: 'BR' });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    await as(t.app, w.outsider).patch('/api/me', { countryCode: 'UY' });

    ids.public = (await startThread(t.app, w.member, w.forumId, { title: 'Aprendizaje dual en la industria paulista' })).thread.id;
    await replyTo(t.app, w.moderator, ids.public, 'En el SENAI lo hacemos con empresas del polo.');
    ids.private = (await startThread(t.app, hidden.member, hidden.forumId, { title: 'Tema reservado de una comunidad privada' })).thread.id;
    await replyTo(t.app, hidden.member, ids.private, 'Solo para los miembros.');
    ids.hiddenThread = (await startThread(t.app, w.member, w.forumId, { title: 'Tema que los moderadores ocultan' })).thread.id;
    expect((await as(t.app, w.moderator).post(`/api/threads/${ids.hiddenThread}/moderation`, { hidden: true })).statusCode).toBe(200);

    ids.ptWorkshop = (await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Oficina de aprendizagem industrial', language: 'pt' })).id;
    ids.esWorkshop = (await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller en castellano', language: 'es' })).id;
    ids.privateWorkshop = (await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, { title: 'Oficina privada', language: 'pt' })).id;

    await create('resources', { title: 'Guia de aprendizagem', summary: 'Alternância.', type: 'guide', languages: ['pt'], countryCode: 'BR', year: 2021 });
    await create('resources', { title: 'Guía de evaluación', summary: 'Rúbricas.', type: 'guide', languages: ['es'], countryCode: 'UY', year: 2020 });
    await create('experiences', { title: 'Formação dual na construção', summary: 'Aprendizes na obra.', theme: 'productivity', countryCode: 'BR', startYear: 2019, languages: ['pt'] });
    await create('profiles', {
      nationalCode: 'BR-SOL-01',
      title: 'Soldador',
      countryCode: 'BR',
      purpose: 'Unir peças metálicas.',
      units: [{ code: 'U1', title: 'Preparar o equipamento', criteria: ['Verifica a fonte'] }],
      curriculum: [{ title: 'Segurança', hours: 20 }],
      language: 'pt',
    });
    await create('specialists', {
      name: 'Ana Souza',
      countryCode: 'BR',
      expertise: ['dual'],
      languages: ['pt'],
      cv: { education: ['Engenharia'], experience: ['SENAI'], publications: [] },
      cvVisibility: { education: 'public', experience: 'public', publications: 'public' },
    });
  });
  afterAll(() => t.app.close());

  it('gives a country its institutions and figures equal to the tables’ counts, whatever the case of its code', async () => {
    const response = await as(t.app, null).get('/api/countries/br');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as CountryDetail;
    expect(body.country.code).toBe('BR');
    expect(body.country.names.pt).toBe('Brasil');
    expect(body.languages).toEqual(['pt']);
    const institutions = t.database.sqlite.prepare("SELECT acronym FROM institutions WHERE country_code = 'BR' ORDER BY acronym").all() as { acronym: string }[];
    expect(body.institutions.map((i) => i.acronym).sort()).toEqual(institutions.map((i) => i.acronym).sort());
    expect(body.institutions.length).toBeGreaterThan(0);
    expect(body.figures).toEqual(countedFigures(t, 'BR'));
    expect(body.figures.members).toBe(3);
    expect(body.figures.resources).toBe(1);
  });

  it('lists every country with the same figures', async () => {
    const list = (await as(t.app, null).get('/api/countries')).json() as CountryList;
    expect(list.items.length).toBe((t.database.sqlite.prepare('SELECT count(*) AS n FROM countries').get() as { n: number }).n);
    for (const country of list.items) expect(country.figures, country.code).toEqual(countedFigures(t, country.code));
  });

  it('offers the hub, the countries list and every country’s page to crawlers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/sitemaps/network-1.xml' });
    expect(response.statusCode).toBe(200);
    const locs = [...response.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const codes = (t.database.sqlite.prepare('SELECT code FROM countries ORDER BY code').all() as { code: string }[]).map((r) => `/countries/${r.code.toLowerCase()}`);
    expect(locs).toEqual(['/network', '/countries', ...codes]);
  });

  it('answers 404 for a country that is not in the network, and for a malformed code', async () => {
    for (const code of ['zz', 'us', 'b', 'BRA', '%20']) {
      const response = await as(t.app, null).get(`/api/countries/${code}`);
      expect(response.statusCode, code).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('shows recent discussions by its members from public communities only, never a private or hidden thread', async () => {
    for (const viewer of [null, hidden.member, w.admin]) {
      const body = (await as(t.app, viewer).get('/api/countries/BR')).json() as CountryDetail;
      const shown = body.discussions.map((d) => d.id);
      expect(shown).toContain(ids.public);
      expect(shown).not.toContain(ids.private);
      expect(shown).not.toContain(ids.hiddenThread);
      expect(JSON.stringify(body)).not.toContain('reservado');
    }
    const uruguay = (await as(t.app, null).get('/api/countries/UY')).json() as CountryDetail;
    expect(uruguay.discussions).toEqual([]);
  });

  it('shows upcoming public workshops in the country’s languages', async () => {
    const brazil = (await as(t.app, null).get('/api/countries/BR')).json() as CountryDetail;
    expect(brazil.workshops.map((x) => x.id)).toEqual([ids.ptWorkshop]);
    const uruguay = (await as(t.app, null).get('/api/countries/UY')).json() as CountryDetail;
    expect(uruguay.workshops.map((x) => x.id)).toEqual([ids.esWorkshop]);
  });
});

describe('the network map', () => {
  let t: TestApp;
  let w: World;
  let hidden: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t.app);
    hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    await as(t.app, w.member).patch('/api/me', { countryCode: 'PE' });
    await as(t.app, hidden.member).patch('/api/me', { countryCode: 'CL' });
  });
  afterAll(() => t.app.close());

  it('draws every country with a path, institutions at their cities, and a legend', async () => {
    const response = await as(t.app, null).get('/api/network/map');
    expect(response.statusCode, response.body).toBe(200);
    const map = response.json() as NetworkMap;
    expect(map.width).toBeGreaterThan(0);
    expect(map.activityDays).toBe(90);
    expect(map.land.startsWith('M')).toBe(true);
    const codes = (t.database.sqlite.prepare('SELECT code FROM countries ORDER BY code').all() as { code: string }[]).map((r) => r.code);
    expect(map.countries.map((c) => c.code)).toEqual(codes);
    for (const country of map.countries) {
      expect(country.path, country.code).toMatch(/^M[\d.,-]+/);
      expect(country.fill).toMatch(/^(#|rgb)/);
    }
    const institutions = (t.database.sqlite.prepare('SELECT count(*) AS n FROM institutions').get() as { n: number }).n;
    expect(map.institutions.length).toBe(institutions);
    for (const i of map.institutions) {
      expect(i.x, i.acronym).not.toBeNull();
      expect(i.x!).toBeGreaterThanOrEqual(0);
      expect(i.x!).toBeLessThanOrEqual(map.width);
      expect(i.y!).toBeLessThanOrEqual(map.height);
    }
    // Madrid is north-east of Buenos Aires on the map.
    const at = (acronym: string) => map.institutions.find((i) => i.acronym === acronym)!;
    expect(at('SEPE').x!).toBeGreaterThan(at('INET').x!);
    expect(at('SEPE').y!).toBeLessThan(at('INET').y!);
    expect(map.links).toEqual([]);
    expect(map.legend.length).toBeGreaterThan(0);
  });

  it('shades countries by public activity only: posts in a private community never count', async () => {
    const open = (await startThread(t.app, w.member, w.forumId, { title: 'Certificación de competencias en Perú' })).thread.id;
    await replyTo(t.app, w.member, open, 'Y una respuesta más.');
    const closed = (await startThread(t.app, hidden.member, hidden.forumId, { title: 'Tema privado en Chile' })).thread.id;
    await replyTo(t.app, hidden.member, closed, 'Respuesta privada.');

    for (const viewer of [null, hidden.member, w.admin]) {
      const map = (await as(t.app, viewer).get('/api/network/map')).json() as NetworkMap;
      const activity = new Map(map.countries.map((c) => [c.code, c.activity]));
      const counted = countedActivity(t);
      for (const [code, value] of activity) expect(value, code).toBe(counted.get(code) ?? 0);
      expect(activity.get('PE')).toBe(2);
      expect(activity.get('CL')).toBe(0);
      const chile = map.countries.find((c) => c.code === 'CL')!;
      const uruguay = map.countries.find((c) => c.code === 'UY')!;
      expect(chile.fill).toBe(uruguay.fill);
    }
  });

  it('drops a country’s activity when its thread is hidden (the figures follow the gate at once)', async () => {
    const thread = (await startThread(t.app, w.member, w.forumId, { title: 'Otro tema peruano' })).thread.id;
    const before = ((await as(t.app, null).get('/api/network/map')).json() as NetworkMap).countries.find((c) => c.code === 'PE')!.activity;
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread}/moderation`, { hidden: true })).statusCode).toBe(200);
    const after = ((await as(t.app, null).get('/api/network/map')).json() as NetworkMap).countries.find((c) => c.code === 'PE')!.activity;
    expect(after).toBe(before - 1);
  });
});
