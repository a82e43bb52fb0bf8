import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERROR_STATUS, isErrorCode, type ApiErrorBody, type ErrorCode } from '../../shared/errors.ts';
import { translate, type MessageParams } from '../../shared/i18n/index.ts';
import { AppError } from '../lib/errors.ts';

interface Described {
  code: ErrorCode;
  status: number;
  field?: string;
  params?: MessageParams;
}

/** Fastify's own failures (parsing, validation, limits) mapped onto the catalogue. */
function describe(error: FastifyError, reply: FastifyReply): Described {
  if (error instanceof AppError) {
    return { code: error.code, status: error.statusCode, field: error.field, params: error.options.params };
  }
  if (error.validation) {
    const toField = (instancePath: string | undefined) => (instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    // TypeBox reports an unknown property as a `false` schema under additionalProperties.
    const unknown = error.validation.find((v) => v.schemaPath?.endsWith('/additionalProperties'));
    if (unknown) {
      const field = toField(unknown.instancePath);
      return { code: 'UNKNOWN_FIELD', status: 400, field, params: { field } };
    }
    const field = toField(error.validation[0]?.instancePath);
    return { code: 'VALIDATION_FAILED', status: 400, field: field || undefined };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'INVALID_JSON', status: 400 };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'BODY_TOO_LARGE', status: 413 };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 };
  }
  const status = error.statusCode ?? 500;
  if (status === 429) {
    const seconds = Number(reply.getHeader('retry-after')) || 60;
    return { code: 'RATE_LIMITED', status, params: { seconds } };
  }
  if (error instanceof SyntaxError && status === 400) return { code: 'INVALID_JSON', status };
  if (isErrorCode(error.code)) return { code: error.code, status: ERROR_STATUS[error.code] };
  if (status === 401) return { code: 'UNAUTHENTICATED', status };
  if (status === 403) return { code: 'FORBIDDEN', status };
  if (status === 404) return { code: 'NOT_FOUND', status };
  if (status === 413) return { code: 'BODY_TOO_LARGE', status };
  if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', status };
  if (status >= 400 && status < 500) return { code: 'VALIDATION_FAILED', status };
  return { code: 'INTERNAL', status: 500 };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, described: Described) {
  const message = translate(request.locale, `error.${described.code}`, described.params);
  const error: ApiErrorBody['error'] = { code: described.code, message };
  if (described.field) error.field = described.field;
  if (described.params) error.params = described.params;
  return reply.status(described.status).send({ error });
}

/** One shape for every failure: `{error:{code,message,field?}}`, message in the reader's language. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const described = describe(error, reply);
      if (described.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: described.code, status: described.status }, 'request refused');
      return sendError(request, reply, described);
    });
  },
  { name: 'minga-errors' },
);
