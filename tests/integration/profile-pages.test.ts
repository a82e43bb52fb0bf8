import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

let built: TestApp;
let world: World;
let threadId: number;
let postCreatedAt: string;

const BOOKMARK_NOTE = 'nota-privada-del-marcador';
const DRAFT_TEXT = 'borrador-secreto-sin-publicar';

beforeAll(async () => {
  await ensureClientBuilt();
  built = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client') });
  world = await buildWorld(built.app);
  const started = await startThread(built.app, world.moderator, world.forumId, { title: 'Tutorías en la empresa', body: 'Cómo acompañan a los aprendices.' });
  threadId = started.thread.id;
  const bookmark = await as(built.app, world.member).post(`/api/posts/${started.post.id}/bookmark`, { note: BOOKMARK_NOTE });
  expect(bookmark.statusCode).toBeLessThan(300);
  const draft = await built.app.inject({
    method: 'PUT',
    url: `/api/drafts/reply:${threadId}`,
    headers: { origin: 'http://localhost:80', cookie: world.member.cookie },
    payload: { body: DRAFT_TEXT },
  });
  expect(draft.statusCode).toBeLessThan(300);
  postCreatedAt = (await as(built.app, null).get(`/api/threads/${threadId}`)).json().posts[0].createdAt;
}, 180_000);

afterAll(async () => {
  await built?.app.close();
});

const page = (url: string, cookie?: string) =>
  built.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es', ...(cookie ? { cookie } : {}) } });

describe("the member's own page", () => {
  it('shows its owner their bookmarks and drafts as tabs, rendered on the server', async () => {
    const profile = await page(`/u/${world.member.username}`, world.member.cookie);
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain(`href="/u/${world.member.username}?tab=bookmarks"`);
    expect(profile.body).toContain(`href="/u/${world.member.username}?tab=drafts"`);

    const bookmarks = await page(`/u/${world.member.username}?tab=bookmarks`, world.member.cookie);
    expect(bookmarks.body).toContain(BOOKMARK_NOTE);
    expect(bookmarks.body).toContain('Tutorías en la empresa');
    const drafts = await page(`/u/${world.member.username}?tab=drafts`, world.member.cookie);
    expect(drafts.body).toContain(DRAFT_TEXT);
  });

  it('shows another reader, or a visitor, none of it: not the tabs, not the data, not in the page data', async () => {
    for (const cookie of [world.outsider.cookie, world.moderator.cookie, undefined]) {
      for (const tab of ['', '?tab=bookmarks', '?tab=drafts']) {
        const response = await page(`/u/${world.member.username}${tab}`, cookie);
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain(world.member.displayName);
        expect(response.body).not.toContain(BOOKMARK_NOTE);
        expect(response.body).not.toContain(DRAFT_TEXT);
        expect(response.body).not.toContain('/api/bookmarks');
        expect(response.body).not.toContain('/api/drafts');
        expect(response.body).not.toContain(`/u/${world.member.username}?tab=drafts`);
        expect(response.body).not.toContain(`/u/${world.member.username}?tab=bookmarks`);
      }
    }
  });
});

describe('dates on server-rendered pages', () => {
  const tooltip = (zone: string) =>
    `title="${new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(postCreatedAt))}"`;

  it("are in the member's zone for a member, and UTC for a visitor (the browser renders the same)", async () => {
    await as(built.app, world.outsider).patch('/api/me', { timeZone: 'Asia/Tokyo' });
    const member = await page(`/t/${threadId}`, world.outsider.cookie);
    expect(member.body).toContain(tooltip('Asia/Tokyo'));
    expect(member.body).not.toContain(tooltip('UTC'));

    const visitor = await page(`/t/${threadId}`);
    expect(visitor.body).toContain(tooltip('UTC'));
    expect(visitor.body).not.toContain(tooltip('Asia/Tokyo'));
  });
});
