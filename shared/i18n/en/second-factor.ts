import type { esSecondFactor } from '../es/second-factor.ts';

/** Second factors: authenticator codes (TOTP), recovery codes, the second sign-in step, staff requirement. */
export const enSecondFactor: Record<keyof typeof esSecondFactor, string> = {
  'error.SECOND_FACTOR_REQUIRED': 'One more step: enter the code from your authenticator app or use your passkey.',
  'error.INVALID_SECOND_FACTOR': "That code is not valid (or was already used). Check your phone's clock and try the new code.",
  'error.LOGIN_EXPIRED': 'The sign-in expired (more than 5 minutes passed, or too many tries). Enter your password again.',
  'error.REAUTH_REQUIRED': 'For your security, sign in again before making this change.',
  'confirm.legend': 'Confirm it is you',
  'confirm.password': 'Your password',
  'confirm.code': 'Code from your authenticator app, or a recovery code',
  'confirm.code.hint': 'Six digits from the app, or one of your recovery codes.',
  'confirm.useCode': 'Use a code instead',
  'confirm.usePassword': 'Use my password',
};
