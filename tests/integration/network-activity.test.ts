import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { activityRepositories } from '../../server/modules/activity/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

type Series = { name: string; points: { date: string; value: number | null }[] };

const DAY = 86_400_000;
/** The UTC day of a moment in milliseconds, in this run's SQL (SQLite's date(), PostgreSQL's to_char). */
const utcDay = (millis: string) =>
  onPostgres ? `to_char(to_timestamp(${millis} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `date(${millis} / 1000, 'unixepoch')`;
const today = () => new Date().toISOString().slice(0, 10);
/** Far enough back for the test's oldest rows, within what a day-by-day chart allows. */
const since = () => new Date(Date.now() - 700 * DAY).toISOString().slice(0, 10);

describe('network activity', () => {
  let t: TestApp;
  let open: World;
  let closed: World;

  beforeEach(async () => {
    t = await buildTestApp();
    open = await buildWorld(t.app);
    closed = await buildWorld(t.app, { visibility: 'private', admin: open.admin });
    await as(t.app, open.member).patch('/api/me', { countryCode: 'UY' });
    await as(t.app, open.moderator).patch('/api/me', { countryCode: 'AR' });
  });
  afterEach(async () => t.app.close());

  async function activity(account: World['admin'] | null, query = '') {
    const response = await as(t.app, account).get(`/api/network/activity?interval=day&from=${since()}&to=${today()}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { scope: string; series: Series[] };
  }
  const total = (body: { series: Series[] }, name: string) => body.series.find((s) => s.name === name)!.points.reduce((sum, p) => sum + (p.value ?? 0), 0);
  const byDay = (body: { series: Series[] }, name: string) =>
    Object.fromEntries(body.series.find((s) => s.name === name)!.points.filter((p) => p.value).map((p) => [p.date, p.value as number])) as Record<string, number>;

  /** Counts straight from the source tables, written here rather than taken from the app. */
  function sqlPosts(options: { publicOnly?: boolean; slug?: string; country?: string } = {}): Record<string, number> {
    const rows = t.database.sqlite
      .prepare(
        `SELECT ${utcDay('p.created_at')} AS day, count(*) AS n FROM posts p
         JOIN threads th ON th.id = p.thread_id JOIN communities c ON c.id = th.community_id JOIN users u ON u.id = p.author_id
         WHERE p.hidden = 0 AND p.deleted_at IS NULL AND th.hidden = 0
           AND (@publicOnly = 0 OR c.visibility = 'public') AND (CAST(@slug AS TEXT) IS NULL OR c.slug = @slug) AND (CAST(@country AS TEXT) IS NULL OR u.country_code = @country)
         GROUP BY 1`,
      )
      .all({ publicOnly: options.publicOnly ? 1 : 0, slug: options.slug ?? null, country: options.country ?? null }) as { day: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.day, r.n]));
  }
  function sqlAnswered(publicOnly: boolean): { count: number; hours: number[] } {
    const rows = t.database.sqlite
      .prepare(
        `SELECT (a.created_at - q.created_at) / 3600000.0 AS hours FROM threads q JOIN posts a ON a.id = q.accepted_post_id
         JOIN communities c ON c.id = q.community_id
         WHERE q.kind = 'question' AND q.hidden = 0 AND a.hidden = 0 AND a.deleted_at IS NULL AND (@p = 0 OR c.visibility = 'public')`,
      )
      .all({ p: publicOnly ? 1 : 0 }) as { hours: number }[];
    return { count: rows.length, hours: rows.map((r) => r.hours) };
  }

  async function busyNetwork() {
    const discussion = await startThread(t.app, open.member, open.forumId);
    await replyTo(t.app, open.moderator, discussion.thread.id, 'En el SENA usamos portafolios de evidencias.');
    const hidden = await replyTo(t.app, open.member, discussion.thread.id, 'Un mensaje fuera de tema.');
    expect((await as(t.app, open.moderator).post(`/api/posts/${hidden.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    const question = await startThread(t.app, open.member, open.forumId, { kind: 'question', title: '¿Cómo certifican competencias laborales?' });
    const answer = await replyTo(t.app, open.moderator, question.thread.id, 'Con una evaluación en el puesto de trabajo.');
    expect((await as(t.app, open.member).post(`/api/threads/${question.thread.id}/accept`, { postId: answer.id })).statusCode).toBe(200);
    const secret = await startThread(t.app, closed.member, closed.forumId, { kind: 'question' });
    const secretAnswer = await replyTo(t.app, closed.moderator, secret.thread.id, 'Respuesta en la comunidad privada.');
    expect((await as(t.app, closed.member).post(`/api/threads/${secret.thread.id}/accept`, { postId: secretAnswer.id })).statusCode).toBe(200);
    return { discussion, question, secret };
  }

  it('gives the figures counted independently from posts, users and accepted answers, kept in step by events and equal after a rebuild', async () => {
    await busyNetwork();
    const admin = await activity(open.admin);
    expect(admin.scope).toBe('all');
    expect(byDay(admin, 'posts')).toEqual(sqlPosts());
    expect(total(admin, 'posts')).toBe(6);
    const users = t.database.sqlite.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number };
    expect(total(admin, 'members')).toBe(users.n);
    expect(total(admin, 'answered')).toBe(sqlAnswered(false).count);
    expect(total(admin, 'answered')).toBe(2);
    expect(byDay(await activity(open.admin, '&country=UY'), 'posts')).toEqual(sqlPosts({ country: 'UY' }));
    expect(byDay(await activity(open.admin, `&community=${closed.slug}`), 'posts')).toEqual(sqlPosts({ slug: closed.slug }));

    // Older data, written the way an import or the demo seed writes it (no events): the start's rebuild counts it.
    t.database.sqlite.prepare(`UPDATE posts SET created_at = created_at - ? WHERE id IN (SELECT id FROM posts ORDER BY id LIMIT 3)`).run(40 * DAY);
    t.database.sqlite.prepare(`UPDATE users SET created_at = created_at - ? WHERE id % 2 = 0`).run(400 * DAY);
    await activityRepositories(t.database).rollup.rebuild();
    const rebuilt = await activity(open.admin);
    expect(byDay(rebuilt, 'posts')).toEqual(sqlPosts());
    expect(Object.keys(byDay(rebuilt, 'posts')).length).toBe(2);
    const registrations = t.database.sqlite.prepare(`SELECT ${utcDay('created_at')} AS day, count(*) AS n FROM users GROUP BY 1`).all() as { day: string; n: number }[];
    expect(byDay(rebuilt, 'members')).toEqual(Object.fromEntries(registrations.map((r) => [r.day, r.n])));
    const weekly = await as(t.app, open.admin).get(`/api/network/activity?interval=month&from=2020-01-01&to=${today()}`);
    expect(total(weekly.json(), 'posts')).toBe(6);
  });

  it('moves today’s count live: a new post counts at once, a hidden one drops out', async () => {
    const { discussion } = await busyNetwork();
    const before = byDay(await activity(null), 'posts')[today()] ?? 0;
    expect(before).toBeGreaterThan(0);
    const reply = await replyTo(t.app, open.member, discussion.thread.id, 'Otra experiencia: el aprendizaje basado en proyectos.');
    expect(byDay(await activity(null), 'posts')[today()]).toBe(before + 1);
    await as(t.app, open.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: true });
    expect(byDay(await activity(null), 'posts')[today()]).toBe(before);
    // A hidden thread takes its posts (two visible) out; shown again, they come back.
    expect((await as(t.app, open.moderator).post(`/api/threads/${discussion.thread.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect(byDay(await activity(null), 'posts')[today()]).toBe(before - 2);
    expect(byDay(await activity(null), 'posts')).toEqual(sqlPosts({ publicOnly: true }));
    await as(t.app, open.moderator).post(`/api/threads/${discussion.thread.id}/moderation`, { hidden: false });
    expect(byDay(await activity(null), 'posts')[today()]).toBe(before);
    const newcomer = await registerUser(t.app);
    expect(newcomer.user.id).toBeGreaterThan(0);
    const members = await activity(null);
    expect(total(members, 'members')).toBe((t.database.sqlite.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n);
  });

  it('shows everyone but admins and editors only the public communities: a private community never moves the public numbers', async () => {
    await busyNetwork();
    const editor = await registerUser(t.app);
    await as(t.app, open.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
    const before = await activity(closed.member);
    expect(before.scope).toBe('public');
    expect(byDay(before, 'posts')).toEqual(sqlPosts({ publicOnly: true }));
    expect(total(before, 'answered')).toBe(sqlAnswered(true).count);
    expect(total(before, 'answered')).toBe(1);

    const secret = await startThread(t.app, closed.member, closed.forumId);
    await replyTo(t.app, closed.moderator, secret.thread.id, 'Solo para los miembros.');
    for (const reader of [null, open.member, closed.member, open.outsider]) {
      const seen = await activity(reader);
      expect(seen.series).toEqual(before.series);
    }
    expect(total(await activity(editor), 'posts')).toBe(total(before, 'posts') + 2 + 2);
    expect(total(await activity(open.admin), 'answered')).toBe(2);

    // A private community asked for by name is missing, not empty, for those who may not see it (even its members).
    for (const reader of [null, closed.member]) {
      const response = await as(t.app, reader).get(`/api/network/activity?community=${closed.slug}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('COMMUNITY_NOT_FOUND');
    }
    expect((await as(t.app, editor).get(`/api/network/activity?community=${closed.slug}`)).statusCode).toBe(200);
  });

  it('says what is wrong with a period it cannot chart', async () => {
    const reversed = await as(t.app, null).get('/api/network/activity?from=2025-02-01&to=2025-01-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('ACTIVITY_RANGE_INVALID');
    const tooLong = await as(t.app, null).get('/api/network/activity?from=2015-01-01&to=2025-01-01&interval=day');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('ACTIVITY_RANGE_TOO_LONG');
    expect((await as(t.app, null).get('/api/network/activity?from=ayer')).statusCode).toBe(400);
    expect((await as(t.app, null).get('/api/network/activity?interval=year')).statusCode).toBe(400);
    // A full moment is taken as its day.
    expect((await as(t.app, null).get('/api/network/activity?from=2025-01-01T00:00:00Z&to=2025-01-31T12:00:00.000Z')).json()).toMatchObject({ from: '2025-01-01', to: '2025-01-31' });
    const weeks = await as(t.app, null).get('/api/network/activity?from=2025-01-01&to=2025-01-31&interval=week');
    expect(weeks.json().series[0].points.map((p: { date: string }) => p.date)).toEqual(['2024-12-30', '2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27']);
  });
});
