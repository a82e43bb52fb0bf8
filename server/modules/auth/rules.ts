import { AppError } from '../../lib/errors.ts';
import {
  EMAIL_MAX,
  EMAIL_PATTERN,
  PASSWORD_MAX,
  PASSWORD_MIN,
  TOKEN_NAME_MAX,
  USERNAME_PATTERN,
} from '../../../shared/schemas/auth.ts';
import { refuseDirectionControls } from '../users/rules.ts';
import { isCommonPassword } from './passwords.ts';

/** Usernames are unique regardless of case, so they are compared and stored lower-cased. */
export function normalizeUsername(value: string): string {
  refuseDirectionControls(value, 'username');
  const username = value.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new AppError('USERNAME_INVALID', { field: 'username' });
  return username;
}

export function normalizeEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) {
    throw new AppError('EMAIL_INVALID', { field: 'email' });
  }
  return email;
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN) throw new AppError('PASSWORD_TOO_SHORT', { field: 'password' });
  if (password.length > PASSWORD_MAX) throw new AppError('VALIDATION_FAILED', { field: 'password' });
  if (isCommonPassword(password)) throw new AppError('PASSWORD_TOO_COMMON', { field: 'password' });
}

export function cleanTokenName(value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > TOKEN_NAME_MAX) {
    throw new AppError('TOKEN_NAME_INVALID', { field: 'name' });
  }
  return name;
}
