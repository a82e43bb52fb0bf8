import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';

let built: TestApp;
let world: World;
let privateWorld: World;
let threadId: number;
let privateThreadId: number;

beforeAll(async () => {
  await ensureClientBuilt();
  built = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client') });
  world = await buildWorld(built.app);
  privateWorld = await buildWorld(built.app, { visibility: 'private', admin: world.admin });
  const thread = await startThread(built.app, world.member, world.forumId, { title: 'Formación dual en logística', body: 'Buscamos **experiencias** de formación dual con empresas de logística.' });
  threadId = thread.thread.id;
  await replyTo(built.app, world.moderator, threadId, 'En Uruguay el INEFOP tiene un programa.');
  const hidden = await startThread(built.app, privateWorld.member, privateWorld.forumId, { title: 'Asunto reservado del convenio', body: 'Texto privado.' });
  privateThreadId = hidden.thread.id;
}, 120_000);

afterAll(async () => {
  await built?.app.close();
});

const page = (url: string, cookie?: string) =>
  built.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es', ...(cookie ? { cookie } : {}) } });

describe('server-rendered pages', () => {
  it('a thread page holds its title and posts', async () => {
    const response = await page(`/t/${threadId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Formación dual en logística');
    expect(response.body).toContain('<strong>experiencias</strong>');
    expect(response.body).toContain('INEFOP tiene un programa');
  });

  it('a private thread is a 404 page, byte-identical to a missing one', async () => {
    const hidden = await page(`/t/${privateThreadId}`);
    const missing = await page(`/t/999999`);
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Asunto reservado');
    const member = await page(`/t/${privateThreadId}`, privateWorld.member.cookie);
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('Asunto reservado del convenio');
  });

  it('renders every public page', async () => {
    for (const url of ['/', '/communities', `/c/${world.slug}`, `/f/${world.forumId}`, '/knowledge', '/knowledge/resources', '/workshops', '/search?q=dual', `/u/${world.member.user.username}`, '/login', '/register']) {
      const response = await page(url);
      expect(response.statusCode, url).toBe(200);
    }
  });
});
