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

/** The app's logger options with the redaction added (JSON lines, request ids from Fastify). */
export function withRedaction(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  return { ...base, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } } as LoggerOption;
}
