/**
 * A phone on a slow network downloads less: text answers travel brotli- or gzip-compressed as
 * the browser asks, built assets come precompressed and are cached for a year, tiny bodies and
 * already compressed files are sent as they are.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { compressionPlugin } from '../../server/plugins/compression.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const decoders: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };
const longText = 'Formación dual: aprendices, empresas y centros comparten rúbricas y portafolios. '.repeat(40);

/** Bodies of several kinds, so the type rule is tested apart from the routes that use it. */
const samples: Record<string, string> = {
  'text/html; charset=utf-8': `<!doctype html><html lang="es"><body><main>${'<p>Respuesta del foro.</p>'.repeat(200)}</main></body></html>`,
  'text/css; charset=utf-8': '.post{margin:0 auto;padding:1rem}'.repeat(100),
  'text/javascript; charset=utf-8': 'export const a = () => 1;\n'.repeat(100),
  'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(100)}</svg>`,
  'application/xml; charset=utf-8': `<?xml version="1.0"?><urlset>${'<url><loc>https://minga.example/t/1</loc></url>'.repeat(100)}</urlset>`,
  'application/rss+xml; charset=utf-8': `<?xml version="1.0"?><rss><channel>${'<item><title>Hilo</title></item>'.repeat(100)}</channel></rss>`,
  'text/calendar; charset=utf-8': 'BEGIN:VEVENT\r\nSUMMARY:Taller\r\nEND:VEVENT\r\n'.repeat(100),
};
/** Already compressed or opaque formats: compressing them again costs CPU and saves nothing. */
const incompressible = ['image/png', 'image/jpeg', 'application/pdf', 'application/zip', 'application/octet-stream', 'font/woff2'];

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let threadId = 0;
let clientDir = '';

beforeAll(async () => {
  await ensureClientBuilt();
  clientDir = join(projectRoot(), 'dist/client');
  t = await buildTestApp({
    clientDir,
    extend: (app) => {
      app.get('/api/test-sample', async (request, reply) => {
        const { type } = request.query as { type: string };
        return reply.type(type).send(samples[type] ?? Buffer.alloc(4096, 7));
      });
    },
  });
  world = await buildWorld(t.app);
  const { thread } = await startThread(t.app, world.member, world.forumId, { body: longText });
  threadId = thread.id;
  for (let i = 0; i < 5; i += 1) await replyTo(t.app, world.moderator, threadId, `Respuesta ${i}: ${longText}`);
}, 120_000);

