import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorResponse } from '../../shared/schemas/common.ts';
import { SESSION_COOKIE } from '../modules/auth/session-store.ts';

/** The JSON API's own description of itself, generated from the routes' TypeBox schemas. */
export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PREFIX = '/api/docs';

const SCOPE_READ = 'With an API token: scope `read` or `read+write`.';
const SCOPE_WRITE = 'With an API token: scope `read+write`.';
const ERROR_REF = { $ref: '#/components/schemas/Error' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What each area is called in the reference: the first segment after /api/. */
function tagOf(url: string): string {
  const segment = url.split('/')[2] ?? 'api';
  return segment === 'me' ? 'account' : segment;
}

const DESCRIPTION = `The JSON API of Minga, the community-of-practice platform of a network of vocational-training institutions.

**Authentication.** The browser app uses the session cookie \`${SESSION_COOKIE}\`, set by \`POST /api/auth/login\`; state-changing requests that ride on the cookie must come from this site (\`Origin\`). Scripts and integrations use an **API token** instead, sent as \`Authorization: Bearer <token>\`; a member creates one on [their settings page](/settings#settings-tokens). A token's scope is \`read\` (GET, HEAD, OPTIONS only: any other method answers 403 \`TOKEN_SCOPE\`) or \`read+write\`. A token acts as its member, with their permissions.

**Errors.** Every failure answers \`{ "error": { "code", "message", "field"?, "params"? } }\`: \`code\` is stable, \`message\` is in the reader's language (\`Accept-Language\`, \`?lang=\`). A missing and a forbidden item are the same 404.

**Lists** answer \`{ "items", "nextCursor" }\`: pass \`cursor\` back for the next page.`;

/**
 * Registers @fastify/swagger before the areas' routes (it collects them as they are added):
 * every /api/ route with its parameters, bodies and responses, the error shape, and the two
 * ways in (cookie and bearer token, with the scope a token needs per method).
 */
export const openApiPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string; version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Minga API', version: opts.version, description: DESCRIPTION },
        servers: [{ url: new URL(opts.publicUrl).origin + new URL(opts.publicUrl).pathname.replace(/\/$/, '') }],
        components: {
          schemas: { Error: { ...ErrorResponse, description: 'Every failure: a stable code, a message in the reader\'s language, the field at fault, the values in the message.' } },
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The browser session, set by POST /api/auth/login.' },
            token: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API token created on the settings page. Scope `read`: GET requests only; scope `read+write`: every request its member may make.',
            },
          },
        },
      },
      hideUntagged: false,
      transform: ({ schema, url, route }) => {
        const methods = ([] as string[]).concat(route.method);
        const hide = !url.startsWith('/api/') || url.startsWith(DOCS_PREFIX) || url === OPENAPI_PATH;
        const safe = methods.every((m) => SAFE_METHODS.has(m));
        const response = (schema as { response?: Record<string, unknown> } | undefined)?.response;
        const documented = {
          ...schema,
          // The one error shape is written once, in components.
          ...(response
            ? { response: Object.fromEntries(Object.entries(response).map(([status, body]) => [status, body === ErrorResponse ? ERROR_REF : body])) }
            : {}),
          hide: hide || (schema as { hide?: boolean } | undefined)?.hide,
          tags: (schema as { tags?: string[] } | undefined)?.tags ?? [tagOf(url)],
          // Anyone may call a route (it answers 401 or 404 when it needs more); a token needs
          // the scope of the method.
          security: [{}, { session: [] }, { token: [] }] as { [scheme: string]: string[] }[],
          'x-token-scope': safe ? 'read' : 'read+write',
          description: [(schema as { description?: string } | undefined)?.description, safe ? SCOPE_READ : SCOPE_WRITE].filter(Boolean).join('\n\n'),
        };
        return { schema: documented as unknown as typeof schema, url };
      },
    });
  },
  { name: 'minga-openapi' },
);

/** The document at /api/openapi.json and a reference page at /api/docs, served from our origin. */
export async function apiDocsPlugin(app: FastifyInstance) {
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(app.swagger()));
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // No call to validator.swagger.io (our CSP allows images from this site only).
    uiConfig: { validatorUrl: null, filter: true, docExpansion: 'list', defaultModelsExpandDepth: 0, tryItOutEnabled: false } as never,
    logLevel: 'warn',
  });
}
