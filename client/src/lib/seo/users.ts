import type { PublicUser } from '../../../../shared/schemas/users.ts';
import { absoluteUrl, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';

/** A member's public page: a `ProfilePage` about the `Person` (only what anyone may see). */
export function userProfileJsonLd(base: string, user: PublicUser): JsonLd {
  const url = absoluteUrl(base, `/u/${encodeURIComponent(user.username)}`);
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'ProfilePage',
    url,
    dateCreated: user.createdAt,
    mainEntity: {
      '@type': 'Person',
      name: user.displayName,
      alternateName: user.username,
      url,
      ...(user.bio ? { description: user.bio } : {}),
      ...(user.institution
        ? {
            affiliation: {
              '@type': 'EducationalOrganization',
              name: user.institution.name,
              alternateName: user.institution.acronym,
              url: absoluteUrl(base, `/knowledge/institutions/${user.institution.id}`),
            },
          }
        : {}),
      ...(user.languages.length > 0 ? { knowsLanguage: user.languages } : {}),
    },
  };
}
