/**
 * The OpenAPI document (issue 17, part 3): generated from the routes' own schemas, valid
 * OpenAPI 3.1 (checked by an independent validator), every /api route in it with its error
 * shape and the two ways in, and what the server actually answers conforms to it: every GET
 * route is called as a visitor and as a member (with ids from a small world), and each JSON
 * answer is validated against the document's schema for that status.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

type Operation = {
  tags?: string[];
  security?: object[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object>; securitySchemes: Record<string, object> } };

let t: TestApp;
let w: World;
let doc: Doc;
let ids: { thread: number; post: number };

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  const { thread, post } = await startThread(t.app, w.member, w.forumId, { title: 'Cómo documentar un itinerario formativo' });
  await replyTo(t.app, w.moderator, thread.id, 'Con una matriz de competencias por módulo.');
  ids = { thread: thread.id, post: post.id };
  const response = await t.app.inject({ url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  doc = response.json();
});
afterAll(async () => {
  await t?.app.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes the JSON API only, with the error shape and the ways in', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
    const paths = Object.keys(doc.paths);
    expect(paths.every((p) => p.startsWith('/api/'))).toBe(true);
    expect(paths).not.toContain('/api/docs');
    for (const expected of ['/api/threads/{id}', '/api/forums/{id}/threads', '/api/search', '/api/resources', '/api/auth/login', '/api/threads/{id}/read']) {
      expect(paths).toContain(expected);
    }
    expect(operations().length).toBeGreaterThan(120);
    for (const { path, method, op } of operations()) {
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.security, `${method} ${path}`).toEqual([{}, { session: [] }, { token: [] }]);
    }
    // Failures are documented once, as the shared error shape.
    const withErrors = operations().filter(({ op }) => JSON.stringify(op.responses['4XX'] ?? {}).includes('#/components/schemas/Error'));
    expect(withErrors.length / operations().length).toBeGreaterThan(0.95);
    // The document is served as JSON and can be cached a little.
    const again = await t.app.inject({ url: '/api/openapi.json' });
    expect(again.headers['content-type']).toMatch(/application\/json/);
    expect(again.headers['cache-control']).toMatch(/max-age/);
  });

  it('matches what the server answers on every GET route, for a visitor and for a member', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (formats as unknown as (ajv: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const fill = (path: string): string | null => {
      const filled = path
        .replace('{slug}', w.slug)
        .replace('{username}', w.member.user.username)
        .replace(/^\/api\/(threads)\/\{id\}/, `/api/$1/${ids.thread}`)
        .replace(/^\/api\/(forums)\/\{id\}/, `/api/$1/${w.forumId}`)
        .replace(/^\/api\/(posts)\/\{id\}/, `/api/$1/${ids.post}`);
      return filled.includes('{') ? null : filled;
    };
    let checked = 0;
    const failures: string[] = [];
    for (const { path, method, op } of operations()) {
      if (method !== 'get') continue;
      const url = fill(path);
      if (!url) continue;
      for (const who of [null, w.member]) {
        const response = await as(t.app, who).get(url);
        if (!String(response.headers['content-type'] ?? '').includes('application/json')) continue;
        const documented = op.responses[String(response.statusCode)] ?? op.responses[`${String(response.statusCode)[0]}XX`];
        if (!documented) {
          failures.push(`${url} (${who ? 'member' : 'visitor'}): status ${response.statusCode} not documented`);
          continue;
        }
        const schema = documented.content?.['application/json']?.schema;
        if (!schema) continue;
        const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
        const validate = ajv.compile(rewritten);
        if (!validate(response.json())) failures.push(`${url} (${who ? 'member' : 'visitor'}) ${response.statusCode}: ${ajv.errorsText(validate.errors)}`);
        checked += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    // The check can fail: a thread page without its posts does not conform.
    const threadSchema = doc.paths['/api/threads/{id}']!.get!.responses['200']!.content!['application/json']!.schema;
    const page = (await as(t.app, null).get(`/api/threads/${ids.thread}`)).json();
    expect(ajv.validate(threadSchema, page)).toBe(true);
    expect(ajv.validate(threadSchema, { ...page, posts: undefined })).toBe(false);

    // And a representative set of writes: what they answer is documented too.
    const writes: [string, string, Awaited<ReturnType<ReturnType<typeof as>['post']>>][] = [
      ['post', '/api/forums/{id}/threads', await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'Otro tema para el documento', body: 'Cuerpo del tema.', kind: 'discussion' })],
      ['post', '/api/forums/{id}/threads', await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'x', body: '', kind: 'discussion' })],
      ['post', '/api/threads/{id}/posts', await as(t.app, w.member).post(`/api/threads/${ids.thread}/posts`, { body: 'Una respuesta más.' })],
      ['post', '/api/threads/{id}/read', await as(t.app, w.member).post(`/api/threads/${ids.thread}/read`, { postNumber: 2 })],
      ['post', '/api/threads/{id}/read', await as(t.app, null).post(`/api/threads/${ids.thread}/read`, { postNumber: 2 })],
      ['post', '/api/auth/login', await as(t.app, null).post('/api/auth/login', { login: 'nadie', password: 'incorrecta-del-todo' })],
      ['patch', '/api/me', await as(t.app, w.member).patch('/api/me', { displayName: 'Rosa Quispe' })],
    ];
    for (const [method, path, response] of writes) {
      const op = doc.paths[path]![method]!;
      const documented = op.responses[String(response.statusCode)] ?? op.responses[`${String(response.statusCode)[0]}XX`];
      expect(documented, `${method} ${path} ${response.statusCode}`).toBeDefined();
      const schema = documented!.content?.['application/json']?.schema;
      if (schema) expect(ajv.validate(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')), response.json()), `${method} ${path}: ${ajv.errorsText()}`).toBe(true);
    }
  });
});

describe('the API reference page', () => {
  it('is served from this site under its own content security policy, and names the token scopes', async () => {
    const page = await t.app.inject({ url: '/api/docs' });
    const html = page.statusCode === 302 ? await t.app.inject({ url: page.headers.location as string }) : page;
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.headers['content-security-policy']).toMatch(/script-src 'self'/);
    // Every script and style it loads comes from this origin.
    const sources = [...html.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(2);
    for (const source of sources) expect(source).not.toMatch(/^(https?:)?\/\//);
    for (const source of sources.filter((s) => /\.(js|css)$/.test(s))) {
      const url = new URL(source, 'http://localhost/api/docs/').pathname;
      expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
    const read = doc.paths['/api/threads/{id}']!.get as Operation & { description: string; 'x-token-scope': string };
    expect(read['x-token-scope']).toBe('read');
    expect(read.description).toMatch(/scope `read`/);
    const write = doc.paths['/api/threads/{id}/posts']!.post as Operation & { description: string; 'x-token-scope': string };
    expect(write['x-token-scope']).toBe('read+write');
    expect(JSON.stringify(doc)).toContain('/settings#settings-tokens');
  });
});
