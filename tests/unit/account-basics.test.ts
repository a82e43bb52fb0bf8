import { describe, expect, it } from 'vitest';
import { cleanPayload, cleanText } from '../../server/lib/text-hygiene.ts';
import { describeDevice } from '../../server/modules/auth/device.ts';
import { LoginThrottle } from '../../server/modules/auth/login-throttle.ts';

describe('text hygiene', () => {
  it('strips NUL, C0 controls and DEL, normalises line breaks, keeps tabs, newlines and other scripts', () => {
    expect(cleanText('a\u0000b\u0007c\u001b\u007fd')).toBe('abcd');
    expect(cleanText('uno\r\ndos\rtres\n\tcuatro')).toBe('uno\ndos\ntres\n\tcuatro');
    expect(cleanText('formación · ação · 日本')).toBe('formación · ação · 日本');
  });

  it('cleans every string of a body, nested, keys too, but leaves passwords exactly as typed', () => {
    const body = { title: 'T\u0000', list: ['a\u0001', { deep: 'b\r\n' }], 'k\u0002': 1, password: 'p\u0001ss', newPassword: 'n\u0000' };
    expect(cleanPayload(body)).toEqual({ title: 'T', list: ['a', { deep: 'b\n' }], k: 1, password: 'p\u0001ss', newPassword: 'n\u0000' });
  });
});

describe('devices and sign-in failures', () => {
  it('names a browser and its system from the user agent', () => {
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0')).toBe('Edge · Windows');
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe('Safari · iOS');
    expect(describeDevice('curl/8.5.0')).toBe('curl');
    expect(describeDevice('')).toBe('');
  });

  it('counts failures per address in a sliding window', () => {
    const throttle = new LoginThrottle({ max: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) throttle.fail('1.2.3.4', 1000 + i);
    expect(() => throttle.check('1.2.3.4', 1100)).toThrow('RATE_LIMITED');
    expect(() => throttle.check('5.6.7.8', 1100)).not.toThrow();
    expect(() => throttle.check('1.2.3.4', 2001)).not.toThrow();
  });
});
