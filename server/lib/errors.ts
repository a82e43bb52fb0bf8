import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts';
import type { MessageParams } from '../../shared/i18n/index.ts';

/**
 * A failure the user can act on. Services throw these; the error handler turns them into
 * `{error:{code,message,field}}` with the message in the request's language.
 */
export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    readonly options: { field?: string; params?: MessageParams } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.statusCode = ERROR_STATUS[code];
  }

  get field(): string | undefined {
    return this.options.field;
  }
}

export function fail(code: ErrorCode, options?: { field?: string; params?: MessageParams }): never {
  throw new AppError(code, options);
}
