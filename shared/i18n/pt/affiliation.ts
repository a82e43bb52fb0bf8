import type { esAffiliation } from '../es/affiliation.ts';

/** Verified affiliations: institution email domains, badges, vouching. */
export const ptAffiliation: Record<keyof typeof esAffiliation, string> = {
};
