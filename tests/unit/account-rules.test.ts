import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/lib/errors.ts';
import { isCommonPassword } from '../../server/modules/auth/passwords.ts';
import { checkPassword, normalizeEmail, normalizeUsername } from '../../server/modules/auth/rules.ts';
import { loadConfig } from '../../server/config.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('account rules', () => {
  it('lower-cases usernames and emails before checking them', () => {
    expect(normalizeUsername('  Ana_Maria-7 ')).toBe('ana_maria-7');
    expect(normalizeEmail(' Ana@SENA.edu.CO ')).toBe('ana@sena.edu.co');
  });

  it('knows the common passwords, whatever their case', () => {
    expect(isCommonPassword('1234567890')).toBe(true);
    expect(isCommonPassword('Password123')).toBe(true);
    expect(isCommonPassword('tejido-andino-2026')).toBe(false);
  });

  it('checks length before commonness', () => {
    expect(codeOf(() => checkPassword('123456'))).toBe('PASSWORD_TOO_SHORT');
    expect(codeOf(() => checkPassword('1234567890'))).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf(() => checkPassword('tejido-andino-2026'))).toBeUndefined();
  });
});

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dbFile: './data/minga.db', seed: 'demo' });
    expect(config.demoPassword).toBeUndefined();
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ MINGA_SEED: 'lots' })).toThrow(/MINGA_SEED/);
    expect(() => loadConfig({ MINGA_DEMO_PASSWORD: 'short' })).toThrow(/MINGA_DEMO_PASSWORD/);
  });
});
