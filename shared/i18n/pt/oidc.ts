import type { esOidc } from '../es/oidc.ts';

/** Signing in with an institution (OpenID Connect): buttons, linked providers, admin page. */
export const ptOidc: Record<keyof typeof esOidc, string> = {
};
