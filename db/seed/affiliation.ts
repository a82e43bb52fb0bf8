import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { institutionDomains, institutionRepresentatives, institutions, specialists, userAffiliations, users } from '../schema/index.ts';

/**
 * The email domains of the demo's member institutions: their real ones (public knowledge, on
 * their websites). Ministries on shared government domains (gob.pe, gov.br…) list none: a
 * shared domain proves no affiliation.
 */
export const DEMO_DOMAINS: readonly { acronym: string; countryCode: string; domains: string[] }[] = [
  { acronym: 'SENAI', countryCode: 'BR', domains: ['senai.br', 'sp.senai.br'] },
  { acronym: 'SENAC', countryCode: 'BR', domains: ['senac.br'] },
  { acronym: 'SENAR', countryCode: 'BR', domains: ['senar.org.br'] },
  { acronym: 'INACAP', countryCode: 'CL', domains: ['inacap.cl'] },
  { acronym: 'SENA', countryCode: 'CO', domains: ['sena.edu.co'] },
  { acronym: 'INA', countryCode: 'CR', domains: ['ina.ac.cr'] },
  { acronym: 'IEFP', countryCode: 'CV', domains: ['iefp.cv'] },
  { acronym: 'INFOTEP', countryCode: 'DO', domains: ['infotep.gob.do'] },
  { acronym: 'SECAP', countryCode: 'EC', domains: ['secap.gob.ec'] },
  { acronym: 'Fundae', countryCode: 'ES', domains: ['fundae.es'] },
  { acronym: 'INTECAP', countryCode: 'GT', domains: ['intecap.edu.gt'] },
  { acronym: 'INFOP', countryCode: 'HN', domains: ['infop.hn'] },
  { acronym: 'HEART/NSTA Trust', countryCode: 'JM', domains: ['heart-nsta.org'] },
  { acronym: 'CONALEP', countryCode: 'MX', domains: ['conalep.edu.mx'] },
  { acronym: 'INADEH', countryCode: 'PA', domains: ['inadeh.edu.pa'] },
  { acronym: 'SENATI', countryCode: 'PE', domains: ['senati.edu.pe'] },
  { acronym: 'IEFP', countryCode: 'PT', domains: ['iefp.pt'] },
  { acronym: 'SNPP', countryCode: 'PY', domains: ['snpp.edu.py'] },
  { acronym: 'INSAFORP', countryCode: 'SV', domains: ['insaforp.org.sv'] },
  { acronym: 'INEFOP', countryCode: 'UY', domains: ['inefop.org.uy'] },
  { acronym: 'UTU', countryCode: 'UY', domains: ['utu.edu.uy'] },
];

/** Verified per institution with domains: its members linked to a specialist record first, then by account age. */
const VERIFIED_PER_INSTITUTION = 3;
const VERIFIED_AT = new Date(Date.UTC(2026, 0, 12, 14, 0));

/**
 * Demo affiliations. The demo's addresses are all at reserved example domains (so a demo with
 * SMTP never mails a stranger): none can be at an institution's real domain, so the verified
 * members here are verified through their institution's sign-in (`oidc`, at its first domain),
 * and one more by a representative's vouch. Deterministic: by ids, fixed moments.
 */
export async function seedAffiliation(db: Db, progress: (line: string) => void): Promise<{ domains: number; affiliations: number }> {
  let domains = 0;
  let affiliations = 0;
  const verified = new Set<number>();
  const representatives = (await db.select({ userId: institutionRepresentatives.userId }).from(institutionRepresentatives)).map((r) => r.userId);
  for (const entry of DEMO_DOMAINS) {
    const [institution] = await db
      .select({ id: institutions.id })
      .from(institutions)
      .where(and(eq(institutions.acronym, entry.acronym), eq(institutions.countryCode, entry.countryCode)))
      .limit(1);
    if (!institution) continue;
    await db
      .insert(institutionDomains)
      .values(entry.domains.map((domain) => ({ institutionId: institution.id, domain, createdAt: VERIFIED_AT })))
      .onConflictDoNothing();
    domains += entry.domains.length;
    const people = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.institutionId, institution.id), eq(users.role, 'member'), representatives.length > 0 ? notInArray(users.id, representatives) : undefined))
      .orderBy(sql`EXISTS (SELECT 1 FROM ${specialists} WHERE ${specialists.userId} = ${users.id} AND ${specialists.institutionId} = ${institution.id}) DESC`, asc(users.id))
      .limit(VERIFIED_PER_INSTITUTION);
    for (const person of people) {
      await db
        .insert(userAffiliations)
        .values({ userId: person.id, institutionId: institution.id, method: 'oidc', domain: entry.domains[0]!, vouchedBy: null, verifiedAt: VERIFIED_AT })
        .onConflictDoNothing();
      verified.add(person.id);
      affiliations += 1;
    }
  }

  // One vouch: the first representative vouches for a colleague who is not verified yet.
  const [rep] = await db.select().from(institutionRepresentatives).orderBy(asc(institutionRepresentatives.institutionId), asc(institutionRepresentatives.userId)).limit(1);
  if (rep) {
    const [colleague] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.institutionId, rep.institutionId), eq(users.role, 'member'), notInArray(users.id, [...representatives, ...verified, 0])))
      .orderBy(asc(users.id))
      .limit(1);
    if (colleague) {
      await db
        .insert(userAffiliations)
        .values({ userId: colleague.id, institutionId: rep.institutionId, method: 'vouched', domain: null, vouchedBy: rep.userId, verifiedAt: VERIFIED_AT })
        .onConflictDoNothing();
      affiliations += 1;
    }
  }
  progress(`affiliations: ${domains} institution domains, ${affiliations} verified members`);
  return { domains, affiliations };
}
