import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workshop } from '../../shared/schemas/workshops.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;
let hidden: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
});
afterAll(async () => {
  await t.app.close();
});

const HOUR = 3600_000;
const at = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR).toISOString();

describe('scheduling', () => {
  it('creates a workshop with its hosts, stores the times in UTC and lists it as upcoming', async () => {
    const response = await as(t.app, w.member).post(`/api/communities/${w.slug}/workshops`, {
      title: 'Seminario de certificación de competencias',
      description: 'Con **casos** de tres países.',
      kind: 'seminar',
      startsAt: '2030-03-10T14:00:00-03:00',
      endsAt: '2030-03-10T16:30:00-03:00',
      language: 'pt',
      capacity: 40,
      videoUrl: 'https://video.example.org/sala',
      hosts: [w.moderator.username],
    });
    expect(response.statusCode).toBe(201);
    const { workshop } = response.json() as { workshop: Workshop };
    expect(workshop).toMatchObject({
      title: 'Seminario de certificación de competencias',
      kind: 'seminar',
      startsAt: '2030-03-10T17:00:00.000Z',
      endsAt: '2030-03-10T19:30:00.000Z',
      language: 'pt',
      capacity: 40,
      status: 'upcoming',
      community: { slug: w.slug },
      viewer: { isHost: true, canControl: true, registered: false },
    });
    expect(workshop.descriptionHtml).toContain('<strong>casos</strong>');
    expect(workshop.hosts.map((h) => h.id)).toEqual([w.member.user.id, w.moderator.user.id]);

    const upcoming = (await as(t.app, null).get(`/api/workshops?status=upcoming&community=${w.slug}`)).json();
    expect(upcoming.items.map((i: Workshop) => i.id)).toContain(workshop.id);
    expect(upcoming).toHaveProperty('nextCursor');
    const past = (await as(t.app, null).get(`/api/workshops?status=past&community=${w.slug}`)).json();
    expect(past.items.map((i: Workshop) => i.id)).not.toContain(workshop.id);
  });

  it('refuses times that end before they start, unknown hosts and outsiders with clear errors', async () => {
    const backwards = await as(t.app, w.member).post(`/api/communities/${w.slug}/workshops`, {
      title: 'Al revés', description: '', kind: 'workshop', startsAt: at(5), endsAt: at(4), language: 'es',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('WORKSHOP_TIMES_INVALID');
    const unknownHost = await as(t.app, w.member).post(`/api/communities/${w.slug}/workshops`, {
      title: 'Con fantasma', description: '', kind: 'workshop', startsAt: at(1), endsAt: at(2), language: 'es', hosts: ['nadie_existe'],
    });
    expect(unknownHost.statusCode).toBe(400);
    expect(unknownHost.json().error.message).toContain('nadie_existe');
    const outsider = await as(t.app, w.outsider).post(`/api/communities/${w.slug}/workshops`, {
      title: 'Sin ser miembro', description: '', kind: 'workshop', startsAt: at(1), endsAt: at(2), language: 'es',
    });
    expect(outsider.statusCode).toBe(403);
    const badKind = await as(t.app, w.member).post(`/api/communities/${w.slug}/workshops`, {
      title: 'Tipo raro', description: '', kind: 'party', startsAt: at(1), endsAt: at(2), language: 'es',
    });
    expect(badKind.statusCode).toBe(400);
  });

  it('lists live and past workshops by their room and times', async () => {
    const live = await scheduleWorkshop(t.app, w.moderator, w.slug, { startsAt: at(48) });
    await as(t.app, w.moderator).post(`/api/workshops/${live.id}/open`);
    const running = await scheduleWorkshop(t.app, w.moderator, w.slug, { startsAt: at(-1), endsAt: at(1) });
    const over = await scheduleWorkshop(t.app, w.moderator, w.slug, { startsAt: at(-5), endsAt: at(-3) });
    const ids = async (status: string) =>
      ((await as(t.app, null).get(`/api/workshops?status=${status}&community=${w.slug}`)).json().items as Workshop[]).map((i) => i.id);
    expect(await ids('live')).toEqual(expect.arrayContaining([live.id, running.id]));
    expect(await ids('live')).not.toContain(over.id);
    expect(await ids('past')).toContain(over.id);
    expect(await ids('upcoming')).not.toContain(live.id);
  });
});

describe('hosts', () => {
  it('may be invited specialists outside the community: they speak and control their room, others may not', async () => {
    const guest = await registerUser(t.app);
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { hosts: [guest.username] });
    expect((await as(t.app, guest).get(`/api/workshops/${workshop.id}`)).json().workshop.viewer).toMatchObject({ isHost: true, canControl: true });
    expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/messages`, { body: 'Bienvenidos' })).statusCode).toBe(201);

    const stranger = await registerUser(t.app);
    expect((await as(t.app, stranger).post(`/api/workshops/${workshop.id}/close`)).statusCode).toBe(403);
    const refused = await as(t.app, stranger).post(`/api/workshops/${workshop.id}/messages`, { body: 'Hola' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_A_MEMBER');
    // A community moderator who is not a host controls the room too.
    const viewer = (await as(t.app, w.admin).get(`/api/workshops/${workshop.id}`)).json().workshop.viewer;
    expect(viewer).toMatchObject({ isHost: false, canControl: true });
  });
});

describe('invited hosts of a private community’s workshop', () => {
  it('see and run their own workshop; everyone else outside still gets 404', async () => {
    const guest = await registerUser(t.app);
    const workshop = await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, { hosts: [guest.username] });
    const seen = await as(t.app, guest).get(`/api/workshops/${workshop.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().workshop.viewer).toMatchObject({ isHost: true, canControl: true });
    expect((await as(t.app, guest).get(`/api/workshops/${workshop.id}.ics`)).statusCode).toBe(200);
    expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    expect((await as(t.app, guest).post(`/api/workshops/${workshop.id}/messages`, { body: 'Bienvenidos' })).statusCode).toBe(201);
    expect((await as(t.app, guest).get(`/api/workshops/${workshop.id}/transcript`)).json().messages).toHaveLength(1);
    const listed = (await as(t.app, guest).get('/api/workshops?limit=100')).json().items as Workshop[];
    expect(listed.map((i) => i.id)).toContain(workshop.id);
    const notListed = (await as(t.app, w.outsider).get('/api/workshops?limit=100')).json().items as Workshop[];
    expect(notListed.map((i) => i.id)).not.toContain(workshop.id);
    // The community itself stays out of sight for the guest, and the workshop for other outsiders.
    expect((await as(t.app, guest).get(`/api/communities/${hidden.slug}`)).statusCode).toBe(404);
    expect((await as(t.app, w.outsider).get(`/api/workshops/${workshop.id}`)).statusCode).toBe(404);
    expect((await as(t.app, null).get(`/api/workshops/${workshop.id}`)).statusCode).toBe(404);
  });
});

describe('host controls', () => {
  it('answer 404 for a person or a message or a question that does not exist, never a 500', async () => {
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug);
    expect((await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    const mute = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/mutes`, { userId: 987654 });
    expect(mute.statusCode).toBe(404);
    expect(mute.json().error.code).toBe('USER_NOT_FOUND');
    const unmute = await as(t.app, w.moderator).delete(`/api/workshops/${workshop.id}/mutes/987654`);
    expect(unmute.statusCode).toBe(404);
    expect(unmute.json().error.code).toBe('USER_NOT_FOUND');
    const pin = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/pin`, { messageId: 987654 });
    expect(pin.json().error.code).toBe('WORKSHOP_MESSAGE_NOT_FOUND');
    const remove = await as(t.app, w.moderator).delete(`/api/workshops/${workshop.id}/messages/987654`);
    expect(remove.json().error.code).toBe('WORKSHOP_MESSAGE_NOT_FOUND');
    const vote = await as(t.app, w.member).post(`/api/workshops/${workshop.id}/questions/987654/vote`);
    expect(vote.json().error.code).toBe('WORKSHOP_QUESTION_NOT_FOUND');
    const answer = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/questions/987654/answer`, { answer: 'Sí' });
    expect(answer.json().error.code).toBe('WORKSHOP_QUESTION_NOT_FOUND');
    const publish = await as(t.app, w.moderator).post(`/api/workshops/${workshop.id}/publish`, { forumId: 987654 });
    expect(publish.statusCode).toBeLessThan(500);
    for (const response of [pin, remove, vote, answer]) expect(response.statusCode).toBe(404);
  });
});

describe('registration', () => {
  it('registers, cancels, and answers 409 when the workshop is full', async () => {
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { capacity: 2 });
    const [a, b, c] = [w.member, await registerUser(t.app), await registerUser(t.app)];
    const first = await as(t.app, a).post(`/api/workshops/${workshop.id}/registration`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ registered: true, registrationCount: 1 });
    // Registering twice keeps one seat.
    expect((await as(t.app, a).post(`/api/workshops/${workshop.id}/registration`)).json().registrationCount).toBe(1);
    expect((await as(t.app, b).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);

    const full = await as(t.app, c).post(`/api/workshops/${workshop.id}/registration`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('WORKSHOP_FULL');
    expect(full.json().error.message).toContain('2');

    const cancelled = await as(t.app, a).delete(`/api/workshops/${workshop.id}/registration`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toEqual({ registered: false, registrationCount: 1 });
    expect((await as(t.app, c).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(200);

    const seen = (await as(t.app, c).get(`/api/workshops/${workshop.id}`)).json().workshop as Workshop;
    expect(seen.viewer.registered).toBe(true);
    expect(seen.registrationCount).toBe(2);
    expect((await as(t.app, null).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(401);
  });

  it('refuses registration once the workshop is over', async () => {
    const over = await scheduleWorkshop(t.app, w.moderator, w.slug, { startsAt: at(-5), endsAt: at(-3) });
    const late = await as(t.app, w.member).post(`/api/workshops/${over.id}/registration`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WORKSHOP_ENDED');
  });
});

describe('calendars', () => {
  it('gives a valid iCalendar file for a workshop, in UTC', async () => {
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, {
      title: 'Taller: rúbricas, evidencias; y portafolios',
      startsAt: '2030-05-02T13:00:00.000Z',
      endsAt: '2030-05-02T15:00:00.000Z',
    });
    const response = await as(t.app, null).get(`/api/workshops/${workshop.id}.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(response.body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.summary).toBe('Taller: rúbricas, evidencias; y portafolios');
    expect(event!.uid).toBe(`workshop-${workshop.id}@minga`);
    expect(event!.startDate.toJSDate().toISOString()).toBe('2030-05-02T13:00:00.000Z');
    expect(event!.endDate.toJSDate().toISOString()).toBe('2030-05-02T15:00:00.000Z');
    expect(event!.description).toContain(`/w/${workshop.id}`);
  });

  it('writes the event’s text in the workshop’s language', async () => {
    const guest = await registerUser(t.app, { displayName: 'Invitada Especialista' });
    const expected = { es: 'Conducen:', pt: 'Conduzem:', en: 'Hosts:' } as const;
    for (const [language, label] of Object.entries(expected)) {
      const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { language, hosts: [guest.username] });
      const file = (await as(t.app, null).get(`/api/workshops/${workshop.id}.ics`)).body;
      const [event] = new ICAL.Component(ICAL.parse(file)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(event!.description, language).toContain(`${label} `);
      expect(event!.description).toContain('Invitada Especialista');
      for (const other of Object.values(expected).filter((l) => l !== label)) expect(event!.description, language).not.toContain(other);
    }
  });

  it('gives a feed of the community’s workshops, and 404 for a private community’s to outsiders', async () => {
    const feed = await as(t.app, null).get(`/api/communities/${w.slug}/workshops.ics`);
    expect(feed.statusCode).toBe(200);
    const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect((await as(t.app, w.outsider).get(`/api/communities/${hidden.slug}/workshops.ics`)).statusCode).toBe(404);
  });
});

describe('a private community’s workshops', () => {
  it('are 404 to outsiders on every path, exactly like missing ones, and listed for members', async () => {
    const workshop = await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, { title: 'Reunión interna de coordinación' });
    const paths = (id: number) => [
      `/api/workshops/${id}`,
      `/api/workshops/${id}.ics`,
      `/api/workshops/${id}/transcript`,
    ];
    for (const viewer of [null, w.outsider]) {
      for (const [index, path] of paths(workshop.id).entries()) {
        const response = await as(t.app, viewer).get(path);
        expect(response.statusCode, path).toBe(404);
        const missing = await as(t.app, viewer).get(paths(999999)[index]!);
        expect(response.json().error).toEqual(missing.json().error);
      }
      expect((await as(t.app, viewer).post(`/api/workshops/${workshop.id}/registration`)).statusCode).toBe(404);
      const listed = (await as(t.app, viewer).get('/api/workshops')).json().items as Workshop[];
      expect(listed.map((i) => i.id)).not.toContain(workshop.id);
    }
    const forMember = (await as(t.app, hidden.member).get('/api/workshops?limit=100')).json().items as Workshop[];
    expect(forMember.map((i) => i.id)).toContain(workshop.id);
    expect((await as(t.app, hidden.member).get(`/api/workshops/${workshop.id}`)).statusCode).toBe(200);
  });
});

describe('the list', () => {
  it('pages with a cursor without repeating or skipping', async () => {
    for (let i = 0; i < 5; i += 1) await scheduleWorkshop(t.app, w.moderator, w.slug, { startsAt: at(100 + i) });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Workshop[]; nextCursor: string | null } = (await as(t.app, null).get(`/api/workshops?status=upcoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((i: Workshop) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await as(t.app, null).get('/api/workshops?status=upcoming&limit=100')).json().items.map((i: Workshop) => i.id);
    expect(seen).toEqual(all);
    expect((await as(t.app, null).get('/api/workshops?status=soon')).statusCode).toBe(400);
  });
});
