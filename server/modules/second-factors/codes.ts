import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';

/** Authenticator codes: 30-second steps, six digits, SHA-1 (what every app speaks). */
export const TOTP_PERIOD_SECONDS = 30;
/** A code of the step before or after is still taken: a phone's clock drifts, people type slowly. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: a code copied from paper is read back right. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUrl(issuer: string, label: string, secret: string): string {
  return generateURI({ issuer, label, secret });
}

/** Spaces and dashes are how people copy codes; case does not matter. */
function normalize(code: string): string {
  return code.replace(/[\s-]+/g, '').toLowerCase();
}

export function isTotpCode(code: string | undefined): code is string {
  return typeof code === 'string' && /^\d{6}$/.test(normalize(code));
}

export function isRecoveryCode(code: string | undefined): code is string {
  return typeof code === 'string' && /^[a-z0-9]{8}$/.test(normalize(code));
}

/**
 * The step of a right code, or null. `afterTimeStep`: the last step accepted for the account,
 * so a code (or an older one) is never taken twice.
 */
export function checkTotp(secret: string, code: string, afterTimeStep: number | null, now = Date.now()): number | null {
  if (!isTotpCode(code)) return null;
  const epoch = Math.floor(now / 1000);
  const result = verifySync({
    secret,
    token: normalize(code),
    epoch,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  return result.valid ? Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta : null;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 8 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
}

/** Kept hashed with the account's id, so one table's hashes say nothing about another account's codes. */
export function recoveryCodeHash(userId: number, code: string): string {
  return createHash('sha256').update(`${userId}:${normalize(code)}`).digest('hex');
}
