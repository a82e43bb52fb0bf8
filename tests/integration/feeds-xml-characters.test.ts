/**
 * A feed is well-formed XML whatever people typed: characters XML 1.0 forbids (U+FFFE, U+FFFF,
 * which text hygiene lets through) never reach a feed, so one hostile title cannot make the
 * site's feed unreadable to every strict reader.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/** Anything outside XML 1.0's Char production. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
});

it('leaves out characters XML forbids, from titles, bodies and names, and keeps the rest', async () => {
  const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Rúbricas \uFFFF\uFFFEde evaluación 🛠', body: 'Texto \uFFFF con ]]> dentro' });
  await replyTo(t.app, w.member, thread.id, 'Respuesta \uFFFE final');
  for (const url of ['/latest.rss', `/c/${w.slug}.rss`, `/f/${w.forumId}.rss`, `/t/${thread.id}.rss`]) {
    const response = await t.app.inject({ url });
    expect(response.statusCode, url).toBe(200);
    expect(response.body, url).not.toMatch(NOT_XML);
    expect(response.body, url).toContain('Rúbricas de evaluación 🛠');
  }
});
