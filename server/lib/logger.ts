import type { FastifyServerOptions } from 'fastify';

/**
 * Where a secret could ride into a log line: credentials in request and response headers,
 * and the fields of a body or an object that carry passwords, tokens or session ids. Fastify's
 * default serializers already leave headers and bodies out; this is the net under them, for
 * any `log.info({ req, … })` someone adds later.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'secret', 'sessionId', 'cookie'].flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
  ]),
];

type LoggerOption = FastifyServerOptions['logger'];

/** A slash, as is or percent-encoded (inside a `next=` that names where to come back to). */
const SLASH = '(?:/|%2F)';
/**
 * Query values that open something: a download or mailed link's token, an OpenID sign-in's code
 * and state; also inside an encoded `next` (`%3Ftoken%3D…`).
 */
const SECRET_QUERY = /((?:[?&]|%3F|%26)(?:token|code|state|secret)(?:=|%3D))[^&#%]*/gi;
/** Addresses whose last part is the secret itself (an invitation, an unsubscribe link), wherever they appear. */
const SECRET_PATH = new RegExp(`(${SLASH}(?:invite|api${SLASH}invitations|api${SLASH}mailing-list${SLASH}unsubscribe)${SLASH})[A-Za-z0-9_.~-]+`, 'gi');

/** A request's address as the log keeps it: the route is there, the secrets in it are not. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request fields, with the address redacted (every route, every "incoming request" line). */
function serializeRequest(req: LoggedRequest) {
  return { method: req.method, url: typeof req.url === 'string' ? redactUrl(req.url) : undefined, host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** The app's logger options with the redaction added (JSON lines, request ids from Fastify). */
export function withRedaction(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  const serializers = { ...((base.serializers as Record<string, unknown>) ?? {}), req: serializeRequest };
  return { ...base, serializers, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } } as LoggerOption;
}
