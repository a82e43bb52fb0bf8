import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, signedInVisitor } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('told, not vanished, in the browser', () => {
  it('the author of a hidden post is notified with the reason and sees the post marked; another reader sees neither', async () => {
    const { app } = server;
    const world = await buildWorld(app);
    await setTrust(app, world);
    const { thread } = await startThread(app, world.moderator, world.forumId, { title: 'Materiales para la formación dual' });
    const post = await replyTo(app, world.member, thread.id, 'Les dejo el enlace a mi tienda de cursos');
    const hid = await as(app, world.moderator).post(`/api/posts/${post.id}/moderation`, { hidden: true, reason: 'Publicidad de una tienda' });
    expect(hid.statusCode).toBe(200);

    const author = await signedInVisitor(browser, server.url, world.member);
    await author.page.goto('/notifications');
    const told = author.page.getByRole('article').filter({ hasText: 'Un moderador ocultó su mensaje en «Materiales para la formación dual»' });
    await told.getByText('Motivo: Publicidad de una tienda').waitFor();
    await told.getByRole('link').click();
    await author.page.waitForURL(new RegExp(`/t/${thread.id}`));
    const mine = author.page.locator(`#post-${post.id}`);
    await mine.getByText('Les dejo el enlace a mi tienda de cursos').waitFor();
    await mine.getByText('Un moderador ocultó este mensaje: solo usted y los moderadores lo ven.').waitFor();
    await mine.getByText('Motivo: Publicidad de una tienda').waitFor();

    const other = await registerUser(app);
    const reader = await signedInVisitor(browser, server.url, other);
    await reader.page.goto(`/t/${thread.id}`);
    await reader.page.getByRole('heading', { level: 1, name: 'Materiales para la formación dual' }).waitFor();
    expect(await reader.page.locator(`#post-${post.id}`).count()).toBe(0);
    expect(await reader.page.getByText('Publicidad de una tienda').count()).toBe(0);

    expect([...author.pageErrors, ...reader.pageErrors]).toEqual([]);
    await author.context.close();
    await reader.context.close();
  });
});