afterAll(async () => {
  await t?.app.close();
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

/** Asks for `url` with and without compression and checks the compressed body is the same text. */
async function expectCompressed(url: string, encoding: 'br' | 'gzip', acceptEncoding: string = encoding) {
  const plain = await get(url);
  const packed = await get(url, acceptEncoding);
  expect(plain.statusCode).toBe(200);
  expect(packed.statusCode).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(packed.headers['content-encoding']).toBe(encoding);
  expect(String(packed.headers.vary).toLowerCase()).toContain('accept-encoding');
  expect(packed.headers['content-type']).toBe(plain.headers['content-type']);
  const unpacked = decoders[encoding]!(packed.rawPayload);
  expect(unpacked.equals(plain.rawPayload)).toBe(true);
  // Text compresses to less than half; a small chunk (a kilobyte or two) at least shrinks.
  expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / (plain.rawPayload.length > 4096 ? 2 : 1));
  return { plain, packed };
}

/** The script and stylesheet a first visit downloads, as the page names them. */
async function pageAssets(): Promise<string[]> {
  const html = (await get('/')).body;
  const linked = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  // Files under the compression threshold are sent as they are (a page links a few small chunks).
  const urls: string[] = [];
  for (const url of new Set(linked)) if ((await get(url)).rawPayload.length >= 1024) urls.push(url);
  expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
  expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
  return urls;
}

describe('compression of text answers', () => {
  it('compresses a JSON API answer with brotli or gzip, as Accept-Encoding asks', async () => {
    const url = `/api/threads/${threadId}`;
    await expectCompressed(url, 'br');
    await expectCompressed(url, 'gzip');
    // A browser's usual header: brotli wins; a client that refuses brotli gets gzip.
    await expectCompressed(url, 'br', 'gzip, deflate, br, zstd');
    await expectCompressed(url, 'gzip', 'br;q=0, gzip');
  });

  it('never serves a compressed copy of a thread that has changed since', async () => {
    const url = `/api/threads/${threadId}`;
    const before = await expectCompressed(url, 'br');
    expect((await get(url, 'br')).rawPayload.equals(before.packed.rawPayload)).toBe(true);
    const added = await replyTo(t.app, world.member, threadId, `Una respuesta nueva. ${longText}`);
    for (const encoding of ['br', 'gzip'] as const) {
      const { packed } = await expectCompressed(url, encoding);
      const posts = JSON.parse(decoders[encoding]!(packed.rawPayload).toString()).posts as Array<{ id: number }>;
      expect(posts.map((p) => p.id)).toContain(added.id);
    }
  });

  it('sends the identity body when the client asks for no compression or one it cannot get', async () => {
    const url = `/api/threads/${threadId}`;
    for (const acceptEncoding of [undefined, '', 'identity', 'compress']) {
      const response = await get(url, acceptEncoding);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.json().posts.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('does not compress tiny bodies', async () => {
    const response = await get('/api/health', 'br, gzip');
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json().status).toBe('ok');
  });

  it('compresses every text type: HTML, CSS, JavaScript, SVG, XML, RSS, iCalendar', async () => {
    for (const type of Object.keys(samples)) {
      const url = `/api/test-sample?type=${encodeURIComponent(type)}`;
      await expectCompressed(url, 'br');
      await expectCompressed(url, 'gzip');
    }
  });

  it('never compresses already compressed or opaque formats', async () => {
    for (const type of incompressible) {
      const response = await get(`/api/test-sample?type=${encodeURIComponent(type)}`, 'br, gzip');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.rawPayload.length).toBe(4096);
    }
  });

  it('compresses a page of the site when it is big enough to gain, and serves it whole either way', async () => {
    const url = `/t/${threadId}`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/html/);
    // The SPA shell is below the threshold; the server-rendered page of six long posts is not.
    for (const encoding of ['br', 'gzip'] as const) {
      if (plain.rawPayload.length >= 1024) await expectCompressed(url, encoding);
      else expect((await get(url, encoding)).headers['content-encoding']).toBeUndefined();
    }
  });
});

describe('the not-found answer', () => {
  // A server-rendered "page not found" is a page like any other; Fastify answers it outside
  // the routes, where @fastify/compress does not reach.
  it('is compressed like a page when it is big enough, and left alone when tiny', async () => {
    const app = Fastify();
    await app.register(compressionPlugin);
    app.setNotFoundHandler((request, reply) =>
      request.url === '/tiny' ? reply.code(404).send({ error: 'none' }) : reply.code(404).type('text/html; charset=utf-8').send(samples['text/html; charset=utf-8']),
    );
    try {
      for (const [encoding, decode] of Object.entries(decoders)) {
        const response = await app.inject({ url: '/t/999999', headers: { 'accept-encoding': `${encoding}, deflate` } });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-encoding']).toBe(encoding);
        expect(String(response.headers.vary)).toContain('Accept-Encoding');
        expect(decode(response.rawPayload).toString()).toBe(samples['text/html; charset=utf-8']);
      }
      expect((await app.inject({ url: '/t/999999', headers: { 'accept-encoding': 'gzip, deflate, br' } })).headers['content-encoding']).toBe('br');
      expect((await app.inject({ url: '/t/999999' })).headers['content-encoding']).toBeUndefined();
      expect((await app.inject({ url: '/tiny', headers: { 'accept-encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('built assets', () => {
  it('are served precompressed (brotli, gzip) and whole, cached for a year whatever the encoding', async () => {
    for (const url of await pageAssets()) {
      for (const encoding of ['br', 'gzip'] as const) {
        const { plain, packed } = await expectCompressed(url, encoding);
        for (const response of [plain, packed]) {
          expect(response.headers['cache-control']).toBe(IMMUTABLE);
          expect(String(response.headers.vary).toLowerCase()).toContain('accept-encoding');
        }
        expect(packed.headers['content-type']).toMatch(url.endsWith('.js') ? /^(text|application)\/javascript/ : /^text\/css/);
        // Precompressed at build time: a fixed length, and the same validator for every request.
        expect(Number(packed.headers['content-length'])).toBe(packed.rawPayload.length);
        expect(packed.headers.etag).toBeTruthy();
        expect(packed.headers.etag).not.toBe(plain.headers.etag);
      }
    }
  });

  it('answers a conditional request for an asset with 304', async () => {
    const [url] = await pageAssets();
    const first = await get(url!, 'br');
    const again = await t.app.inject({ url: url!, headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for a missing asset or a path out of the assets folder', async () => {
    for (const url of ['/assets/index-nothere.js', '/assets/..%2Fpackage.json', '/assets/%2e%2e/index.html', '/assets/sub/x.js']) {
      const response = await get(url, 'br');
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('keeps unhashed public files (the favicon) fresh for a short while only, and tiny ones uncompressed', async () => {
    const response = await get('/favicon.svg', 'br, gzip');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['content-encoding']).toBeUndefined();
    const cacheControl = String(response.headers['cache-control']);
    expect(cacheControl).not.toContain('immutable');
    const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(86_400);
  });
});

describe('Socket.IO', () => {
  it('is left to Socket.IO: its polling answers are not compressed by the site', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const answer = await new Promise<{ status: number; encoding: string | undefined; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers: { 'accept-encoding': 'br, gzip', origin: `http://127.0.0.1:${port}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(answer.encoding).toBeUndefined();
    expect(answer.body).toMatch(/^0\{"sid":/);
  });
});
