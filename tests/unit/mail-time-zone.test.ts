/** Times in mail are on the recipient's clocks (their time zone setting), the zone named; UTC for those without one. */
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../server/lib/time-zone.ts';

describe('times in mail', () => {
  const start = new Date('2026-12-10T15:00:00Z');

  it('are shown in the member’s zone, named', () => {
    expect(formatInZone(start, 'es', 'America/Montevideo')).toMatch(/^10 dic 2026, 12:00 (GMT-3|UYT)$/);
    expect(formatInZone(start, 'en', 'Asia/Tokyo', 'full')).toBe('Friday, December 11, 2026 at 12:00 AM GMT+9');
  });

  it('are UTC for a member without a zone', () => {
    expect(formatInZone(start, 'en', null)).toBe('Dec 10, 2026, 3:00 PM UTC');
  });
});
