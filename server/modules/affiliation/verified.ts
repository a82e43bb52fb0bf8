import { and, eq, ne, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { userAffiliations, type UserAffiliationRow } from '../../../db/schema/index.ts';
import type { AffiliationBadge } from '../../../shared/schemas/affiliation.ts';

/**
 * THE condition for the badge, joined wherever a person is shown (users, specialists, an
 * institution's people): their affiliation row counts only with the institution they show
 * now, and not once a representative removed it.
 */
export function badgeCounts(userId: SQLiteColumn, shownInstitutionId: SQLiteColumn): SQL {
  return and(eq(userAffiliations.userId, userId), eq(userAffiliations.institutionId, shownInstitutionId), ne(userAffiliations.method, 'revoked'))!;
}

/** The badge from a row joined with `badgeCounts` (null when none joined), and its voucher's names. */
export function toAffiliationBadge(row: UserAffiliationRow | null, voucher: { username: string | null; displayName: string | null }): AffiliationBadge | null {
  if (!row || row.method === 'revoked') return null;
  return {
    institutionId: row.institutionId,
    method: row.method,
    domain: row.domain,
    vouchedBy: voucher.username !== null ? { username: voucher.username, displayName: voucher.displayName ?? voucher.username } : null,
    verifiedAt: row.verifiedAt.toISOString(),
  };
}
