/**
 * Cooperation agreements (issue 18, part 3): who may record and edit them (staff, and the
 * representatives of a party), the list by country and institution, and the agreement space
 * kept in step with the agreement (nominating adds, removing removes, ending archives).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { uploadFile } from '../helpers/files.ts';

type Account = World['admin'];
type Institution = { id: number; acronym: string; countryCode: string };

let t: TestApp;
let w: World;
let editor: Account;
let representative: Account;
let nominee: Account;
let institutions: Institution[];
let a: Institution;
let b: Institution;
let c: Institution;

const agreement = (parties: Institution[], extra: object = {}) => ({
  title: `Mantenimiento industrial ${parties.map((p) => p.acronym).join('–')}`,
  institutionIds: parties.map((p) => p.id),
  startDate: '2025-03-01',
  objectives: 'Formar **instructores** en mantenimiento predictivo.',
  status: 'in_force',
  ...extra,
});

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  editor = await registerUser(t.app);
  representative = await registerUser(t.app);
  nominee = await registerUser(t.app);
  await as(t.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
  institutions = (await as(t.app, null).get('/api/institutions?limit=100')).json().items;
  // Three institutions in three different countries.
  const byCountry = new Map<string, Institution>();
  for (const i of institutions) if (!byCountry.has(i.countryCode)) byCountry.set(i.countryCode, i);
  [a, b, c] = [...byCountry.values()];
  await as(t.app, w.admin).put(`/api/institutions/${a.id}/representatives/${representative.user.id}`);
});
afterAll(async () => {
  await t?.app.close();
});

describe('recording agreements', () => {
  it('editors record one (201 {item}, objectives cooked); a member may not; a representative only for their own party', async () => {
    const created = await as(t.app, editor).post('/api/agreements', agreement([a, b], { endDate: '2027-02-28', signatures: [{ institutionId: a.id, signedOn: '2025-02-20' }] }));
    expect(created.statusCode).toBe(201);
    const item = created.json().item;
    expect(item).toMatchObject({
      status: 'in_force',
      startDate: '2025-03-01',
      endDate: '2027-02-28',
      parties: [
        { institution: { id: a.id }, signedOn: '2025-02-20' },
        { institution: { id: b.id }, signedOn: null },
      ],
      hasSpace: false,
      permissions: { canEdit: true, canOpenSpace: true },
    });
    expect(item.objectivesHtml).toContain('<strong>instructores</strong>');

    expect((await as(t.app, w.member).post('/api/agreements', agreement([a, b]))).statusCode).toBe(403);
    expect((await as(t.app, null).post('/api/agreements', agreement([a, b]))).statusCode).toBe(401);
    expect((await as(t.app, representative).post('/api/agreements', agreement([b, c]))).statusCode).toBe(403);
    expect((await as(t.app, representative).post('/api/agreements', agreement([a, c]))).statusCode).toBe(201);
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    const post = (body: object) => as(t.app, editor).post('/api/agreements', body);
    const one = await post(agreement([a]));
    expect(one.statusCode).toBe(400);
    expect(one.json().error).toMatchObject({ code: 'AGREEMENT_PARTIES_INVALID', field: 'institutionIds' });
    expect((await post({ ...agreement([a, b]), institutionIds: [a.id, 999_999] })).json().error.code).toBe('AGREEMENT_PARTIES_INVALID');
    expect((await post(agreement([a, b], { endDate: '2024-01-01' }))).json().error).toMatchObject({ code: 'AGREEMENT_DATES_INVALID', field: 'endDate' });
    expect((await post(agreement([a, b], { startDate: '2025-02-30' }))).json().error.code).toBe('AGREEMENT_DATES_INVALID');
    expect((await post(agreement([a, b], { sectors: ['no-such-sector'] }))).json().error).toMatchObject({ code: 'AGREEMENT_AREA_UNKNOWN', field: 'sectors' });
    expect((await post(agreement([a, b], { title: 'x' }))).json().error.code).toBe('AGREEMENT_TITLE_INVALID');
    expect((await post(agreement([a, b], { fromCooperationId: 0 }))).statusCode).toBe(400);
    expect((await post(agreement([a, b], { status: 'signed' }))).statusCode).toBe(400);
  });

  it('publishes agreement.created with the cooperation id passed through', async () => {
    const seen: unknown[] = [];
    const stop = t.app.bus.subscribe('agreement.created', (event) => {
      seen.push(event);
    });
    const cooperation = await as(t.app, editor).post('/api/cooperation', { kind: 'request', title: 'Mantenimiento industrial', body: 'Buscamos apoyo.', institutionId: a.id, sectors: [], themes: [] });
    const fromCooperationId = cooperation.json().item.id as number;
    const created = (await as(t.app, editor).post('/api/agreements', agreement([a, b], { fromCooperationId }))).json().item;
    stop();
    expect(seen).toEqual([{ agreementId: created.id, fromCooperationId, actorId: editor.user.id }]);
  });

  it('is edited by those who act for a party, and nobody else', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([a, b]))).json().item;
    const edited = await as(t.app, representative).patch(`/api/agreements/${id}`, { title: 'Mantenimiento predictivo', themes: [] });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().item.title).toBe('Mantenimiento predictivo');
    expect((await as(t.app, w.member).patch(`/api/agreements/${id}`, { title: 'Otro título' })).statusCode).toBe(403);
    // A representative cannot hand it over to parties they do not act for.
    expect((await as(t.app, representative).patch(`/api/agreements/${id}`, { institutionIds: [b.id, c.id] })).statusCode).toBe(403);
    expect((await as(t.app, null).get(`/api/agreements/${id}`)).json().item.title).toBe('Mantenimiento predictivo');
    expect((await as(t.app, null).get('/api/agreements/999999')).statusCode).toBe(404);
  });

  it('keeps drafts to staff and the parties’ representatives', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([a, c], { status: 'draft', title: 'Borrador confidencial' }))).json().item;
    expect((await as(t.app, null).get(`/api/agreements/${id}`)).statusCode).toBe(404);
    expect((await as(t.app, w.member).get(`/api/agreements/${id}`)).statusCode).toBe(404);
    expect((await as(t.app, representative).get(`/api/agreements/${id}`)).statusCode).toBe(200);
    const titles = async (who: Account | null) => (await as(t.app, who).get('/api/agreements?limit=100')).json().items.map((i: { title: string }) => i.title);
    expect(await titles(null)).not.toContain('Borrador confidencial');
    expect(await titles(editor)).toContain('Borrador confidencial');
  });
});

describe('the list', () => {
  it('filters by institution and by country, and pages', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([b, c], { title: 'Solo B y C', startDate: '2020-01-01' }))).json().item;
    const ids = async (query: string) => (await as(t.app, null).get(`/api/agreements?${query}`)).json().items.map((i: { id: number }) => i.id);
    expect(await ids(`institution=${c.id}&limit=100`)).toContain(id);
    expect(await ids(`institution=${a.id}&limit=100`)).not.toContain(id);
    expect(await ids(`country=${c.countryCode}&limit=100`)).toContain(id);
    expect(await ids(`country=${a.countryCode.toLowerCase()}&limit=100`)).not.toContain(id);
    for (const item of (await as(t.app, null).get(`/api/agreements?country=${a.countryCode}&limit=100`)).json().items) {
      expect(item.parties.some((p: { institution: { countryCode: string } }) => p.institution.countryCode === a.countryCode)).toBe(true);
    }

    const first = (await as(t.app, null).get('/api/agreements?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await as(t.app, null).get(`/api/agreements?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((i: { id: number }) => i.id)).not.toContain(first.items[0].id);
    expect((await as(t.app, null).get('/api/agreements?cursor=garbage')).statusCode).toBe(400);
    expect((await as(t.app, null).get('/api/agreements?country=ARG')).statusCode).toBe(400);
  });
});

describe('the agreement space', () => {
  it('is a private community whose members are the nominated people, kept in step; ending archives it', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([a, b]))).json().item;
    // Nominated before the space exists: they are in it from the start.
    expect((await as(t.app, representative).post(`/api/agreements/${id}/people`, { userId: nominee.user.id, institutionId: a.id })).statusCode).toBe(200);
    expect((await as(t.app, w.member).post(`/api/agreements/${id}/space`)).statusCode).toBe(403);
    const opened = await as(t.app, representative).post(`/api/agreements/${id}/space`);
    expect(opened.statusCode).toBe(201);
    const { community } = opened.json();
    expect(community.visibility).toBe('private');
    expect((await as(t.app, representative).post(`/api/agreements/${id}/space`)).json().error.code).toBe('AGREEMENT_SPACE_EXISTS');

    const members = async () =>
      (await as(t.app, w.admin).get(`/api/communities/${community.slug}/members`)).json().items.map((m: { user: { id: number }; role: string }) => [m.user.id, m.role]);
    expect(await members()).toEqual(
      expect.arrayContaining([
        [nominee.user.id, 'member'],
        [representative.user.id, 'moderator'],
      ]),
    );
    expect((await members()).map(([userId]: [number]) => userId)).not.toContain(editor.user.id);
    const detail = (await as(t.app, w.admin).get(`/api/communities/${community.slug}`)).json();
    expect(detail.community).toMatchObject({ visibility: 'private', joinPolicy: 'approval' });
    expect(detail.forums).toHaveLength(1);

    // A member (not representing b) may not nominate for party b; the editor may; c is no party.
    expect((await as(t.app, w.member).post(`/api/agreements/${id}/people`, { userId: w.member.user.id, institutionId: b.id })).statusCode).toBe(403);
    expect((await as(t.app, representative).post(`/api/agreements/${id}/people`, { userId: w.member.user.id, institutionId: b.id })).statusCode).toBe(403);
    expect((await as(t.app, editor).post(`/api/agreements/${id}/people`, { userId: w.member.user.id, institutionId: c.id })).json().error.code).toBe(
      'AGREEMENT_NOT_A_PARTY',
    );
    const added = await as(t.app, editor).post(`/api/agreements/${id}/people`, { userId: w.member.user.id, institutionId: b.id });
    expect(added.statusCode).toBe(200);
    expect(added.json().item.people.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([w.member.user.id, nominee.user.id]));
    expect(await members()).toContainEqual([w.member.user.id, 'member']);
    expect((await as(t.app, w.member).get(`/api/communities/${community.slug}`)).statusCode).toBe(200);
    const seen = (await as(t.app, w.member).get(`/api/agreements/${id}`)).json().item;
    expect(seen.space).toEqual({ slug: community.slug, name: expect.any(String), archived: false });

    // Removing takes them out of the space (and a representative only removes their own party's people).
    expect((await as(t.app, representative).delete(`/api/agreements/${id}/people/${w.member.user.id}`)).statusCode).toBe(403);
    expect((await as(t.app, editor).delete(`/api/agreements/${id}/people/${w.member.user.id}`)).statusCode).toBe(200);
    expect((await members()).map(([userId]: [number]) => userId)).not.toContain(w.member.user.id);
    expect((await as(t.app, w.member).get(`/api/communities/${community.slug}`)).statusCode).toBe(404);

    // The nominee writes while the agreement is in force.
    const forumId = detail.forums[0].id;
    const { thread } = await startThread(t.app, nominee, forumId, { title: 'Plan de trabajo del primer semestre' });

    // Ending the agreement archives the space: still readable, writes refused with a clear 409.
    expect((await as(t.app, editor).patch(`/api/agreements/${id}`, { status: 'ended', endDate: '2026-01-31' })).statusCode).toBe(200);
    const archived = (await as(t.app, nominee).get(`/api/communities/${community.slug}`)).json();
    expect(archived.community.archived).toBe(true);
    expect(archived.permissions.canPost).toBe(false);
    expect((await as(t.app, nominee).get(`/api/threads/${thread.id}`)).statusCode).toBe(200);
    const reply = await as(t.app, nominee).post(`/api/threads/${thread.id}/posts`, { body: 'Una respuesta tardía' });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.code).toBe('COMMUNITY_ARCHIVED');
    const newThread = await as(t.app, representative).post(`/api/forums/${forumId}/threads`, { title: 'Otro hilo', body: 'Texto', kind: 'discussion' });
    expect(newThread.json().error.code).toBe('COMMUNITY_ARCHIVED');
    expect((await as(t.app, editor).post(`/api/agreements/${id}/people`, { userId: w.moderator.user.id, institutionId: b.id })).json().error.code).toBe('AGREEMENT_ENDED');
    expect((await as(t.app, nominee).get(`/api/agreements/${id}`)).json().item.space.archived).toBe(true);
  });

  it('follows the parties’ representatives: named ones moderate, removed ones leave', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([b, c]))).json().item;
    const { community } = (await as(t.app, editor).post(`/api/agreements/${id}/space`)).json();
    const later = await registerUser(t.app);
    await as(t.app, w.admin).put(`/api/institutions/${c.id}/representatives/${later.user.id}`);
    expect((await as(t.app, later).get(`/api/communities/${community.slug}`)).json().membership).toEqual({ role: 'moderator', status: 'active' });
    await as(t.app, w.admin).delete(`/api/institutions/${c.id}/representatives/${later.user.id}`);
    expect((await as(t.app, later).get(`/api/communities/${community.slug}`)).statusCode).toBe(404);
  });
});

describe('a ban in the space', () => {
  it('stays when the banned person is taken off and nominated again', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([a, b]))).json().item;
    await as(t.app, editor).post(`/api/agreements/${id}/people`, { userId: w.moderator.user.id, institutionId: a.id });
    const { community } = (await as(t.app, editor).post(`/api/agreements/${id}/space`)).json();
    expect((await as(t.app, w.admin).post(`/api/communities/${community.slug}/members/${w.moderator.user.id}`, { status: 'banned' })).statusCode).toBe(200);
    await as(t.app, editor).delete(`/api/agreements/${id}/people/${w.moderator.user.id}`);
    await as(t.app, editor).post(`/api/agreements/${id}/people`, { userId: w.moderator.user.id, institutionId: a.id });
    const banned = (await as(t.app, w.admin).get(`/api/communities/${community.slug}/members?status=banned`)).json().items;
    expect(banned.map((m: { user: { id: number } }) => m.user.id)).toEqual([w.moderator.user.id]);
    expect((await as(t.app, w.moderator).get(`/api/communities/${community.slug}`)).statusCode).toBe(404);
  });
});

describe('documents', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const upload = (who: Account | null, id: number, bytes: Buffer, filename: string) =>
    uploadFile(t.app, who, 'POST', `/api/agreements/${id}/documents`, bytes, filename, 'application/pdf');

  it('attaches a PDF (editors of the agreement), serves it to readers, removes it; other types and people are refused', async () => {
    const { id } = (await as(t.app, editor).post('/api/agreements', agreement([a, b]))).json().item;
    expect((await upload(w.member, id, pdf, 'convenio.pdf')).statusCode).toBe(403);
    const added = await upload(representative, id, pdf, 'Convenio firmado.pdf');
    expect(added.statusCode).toBe(201);
    const [doc] = added.json().item.documents;
    expect(doc).toMatchObject({ name: 'Convenio firmado.pdf', mime: 'application/pdf' });
    const download = await as(t.app, null).get(doc.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0b70000000049454e44ae426082', 'hex');
    expect((await upload(editor, id, png, 'foto.pdf')).statusCode).toBe(415);
    expect((await as(t.app, w.member).delete(`/api/agreements/${id}/documents/${doc.id}`)).statusCode).toBe(403);
    expect((await as(t.app, editor).delete(`/api/agreements/${id}/documents/${doc.id}`)).json().item.documents).toEqual([]);
    expect((await as(t.app, null).get(doc.url)).statusCode).toBe(404);
  });
});
