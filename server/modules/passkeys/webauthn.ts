import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { DEFAULT_LOCALE, translate } from '../../../shared/i18n/index.ts';
import type { PasskeyRow } from '../../../db/schema/index.ts';

/**
 * The relying party, from the site's public address: its host name is the RP id (passkeys are
 * bound to it) and its origin is the only one answers may come from.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: translate(DEFAULT_LOCALE, 'app.name'), origin: url.origin };
}

/** Five minutes to answer, as the browser's own prompt is told. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

const transportsOf = (row: PasskeyRow) => row.transports as AuthenticatorTransportFuture[];

/** Options to create a passkey that can sign in without a username (a discoverable credential). */
export function registrationOptions(rp: RelyingParty, user: { id: number; username: string; displayName: string }, existing: PasskeyRow[]) {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.username,
    userDisplayName: user.displayName,
    // A stable handle per account that says nothing about the person.
    userID: new TextEncoder().encode(`minga-user-${user.id}`),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
  });
}

/**
 * Options to answer with a passkey: the member's own credentials as a second factor ("preferred"
 * verification), or any discoverable one for a passwordless sign-in ("required").
 */
export function authenticationOptions(rp: RelyingParty, credentials: PasskeyRow[] | null) {
  return generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CHALLENGE_TTL_MS,
    userVerification: credentials ? 'preferred' : 'required',
    ...(credentials ? { allowCredentials: credentials.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })) } : {}),
  });
}

/** The new credential when the browser's answer is good for this challenge; null otherwise. */
export async function verifiedRegistration(rp: RelyingParty, response: unknown, challenge: string) {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch {
    // A malformed or forged answer is a wrong answer, never a 5xx.
    return null;
  }
}

/** The authenticator's new counter when the answer is good for this challenge and credential; null otherwise. */
export async function verifiedAuthentication(rp: RelyingParty, response: unknown, challenge: string, row: PasskeyRow, requireUserVerification: boolean) {
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: row.credentialId, publicKey: new Uint8Array(row.publicKey), counter: row.counter, transports: transportsOf(row) },
      requireUserVerification,
    });
    return result.verified ? result.authenticationInfo : null;
  } catch {
    return null;
  }
}

/** The credential id an answer names, if it has the shape of one. */
export function credentialIdOf(response: unknown): string | null {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 1024 ? id : null;
}
