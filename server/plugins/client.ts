import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

    if (hasClient) {
      await app.register(fastifyStatic, {
        root,
        wildcard: false,
        index: false,
        // Hashed asset names never change content; index.html is never cached.
        setHeaders: (res, path) => {
          if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        },
      });
    }

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
