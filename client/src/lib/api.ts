import { isErrorCode, type ErrorCode } from '../../../shared/errors.ts';
import { describeRejection, known, never, once, onServer, preloadedAnswer } from './preload.ts';

export type ApiErrorCode = ErrorCode | 'NETWORK';

/** A failed API call, as the server described it (`{error: {code, message, field?, params?}}`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  /** The input at fault, when the server names one. */
  readonly field: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (rate limits). */
  readonly retryAfter: number | undefined;
  /** The values the server filled into its message ({max, length}…), to fill ours again. */
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    field?: string,
    retryAfter?: number,
    params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.params = params;
  }
}

/** Any thrown value as an ApiError, so callers handle one shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'INTERNAL', error instanceof Error ? error.message : String(error));
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * A GET the server already answered for this page (see preload.ts): settled at once, and known
 * to settle so, so the first render shows it. On the server nothing else is fetched: the GET is
 * noted, answered by the server, and the page rendered again.
 */
function get<T>(path: string): Promise<T> {
  const answer = preloadedAnswer(path);
  if (answer) return known<T>(answer);
  if (onServer) return never<T>();
  return once(path, () => request<T>('GET', path));
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  throw errorFromAnswer(response.status, payload, retryAfter, response.statusText);
}

/** An error answer as an ApiError, from its status and its `{error: {…}}` body. */
export function errorFromAnswer(status: number, payload: unknown, retryAfter: number | undefined, statusText: string): ApiError {
  const error =
    payload && typeof payload === 'object' && 'error' in payload ? payload.error : undefined;
  if (error && typeof error === 'object' && 'code' in error && isErrorCode(error.code)) {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
    const field = 'field' in error && typeof error.field === 'string' ? error.field : undefined;
    const params = 'params' in error ? messageParams(error.params) : {};
    return new ApiError(status, error.code, message, field, retryAfter, params);
  }
  // Something other than the API answered (a proxy, a crash page): classify by status only.
  const code = STATUS_FALLBACK[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
  return new ApiError(status, code, statusText, undefined, retryAfter);
}

/** Only the string and number values of `params`: anything else cannot fill a message. */
function messageParams(value: unknown): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (!value || typeof value !== 'object') return params;
  for (const [name, item] of Object.entries(value)) {
    if (typeof item === 'string' || typeof item === 'number') params[name] = item;
  }
  return params;
}

const STATUS_FALLBACK: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** The typed JSON client. Payload types come from shared/schemas. */
export const api = {
  get,
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/**
 * A failure known at once, without asking the server (an address that cannot name anything):
 * a page shows it on its first render, on the server too, like any answer.
 */
export function failed(status: number, code: ErrorCode): Promise<never> {
  return known<never>({ status, body: { error: { code, message: '' } } });
}

/** Builds `path?query` from defined values only. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

// A preloaded failure reaches a page's error handling as the ApiError a real request would give.
describeRejection((answer) => errorFromAnswer(answer.status, answer.body, undefined, ''));
