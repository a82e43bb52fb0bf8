import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { MessageKey } from '../../../shared/i18n/core.ts';
import { toApiError, type ApiError } from './api.ts';
import { errorText, t } from './i18n.svelte.ts';

/**
 * The browser's side of passkeys. `@simplewebauthn/browser` is loaded only when a person
 * presses a passkey button, so it is in no page's first download.
 */

/** Whether this browser can use passkeys at all (call after mount: `window` is the browser's). */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/** Why the browser's passkey prompt gave nothing: a message the person can act on. */
export class PasskeyPromptError extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(messageKey);
  }
}

function promptError(error: unknown): PasskeyPromptError {
  const name = (error as { name?: string; code?: string })?.code ?? (error as { name?: string })?.name ?? '';
  const cause = (error as { cause?: { name?: string } })?.cause?.name ?? '';
  if (/NotAllowed|Abort|CEREMONY_ABORTED/.test(`${name} ${cause}`)) return new PasskeyPromptError('passkeys.cancelled');
  if (/PREVIOUSLY_REGISTERED|InvalidState/.test(`${name} ${cause}`)) return new PasskeyPromptError('error.PASSKEY_EXISTS');
  if (/NotSupported|not supported/i.test(`${name} ${cause} ${(error as Error)?.message ?? ''}`)) return new PasskeyPromptError('passkeys.unsupported');
  return new PasskeyPromptError('passkeys.failed');
}

/** Asks the authenticator to create a passkey with the server's options. */
export async function createPasskey(optionsJSON: unknown): Promise<RegistrationResponseJSON> {
  if (!passkeysSupported()) throw new PasskeyPromptError('passkeys.unsupported');
  const { startRegistration } = await import('@simplewebauthn/browser');
  try {
    return await startRegistration({ optionsJSON: optionsJSON as Parameters<typeof startRegistration>[0]['optionsJSON'] });
  } catch (error) {
    throw promptError(error);
  }
}

/** Asks the authenticator to answer the server's challenge. */
export async function answerWithPasskey(optionsJSON: unknown): Promise<AuthenticationResponseJSON> {
  if (!passkeysSupported()) throw new PasskeyPromptError('passkeys.unsupported');
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    return await startAuthentication({ optionsJSON: optionsJSON as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  } catch (error) {
    throw promptError(error);
  }
}

/** A failed passkey step as text: the prompt's reason, or the server's answer. */
export function passkeyProblem(error: unknown): { text: string; api: ApiError | null } {
  if (error instanceof PasskeyPromptError) return { text: t(error.messageKey), api: null };
  const api = toApiError(error);
  return { text: errorText(api), api };
}
