import type { AckError } from '../../../../shared/events.ts';
import { isErrorCode } from '../../../../shared/errors.ts';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/i18n.svelte.ts';

/** A refused socket write, in the page's language (the server's words when it filled in values). */
export function ackErrorText(error: AckError): string {
  if (!isErrorCode(error.code)) return error.message;
  const seconds = /(\d+)\s*s\b/.exec(error.message)?.[1];
  return errorText(new ApiError(0, error.code, error.message, undefined, undefined, seconds ? { seconds: Number(seconds) } : {}));
}
