import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isCompressibleFile } from '../lib/compressible.ts';
import type { PageServer } from '../pages/plugin.ts';
import { sendError } from './errors.ts';

/**
 * Serves the built client and answers every page URL with the server-rendered page (or, when
 * the page renderer has not been built, with index.html, the app loading everything itself),
 * so a reload or a shared link lands on the same page. Unknown /api paths get a JSON 404.
 */
export const clientPlugin = fp(
  async (app: FastifyInstance, opts: { clientDir: string | undefined; pages?: PageServer }) => {
    const root = opts.clientDir;
    const hasClient = !!root && existsSync(join(root, 'index.html'));

    if (hasClient) await serveBuiltFiles(app, root);

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const isPage =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !path.startsWith('/api/') &&
        path !== '/api' &&
        !path.startsWith('/socket.io') &&
        !/\.[a-z0-9]+$/i.test(path);
      if (isPage && opts.pages) return opts.pages.serve(request, reply);
      if (isPage && hasClient) {
        return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
      }
      return sendError(request, reply, { code: 'NOT_FOUND', status: 404 });
    });
  },
  { name: 'minga-client' },
);

/** Hashed names change with their content: a year, never revalidated. */
const HASHED = 'public, max-age=31536000, immutable';
/** Unhashed public files (the favicon) may change with a release: an hour. */
const UNHASHED = 'public, max-age=3600';
const ASSET_NAME = /^[\w-][\w.-]*$/;

/**
 * The built client's files, as written by the build: hashed assets under /assets/ and the public
 * files at the top. Text files come precompressed (`.br`, `.gz` beside each, written by the
 * build), so these routes never compress per request. Pages (index.html) are not files here.
 */
async function serveBuiltFiles(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    serve: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      const file = relative(root, path);
      if (file.startsWith(`assets${sep}`)) res.setHeader('cache-control', HASHED);
      else if (!file.endsWith('.html')) res.setHeader('cache-control', UNHASHED);
      // Every variant of a compressible file says so, or a shared cache could hand brotli
      // to a client that cannot read it.
      if (isCompressibleFile(file)) res.setHeader('vary', 'Accept-Encoding');
    },
  });
  app.get<{ Params: { '*': string } }>('/assets/*', { compress: false }, (request, reply) => {
    const name = request.params['*'];
    if (!ASSET_NAME.test(name)) return reply.callNotFound();
    return reply.sendFile(`assets/${name}`);
  });
  const publicFiles = readdirSync(root, { withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name !== 'index.html' && !/\.(?:br|gz)$/.test(entry.name),
  );
  for (const { name } of publicFiles) app.get(`/${name}`, { compress: false }, (_request, reply) => reply.sendFile(name));
}
