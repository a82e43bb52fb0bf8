import type { AffiliationBadge } from '../../../shared/schemas/affiliation.ts';
import { t } from './i18n.svelte.ts';

/** How an affiliation was verified, as the badge's tooltip and screen readers say it ("email at senai.br"). */
export function affiliationHow(badge: AffiliationBadge): string {
  if (badge.method === 'vouched') return badge.vouchedBy ? t('affiliation.how.vouched', { name: badge.vouchedBy.displayName }) : t('affiliation.how.vouchedGone');
  return t(badge.method === 'oidc' ? 'affiliation.how.oidc' : 'affiliation.how.email', { domain: badge.domain ?? '' });
}
