/** Passkeys (WebAuthn): as a second factor and as a passwordless sign-in. */
export const esPasskeys = {
};
