/**
 * Digests through a real SMTP server on loopback: what a member gets (in their language, the
 * sections that apply, only what they may read), when they get nothing (nothing new, active
 * that day), daily against weekly periods, and a restart that neither skips nor doubles.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { isVerificationMail, mailTo } from '../helpers/mail.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';
import { runDigestsCommand } from '../../server/digests.ts';
import { digestsRepositories } from '../../server/modules/digests/index.ts';
import { createDigests } from '../../server/modules/digests/service.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;
const PUBLIC_URL = 'https://minga.example.org';
const DAY = 24 * 3600_000;

let sink: SmtpSink;
let t: TestApp;
/** The first account: the site's admin, who creates every community here. */
let admin: Account;

beforeAll(async () => {
  sink = await startSmtpSink(0, { ignore: isVerificationMail });
  t = await buildTestApp({ mail: { smtpUrl: sink.url, from: 'Minga <minga@example.org>', publicUrl: PUBLIC_URL } });
  admin = await registerUser(t.app);
});
afterAll(async () => {
  await t?.app.close();
  await sink?.close();
});

/** Nobody has been on the site for days (a run sends to the members away). */
const everyoneAway = () => t.database.sqlite.prepare('UPDATE sessions SET last_seen_at = 0').run();
const seenAt = (account: Account, at: Date) => t.database.sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?').run(at.getTime(), account.user.id);
/** Places a thread and its posts at a moment (content is dated by the server's clock). */
const dateThread = (threadId: number, at: Date) => {
  t.database.sqlite.prepare('UPDATE threads SET created_at = ?, last_post_at = ? WHERE id = ?').run(at.getTime(), at.getTime(), threadId);
  t.database.sqlite.prepare('UPDATE posts SET created_at = ? WHERE thread_id = ?').run(at.getTime(), threadId);
};
const digestsTo = (account: Account) =>
  t.database.sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'digest' AND user_id = ?").get(account.user.id) as { n: number };

/** Waits for the run's mails to arrive and returns those to the account. */
async function mailsTo(account: Account, total: number): Promise<ParsedMail[]> {
  const messages = await sink.waitFor(total);
  return messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(account.email));
}

