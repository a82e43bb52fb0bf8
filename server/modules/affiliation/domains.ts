import { DOMAINS_MAX } from '../../../shared/schemas/affiliation.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * Public mail providers: anyone can have an address there, so it proves no affiliation. A
 * short list of the ones people in the network use most; a provider not listed still needs a
 * representative (or an admin) to claim it for an institution.
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.es',
  'hotmail.com.br',
  'outlook.com',
  'outlook.es',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.es',
  'yahoo.com.br',
  'yahoo.com.ar',
  'yahoo.com.mx',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'uol.com.br',
  'bol.com.br',
  'terra.com.br',
  'sapo.pt',
]);

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A host name as typed (`@SENAI.br ` too) in its stored form, or the reason it is not one. */
export function normaliseDomain(input: string): string {
  const domain = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  const labels = domain.split('.');
  const valid = domain.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label)) && /^[a-z]{2,63}$|^xn--/.test(labels.at(-1)!);
  if (!valid) throw new AppError('AFFILIATION_DOMAIN_INVALID', { field: 'domains', params: { domain: input.trim().slice(0, 80) } });
  if (PUBLIC_MAIL_DOMAINS.has(domain)) throw new AppError('AFFILIATION_DOMAIN_PUBLIC', { field: 'domains', params: { domain } });
  return domain;
}

/** The list as a representative typed it: normalised, duplicates dropped, at most DOMAINS_MAX. */
export function normaliseDomains(inputs: string[]): string[] {
  const domains = [...new Set(inputs.filter((input) => input.trim() !== '').map(normaliseDomain))];
  if (domains.length > DOMAINS_MAX) throw new AppError('AFFILIATION_DOMAINS_TOO_MANY', { field: 'domains', params: { max: DOMAINS_MAX } });
  return domains.sort();
}

/** The domain among these that the address is at (`x@sub.senai.br` is at `senai.br`), or null. */
export function domainOf(email: string, domains: readonly string[]): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const host = email.slice(at + 1).trim().toLowerCase();
  // The longest match wins, so a listed subdomain is named rather than its parent.
  const matches = domains.filter((domain) => host === domain || host.endsWith(`.${domain}`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}
