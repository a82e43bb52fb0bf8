/** Signing in with an institution (OpenID Connect): buttons, linked providers, admin page. */
export const esOidc = {
};
