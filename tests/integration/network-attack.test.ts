/**
 * An attacker's review of issue 18's surfaces (news, FAQ, agreements and their spaces,
 * cooperation, countries, the activity) and issue 17's withdrawal: each test here failed on the
 * code before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutions, specialists } from '../../db/schema/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, startThread } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

let t: TestApp;
let admin: Account;
let editor: Account;
let repA: Account;
let repB: Account;
let instA: { id: number; countryCode: string };
let instB: { id: number; countryCode: string };

beforeAll(async () => {
  t = await buildTestApp();
  admin = await registerUser(t.app);
  editor = await registerUser(t.app);
  repA = await registerUser(t.app);
  repB = await registerUser(t.app);
  await as(t.app, admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
  const all = await t.database.db.select({ id: institutions.id, countryCode: institutions.countryCode }).from(institutions);
  instA = all[0]!;
  instB = all.find((i) => i.countryCode !== instA.countryCode)!;
  for (const [rep, inst] of [[repA, instA], [repB, instB]] as const) {
    expect((await as(t.app, admin).put(`/api/institutions/${inst.id}/representatives/${rep.user.id}`)).statusCode).toBe(200);
  }
});
afterAll(async () => {
  await t?.app.close();
});

const cooperationRequest = (institutionId: number) => ({
  kind: 'request',
  title: 'Necesitamos apoyo para formación dual en logística',
  body: 'Buscamos una institución con experiencia en **formación dual**.',
  institutionId,
  sectors: ['H'],
  themes: ['dual'],
});

describe('agreements', () => {
  it('an agreement grows only from a cooperation item its author manages: another institution’s request is not taken over', async () => {
    const itemId = (await as(t.app, repB).post('/api/cooperation', cooperationRequest(instB.id))).json().item.id as number;
    const instC = (await t.database.db.select({ id: institutions.id }).from(institutions)).find((i) => i.id !== instA.id && i.id !== instB.id)!;
    const body = { title: 'Convenio ajeno', institutionIds: [instA.id, instC.id], startDate: '2026-01-01', objectives: 'x', status: 'draft', fromCooperationId: itemId };
    const hijack = await as(t.app, repA).post('/api/agreements', body);
    expect(hijack.statusCode).toBe(403);
    const missing = await as(t.app, repA).post('/api/agreements', { ...body, fromCooperationId: 99999999 });
    expect(missing.statusCode).toBe(404);
    const item = (await as(t.app, null).get(`/api/cooperation/${itemId}`)).json().item;
    expect(item).toMatchObject({ status: 'open', agreementId: null });
    // The item's own side still turns it into an agreement.
    const own = await as(t.app, repB).post('/api/agreements', { ...body, status: 'in_force', institutionIds: [instB.id, instA.id], fromCooperationId: itemId });
    expect(own.statusCode).toBe(201);
    expect((await as(t.app, null).get(`/api/cooperation/${itemId}`)).json().item).toMatchObject({ status: 'in_progress', agreementId: own.json().item.id });
  });
});

describe('cooperation grown into a draft agreement', () => {
  it('the item does not point visitors at a draft (a missing agreement and a draft look the same); it does once the agreement is public', async () => {
    const itemId = (await as(t.app, repA).post('/api/cooperation', cooperationRequest(instA.id))).json().item.id as number;
    const body = { title: 'Borrador de convenio reservado', institutionIds: [instA.id, instB.id], startDate: '2026-01-01', objectives: 'x', status: 'draft', fromCooperationId: itemId };
    const agreementId = (await as(t.app, repA).post('/api/agreements', body)).json().item.id as number;
    expect((await as(t.app, null).get(`/api/agreements/${agreementId}`)).statusCode).toBe(404);
    const agreementOf = async (viewer: Account | null) => ({
      detail: (await as(t.app, viewer).get(`/api/cooperation/${itemId}`)).json().item.agreementId,
      list: (await as(t.app, viewer).get('/api/cooperation?limit=100')).json().items.find((i: { id: number }) => i.id === itemId).agreementId,
    });
    expect(await agreementOf(null)).toEqual({ detail: null, list: null });
    expect((await as(t.app, repA).patch(`/api/agreements/${agreementId}`, { status: 'in_force' })).statusCode).toBe(200);
    expect(await agreementOf(null)).toEqual({ detail: agreementId, list: agreementId });
  });
});

describe('agreement parties', () => {
  it('a representative drops from an agreement only the parties they act for (another party’s people are that party’s call)', async () => {
    const nomineeB = await registerUser(t.app);
    const instC = (await t.database.db.select({ id: institutions.id }).from(institutions)).find((i) => i.id !== instA.id && i.id !== instB.id)!;
    const body = { title: 'Convenio de formación dual', institutionIds: [instA.id, instB.id], startDate: '2026-01-01', objectives: 'x', status: 'in_force' };
    const id = (await as(t.app, admin).post('/api/agreements', body)).json().item.id as number;
    expect((await as(t.app, repB).post(`/api/agreements/${id}/people`, { userId: nomineeB.user.id, institutionId: instB.id })).statusCode).toBe(200);
    const slug = (await as(t.app, repA).post(`/api/agreements/${id}/space`)).json().community.slug as string;
    expect((await as(t.app, nomineeB).get(`/api/communities/${slug}`)).statusCode).toBe(200);

    const dropped = await as(t.app, repA).patch(`/api/agreements/${id}`, { institutionIds: [instA.id, instC.id] });
    expect(dropped.statusCode).toBe(403);
    const item = (await as(t.app, admin).get(`/api/agreements/${id}`)).json().item;
    expect(item.parties.map((p: { institution: { id: number } }) => p.institution.id)).toEqual([instA.id, instB.id]);
    expect(item.people.map((p: { id: number }) => p.id)).toContain(nomineeB.user.id);
    expect((await as(t.app, nomineeB).get(`/api/communities/${slug}`)).statusCode).toBe(200);
    // Adding a party keeps working, and staff (who act for every party) may drop one.
    expect((await as(t.app, repA).patch(`/api/agreements/${id}`, { institutionIds: [instA.id, instB.id, instC.id] })).statusCode).toBe(200);
    expect((await as(t.app, admin).patch(`/api/agreements/${id}`, { institutionIds: [instA.id, instC.id] })).statusCode).toBe(200);
    expect((await as(t.app, nomineeB).get(`/api/communities/${slug}`)).statusCode).toBe(404);
  });
});

describe('news', () => {
  it('a representative no longer named for the institution no longer edits or unpublishes its news', async () => {
    const former = await registerUser(t.app);
    expect((await as(t.app, admin).put(`/api/institutions/${instA.id}/representatives/${former.user.id}`)).statusCode).toBe(200);
    const item = { title: 'Nueva sede de formación dual', summary: 'Una sede nueva.', body: 'Abrió la **nueva sede**.', language: 'es', institutionId: instA.id };
    const id = (await as(t.app, former).post('/api/news', item)).json().item.id as number;
    expect((await as(t.app, former).get(`/api/news/${id}`)).json().item.body).not.toBeNull();
    expect((await as(t.app, admin).delete(`/api/institutions/${instA.id}/representatives/${former.user.id}`)).statusCode).toBeLessThan(300);

    expect((await as(t.app, former).get(`/api/news/${id}`)).json().item.body).toBeNull();
    expect((await as(t.app, former).patch(`/api/news/${id}`, { title: 'Título cambiado por quien ya no representa' })).statusCode).toBe(403);
    expect((await as(t.app, former).delete(`/api/news/${id}`)).statusCode).toBe(403);
    expect((await as(t.app, null).get(`/api/news/${id}`)).json().item.title).toBe(item.title);
    // The editors still edit it.
    expect((await as(t.app, editor).patch(`/api/news/${id}`, { title: 'Nueva sede de formación dual en Panamá' })).statusCode).toBe(200);
  });
});

describe('agreement spaces', () => {
  it('its members are the nominated people: a moderator cannot add an outsider, nor take another party’s nominee out, through the community routes', async () => {
    const outsider = await registerUser(t.app);
    const nomineeB = await registerUser(t.app);
    const body = { title: 'Convenio de mantenimiento industrial', institutionIds: [instA.id, instB.id], startDate: '2026-01-01', objectives: 'x', status: 'in_force' };
    const id = (await as(t.app, admin).post('/api/agreements', body)).json().item.id as number;
    expect((await as(t.app, repB).post(`/api/agreements/${id}/people`, { userId: nomineeB.user.id, institutionId: instB.id })).statusCode).toBe(200);
    const slug = (await as(t.app, repA).post(`/api/agreements/${id}/space`)).json().community.slug as string;

    const added = await as(t.app, repA).post(`/api/communities/${slug}/members/${outsider.user.id}`, { status: 'active' });
    expect(added.statusCode).toBe(403);
    expect((await as(t.app, outsider).get(`/api/communities/${slug}`)).statusCode).toBe(404);
    const removed = await as(t.app, repA).delete(`/api/communities/${slug}/members/${nomineeB.user.id}`);
    expect(removed.statusCode).toBe(403);
    expect((await as(t.app, nomineeB).get(`/api/communities/${slug}`)).statusCode).toBe(200);
    // The agreement's own routes still decide: its side nominates, and the person is in.
    expect((await as(t.app, repA).post(`/api/agreements/${id}/people`, { userId: outsider.user.id, institutionId: instA.id })).statusCode).toBe(200);
    expect((await as(t.app, outsider).get(`/api/communities/${slug}`)).statusCode).toBe(200);
  });
});

describe('an ended agreement’s space', () => {
  it('is read-only for everything: no reply, no edit, no deletion, no reaction', async () => {
    const nominee = await registerUser(t.app);
    const body = { title: 'Convenio de energías renovables', institutionIds: [instA.id, instB.id], startDate: '2026-01-01', objectives: 'x', status: 'in_force' };
    const id = (await as(t.app, admin).post('/api/agreements', body)).json().item.id as number;
    await as(t.app, repA).post(`/api/agreements/${id}/people`, { userId: nominee.user.id, institutionId: instA.id });
    const slug = (await as(t.app, repA).post(`/api/agreements/${id}/space`)).json().community.slug as string;
    const forumId = (await as(t.app, nominee).get(`/api/communities/${slug}`)).json().forums[0].id as number;
    const { thread, post } = await startThread(t.app, nominee, forumId, { title: 'Plan de trabajo del convenio', body: 'Primer borrador del plan de trabajo.' });
    expect((await as(t.app, repA).patch(`/api/agreements/${id}`, { status: 'ended', endDate: '2026-06-30' })).statusCode).toBe(200);

    const refused = [
      await as(t.app, nominee).post(`/api/threads/${thread.id}/posts`, { body: 'Una respuesta tardía.' }),
      await as(t.app, nominee).patch(`/api/posts/${post.id}`, { body: 'El plan, reescrito después del cierre.' }),
      await as(t.app, nominee).post(`/api/posts/${post.id}/reactions`, { kind: 'like' }),
      await as(t.app, nominee).delete(`/api/posts/${post.id}`),
    ].map((r) => r.statusCode);
    expect(refused.map((code) => code >= 400 && code < 500), JSON.stringify(refused)).toEqual([true, true, true, true]);
    expect((await as(t.app, nominee).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
  });
});

describe('countries', () => {
  it('a withdrawn record leaves the country’s figures (page and list), like every other count', async () => {
    const figures = async () => ({
      page: (await as(t.app, null).get('/api/countries/BR')).json().figures,
      list: (await as(t.app, null).get('/api/countries')).json().items.find((c: { code: string }) => c.code === 'BR').figures,
    });
    const before = await figures();
    const created = await as(t.app, editor).post('/api/resources', {
      title: 'Guía de soldadura orbital para tuberías',
      summary: 'Procedimientos de soldadura orbital.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      authors: ['Zacarías Quintanilla'],
      year: 2020,
      topics: ['dual'],
      audiences: ['trainers'],
      licence: 'cc_by',
      url: 'https://www.senai.br/orbital',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().item.id as number;
    expect((await figures()).page.resources).toBe(before.page.resources + 1);
    expect((await as(t.app, editor).post(`/api/resources/${id}/withdraw`, { reason: 'duplicado' })).statusCode).toBe(200);
    const after = await figures();
    expect(after.page.resources).toBe(before.page.resources);
    expect(after.list.resources).toBe(before.list.resources);
  });
});

describe('cooperation', () => {
  const specialist = async (name: string, userId: number) =>
    (await t.database.db
      .insert(specialists)
      .values({ name, countryCode: instB.countryCode, institutionId: instB.id, expertise: ['assessment'], languages: ['es'], cv: { education: [], experience: [], publications: [] }, availability: [], cvVisibility: { education: 'public', experience: 'public', publications: 'public' }, userId })
      .returning())[0]!.id;
  const told = async (account: Account, itemId: number) =>
    ((await as(t.app, account).get('/api/notifications')).json().items as { kind: string; url: string }[]).some((n) => n.kind === 'cooperation_match' && n.url === `/cooperation/${itemId}`);

  it('a withdrawn specialist is neither matched nor told, and leaves the matches of items posted before', async () => {
    const gone = await registerUser(t.app);
    const kept = await registerUser(t.app);
    const goneId = await specialist('Especialista retirada', gone.user.id);
    const keptId = await specialist('Especialista vigente', kept.user.id);
    const earlier = (await as(t.app, repA).post('/api/cooperation', { ...cooperationRequest(instA.id), expertise: ['assessment'] })).json().item.id as number;
    const matchedBefore = (await as(t.app, repA).get(`/api/cooperation/${earlier}`)).json().matches.specialists.map((m: { id: number }) => m.id);
    expect(matchedBefore).toEqual(expect.arrayContaining([goneId, keptId]));

    expect((await as(t.app, editor).post(`/api/specialists/${goneId}/withdraw`, { reason: 'a pedido de la persona' })).statusCode).toBe(200);
    expect((await as(t.app, repA).get(`/api/cooperation/${earlier}`)).json().matches.specialists.map((m: { id: number }) => m.id)).toEqual([keptId]);

    const later = (await as(t.app, repA).post('/api/cooperation', { ...cooperationRequest(instA.id), title: 'Evaluación de competencias', expertise: ['assessment'] })).json().item.id as number;
    expect((await as(t.app, repA).get(`/api/cooperation/${later}`)).json().matches.specialists.map((m: { id: number }) => m.id)).toEqual([keptId]);
    expect(await told(kept, later)).toBe(true);
    expect(await told(gone, later)).toBe(false);
  });
});
