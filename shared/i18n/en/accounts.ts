import type { esAccounts } from '../es/accounts.ts';

/** Account basics: password, sessions, token scopes, site roles (the people page). */
export const enAccounts: Record<keyof typeof esAccounts, string> = {
  'error.TOKEN_SCOPE': 'This API token may only read: create a read and write token to make changes.',
  'error.SESSION_REQUIRED': 'This can only be done signed in through the browser, not with an API token.',
  'error.WRONG_PASSWORD': 'The current password is not correct.',
  'error.PASSWORD_UNCHANGED': 'The new password is the same as the current one: choose another.',
  'error.SESSION_NOT_FOUND': 'That session does not exist or has already ended.',
  'error.NAME_DIRECTION_CONTROL':
    'The name contains invisible characters that reverse the text direction (used to spoof names): remove them.',
  'error.LAST_ADMIN': 'This is the only admin account: make someone else an admin first.',
  'error.JOIN_REQUEST_NOT_FOUND': 'You have no pending request in this community.',
};
