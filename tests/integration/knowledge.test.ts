import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let editor: Awaited<ReturnType<typeof registerUser>>;
let senai: number;

const resource = (overrides: Record<string, unknown> = {}) => ({
  title: 'Guía de formación dual para mecatrónica',
  summary: 'Cómo organizar la alternancia entre el centro y la empresa.',
  type: 'guide',
  languages: ['es'],
  countryCode: 'BR',
  institutionId: senai,
  authors: ['Ana Souza'],
  year: 2021,
  sector: 'C',
  topics: ['dual'],
  audiences: ['trainers'],
  modality: 'dual',
  licence: 'cc_by',
  url: 'https://www.senai.br/guia',
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

async function create(kind: string, body: object) {
  const response = await as(t.app, editor).post(`/api/${kind}`, body);
  if (response.statusCode !== 201) throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
  return response.json().item as { id: number; title: string };
}

describe('editing the knowledge bases', () => {
  it('lets editors and admins create, and nobody else', async () => {
    expect((await as(t.app, w.member).post('/api/resources', resource())).statusCode).toBe(403);
    expect((await as(t.app, null).post('/api/resources', resource())).statusCode).toBe(401);
    const created = await as(t.app, editor).post('/api/resources', resource());
    expect(created.statusCode).toBe(201);
    expect(created.json().item).toMatchObject({ title: 'Guía de formación dual para mecatrónica', institution: { acronym: 'SENAI' }, topics: ['dual'] });
    expect((await as(t.app, w.admin).post('/api/resources', resource({ title: 'Otra guía del administrador' }))).statusCode).toBe(201);
  });

  it.each([
    [{ title: '' }, 'FIELD_REQUIRED', 'title'],
    [{ type: 'poem' }, 'VOCAB_UNKNOWN', 'type'],
    [{ url: 'javascript:alert(1)' }, 'URL_INVALID', 'url'],
    [{ countryCode: 'DE' }, 'COUNTRY_UNKNOWN', 'countryCode'],
    [{ year: 1492 }, 'YEAR_INVALID', 'year'],
    [{ languages: ['xx'] }, 'LANGUAGE_UNKNOWN', 'languages'],
    [{ colour: 'red' }, 'UNKNOWN_FIELD', 'colour'],
  ])('refuses %o with %s on the field', async (override, code, field) => {
    const response = await as(t.app, editor).post('/api/resources', resource(override));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field });
  });

  it('keeps every change with who and when, and lets members suggest corrections', async () => {
    const item = await create('resources', resource({ title: 'Manual de soldadura MIG' }));
    const edited = await as(t.app, editor).patch(`/api/resources/${item.id}`, { title: 'Manual de soldadura MIG/MAG', year: 2022 });
    expect(edited.json().item).toMatchObject({ title: 'Manual de soldadura MIG/MAG', year: 2022 });
    const revisions = (await as(t.app, null).get(`/api/resources/${item.id}/revisions`)).json().items;
    expect(revisions[0].changes).toEqual({ title: { before: 'Manual de soldadura MIG', after: 'Manual de soldadura MIG/MAG' }, year: { before: 2021, after: 2022 } });
    expect(revisions[0].editor.username).toBe(editor.username);
    expect(revisions).toHaveLength(2);

    const suggestion = await as(t.app, w.member).post(`/api/resources/${item.id}/corrections`, { note: 'El año correcto es 2023', field: 'year' });
    expect(suggestion.statusCode).toBe(201);
    expect((await as(t.app, w.member).get('/api/corrections')).statusCode).toBe(403);
    const open = (await as(t.app, editor).get('/api/corrections')).json().items;
    expect(open[0]).toMatchObject({
      note: 'El año correcto es 2023',
      field: 'year',
      status: 'open',
      title: 'Manual de soldadura MIG/MAG',
      author: { username: w.member.username },
    });
    const decided = await as(t.app, editor).post(`/api/corrections/${open[0].id}`, { status: 'accepted' });
    expect(decided.json().correction.status).toBe('accepted');
    expect((await as(t.app, editor).post(`/api/corrections/${open[0].id}`, { status: 'declined' })).statusCode).toBe(409);
  });
});

