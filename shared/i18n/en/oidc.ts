import type { esOidc } from '../es/oidc.ts';

/** Signing in with an institution (OpenID Connect): buttons, linked providers, admin page. */
export const enOidc: Record<keyof typeof esOidc, string> = {
};
