import { join } from 'node:path';
import { it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { buildTestApp } from '../../tests/helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../../tests/helpers/forums.ts';
it('dbg', async () => {
  const built = await buildTestApp({ clientDir: join(projectRoot(), 'dist/client'), logger: { level: 'error' } as never });
  const world = await buildWorld(built.app);
  const t = await startThread(built.app, world.member, world.forumId, {});
  const urls = (process.env.URLS ?? '').split(',').map((u) => u.replace('TID', String(t.thread.id)).replace('SLUG', world.slug).replace('FID', String(world.forumId)).replace('USER', world.member.user.username));
  for (const url of urls) {
    const r = await built.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es' } });
    console.log('=====', url, r.statusCode, r.body.length);
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(r.body)?.[1] ?? r.body;
    console.log(main.replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, Number(process.env.LEN ?? 400)));
  }
}, 60000);
