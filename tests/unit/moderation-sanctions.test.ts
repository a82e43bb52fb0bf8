import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/lib/errors.ts';
import { activeSanction, requireCanPost } from '../../server/modules/communities/access.ts';
import { writeBlockedReason } from '../../server/modules/communities/policy.ts';
import { futureDate } from '../../server/modules/moderation/context.ts';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const actor = { id: 7, username: 'ana', displayName: 'Ana', role: 'member' as const, locale: null };
const membership = (over: Partial<{ silencedUntil: Date | null; suspendedUntil: Date | null; status: 'active' | 'banned' }> = {}) => ({
  role: 'member' as const,
  status: 'active' as const,
  createdAt: new Date(NOW),
  silencedUntil: null,
  suspendedUntil: null,
  ...over,
});
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('the write check and sanctions', () => {
  it('a suspension outranks a silence, and both end at their end date', () => {
    const later = new Date(NOW + 1000);
    const earlier = new Date(NOW - 1000);
    expect(activeSanction(membership({ silencedUntil: later, suspendedUntil: later }), NOW)?.kind).toBe('suspended');
    expect(activeSanction(membership({ silencedUntil: later }), NOW)?.kind).toBe('silenced');
    expect(activeSanction(membership({ silencedUntil: earlier, suspendedUntil: earlier }), NOW)).toBeNull();
  });

  it('refuses with the code a person can act on', () => {
    const community = { id: 1, visibility: 'public', ownerId: null } as never;
    const future = new Date(Date.now() + 60_000);
    expect(codeOf(() => requireCanPost(actor, { community, membership: membership() }))).toBeNull();
    expect(codeOf(() => requireCanPost(actor, { community, membership: membership({ silencedUntil: future }) }))).toBe('SILENCED_IN_COMMUNITY');
    expect(codeOf(() => requireCanPost(actor, { community, membership: membership({ suspendedUntil: future }) }))).toBe('ACCOUNT_SUSPENDED');
    expect(codeOf(() => requireCanPost(actor, { community, membership: membership({ status: 'banned' }) }))).toBe('BANNED_FROM_COMMUNITY');
    expect(writeBlockedReason(actor, membership({ silencedUntil: future }))).toBe('silenced');
    expect(writeBlockedReason(actor, membership({ suspendedUntil: future }))).toBe('suspended');
  });

  it('reads an end date as a day (to its end) or a moment, and only in the future', () => {
    expect(futureDate('2026-12-01', NOW).toISOString()).toBe('2026-12-01T23:59:59.999Z');
    expect(futureDate('2026-11-21T13:00:00Z', NOW).getTime()).toBe(NOW + 3_600_000);
    expect(codeOf(() => futureDate('2026-11-21T11:00:00Z', NOW))).toBe('UNTIL_INVALID');
    expect(codeOf(() => futureDate('pronto', NOW))).toBe('UNTIL_INVALID');
  });

  it('refuses an impossible calendar day instead of rolling it into the next month', () => {
    expect(codeOf(() => futureDate('2027-02-30', NOW))).toBe('UNTIL_INVALID');
    expect(codeOf(() => futureDate('2027-02-30T10:00:00Z', NOW))).toBe('UNTIL_INVALID');
    expect(futureDate('2027-02-28', NOW).toISOString()).toBe('2027-02-28T23:59:59.999Z');
  });
});
