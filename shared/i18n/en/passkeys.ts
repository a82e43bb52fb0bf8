import type { esPasskeys } from '../es/passkeys.ts';

/** Passkeys (WebAuthn): as a second factor and as a passwordless sign-in. */
export const enPasskeys: Record<keyof typeof esPasskeys, string> = {
};
