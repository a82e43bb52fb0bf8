import { describe, expect, it } from 'vitest';
import type { WorkshopMessage } from '../../shared/schemas/workshops.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld } from '../helpers/forums.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';
import { openWorkshop, scheduleWorkshop } from '../helpers/workshops.ts';

const { state, sockets } = liveWorld();
const app = () => state.server.app;

async function inRoom(cookie: string | undefined, workshopId: number) {
  const socket = await sockets.connect(cookie);
  const joined = await ask(socket, 'workshop:join', { workshopId });
  expect(joined.ok, JSON.stringify(joined)).toBe(true);
  return { socket, joined: joined.data };
}

describe('joining a workshop room', () => {
  it('is refused to people who may not read the community, like a missing workshop', async () => {
    const hidden = await buildWorld(app(), { visibility: 'private', admin: state.w.admin });
    const workshop = await openWorkshop(app(), hidden.moderator, hidden.slug);
    for (const cookie of [undefined, hidden.outsider.cookie]) {
      const socket = await sockets.connect(cookie);
      const refused = await ask(socket, 'workshop:join', { workshopId: workshop.id });
      const missing = await ask(socket, 'workshop:join', { workshopId: 999_999 });
      expect(refused).toEqual({ ok: false, error: { code: 'WORKSHOP_NOT_FOUND', message: expect.any(String) } });
      expect(refused).toEqual(missing);
      // Writing without having joined is refused too.
      expect((await ask(socket, 'workshop:message', { workshopId: workshop.id, body: 'Hola' })).ok).toBe(false);
    }
    const { joined } = await inRoom(hidden.member.cookie, workshop.id);
    expect(joined.workshop.id).toBe(workshop.id);
    expect(joined.workshop.room.state).toBe('open');
  });

  it('takes a member out of a private community’s room when they leave it', async () => {
    const hidden = await buildWorld(app(), { visibility: 'private', admin: state.w.admin });
    const workshop = await openWorkshop(app(), hidden.moderator, hidden.slug);
    const { socket } = await inRoom(hidden.member.cookie, workshop.id);
    await as(app(), hidden.member).post(`/api/communities/${hidden.slug}/leave`);
    await expect.poll(async () => (await app().io.in(`workshop:${workshop.id}`).fetchSockets()).some((s) => s.id === socket.id)).toBe(false);
    expect(await silent(socket, 'workshop:message', () => true, 300)).toBe(true);
  });

  it('lets an invited host who is not a member into their own private workshop’s room, and only them', async () => {
    const hidden = await buildWorld(app(), { visibility: 'private', admin: state.w.admin });
    const guest = await registerUser(app());
    const workshop = await scheduleWorkshop(app(), hidden.moderator, hidden.slug, { hosts: [guest.username] });
    expect((await as(app(), guest).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    const host = await inRoom(guest.cookie, workshop.id);
    expect(host.joined.workshop.viewer).toMatchObject({ isHost: true, canControl: true, canChat: true });
    const member = await inRoom(hidden.member.cookie, workshop.id);
    const arriving = next(member.socket, 'workshop:message', (p) => p.workshopId === workshop.id);
    expect((await ask(host.socket, 'workshop:message', { workshopId: workshop.id, body: 'Bienvenidos' })).ok).toBe(true);
    expect((await arriving).message.author.id).toBe(guest.user.id);
    const other = await sockets.connect(hidden.outsider.cookie);
    expect((await ask(other, 'workshop:join', { workshopId: workshop.id })).error?.code).toBe('WORKSHOP_NOT_FOUND');
  });
});

describe('the chat', () => {
  it('delivers cooked messages to everyone in the room, and refuses a closed room', async () => {
    const scheduled = await scheduleWorkshop(app(), state.w.moderator, state.w.slug);
    const early = await inRoom(state.w.member.cookie, scheduled.id);
    const refused = await ask(early.socket, 'workshop:message', { workshopId: scheduled.id, body: 'Temprano' });
    expect(refused.error?.code).toBe('WORKSHOP_NOT_OPEN');

    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const ana = await inRoom(state.w.member.cookie, workshop.id);
    const host = await inRoom(state.w.moderator.cookie, workshop.id);
    const arriving = next(host.socket, 'workshop:message', (p) => p.workshopId === workshop.id);
    const sent = await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'Hola **a todos** <script>x()</script>' });
    expect(sent.ok).toBe(true);
    const { message } = await arriving;
    expect(message.bodyHtml).toBe('<p>Hola <strong>a todos</strong> </p>');
    expect(message.author.id).toBe(state.w.member.user.id);
    expect(sent.data.message.id).toBe(message.id);

    const outsider = await inRoom(state.w.outsider.cookie, workshop.id);
    const notMember = await ask(outsider.socket, 'workshop:message', { workshopId: workshop.id, body: 'Sin ser miembro' });
    expect(notMember.error?.code).toBe('NOT_A_MEMBER');
  });

  it('refuses a muted attendee and slow mode with clear errors; hosts are not held by them', async () => {
    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const ana = await inRoom(state.w.member.cookie, workshop.id);
    const host = await inRoom(state.w.moderator.cookie, workshop.id);

    expect((await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/slow-mode`, { seconds: 30 })).statusCode).toBe(200);
    expect((await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'Primero' })).ok).toBe(true);
    const tooSoon = await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'Segundo' });
    expect(tooSoon.error?.code).toBe('WORKSHOP_SLOW_MODE');
    expect(tooSoon.error?.message).toMatch(/modo lento.*\d+ s/i);
    expect((await ask(host.socket, 'workshop:message', { workshopId: workshop.id, body: 'Uno' })).ok).toBe(true);
    expect((await ask(host.socket, 'workshop:message', { workshopId: workshop.id, body: 'Dos' })).ok).toBe(true);
    await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/slow-mode`, { seconds: 0 });

    const told = next(ana.socket, 'workshop:muted', (p) => p.workshopId === workshop.id);
    expect((await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/mutes`, { userId: state.w.member.user.id })).statusCode).toBe(200);
    expect((await told).muted).toBe(true);
    const muted = await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'Sigo aquí' });
    expect(muted.error?.code).toBe('WORKSHOP_MUTED');
    expect(muted.error?.message).toMatch(/silenci/i);
    expect((await ask(ana.socket, 'workshop:question', { workshopId: workshop.id, body: '¿Puedo preguntar?' })).error?.code).toBe('WORKSHOP_MUTED');
    // Only hosts and moderators mute.
    expect((await as(app(), state.w.member).post(`/api/workshops/${workshop.id}/mutes`, { userId: state.w.moderator.user.id })).statusCode).toBe(403);

    await as(app(), state.w.moderator).delete(`/api/workshops/${workshop.id}/mutes/${state.w.member.user.id}`);
    expect((await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'De vuelta' })).ok).toBe(true);
  });

  it('makes a deleted message vanish for everyone live', async () => {
    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const ana = await inRoom(state.w.member.cookie, workshop.id);
    const host = await inRoom(state.w.moderator.cookie, workshop.id);
    const sent = await ask(ana.socket, 'workshop:message', { workshopId: workshop.id, body: 'Un mensaje fuera de lugar' });
    const id = sent.data.message.id as number;
    const pinned = next(ana.socket, 'workshop:room', (p) => p.room.pinned?.id === id);
    await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/pin`, { messageId: id });
    await pinned;

    const audits: unknown[] = [];
    const stop = app().bus.subscribe('audit.action', (event) => void audits.push(event));
    const goneForAna = next(ana.socket, 'workshop:message:deleted', (p) => p.messageId === id);
    const goneForHost = next(host.socket, 'workshop:message:deleted', (p) => p.messageId === id);
    const unpinned = next(ana.socket, 'workshop:room', (p) => p.room.pinned === null);
    expect((await as(app(), state.w.member).delete(`/api/workshops/${workshop.id}/messages/${id}`)).statusCode).toBe(403);
    expect((await as(app(), state.w.moderator).delete(`/api/workshops/${workshop.id}/messages/${id}`)).statusCode).toBe(200);
    await Promise.all([goneForAna, goneForHost, unpinned]);
    stop();
    expect(audits).toContainEqual({
      actorId: state.w.moderator.user.id,
      action: 'workshop.message.delete',
      communityId: workshop.community.id,
      targetType: 'workshop_message',
      targetId: id,
      reason: null,
    });
    const transcript = (await as(app(), null).get(`/api/workshops/${workshop.id}/transcript`)).json();
    expect(transcript.messages.map((m: WorkshopMessage) => m.id)).not.toContain(id);
  });
});

describe('questions to the hosts', () => {
  it('are ranked by votes for everyone live, one vote per person, and answered state arrives live', async () => {
    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const voters = await Promise.all([registerUser(app()), registerUser(app())]);
    for (const voter of voters) await as(app(), state.w.admin).post(`/api/communities/${state.w.slug}/members/${voter.user.id}`, { status: 'active' });
    const ana = await inRoom(state.w.member.cookie, workshop.id);
    const host = await inRoom(state.w.moderator.cookie, workshop.id);
    const others = await Promise.all(voters.map((v) => inRoom(v.cookie, workshop.id)));

    const first = (await ask(ana.socket, 'workshop:question', { workshopId: workshop.id, body: '¿Cómo empiezo?' })).data.question.id;
    const second = (await ask(others[0]!.socket, 'workshop:question', { workshopId: workshop.id, body: '¿Qué rúbrica usan?' })).data.question.id;

    const reordered = next(host.socket, 'workshop:questions', (p) => p.questions[0]?.id === second && p.questions[0]?.votes === 2);
    expect((await ask(others[1]!.socket, 'workshop:vote', { workshopId: workshop.id, questionId: second })).ok).toBe(true);
    expect((await ask(ana.socket, 'workshop:vote', { workshopId: workshop.id, questionId: second })).ok).toBe(true);
    const ranked = await reordered;
    expect(ranked.questions.map((q) => [q.id, q.votes])).toEqual([[second, 2], [first, 0]]);

    const twice = await ask(ana.socket, 'workshop:vote', { workshopId: workshop.id, questionId: second });
    expect(twice.error?.code).toBe('WORKSHOP_ALREADY_VOTED');
    expect((await as(app(), null).get(`/api/workshops/${workshop.id}/questions`)).json().questions[0].votes).toBe(2);

    const answered = next(ana.socket, 'workshop:questions', (p) => p.questions.some((q) => q.id === second && q.answered));
    await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/questions/${second}/answer`, { answer: 'La del **anexo 2**.' });
    const after = await answered;
    const done = after.questions.find((q) => q.id === second)!;
    expect(done.answerHtml).toContain('<strong>anexo 2</strong>');
    expect(done.answeredBy?.id).toBe(state.w.moderator.user.id);
    // Answered questions go after the open ones.
    expect(after.questions.map((q) => q.id)).toEqual([first, second]);

    // A reconnecting attendee learns what they voted.
    const again = await inRoom(state.w.member.cookie, workshop.id);
    expect(again.joined.votedQuestionIds).toEqual([second]);
  });
});

describe('reconnection', () => {
  it('catches up with every message exactly once and learns of deletions', async () => {
    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const seen = new Map<number, number>();
    const record = (m: WorkshopMessage) => seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
    const expected: number[] = [];
    const say = async (body: string) => {
      const res = await as(app(), state.w.moderator).post(`/api/workshops/${workshop.id}/messages`, { body });
      expected.push(res.json().message.id);
      return res.json().message.id as number;
    };
    await say('Antes de que llegue');

    let { socket, joined } = await inRoom(state.w.member.cookie, workshop.id);
    (joined.messages as WorkshopMessage[]).forEach(record);
    socket.on('workshop:message', ({ message }) => record(message));
    for (let i = 0; i < 3; i += 1) await say(`En vivo ${i}`);
    await expect.poll(() => seen.size).toBe(4);

    socket.disconnect();
    const doomed = expected[1]!;
    for (let i = 0; i < 4; i += 1) await say(`Mientras tanto ${i}`);
    await as(app(), state.w.moderator).delete(`/api/workshops/${workshop.id}/messages/${doomed}`);

    socket = await sockets.connect(state.w.member.cookie);
    socket.on('workshop:message', ({ message }) => record(message));
    const newest = Math.max(...seen.keys());
    const rejoined = await ask(socket, 'workshop:join', { workshopId: workshop.id, afterMessageId: newest });
    expect(rejoined.ok).toBe(true);
    expect(rejoined.data.truncated).toBe(false);
    expect(rejoined.data.deletedMessageIds).toEqual([doomed]);
    (rejoined.data.messages as WorkshopMessage[]).forEach(record);
    await say('Después');
    await expect.poll(() => seen.size).toBe(expected.length);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });
});

describe('sanctions in the room', () => {
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  async function attendee() {
    const account = await registerUser(app());
    await as(app(), state.w.admin).post(`/api/communities/${state.w.slug}/members/${account.user.id}`, { status: 'active' });
    return account;
  }

  it('refuse a suspended account and a member silenced in the community on messages, questions and votes, with clear errors', async () => {
    const workshop = await openWorkshop(app(), state.w.moderator, state.w.slug);
    const asked = await as(app(), state.w.member).post(`/api/workshops/${workshop.id}/questions`, { body: '¿Hay material de lectura?' });
    const questionId = asked.json().question.id as number;
    const suspended = await attendee();
    const silenced = await attendee();
    const rooms = { suspended: await inRoom(suspended.cookie, workshop.id), silenced: await inRoom(silenced.cookie, workshop.id) };
    // Both wrote before the sanctions, on sockets opened before them.
    for (const { socket } of Object.values(rooms)) {
      expect((await ask(socket, 'workshop:message', { workshopId: workshop.id, body: 'Hola' })).ok).toBe(true);
    }

    expect((await as(app(), state.w.admin).post(`/api/users/${suspended.user.id}/suspension`, { until: inAWeek(), reason: 'Spam' })).statusCode).toBe(200);
    expect(
      (await as(app(), state.w.moderator).post(`/api/communities/${state.w.slug}/members/${silenced.user.id}/silence`, { until: inAWeek() })).statusCode,
    ).toBe(200);
    const host = await inRoom(state.w.moderator.cookie, workshop.id);
    const quiet = silent(host.socket, 'workshop:message', (p) => p.workshopId === workshop.id, 300);
    for (const [who, code] of [['suspended', 'ACCOUNT_SUSPENDED'], ['silenced', 'SILENCED_IN_COMMUNITY']] as const) {
      const { socket } = rooms[who];
      const message = await ask(socket, 'workshop:message', { workshopId: workshop.id, body: 'Sigo aquí' });
      expect(message, who).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
      const question = await ask(socket, 'workshop:question', { workshopId: workshop.id, body: '¿Puedo preguntar?' });
      expect(question, who).toMatchObject({ ok: false, error: { code } });
      const vote = await ask(socket, 'workshop:vote', { workshopId: workshop.id, questionId });
      expect(vote, who).toMatchObject({ ok: false, error: { code } });
      // Following the room goes on.
      expect((await ask(socket, 'workshop:join', { workshopId: workshop.id })).ok, who).toBe(true);
    }
    expect(await quiet).toBe(true);
    const questions = (await as(app(), null).get(`/api/workshops/${workshop.id}/questions`)).json().questions;
    expect(questions).toHaveLength(1);
    expect(questions[0].votes).toBe(0);
  });
});
