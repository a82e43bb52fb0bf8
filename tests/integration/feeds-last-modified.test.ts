/**
 * Last-Modified is a validator like the ETag: a reader (or a shared cache) that revalidates with
 * `If-Modified-Since` alone must not be told "unchanged" when a moderator hid the newest post or
 * an opening post was edited: neither makes any item newer, yet the feed changed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
const second = () => new Promise((resolve) => setTimeout(resolve, 1100));

it('is not "not modified" after the newest post is hidden', async () => {
  const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Prácticas en empresas del sector' });
  await second();
  const abusive = await replyTo(t.app, w.member, thread.id, 'Un mensaje con datos personales de otro');
  const before = await get(`/t/${thread.id}.rss`);
  expect(before.body).toContain('datos personales');
  await second();
  expect((await as(t.app, w.moderator).post(`/api/posts/${abusive.id}/moderation`, { hidden: true, reason: 'Datos personales' })).statusCode).toBe(200);
  const revalidated = await get(`/t/${thread.id}.rss`, { 'if-modified-since': before.headers['last-modified'] as string });
  expect(revalidated.statusCode).toBe(200);
  expect(revalidated.body).not.toContain('datos personales');
});

it('is not "not modified" after an opening post is edited', async () => {
  const { post } = await startThread(t.app, w.member, w.forumId, { title: 'Convenios con empresas', body: 'Primera versión del texto' });
  const before = await get(`/f/${w.forumId}.rss`);
  expect(before.body).toContain('Primera versión');
  await second();
  expect((await as(t.app, w.member).patch(`/api/posts/${post.id}`, { body: 'Segunda versión del texto' })).statusCode).toBe(200);
  const revalidated = await get(`/f/${w.forumId}.rss`, { 'if-modified-since': before.headers['last-modified'] as string });
  expect(revalidated.statusCode).toBe(200);
  expect(revalidated.body).toContain('Segunda versión');
});
