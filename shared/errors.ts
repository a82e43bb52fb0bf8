/**
 * The one catalogue of error codes. Each code has an HTTP status; its message lives in the
 * i18n catalogs under `error.<CODE>` so the client and the server speak the same words.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNKNOWN_FIELD: 400,
  USERNAME_INVALID: 400,
  EMAIL_INVALID: 400,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_TOO_COMMON: 400,
  DISPLAY_NAME_INVALID: 400,
  BIO_TOO_LONG: 400,
  COUNTRY_UNKNOWN: 400,
  INSTITUTION_UNKNOWN: 400,
  LANGUAGE_UNKNOWN: 400,
  TOKEN_NAME_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ORIGIN_MISMATCH: 403,
  FORBIDDEN: 403,
  ACCOUNT_SUSPENDED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SLUG_INVALID: 400,
  NAME_INVALID: 400,
  DESCRIPTION_TOO_LONG: 400,
  TITLE_INVALID: 400,
  BODY_EMPTY: 400,
  BODY_TOO_LONG: 400,
  REPLY_TARGET_INVALID: 400,
  BODY_TOO_COMPLEX: 400,
  TOO_MANY_ROOMS: 400,
  NOT_A_QUESTION: 400,
  FORUM_ORDER_INVALID: 400,
  NOT_A_MEMBER: 403,
  MEMBERSHIP_PENDING: 403,
  BANNED_FROM_COMMUNITY: 403,
  THREAD_LOCKED: 403,
  POST_DELETED: 409,
  COMMUNITY_NOT_FOUND: 404,
  FORUM_NOT_FOUND: 404,
  THREAD_NOT_FOUND: 404,
  POST_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  SLUG_TAKEN: 409,
  FIELD_REQUIRED: 400,
  VOCAB_UNKNOWN: 400,
  URL_INVALID: 400,
  YEAR_INVALID: 400,
  TEXT_TOO_LONG: 400,
  CORRECTION_NOT_FOUND: 404,
  CORRECTION_DECIDED: 409,
  FILE_MISSING: 400,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** The body of every failed API response. `field` names the input at fault, when one is. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string; params?: Record<string, string | number> };
}
