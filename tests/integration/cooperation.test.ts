/**
 * Cooperation requests and offers (issue 18, part 4): who may post, change and answer for an
 * institution (the representatives' rule), the list's filters, matching that tells the right
 * people (bounded, never the poster), responses that tell the poster's side, statuses, and an
 * agreement grown from a request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutions, resources, specialists } from '../../db/schema/index.ts';
import { MATCH_NOTIFY_LIMIT } from '../../server/modules/cooperation/service.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let t: TestApp;
let admin: Account;
let editor: Account;
let repA: Account;
let repB: Account;
let member: Account;
let instA: { id: number; countryCode: string };
let instB: { id: number; countryCode: string };
let instC: { id: number; countryCode: string };

const request = (institutionId: number, over: Record<string, unknown> = {}) => ({
  kind: 'request',
  title: 'Necesitamos apoyo para implantar la formación dual en logística',
  body: 'Buscamos una institución con experiencia en **formación dual** en centros de distribución.',
  institutionId,
  sectors: ['H'],
  themes: ['dual'],
  ...over,
});

async function notificationsOf(account: Account) {
  return (await as(t.app, account).get('/api/notifications')).json().items as { kind: string; url: string; actor: { id: number } | null }[];
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await registerUser(t.app);
  editor = await registerUser(t.app);
  repA = await registerUser(t.app);
  repB = await registerUser(t.app);
  member = await registerUser(t.app);
  await as(t.app, admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
  const all = await t.database.db.select({ id: institutions.id, countryCode: institutions.countryCode }).from(institutions);
  instA = all[0]!;
  instB = all.find((i) => i.countryCode !== instA.countryCode)!;
  instC = all.find((i) => i.countryCode !== instA.countryCode && i.countryCode !== instB.countryCode)!;
  for (const [rep, inst] of [[repA, instA], [repB, instB]] as const) {
    const put = await as(t.app, admin).put(`/api/institutions/${inst.id}/representatives/${rep.user.id}`);
    expect(put.statusCode).toBe(200);
  }
});
afterAll(async () => {
  await t?.app.close();
});

describe('posting a request or an offer', () => {
  it('a representative posts for their own institution only; a member may not; visitors must sign in', async () => {
    expect((await as(t.app, member).post('/api/cooperation', request(instA.id))).statusCode).toBe(403);
    expect((await as(t.app, repA).post('/api/cooperation', request(instB.id))).statusCode).toBe(403);
    expect((await as(t.app, null).post('/api/cooperation', request(instA.id))).statusCode).toBe(401);
    const created = await as(t.app, repA).post('/api/cooperation', request(instA.id));
    expect(created.statusCode).toBe(201);
    const { item } = created.json();
    expect(item).toMatchObject({ kind: 'request', status: 'open', institution: { id: instA.id }, sectors: ['H'], themes: ['dual'], author: { id: repA.user.id }, url: `/cooperation/${item.id}` });
    expect(item.bodyHtml).toContain('<strong>formación dual</strong>');
    // Editors act for every institution.
    expect((await as(t.app, editor).post('/api/cooperation', request(instC.id, { kind: 'offer' }))).statusCode).toBe(201);
  });

  it('unknown codes and institutions are a 400 naming the field; script is sanitized away', async () => {
    const bad = await as(t.app, repA).post('/api/cooperation', request(instA.id, { sectors: ['ZZ'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VOCAB_UNKNOWN', field: 'sectors' });
    const noPlace = await as(t.app, editor).post('/api/cooperation', request(999_999));
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json().error.field).toBe('institutionId');
    expect((await as(t.app, repA).post('/api/cooperation', request(instA.id, { kind: 'loan' }))).statusCode).toBe(400);
    const xss = await as(t.app, repA).post('/api/cooperation', request(instA.id, { body: 'Hola <script>alert(1)</script><img src=x onerror=alert(1)>' }));
    expect(xss.statusCode).toBe(201);
    expect(xss.json().item.bodyHtml).not.toMatch(/script|onerror/);
  });
});

describe('the list', () => {
  it('filters by kind, status, sector, theme, country, institution and words, newest first, by pages', async () => {
    await as(t.app, repB).post('/api/cooperation', request(instB.id, { kind: 'offer', title: 'Ofrecemos asesoría en soldadura', sectors: ['C'], themes: ['quality'] }));
    const get = async (query: string) => (await as(t.app, null).get(`/api/cooperation?${query}`)).json().items as { kind: string; institution: { id: number; countryCode: string }; sectors: string[]; themes: string[]; title: string; status: string }[];
    const offers = await get('kind=offer');
    expect(offers.length).toBeGreaterThanOrEqual(2);
    expect(offers.every((i) => i.kind === 'offer')).toBe(true);
    const manufacturing = await get('sector=C');
    expect(manufacturing.map((i) => i.title)).toEqual(['Ofrecemos asesoría en soldadura']);
    expect((await get('theme=quality')).map((i) => i.title)).toEqual(['Ofrecemos asesoría en soldadura']);
    expect((await get(`country=${instB.countryCode}`)).every((i) => i.institution.countryCode === instB.countryCode)).toBe(true);
    expect((await get(`institution=${instA.id}`)).every((i) => i.institution.id === instA.id)).toBe(true);
    expect((await get('q=soldadura')).map((i) => i.title)).toEqual(['Ofrecemos asesoría en soldadura']);
    // Words without accents or capitals find the text with them; every word must be there.
    expect((await get('q=ASESORIA%20soldadura')).map((i) => i.title)).toEqual(['Ofrecemos asesoría en soldadura']);
    expect(await get('q=asesoria%20carpinteria')).toEqual([]);
    expect((await get('q=100%25')).length).toBe(0);
    expect(await get('status=done')).toEqual([]);
    const first = (await as(t.app, null).get('/api/cooperation?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await as(t.app, null).get(`/api/cooperation?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    expect((await as(t.app, null).get('/api/cooperation?status=closed')).statusCode).toBe(400);
    expect((await as(t.app, null).get('/api/cooperation?cursor=nonsense')).statusCode).toBe(400);
  });
});

describe('matching', () => {
  it('tells the matched specialists and institutions’ representatives, at most a bounded number, never the poster', async () => {
    const db = t.database.db;
    // Twenty specialists in dual training, each with an account; the poster is one of them too.
    const specialistsInDual: Account[] = [];
    for (let n = 0; n < 20; n += 1) {
      const person = await registerUser(t.app);
      specialistsInDual.push(person);
      await db.insert(specialists)
        .values({ name: `Especialista ${n}`, countryCode: instB.countryCode, institutionId: instB.id, expertise: n < 3 ? ['dual', 'assessment'] : ['dual'], languages: ['es'], cv: { education: [], experience: [], publications: [] }, availability: [], cvVisibility: { education: 'public', experience: 'public', publications: 'public' }, userId: person.user.id });
    }
    await db.insert(specialists)
      .values({ name: 'La que publica', countryCode: instB.countryCode, institutionId: instB.id, expertise: ['dual', 'assessment', 'curriculum'], languages: ['es'], cv: { education: [], experience: [], publications: [] }, availability: [], cvVisibility: { education: 'public', experience: 'public', publications: 'public' }, userId: repA.user.id });
    const elsewhere = await registerUser(t.app);
    await db.insert(specialists)
      .values({ name: 'Otra área', countryCode: instB.countryCode, expertise: ['osh'], languages: ['es'], cv: { education: [], experience: [], publications: [] }, availability: [], cvVisibility: { education: 'public', experience: 'public', publications: 'public' }, userId: elsewhere.user.id });
    // Institution C holds resources in transport and storage: it is suggested, its representative told.
    const repC = await registerUser(t.app);
    await as(t.app, admin).put(`/api/institutions/${instC.id}/representatives/${repC.user.id}`);
    for (let n = 0; n < 3; n += 1) await db.insert(resources).values({ title: `Guía de almacenes ${n}`, type: 'guide', languages: ['es'], authors: [], topics: [], audiences: [], sector: 'H', institutionId: instC.id, countryCode: instC.countryCode });

    const created = await as(t.app, repA).post('/api/cooperation', request(instA.id, { expertise: ['assessment'] }));
    expect(created.statusCode).toBe(201);
    const id = created.json().item.id;

    const told: number[] = [];
    for (const person of [...specialistsInDual, elsewhere, repC, repA]) {
      if ((await notificationsOf(person)).some((n) => n.kind === 'cooperation_match' && n.url === `/cooperation/${id}`)) told.push(person.user.id);
    }
    expect(told.length).toBeLessThanOrEqual(MATCH_NOTIFY_LIMIT);
    expect(told).not.toContain(repA.user.id);
    expect(told).not.toContain(elsewhere.user.id);
    // The best matches (both codes) first.
    for (const best of specialistsInDual.slice(0, 3)) expect(told).toContain(best.user.id);
    expect(told).toContain(repC.user.id);

    // The suggestions show to the poster's side only.
    const own = (await as(t.app, repA).get(`/api/cooperation/${id}`)).json();
    expect(own.may.manage).toBe(true);
    expect(own.matches.institutions.map((i: { id: number }) => i.id)).toContain(instC.id);
    expect(own.matches.specialists.length).toBeGreaterThan(0);
    expect(own.matches.specialists.map((s: { name: string }) => s.name)).not.toContain('Otra área');
    expect((await as(t.app, member).get(`/api/cooperation/${id}`)).json().matches).toBeNull();
    expect((await as(t.app, repB).get(`/api/cooperation/${id}`)).json().matches).toBeNull();
    expect((await as(t.app, null).get(`/api/cooperation/${id}`)).json().matches).toBeNull();
  });
});

describe('responses and statuses', () => {
  it('another institution responds; the poster is told; signed-in readers see the responses, visitors only their count', async () => {
    const id = (await as(t.app, repA).post('/api/cooperation', request(instA.id, { title: 'Apoyo en certificación de competencias' }))).json().item.id;
    const answer = { body: 'Podemos compartir nuestro modelo de **aprendizaje dual**.', institutionId: instB.id };
    expect((await as(t.app, member).post(`/api/cooperation/${id}/responses`, answer)).statusCode).toBe(403);
    expect((await as(t.app, repB).post(`/api/cooperation/${id}/responses`, { ...answer, institutionId: instC.id })).statusCode).toBe(403);
    const own = await as(t.app, repA).post(`/api/cooperation/${id}/responses`, { ...answer, institutionId: instA.id });
    expect(own.statusCode).toBe(400);
    expect(own.json().error.code).toBe('COOPERATION_OWN_INSTITUTION');

    const before = (await notificationsOf(repA)).length;
    const responded = await as(t.app, repB).post(`/api/cooperation/${id}/responses`, answer);
    expect(responded.statusCode).toBe(201);
    expect(responded.json().response).toMatchObject({ institution: { id: instB.id }, author: { id: repB.user.id } });
    const told = await notificationsOf(repA);
    expect(told.length).toBe(before + 1);
    expect(told[0]).toMatchObject({ kind: 'cooperation_response', url: `/cooperation/${id}`, actor: { id: repB.user.id } });
    expect((await notificationsOf(repB)).some((n) => n.kind === 'cooperation_response')).toBe(false);

    const seen = (await as(t.app, member).get(`/api/cooperation/${id}`)).json().item;
    expect(seen.responses).toHaveLength(1);
    expect(seen.responses[0].bodyHtml).toContain('<strong>aprendizaje dual</strong>');
    // No contact details: the response says who and for which institution, never an address.
    expect(JSON.stringify(seen.responses[0])).not.toContain(repB.email);
    const visitor = (await as(t.app, null).get(`/api/cooperation/${id}`)).json().item;
    expect(visitor.responses).toEqual([]);
    expect(visitor.responseCount).toBe(1);
    expect((await as(t.app, repB).get(`/api/cooperation/${id}`)).json().may.respondFor.map((i: { id: number }) => i.id)).toEqual([instB.id]);
  });

  it('only the poster’s side changes the status; a finished item takes no more responses', async () => {
    const id = (await as(t.app, repA).post('/api/cooperation', request(instA.id))).json().item.id;
    expect((await as(t.app, repB).patch(`/api/cooperation/${id}`, { status: 'done' })).statusCode).toBe(403);
    expect((await as(t.app, member).patch(`/api/cooperation/${id}`, { status: 'done' })).statusCode).toBe(403);
    expect((await as(t.app, repA).patch(`/api/cooperation/${id}`, { status: 'in_progress' })).json().status).toBe('in_progress');
    expect((await as(t.app, editor).patch(`/api/cooperation/${id}`, { status: 'done' })).json().status).toBe('done');
    expect((await as(t.app, repA).patch(`/api/cooperation/${id}`, { status: 'finished' })).statusCode).toBe(400);
    const late = await as(t.app, repB).post(`/api/cooperation/${id}/responses`, { body: 'Tarde', institutionId: instB.id });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('COOPERATION_CLOSED');
    expect((await as(t.app, null).get('/api/cooperation/999999')).statusCode).toBe(404);
  });

  it('an agreement grown from a request links it and moves it to in progress', async () => {
    const id = (await as(t.app, repA).post('/api/cooperation', request(instA.id))).json().item.id;
    const agreement = { title: 'Logística dual', institutionIds: [instA.id, instB.id], startDate: '2026-01-01', objectives: 'x', status: 'in_force', fromCooperationId: id };
    const agreementId = (await as(t.app, repA).post('/api/agreements', agreement)).json().item.id as number;
    await t.app.bus.publish('agreement.created', { agreementId: agreementId + 1, fromCooperationId: 999_999, actorId: editor.user.id });
    await t.app.bus.publish('agreement.created', { agreementId: agreementId + 2, actorId: editor.user.id });
    const item = (await as(t.app, null).get(`/api/cooperation/${id}`)).json().item;
    expect(item).toMatchObject({ agreementId, status: 'in_progress' });
  });
});
