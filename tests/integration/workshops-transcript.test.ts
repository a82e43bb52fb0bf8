import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/schemas/workshops.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { openWorkshop, scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t.app.close();
});

describe('the transcript', () => {
  it('holds every message in order, without the deleted ones, and the questions with their answers', async () => {
    const workshop = await openWorkshop(t.app, w.moderator, w.slug);
    const bodies = Array.from({ length: 12 }, (_, i) => `Mensaje ${i + 1} sobre **evaluación**`);
    const ids: number[] = [];
    for (const [i, body] of bodies.entries()) {
      const author = i % 2 === 0 ? w.member : w.moderator;
      const res = await as(t.app, author).post(`/api/workshops/${workshop.id}/messages`, { body });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().message.id);
    }
    expect((await as(t.app, w.moderator).delete(`/api/workshops/${workshop.id}/messages/${ids[3]}`)).statusCode).toBe(200);
    const question = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/questions`, { body: '¿Cómo se evalúa en la empresa?' });
    expect(question.statusCode).toBe(201);
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/questions/${question.json().question.id}/answer`, {
      answer: 'Con una **rúbrica** compartida.',
    });

    const transcript = (await as(t.app, null).get(`/api/workshops/${workshop.id}/transcript`)).json() as Transcript;
    expect(transcript.messages.map((m) => m.id)).toEqual(ids.filter((id) => id !== ids[3]));
    expect(transcript.messages.map((m) => m.bodyHtml)).toEqual(
      bodies.filter((_, i) => i !== 3).map((b) => `<p>${b.replace('**evaluación**', '<strong>evaluación</strong>')}</p>`),
    );
    expect(transcript.questions).toHaveLength(1);
    expect(transcript.questions[0]).toMatchObject({ answered: true, answeredBy: { id: w.moderator.user.id } });
    expect(transcript.questions[0]!.answerHtml).toContain('<strong>rúbrica</strong>');
  });
});