describe('browsing', () => {
  beforeAll(async () => {
    const mk = (title: string, o: Record<string, unknown>) => create('resources', resource({ title, ...o }));
    await mk('Currículo de electricidad industrial', { countryCode: 'CO', sector: 'D', year: 2018, type: 'curriculum', topics: ['ict'] });
    await mk('Simulador de redes eléctricas', { countryCode: 'CO', sector: 'D', year: 2020, type: 'simulator', languages: ['es', 'en'] });
    await mk('Formação de instrutores em automação', { countryCode: 'BR', sector: 'C', year: 2019, languages: ['pt'], type: 'course' });
    await mk('Evaluación por competencias en hotelería', { countryCode: 'PE', sector: 'I', year: 2017, type: 'assessment_instrument' });
  });

  it('filters by text ignoring case and accents', async () => {
    const titles = (await as(t.app, null).get('/api/resources?q=FORMACAO')).json().items.map((i: { title: string }) => i.title);
    expect(titles).toContain('Formação de instrutores em automação');
    const electric = (await as(t.app, null).get('/api/resources?q=electrica')).json();
    expect(electric.items.map((i: { title: string }) => i.title)).toEqual(['Simulador de redes eléctricas']);
  });

  it('gives facet counts that match the items each value returns, and combines filters', async () => {
    const all = (await as(t.app, null).get('/api/resources?limit=100')).json();
    expect(all.total).toBe(all.items.length);
    for (const param of ['country', 'sector', 'kind', 'language', 'year'] as const) {
      for (const { value, count } of all.facets[param]) {
        const filtered = (await as(t.app, null).get(`/api/resources?${param}=${encodeURIComponent(value)}&limit=100`)).json();
        expect(filtered.total, `${param}=${value}`).toBe(count);
        expect(filtered.items).toHaveLength(count);
      }
    }
    const combined = (await as(t.app, null).get('/api/resources?country=CO&sector=D&language=en')).json();
    expect(combined.items.map((i: { title: string }) => i.title)).toEqual(['Simulador de redes eléctricas']);
    // A facet counts over the other filters, so its other values stay choosable.
    expect(combined.facets.country.find((f: { value: string }) => f.value === 'BR')).toBeUndefined();
    const countryOnly = (await as(t.app, null).get('/api/resources?sector=D')).json();
    expect(countryOnly.facets.country).toEqual([{ value: 'CO', count: 2 }]);
  });

  it('pages without gaps or repeats, in any sort', async () => {
    for (const sort of ['recent', 'title', 'year']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: number }[]; nextCursor: string | null } = (
          await as(t.app, null).get(`/api/resources?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      const total = (await as(t.app, null).get('/api/resources')).json().total;
      expect(new Set(seen).size, sort).toBe(total);
      expect(seen.length, sort).toBe(total);
    }
  });

  it('indexes list fields as words, so search finds authors and snippets read as text', async () => {
    await create('resources', resource({ title: 'Cartilla de tutoría', summary: '', authors: ['Wilmer Cárdenas'], topics: ['dual'] }));
    const found = (await as(t.app, null).get('/api/search?q=wilmer%20cardenas&type=resource')).json();
    expect(found.items.map((i: { title: string }) => i.title)).toEqual(['Cartilla de tutoría']);
    expect(found.items[0].snippet).toContain('<mark>Wilmer</mark>');
    expect(found.items[0].snippet).not.toMatch(/[[\]{}]/);
  });

  it('finds items of every kind for the link picker', async () => {
    const picks = (await as(t.app, w.member).get('/api/knowledge/pick?q=simulador')).json().items;
    expect(picks[0]).toMatchObject({ type: 'resource', title: 'Simulador de redes eléctricas', link: expect.stringMatching(/^\[\[resource:\d+\]\]$/) });
    const institution = (await as(t.app, w.member).get('/api/knowledge/pick?q=senai&kind=institution')).json().items;
    expect(institution[0]).toMatchObject({ type: 'institution', id: senai });
  });
});

describe('typed links and backlinks', () => {
  it('renders cards, keeps unknown ids as text, follows renames, and never leaks private threads', async () => {
    const item = await create('resources', resource({ title: 'Kit de tutoría en empresa' }));
    const { thread } = await startThread(t.app, w.member, w.forumId, { body: `Vean [[resource:${item.id}]] y [[resource:999999]]` });
    const page = (await as(t.app, null).get(`/api/threads/${thread.id}`)).json();
    expect(page.posts[0].bodyHtml).toContain(`data-link-type="resource" data-link-id="${item.id}"`);
    expect(page.posts[0].bodyHtml).toContain('[[resource:999999]]');
    expect(page.links).toEqual([expect.objectContaining({ type: 'resource', id: item.id, title: 'Kit de tutoría en empresa', countryCode: 'BR', institution: 'SENAI' })]);

    await as(t.app, editor).patch(`/api/resources/${item.id}`, { title: 'Kit de tutoría en la empresa' });
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().links[0].title).toBe('Kit de tutoría en la empresa');

    const hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    const secret = await startThread(t.app, hidden.member, hidden.forumId, { title: 'Discusión privada del recurso', body: `Ver [[resource:${item.id}]]` });
    const forOutsider = (await as(t.app, w.outsider).get(`/api/resources/${item.id}`)).json().backlinks;
    expect(forOutsider.map((b: { threadId: number }) => b.threadId)).toEqual([thread.id]);
    const forMember = (await as(t.app, hidden.member).get(`/api/resources/${item.id}`)).json().backlinks;
    expect(forMember.map((b: { threadId: number }) => b.threadId)).toEqual([secret.thread.id, thread.id]);
    expect(forMember[0].community.slug).toBe(hidden.slug);
  });
});

describe('specialists answer questions', () => {
  it('addresses a question to a specialist, notifies by area, and lists answered questions', async () => {
    const account = await registerUser(t.app);
    await as(t.app, account).post(`/api/communities/${w.slug}/join`);
    const specialist = await create('specialists', {
      name: 'Marta Quispe',
      expertise: ['dual'],
      languages: ['es'],
      summary: 'Formación dual y tutoría en empresa.',
      availability: ['answering'],
      cv: { education: ['Ingeniería'], experience: ['SENATI'], publications: [] },
      cvVisibility: { education: 'public', experience: 'members', publications: 'public' },
    });
    const linked = await as(t.app, editor).patch(`/api/specialists/${specialist.id}`, { userId: account.username.toUpperCase() });
    expect(linked.json().item.user).toMatchObject({ id: account.user.id });
    const twice = await create('specialists', { name: 'Homónima', expertise: ['dual'], languages: ['es'] });
    const taken = await as(t.app, editor).patch(`/api/specialists/${twice.id}`, { userId: account.username });
    expect(taken.json().error).toMatchObject({ code: 'ACCOUNT_LINKED', field: 'userId' });
    expect((await as(t.app, editor).patch(`/api/specialists/${twice.id}`, { userId: 'nadie_asi' })).json().error.code).toBe('USER_NOT_FOUND');

    const asked = await as(t.app, w.member).post(`/api/specialists/${specialist.id}/ask`, {
      forumId: w.forumId,
      title: '¿Cómo evaluar a los tutores de empresa?',
      body: 'Buscamos criterios.',
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json().thread.kind).toBe('question');
    const inbox = (await as(t.app, account).get('/api/notifications')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'question_for_you', thread: { id: asked.json().thread.id } });

    const byArea = await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, {
      title: 'Pregunta sobre alternancia',
      body: '¿Qué duración recomiendan?',
      kind: 'question',
      expertise: ['dual'],
    });
    expect(byArea.statusCode).toBe(201);
    expect((await as(t.app, account).get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'question_for_you', thread: { id: byArea.json().thread.id } });

    const answer = await replyTo(t.app, account, byArea.json().thread.id, 'Entre 12 y 24 meses.');
    // Linked to the directory, the account's posts carry the specialist badge.
    expect((await as(t.app, null).get(`/api/threads/${byArea.json().thread.id}`)).json().posts[1].author.specialist).toBe(true);
    await as(t.app, w.member).post(`/api/threads/${byArea.json().thread.id}/accept`, { postId: answer.id });
    const page = (await as(t.app, null).get(`/api/specialists/${specialist.id}`)).json().item;
    expect(page.answers).toEqual({ total: 1, accepted: 1 });
    expect(page.answered).toEqual([{ threadId: byArea.json().thread.id, title: 'Pregunta sobre alternancia', accepted: true }]);
    expect(page.cv.experience).toBeUndefined();
    expect(page.cvVisibility).toBeUndefined();
    expect((await as(t.app, editor).get(`/api/specialists/${specialist.id}`)).json().item.cvVisibility).toEqual({ education: 'public', experience: 'members', publications: 'public' });
    expect((await as(t.app, w.member).get(`/api/specialists/${specialist.id}`)).json().item.cv.experience).toEqual(['SENATI']);

    const busy = await create('specialists', { name: 'Sin tiempo', expertise: ['dual'], languages: ['es'], availability: ['speaking'] });
    const refused = await as(t.app, w.member).post(`/api/specialists/${busy.id}/ask`, { forumId: w.forumId, title: 'Una pregunta más', body: 'x' });
    expect(refused.json().error.code).toBe('SPECIALIST_NOT_ANSWERING');
  });
});
