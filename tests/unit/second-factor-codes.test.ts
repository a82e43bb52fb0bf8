import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { checkTotp, isRecoveryCode, isTotpCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash } from '../../server/modules/second-factors/codes.ts';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 15);
const step = Math.floor(NOW / 30_000);
const codeAt = (secret: string, offsetSteps: number) => generateSync({ secret, epoch: Math.floor(NOW / 1000) + offsetSteps * 30 });

describe('authenticator codes', () => {
  const secret = newTotpSecret();

  it('takes the code of this step and of one step either side, not two', () => {
    expect(checkTotp(secret, codeAt(secret, 0), null, NOW)).toBe(step);
    expect(checkTotp(secret, codeAt(secret, -1), null, NOW)).toBe(step - 1);
    expect(checkTotp(secret, codeAt(secret, 1), null, NOW)).toBe(step + 1);
    expect(checkTotp(secret, codeAt(secret, 2), null, NOW)).toBeNull();
    expect(checkTotp(secret, codeAt(secret, -2), null, NOW)).toBeNull();
  });

  it('refuses a step already used, or an older one (replay); spaces are ignored', () => {
    expect(checkTotp(secret, codeAt(secret, 0), step, NOW)).toBeNull();
    expect(checkTotp(secret, codeAt(secret, -1), step, NOW)).toBeNull();
    expect(checkTotp(secret, codeAt(secret, 1), step, NOW)).toBe(step + 1);
    const spaced = codeAt(secret, 0).replace(/^(\d{3})/, '$1 ');
    expect(checkTotp(secret, spaced, null, NOW)).toBe(step);
  });

  it('anything but six digits is not a code (and does not throw)', () => {
    expect(isTotpCode('12345')).toBe(false);
    expect(isTotpCode('abcdef')).toBe(false);
    expect(checkTotp(secret, 'abc', null, NOW)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('ten distinct xxxx-xxxx codes, compared without case, dashes or spaces', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(isRecoveryCode(code)).toBe(true);
      expect(isTotpCode(code)).toBe(false);
    }
    const code = codes[0]!;
    expect(recoveryCodeHash(7, code.toUpperCase().replace('-', ' '))).toBe(recoveryCodeHash(7, code));
    // Bound to the account: another account's table row says nothing.
    expect(recoveryCodeHash(8, code)).not.toBe(recoveryCodeHash(7, code));
  });
});
