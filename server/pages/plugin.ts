import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PreloadedAnswer, PreloadedAnswers } from '../../shared/page-render.ts';
import type { SessionInfo } from '../../shared/schemas/session.ts';
import { sendEncodedOnce } from '../lib/encode.ts';
import type { CacheShared } from '../cluster/cache-coherence.ts';
import type { EventBus } from '../lib/event-bus.ts';
import { redactUrl } from '../lib/logger.ts';
import { SESSION_COOKIE } from '../modules/auth/session-store.ts';
import { PageCache, type CachedPage } from './page-cache.ts';
import type { PageRenderer } from './renderer.ts';

/** A page asks for at most this many API answers per round (a render asks for what it shows). */
const MAX_PATHS = 40;

/** The request headers an API answer depends on: who asks, in which language. */
const FORWARDED = ['cookie', 'accept-language', 'user-agent', 'host', 'x-forwarded-proto', 'x-forwarded-for', 'x-forwarded-host'] as const;

export interface PageServer {
  serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/**
 * Page routes: an address → the page's data from the JSON API's own routes (called in-process
 * with the reader's cookie, so the page and the API can never disagree about who sees what) →
 * the same Svelte components rendered on the server → HTML with the data embedded for hydration.
 * Anonymous readers share one rendering per language and address until a write changes it.
 */
export function createPageServer(app: FastifyInstance, renderer: PageRenderer, options: { publicUrl: string; bus: EventBus; shared?: CacheShared }): PageServer {
  const cache = new PageCache(options.bus, options.shared);

  async function answer(request: FastifyRequest, path: string): Promise<[string, PreloadedAnswer]> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const name of FORWARDED) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await app.inject({ method: 'GET', url: path, headers, remoteAddress: request.ip });
    let body: unknown = null;
    try {
      body = response.body ? JSON.parse(response.body) : null;
    } catch {
      body = null;
    }
    return [path, { status: response.statusCode, body }];
  }

  async function answers(request: FastifyRequest, paths: string[]): Promise<PreloadedAnswers> {
    const wanted = paths.filter((path) => path.startsWith('/api/')).slice(0, MAX_PATHS);
    return Object.fromEntries(await Promise.all(wanted.map((path) => answer(request, path))));
  }

  /** A page every anonymous reader shares: validated by its ETag, compressed once per encoding while cached. */
  function sendShared(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
    reply.code(page.status).header('cache-control', 'no-cache').header('vary', 'Cookie, Accept-Language').header('etag', page.etag);
    if (page.status === 200 && request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    return sendEncodedOnce(reply, page, 'text/html; charset=utf-8', () => page.html);
  }

  return {
    async serve(request, reply) {
      const url = request.url;
      const anonymous = request.cookies[SESSION_COOKIE] === undefined;
      const threadId = threadOf(url);
      const key = `${request.locale} ${url}`;
      if (anonymous) {
        const cached = cache.get(key, threadId);
        if (cached) return sendShared(request, reply, cached);
      }

      // The page's own `?lang=` (the hreflang alternates) picks the language, as it does for the API.
      // A write while this page renders makes it stale before it is kept: it is then sent, not kept.
      const builtSince = cache.generation;
      const lang = (request.query as Record<string, unknown> | undefined)?.lang;
      const [, sessionAnswer] = await answer(request, typeof lang === 'string' ? `/api/session?lang=${encodeURIComponent(lang)}` : '/api/session');
      const session = sessionAnswer.body as SessionInfo;
      let result: Awaited<ReturnType<PageRenderer['render']>>;
      try {
        result = await renderer.render({ url, session, publicUrl: options.publicUrl, fetch: (paths) => answers(request, paths) });
      } catch (error) {
        // A page that cannot be rendered here still works: the shell, and the app loads it itself.
        request.log.error({ err: error, url: redactUrl(url) }, 'page render failed');
        return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderer.shell);
      }
      if (result.kind === 'redirect') return reply.code(result.status).header('cache-control', 'no-cache').redirect(result.location);

      const html = renderer.document(result, session.locale);
      // Only a page rendered for nobody in particular is shared (a stale cookie renders as anonymous too).
      if (session.user === null) {
        const page = { status: result.status, html, etag: `W/"${createHash('sha1').update(html).digest('base64url')}"` };
        if (anonymous) cache.set(key, threadId, page, builtSince);
        return sendShared(request, reply, page);
      }
      // A reader's own page is made for this request only: never stored, never shared.
      return reply
        .code(result.status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('vary', 'Cookie, Accept-Language')
        .send(html);
    },
  };
}

/** The thread a page address shows, for the cache (its pages are dropped when it changes). */
function threadOf(url: string): number | null {
  const match = /^\/t\/(\d+)(?:[/?#]|$)/.exec(url);
  return match ? Number(match[1]) : null;
}
