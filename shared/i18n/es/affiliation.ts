/** Verified affiliations: institution email domains, badges, vouching. */
export const esAffiliation = {
};