describe('a room nobody opened', () => {
  it('opens by itself for the scheduled time and closes at its end', async () => {
    const hour = 3600_000;
    const running = await scheduleWorkshop(t.app, w.moderator, w.slug, {
      startsAt: new Date(Date.now() - hour).toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
    });
    expect(running.room.state).toBe('open');
    expect((await as(t.app, w.member).post(`/api/workshops/${running.id}/messages`, { body: 'Ya empezó' })).statusCode).toBe(201);

    const over = await scheduleWorkshop(t.app, w.moderator, w.slug, {
      startsAt: new Date(Date.now() - 3 * hour).toISOString(),
      endsAt: new Date(Date.now() - hour).toISOString(),
    });
    expect(over.room.state).toBe('closed');
    const late = await as(t.app, w.member).post(`/api/workshops/${over.id}/messages`, { body: 'Tarde' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WORKSHOP_NOT_OPEN');
    expect((await as(t.app, w.moderator).post(`/api/workshops/${over.id}/publish`, { forumId: w.forumId })).statusCode).toBe(201);
  });
});

describe('publishing', () => {
  it('creates a thread in the forum with the transcript, a typed link to the workshop and the resources shared', async () => {
    const resource = async (title: string) => {
      const created = await as(t.app, w.admin).post('/api/resources', {
        title, summary: 'Guía para evaluar con evidencias.', type: 'guide', languages: ['es'], countryCode: 'BR',
      });
      if (created.statusCode !== 201) throw new Error(created.body);
      return created.json().item.id as number;
    };
    const guide = await resource('Guía de portafolios');
    const rubric = await resource('Rúbrica de evaluación en la empresa');
    const workshop = await openWorkshop(t.app, w.moderator, w.slug, { title: 'Taller de portafolios de evidencias' });
    await as(t.app, w.member).post(`/api/workshops/${workshop.id}/messages`, { body: `Les dejo la guía [[resource:${guide}]] que usamos.` });
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/messages`, { body: `Y esta: http://localhost/knowledge/resources/${rubric} muy útil` });
    await as(t.app, w.member).post(`/api/workshops/${workshop.id}/questions`, { body: '¿Cuántas evidencias piden?' });

    const early = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('WORKSHOP_NOT_CLOSED');

    expect((await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/close`)).json().workshop.room.state).toBe('closed');
    expect((await as(t.app, w.member).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId })).statusCode).toBe(403);

    const published = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(published.statusCode).toBe(201);
    const { thread } = published.json();
    expect(thread.title).toContain('Taller de portafolios de evidencias');
    expect(thread.forumId).toBe(w.forumId);

    const page = (await as(t.app, w.member).get(`/api/threads/${thread.id}`)).json();
    const html: string = page.posts[0].bodyHtml;
    expect(html).toContain(`href="/w/${workshop.id}"`);
    expect(html).toContain('data-link-type="workshop"');
    expect(html).toContain('Taller de portafolios de evidencias');
    expect(html).toContain('Les dejo la guía');
    expect(html).toContain('¿Cuántas evidencias piden?');
    // Both ways of sharing a resource end up as typed links in the thread, listed after the chat.
    const shared = html.slice(html.indexOf('Recursos compartidos'));
    expect(shared).toContain(`href="/knowledge/resources/${guide}"`);
    expect(shared).toContain(`href="/knowledge/resources/${rubric}"`);
    expect(page.links.map((l: { type: string; id: number }) => `${l.type}:${l.id}`).sort()).toEqual([`resource:${guide}`, `resource:${rubric}`].sort());

    // The forum lists it and the workshop points to it; a second publication is refused.
    const threads = (await as(t.app, null).get(`/api/forums/${w.forumId}/threads`)).json().items;
    expect(threads.map((th: { id: number }) => th.id)).toContain(thread.id);
    expect((await as(t.app, null).get(`/api/workshops/${workshop.id}`)).json().workshop.publishedThreadId).toBe(thread.id);
    const again = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(again.statusCode).toBe(409);

    // The workshop's backlinks show the thread.
    const backlinks = (await as(t.app, null).get(`/api/workshops/${workshop.id}/backlinks`)).json().backlinks;
    expect(backlinks.map((b: { threadId: number }) => b.threadId)).toContain(thread.id);
  });

  it('always fits the post limit: the chat is cut first, with a note pointing to the transcript, then the questions', async () => {
    const workshop = await openWorkshop(t.app, w.moderator, w.slug, { title: 'Taller muy conversado' });
    for (let i = 0; i < 30; i++) {
      const sent = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/messages`, { body: `Mensaje ${i} ` + 'm'.repeat(1500) });
      expect(sent.statusCode).toBe(201);
    }
    for (let i = 0; i < 15; i++) {
      const asked = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/questions`, { body: `Pregunta ${i} ` + 'x'.repeat(400) });
      const answered = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/questions/${asked.json().question.id}/answer`, {
        answer: `Respuesta ${i} ` + 'y'.repeat(1900),
      });
      expect(answered.statusCode).toBe(200);
    }
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/close`);
    const published = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(published.statusCode, published.body).toBe(201);
    const page = (await as(t.app, w.member).get(`/api/threads/${published.json().thread.id}`)).json();
    const html: string = page.posts[0].bodyHtml;
    expect(html).toContain('data-link-type="workshop"');
    // Every question fits once the chat is out of the way; the chat says where the rest is.
    expect(html).toContain('Pregunta 0 ');
    expect(html).toContain('Respuesta 14 ');
    expect(html).toMatch(new RegExp(`… \\d+ mensajes anteriores están en la <a href="/w/${workshop.id}"[^>]*>transcripción del taller</a>`));
    expect(html.indexOf('mensajes anteriores')).toBeLessThan(html.indexOf('Mensaje 29 '));
    expect(html).not.toContain('Mensaje 0 ');
  });

  it('cuts the questions too when they alone are over the limit, and says so', async () => {
    const workshop = await openWorkshop(t.app, w.moderator, w.slug, { title: 'Taller de muchas preguntas', language: 'en' });
    await as(t.app, w.member).post(`/api/workshops/${workshop.id}/messages`, { body: 'Hello everyone' });
    for (let i = 0; i < 30; i++) {
      const asked = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/questions`, { body: `Question ${i} ` + 'x'.repeat(1900) });
      await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/questions/${asked.json().question.id}/answer`, { answer: 'y'.repeat(1900) });
    }
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/close`);
    const published = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(published.statusCode, published.body).toBe(201);
    const page = (await as(t.app, w.member).get(`/api/threads/${published.json().thread.id}`)).json();
    const html: string = page.posts[0].bodyHtml;
    expect(html).toContain('Question 0 ');
    expect(html).not.toContain('Question 29 ');
    expect(html).toMatch(new RegExp(`… \\d+ more questions are in the <a href="/w/${workshop.id}"[^>]*>workshop’s transcript</a>`));
    // A short chat still fits beside them.
    expect(html).toContain('Hello everyone');
  });

  it('publishes whatever was said: thousands of shared links, quotes nested as deep as a message may go', async () => {
    const workshop = await openWorkshop(t.app, w.moderator, w.slug, { title: 'Taller de enlaces' });
    for (let m = 0; m < 40; m++) {
      const body = Array.from({ length: 95 }, (_, i) => `[[resource:${1_000_000 + m * 100 + i}]]`).join(' ');
      expect((await as(t.app, w.member).post(`/api/workshops/${workshop.id}/messages`, { body })).statusCode).toBe(201);
    }
    const deep = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/messages`, { body: '> '.repeat(64) + 'hondo' });
    expect(deep.statusCode).toBe(201);
    // The latest message is kept in the thread, as text where it cannot be quoted once more.
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/close`);
    const published = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: w.forumId });
    expect(published.statusCode, published.body).toBe(201);
    const html: string = (await as(t.app, w.member).get(`/api/threads/${published.json().thread.id}`)).json().posts[0].bodyHtml;
    expect(html).toMatch(/… y \d+ recursos más, citados en la <a [^>]*>transcripción del taller<\/a>/);
    expect(html).toContain('hondo');
  });

  it('is a host’s act: not held for approval nor refused by the new-account link limit', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    expect((await as(t.app, other.moderator).patch(`/api/communities/${other.slug}/moderation/settings`, { holdNewUserPosts: true })).statusCode).toBe(200);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await as(t.app, w.admin).post('/api/resources', {
        title: `Recurso compartido ${i}`, summary: 'Guía para evaluar con evidencias.', type: 'guide', languages: ['es'], countryCode: 'BR',
      });
      ids.push(created.json().item.id);
    }
    // The member (a new account) schedules and hosts the workshop.
    const workshop = await openWorkshop(t.app, other.member, other.slug, { title: 'Taller con muchos recursos' });
    await as(t.app, other.member).post(`/api/workshops/${workshop.id}/messages`, { body: ids.map((id) => `[[resource:${id}]]`).join(' ') });
    await as(t.app, other.member).post(`/api/workshops/${workshop.id}/close`);
    const published = await as(t.app, other.member).post(`/api/workshops/${workshop.id}/publish`, { forumId: other.forumId });
    expect(published.statusCode, published.body).toBe(201);
    const threads = (await as(t.app, null).get(`/api/forums/${other.forumId}/threads`)).json().items;
    expect(threads.map((th: { id: number }) => th.id)).toContain(published.json().thread.id);
    const page = await as(t.app, null).get(`/api/threads/${published.json().thread.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().links).toHaveLength(8);
  });

  it('by an invited host who is not a member: the thread is theirs, in the workshop’s community', async () => {
    for (const visibility of ['public', 'private'] as const) {
      const world = visibility === 'public' ? w : await buildWorld(t.app, { admin: w.admin, visibility });
      const guest = await registerUser(t.app);
      const workshop = await scheduleWorkshop(t.app, world.moderator, world.slug, { hosts: [guest.username] });
      expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
      expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/messages`, { body: 'Bienvenidos a todos' })).statusCode).toBe(201);
      expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/close`)).statusCode).toBe(200);
      // The page asks the workshop where it may be published (the community's page may be out of the guest's sight).
      const forums = await as(t.app, guest).get(`/api/workshops/${workshop.id}/publish-forums`);
      expect(forums.statusCode).toBe(200);
      expect(forums.json().forums.map((f: { id: number }) => f.id)).toContain(world.forumId);
      expect((await as(t.app, world.member).get(`/api/workshops/${workshop.id}/publish-forums`)).statusCode).toBe(403);
      const published = await as(t.app, guest).post(`/api/workshops/${workshop.id}/publish`, { forumId: world.forumId });
      expect(published.statusCode, `${visibility}: ${published.body}`).toBe(201);
      expect(published.json().thread.authorId).toBe(guest.user.id);
      const page = (await as(t.app, world.member).get(`/api/threads/${published.json().thread.id}`)).json();
      expect(page.posts[0].bodyHtml).toContain('Bienvenidos a todos');
      // The guest is a host, not a member: the community's other forums stay closed to them.
      expect((await as(t.app, guest).post(`/api/forums/${world.forumId}/threads`, { title: 'Otro tema', body: 'Hola', kind: 'discussion' })).statusCode).toBeGreaterThanOrEqual(403);
    }
    // A forum of another community is refused to an invited host as to anyone.
    const guest = await registerUser(t.app);
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { hosts: [guest.username] });
    await as(t.app, guest).post(`/api/workshops/${workshop.id}/open`);
    await as(t.app, guest).post(`/api/workshops/${workshop.id}/close`);
    expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/publish`, { forumId: elsewhere.forumId })).statusCode).toBe(404);
  });

  it('refuses a forum of another community', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    const workshop = await openWorkshop(t.app, w.moderator, w.slug);
    await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/close`);
    const response = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: other.forumId });
    expect(response.statusCode).toBe(404);
  });
});
