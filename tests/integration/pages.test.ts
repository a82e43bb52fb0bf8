import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { openWorkshop, scheduleWorkshop } from '../helpers/workshops.ts';
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
  const thread = await startThread(built.app, world.member, world.forumId, {
    title: 'Formación dual en logística',
    body: 'Buscamos **experiencias** de formación dual con empresas de logística.',
  });
  threadId = thread.thread.id;
  await replyTo(built.app, world.moderator, threadId, 'En Uruguay el INEFOP tiene un programa.');
  const hidden = await startThread(built.app, privateWorld.member, privateWorld.forumId, { title: 'Asunto reservado del convenio', body: 'Texto privado.' });
  privateThreadId = hidden.thread.id;
}, 120_000);

afterAll(async () => {
  await built?.app.close();
});

const page = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  built.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es', ...(cookie ? { cookie } : {}), ...headers } });

/** The page data the browser hydrates from. */
function pageData(html: string): { session: { user: { id: number } | null }; answers: Record<string, { status: number }> } {
  const json = /<script type="application\/json" id="minga-page">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('no page data');
  return JSON.parse(json);
}

describe('server-rendered pages', () => {
  it('a thread page holds its title and posts, with the answers it was rendered from', async () => {
    const response = await page(`/t/${threadId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Formación dual en logística');
    expect(response.body).toContain('<strong>experiencias</strong>');
    expect(response.body).toContain('INEFOP tiene un programa');
    const data = pageData(response.body);
    expect(data.session.user).toBeNull();
    expect(data.answers[`/api/threads/${threadId}`]?.status).toBe(200);
    // The page's own chunk and the reader's catalog (only theirs) are asked for at once.
    expect(response.body).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/ThreadPage-[\w-]+\.js"/);
    expect(response.body).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/es-[\w-]+\.js"/);
    expect(response.body).not.toMatch(/href="\/assets\/(pt|en)-[\w-]+\.js"/);
  });

  it('a private thread is a 404 page, byte-identical to a missing one; its members read it', async () => {
    const hidden = await page(`/t/${privateThreadId}`);
    const missing = await page(`/t/${privateThreadId + 1000}`);
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Asunto reservado');
    const withoutId = (body: string, id: number) => body.replace(new RegExp(`(/t/|%2Ft%2F|/api/threads/)${id}(?![0-9])`, 'g'), '$1N');
    expect(withoutId(hidden.body, privateThreadId)).toBe(withoutId(missing.body, privateThreadId + 1000));
    const outsider = await page(`/t/${privateThreadId}`, world.outsider.cookie);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.body).not.toContain('Asunto reservado');
    const member = await page(`/t/${privateThreadId}`, privateWorld.member.cookie);
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('Asunto reservado del convenio');
    expect(member.headers['cache-control']).toContain('private');
    expect(pageData(member.body).session.user?.id).toBe(privateWorld.member.user.id);
  });

  it('a private community, a missing community and an unknown address are 404 pages', async () => {
    expect((await page(`/c/${privateWorld.slug}`)).statusCode).toBe(404);
    expect((await page(`/c/${privateWorld.slug}`)).body).not.toContain(privateWorld.slug.replace('comunidad', 'Formación dual '));
    expect((await page('/c/no-such-community')).statusCode).toBe(404);
    expect((await page('/no/such/page')).statusCode).toBe(404);
    expect((await page(`/c/${privateWorld.slug}`, privateWorld.member.cookie)).statusCode).toBe(200);
  });

  it('a merged thread answers 301 to the thread that took its posts', async () => {
    const merged = await startThread(built.app, world.member, world.forumId, { title: 'Duplicado sobre logística', body: 'Lo mismo otra vez.' });
    const done = await as(built.app, world.moderator).post(`/api/threads/${merged.thread.id}/merge`, { intoThreadId: threadId, reason: 'duplicado' });
    expect(done.statusCode).toBeLessThan(300);
    const response = await page(`/t/${merged.thread.id}`);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(`/t/${threadId}`);
  });

  it('renders every public page with its content', async () => {
    const expected: [string, string][] = [
      ['/', 'Bienvenida a Minga'],
      ['/communities', 'Formación dual'],
      [`/c/${world.slug}`, 'Formación dual en logística'],
      [`/f/${world.forumId}`, 'Formación dual en logística'],
      ['/knowledge', 'Recursos didácticos'],
      ['/knowledge/institutions', 'INET'],
      ['/knowledge/institutions/1', 'Instituto Nacional de Educación Tecnológica'],
      ['/workshops', 'Talleres'],
      ['/search?q=log%C3%ADstica', 'Formación dual en logística'],
      [`/u/${world.member.user.username}`, world.member.user.username],
      ['/login', 'Iniciar sesión'],
      ['/register', 'Crear una cuenta'],
    ];
    for (const [url, text] of expected) {
      const response = await page(url);
      expect(response.statusCode, url).toBe(200);
      const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(response.body)?.[1] ?? '';
      expect(main, url).toContain(text);
      expect(main, url).not.toContain('Cargando…');
    }
  });

  it('the interface language follows the reader', async () => {
    const response = await page(`/t/${threadId}`, undefined, { 'accept-language': 'pt-BR' });
    expect(response.body).toContain('Comunidades');
    expect(response.body).toContain('Entrar');
    expect(pageData(response.body)).toMatchObject({ session: { locale: 'pt' } });
  });

  it('pages only for signed-in people send others to the login form', async () => {
    const response = await page('/settings');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fsettings');
    expect((await page('/settings', world.member.cookie)).statusCode).toBe(200);
  });

  it('a long thread is paged by number for readers without scripts', async () => {
    const long = await startThread(built.app, world.member, world.forumId, { title: 'Hilo largo de prueba', body: 'Mensaje inicial.' });
    for (let n = 1; n <= 55; n += 1) await replyTo(built.app, world.moderator, long.thread.id, `Respuesta número ${n} del hilo.`);
    const first = await page(`/t/${long.thread.id}`);
    expect(first.body).toContain('Respuesta número 49 del hilo.');
    expect(first.body).not.toContain('Respuesta número 50 del hilo.');
    expect(first.body).toContain(`href="/t/${long.thread.id}?page=2"`);
    const second = await page(`/t/${long.thread.id}?page=2`);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Respuesta número 50 del hilo.');
    expect(second.body).toContain('Respuesta número 55 del hilo.');
    expect(second.body).not.toContain('Respuesta número 49 del hilo.');
    expect(second.body).toMatch(new RegExp(`href="/t/${long.thread.id}" rel="prev"`));
    expect((await page(`/t/${long.thread.id}?page=9`)).statusCode).toBe(404);
  });

  it('anonymous pages are cached until a write changes them, with ETag and 304', async () => {
    const before = await page(`/t/${threadId}`);
    expect(before.headers['cache-control']).toBe('no-cache');
    const etag = String(before.headers.etag);
    expect((await page(`/t/${threadId}`, undefined, { 'if-none-match': etag })).statusCode).toBe(304);
    await replyTo(built.app, world.member, threadId, 'Una respuesta nueva que cambia la página.');
    const after = await page(`/t/${threadId}`, undefined, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Una respuesta nueva que cambia la página.');
  });

  it('a page that asks to be rendered with HTML in its address gets it escaped', async () => {
    const response = await page('/search?q=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(1)</script>');
  });

  it('each public page carries its title, description, canonical, Open Graph and structured data', async () => {
    const editor = await registerUser(built.app);
    built.database.sqlite.prepare("UPDATE users SET role = 'editor' WHERE id = ?").run(editor.user.id);
    const senai = (built.database.sqlite.prepare("SELECT id FROM institutions WHERE acronym = 'SENAI'").get() as { id: number }).id;
    const resource = await as(built.app, editor).post('/api/resources', {
      title: 'Guía de mecatrónica dual',
      summary: 'Cómo organizar la alternancia entre el centro y la empresa en mecatrónica.',
      type: 'guide',
      languages: ['pt'],
      countryCode: 'BR',
      institutionId: senai,
      authors: ['Ana Souza'],
      year: 2021,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
      modality: 'dual',
      licence: 'cc_by',
      url: 'https://www.senai.br/guia',
    });
    expect(resource.statusCode).toBe(201);
    const resourceId = resource.json().item.id as number;
    const workshop = await openWorkshop(built.app, world.moderator, world.slug, { title: 'Taller de tutores en la empresa' });
    const privateWorkshop = await scheduleWorkshop(built.app, privateWorld.moderator, privateWorld.slug, { title: 'Taller reservado del convenio' });

    const cases: { url: string; title: string; description: string; type: string; lang?: string }[] = [
      { url: `/t/${threadId}`, title: 'Formación dual en logística', description: 'Buscamos experiencias de formación dual', type: 'DiscussionForumPosting' },
      { url: `/knowledge/resources/${resourceId}`, title: 'Guía de mecatrónica dual', description: 'Cómo organizar la alternancia', type: 'LearningResource', lang: 'pt' },
      { url: `/knowledge/institutions/${senai}`, title: 'SENAI', description: '', type: 'EducationalOrganization' },
      { url: `/w/${workshop.id}`, title: 'Taller de tutores en la empresa', description: 'Cómo evaluamos en la empresa', type: 'Event' },
      { url: `/c/${world.slug}`, title: 'Formación dual', description: 'Aprendices, empresas y centros de formación.', type: 'BreadcrumbList' },
    ];
    for (const { url, title, description, type, lang } of cases) {
      const response = await page(url);
      expect(response.statusCode, url).toBe(200);
      const html = response.body;
      const head = html.slice(0, html.indexOf('</head>'));
      expect(/<title>([^<]*)<\/title>/.exec(head)?.[1], url).toContain(title);
      expect(head.match(/<title>/g)?.length, url).toBe(1);
      expect(/<meta name="description" content="([^"]*)"/.exec(head)?.[1], url).toContain(description);
      expect(head, url).toContain(`<link rel="canonical" href="http://localhost:3000${url}"`);
      expect(head, url).toMatch(/<meta property="og:title" content="[^"]+"/);
      expect(head, url).toContain('<meta property="og:image" content="http://localhost:3000/og-image.png"');
      expect(head, url).toContain('hreflang="pt"');
      const types = [...head.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!)['@type']);
      expect(types, url).toContain(type);
      if (lang) expect(html, url).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${lang}">`));
    }
    // A post citing the resource and mentioning a member renders as cards and links on the server.
    const citing = await startThread(built.app, world.member, world.forumId, {
      title: 'Guía citada en el foro',
      body: `Recomiendo [[resource:${resourceId}]] y pregunto a @${world.moderator.user.username} qué opina.`,
    });
    const cited = await page(`/t/${citing.thread.id}`);
    expect(cited.statusCode).toBe(200);
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(cited.body)?.[1] ?? '';
    expect(main).toMatch(/<span class="typed-title">Guía de mecatrónica dual<\/span>/);
    expect(main).toContain(`href="/u/${world.moderator.user.username}"`);

    // A private community's workshop is a 404 page like any missing one.
    const hidden = await page(`/w/${privateWorkshop.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Taller reservado del convenio');
  });
});