describe('the weekly digest', () => {
  let world: World;
  let secret: World;
  let insider: Account;
  let outsider: Account;
  let busy: Account;
  let runAt: Date;
  let expertise: string;

  beforeAll(async () => {
    world = await buildWorld(t.app, { admin });
    secret = await buildWorld(t.app, { visibility: 'private', admin });
    insider = secret.member; // in the private community, and joins the public one
    outsider = world.outsider; // joins only the public one
    busy = world.member;
    for (const person of [insider, outsider]) expect((await as(t.app, person).post(`/api/communities/${world.slug}/join`)).statusCode).toBe(200);
    expect((await as(t.app, insider).patch('/api/me', { locale: 'pt' })).statusCode).toBe(200);

    // A busy public thread: a reply to its opening post and a reaction on it.
    const open = await startThread(t.app, world.moderator, world.forumId, { title: 'Aprendizaje dual en los talleres' });
    await replyTo(t.app, busy, open.thread.id, 'En nuestro centro alternamos cada dos semanas.', open.post.id);
    expect((await as(t.app, outsider).post(`/api/posts/${open.post.id}/reactions`, { kind: 'like' })).statusCode).toBe(200);
    // A thread of the private community, and a public one the moderators hid.
    await startThread(t.app, secret.moderator, secret.forumId, { title: 'Plan reservado de la red privada' });
    const hidden = await startThread(t.app, world.moderator, world.forumId, { title: 'Tema retirado por moderación' });
    expect((await as(t.app, world.moderator).post(`/api/threads/${hidden.thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);

    // The insider is a specialist: an open question in their expertise is for them.
    expertise = (t.database.sqlite.prepare("SELECT code FROM vocab_terms WHERE scheme = 'expertise' LIMIT 1").get() as { code: string }).code;
    const now = Date.now();
    t.database.sqlite
      .prepare(
        `INSERT INTO specialists (name, expertise, languages, summary, cv, availability, cv_visibility, user_id, created_at, updated_at)
         VALUES ('Especialista', ?, '["es"]', '', '{"education":[],"experience":[],"publications":[]}', '["answering"]', '{}', ?, ?, ?)`,
      )
      .run(JSON.stringify([expertise]), insider.user.id, now, now);
    // The outsider is one too, with the same expertise, but outside the private community.
    t.database.sqlite
      .prepare(
        `INSERT INTO specialists (name, expertise, languages, summary, cv, availability, cv_visibility, user_id, created_at, updated_at)
         VALUES ('Especialista externo', ?, '["es"]', '', '{"education":[],"experience":[],"publications":[]}', '["answering"]', '{}', ?, ?, ?)`,
      )
      .run(JSON.stringify([expertise]), outsider.user.id, now, now);
    const reserved = await as(t.app, secret.moderator).post(`/api/forums/${secret.forumId}/threads`, {
      title: '¿Pregunta reservada a la red privada?',
      body: 'Solo para miembros.',
      kind: 'question',
      expertise: [expertise],
    });
    expect(reserved.statusCode).toBe(201);
    const question = await as(t.app, busy).post(`/api/forums/${world.forumId}/threads`, {
      title: '¿Cómo certificar competencias laborales?',
      body: 'Buscamos experiencias.',
      kind: 'question',
      expertise: [expertise],
    });
    expect(question.statusCode).toBe(201);

    // An upcoming workshop in the public community; a resource in the insider's institution's sector.
    await scheduleWorkshop(t.app, world.moderator, world.slug, { title: 'Taller de tutores de empresa', startsAt: new Date(now + 3 * DAY).toISOString() });
    const senai = (t.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
    expect((await as(t.app, insider).patch('/api/me', { institutionId: senai })).statusCode).toBe(200);
    const created = await as(t.app, world.admin).post('/api/resources', {
      title: 'Guía de mecatrónica dual',
      summary: 'Alternancia entre el centro y la empresa.',
      type: 'guide',
      languages: ['es'],
      countryCode: 'BR',
      institutionId: senai,
      authors: ['Ana Souza'],
      year: 2021,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    expect(created.statusCode, created.body).toBe(201);

    everyoneAway();
    runAt = new Date(now + 60_000);
    seenAt(busy, new Date(runAt.getTime() - 3600_000)); // on the site an hour before the run
  });

  it('arrives in the member’s language with the sections that apply, and only what they may read', async () => {
    const report = await t.app.digests.runDue(runAt);
    expect(report.sent).toBeGreaterThanOrEqual(2);
    const [mail] = await mailsTo(insider, report.sent);
    expect(mail, 'the insider gets a digest').toBeDefined();
    expect(mail!.subject).toBe('Novidades da semana nas suas comunidades da Minga');
    expect(mail!.html).toContain('lang="pt"');
    for (const heading of ['Tópicos novos mais ativos', 'Mensagens em destaque', 'Perguntas sem resposta na sua especialidade', 'Próximas oficinas', 'Recursos novos nos seus setores']) {
      expect(mail!.text).toContain(heading);
    }
    expect(mail!.text).toContain('Aprendizaje dual en los talleres');
    expect(mail!.text).toContain('Plan reservado de la red privada');
    expect(mail!.text).toContain('¿Cómo certificar competencias laborales?');
    expect(mail!.text).toContain('Taller de tutores de empresa');
    expect(mail!.text).toContain('Guía de mecatrónica dual');
    expect(mail!.text).not.toContain('Tema retirado por moderación');
    expect(mail!.html).toMatch(/href="https:\/\/minga\.example\.org\/t\/\d+"/);
    // Not transactional: unsubscribe by URL and mailto, one-click.
    const raw = (key: string) => mail!.headerLines.find((h) => h.key === key)?.line.replace(/\r\n\s+/g, ' ');
    expect(raw('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/minga\.example\.org\/api\/mail\/unsubscribe\?token=(\d+\.digest\.[\w-]{22})>, <mailto:unsubscribe\+\1@example\.org>$/,
    );
    expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const [other] = await mailsTo(outsider, report.sent);
    expect(other, 'the outsider gets a digest of the public community').toBeDefined();
    expect(other!.subject).toBe('Novedades de la semana en sus comunidades de Minga');
    expect(other!.text).toContain('Aprendizaje dual en los talleres');
    expect(other!.text).not.toContain('Plan reservado de la red privada');
    expect(other!.html).not.toContain('Plan reservado de la red privada');
    expect(other!.text).not.toContain('Tema retirado por moderación');
    // A specialist too: the public question is for them, the private community's is not.
    expect(other!.text).toContain('¿Cómo certificar competencias laborales?');
    expect(other!.text).not.toContain('¿Pregunta reservada a la red privada?');
    expect(mail!.text).toContain('¿Pregunta reservada a la red privada?');
  });

  it('is not sent to a member who was on the site that day', async () => {
    expect(digestsTo(busy).n).toBe(0);
    expect((await mailsTo(busy, sink.messages.length)).length).toBe(0);
  });

  it('is sent once per period: a second run (a restart) sends nothing more', async () => {
    const before = sink.messages.length;
    const again = await t.app.digests.runDue(new Date(runAt.getTime() + 3600_000));
    expect(again.sent).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(before);
    expect(digestsTo(insider).n).toBe(1);
  });

  it('sends nothing when nothing is new', async () => {
    everyoneAway();
    const nextWeek = await t.app.digests.runDue(new Date(runAt.getTime() + 8 * DAY));
    expect(nextWeek.sent).toBe(0);
    expect(nextWeek.empty).toBeGreaterThan(0);
    expect(digestsTo(insider).n).toBe(1);
  });
});

describe('daily and weekly periods', () => {
  it('a daily member gets one a day with what is new since the last; a weekly one, one a week', async () => {
    const world = await buildWorld(t.app, { admin });
    const daily = world.member;
    const weekly = world.outsider;
    expect((await as(t.app, weekly).post(`/api/communities/${world.slug}/join`)).statusCode).toBe(200);
    expect((await as(t.app, daily).get('/api/me/digest')).json()).toEqual({ frequency: 'weekly' });
    const put = await t.app.inject({ method: 'PUT', url: '/api/me/digest', headers: { origin: 'http://localhost:80', cookie: daily.cookie }, payload: { frequency: 'daily' } });
    expect(put.json()).toEqual({ frequency: 'daily' });
    expect((await as(t.app, daily).get('/api/me/digest')).json()).toEqual({ frequency: 'daily' });

    const monday = new Date('2027-03-01T10:00:00Z');
    const first = await startThread(t.app, world.moderator, world.forumId, { title: 'Primer tema del lunes' });
    dateThread(first.thread.id, new Date(monday.getTime() - 2 * 3600_000));
    const second = await startThread(t.app, world.moderator, world.forumId, { title: 'Segundo tema del martes' });
    dateThread(second.thread.id, new Date(monday.getTime() + DAY - 2 * 3600_000));
    everyoneAway();

    const seen = sink.messages.length;
    const onMonday = await t.app.digests.runDue(monday);
    const afterMonday = seen + onMonday.sent;
    const mondays = await sink.waitFor(afterMonday);
    const dailyMonday = mondays.slice(seen).find((m) => (m.to as { text: string }).text.includes(daily.email))!;
    expect(dailyMonday.subject).toBe('Novedades del día en sus comunidades de Minga');
    expect(dailyMonday.text).toContain('Primer tema del lunes');
    expect(dailyMonday.text).not.toContain('Segundo tema del martes');

    // Tuesday: the daily member's next period; the weekly member's week is done.
    const tuesday = await t.app.digests.runDue(new Date(monday.getTime() + DAY));
    const mails = await sink.waitFor(afterMonday + 1);
    const dailyTuesday = mails[afterMonday]!;
    expect((dailyTuesday.to as { text: string }).text).toContain(daily.email);
    expect(dailyTuesday.text).toContain('Segundo tema del martes');
    expect(dailyTuesday.text).not.toContain('Primer tema del lunes');
    expect(digestsTo(weekly).n).toBe(1);
    expect(tuesday.sent).toBe(1);

    // The next Monday: the weekly member gets Tuesday's thread; the daily one has nothing new.
    const nextMonday = await t.app.digests.runDue(new Date(monday.getTime() + 7 * DAY));
    expect(digestsTo(weekly).n).toBe(2);
    expect(digestsTo(daily).n).toBe(2);
    expect(nextMonday.empty).toBeGreaterThan(0);
    // Their own threads are not news to the author.
    expect(digestsTo(world.moderator).n).toBe(0);
  });

  it('never: no digest at all', async () => {
    const world = await buildWorld(t.app, { admin });
    const put = await t.app.inject({ method: 'PUT', url: '/api/me/digest', headers: { origin: 'http://localhost:80', cookie: world.member.cookie }, payload: { frequency: 'never' } });
    expect(put.statusCode).toBe(200);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/me/digest', headers: { origin: 'http://localhost:80', cookie: world.member.cookie }, payload: { frequency: 'hourly' } });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/digest' })).statusCode).toBe(401);
    await startThread(t.app, world.moderator, world.forumId, { title: 'Un tema para nadie' });
    everyoneAway();
    await t.app.digests.runDue(new Date(Date.now() + 60_000));
    expect(digestsTo(world.member).n).toBe(0);
    expect(digestsTo(world.outsider).n).toBe(0); // not in the community: nothing new for them
  });
});

describe('npm run mail:digests', () => {
  it('sends the due digests now, for one member when asked', async () => {
    const world = await buildWorld(t.app, { admin });
    await startThread(t.app, world.moderator, world.forumId, { title: 'Tema para el comando' });
    everyoneAway();
    const lines: string[] = [];
    const report = await runDigestsCommand(t.app.digests, { username: world.member.username, now: new Date(Date.now() + 60_000), say: (line) => lines.push(line) });
    expect(report.sent).toBe(1);
    expect(digestsTo(world.member).n).toBe(1);
    expect(digestsTo(world.moderator).n).toBe(0);
    expect(lines.join('\n')).toMatch(/1 digest/);
  });
});

describe('notifications held for the digest', () => {
  it('make a section of their own, and are news enough for a digest', async () => {
    const person = await registerUser(t.app);
    everyoneAway();
    const asked: { userIds: number[]; since: Date }[] = [];
    const repos = digestsRepositories(t.database);
    const digests = createDigests({
      repo: repos.digests,
      content: repos.content,
      outbox: t.app.mail.outbox,
      unsubscribe: { token: (userId, kind) => `${userId}.${kind}.signature` },
      heldNotifications: (userIds, since) => {
        asked.push({ userIds, since });
        return new Map([[person.user.id, [{ title: 'Le mencionaron en «Tutorías»', url: '/t/1#post-2', meta: 'hace 3 horas' }]]]);
      },
    });
    const before = sink.messages.length;
    const report = await digests.runDue(new Date(Date.now() + 3 * DAY), { username: person.username });
    expect(report.sent).toBe(1);
    expect(asked).toHaveLength(1); // one call for the whole run
    expect(asked[0]!.userIds).toEqual([person.user.id]);
    const mail = await mailTo(sink, person.email, { after: before });
    expect(mail!.text).toContain('Sus notificaciones');
    expect(mail!.text).toContain('Le mencionaron en «Tutorías»');
    expect(mail!.html).toContain('href="https://minga.example.org/t/1#post-2"');
  });
});
