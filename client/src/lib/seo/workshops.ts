import type { Workshop } from '../../../../shared/schemas/workshops.ts';
import { absoluteUrl, personJsonLd, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';
import { plainText } from './text.ts';

/**
 * A workshop, meeting or seminar as an online `Event`: it happens in the workshop's own room,
 * so the virtual location is the page itself; the community organizes, the hosts perform.
 */
export function workshopJsonLd(base: string, workshop: Workshop): JsonLd {
  const url = absoluteUrl(base, `/w/${workshop.id}`);
  const description = plainText(workshop.descriptionHtml) || workshop.description;
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'Event',
    name: workshop.title,
    ...(description ? { description } : {}),
    url,
    startDate: workshop.startsAt,
    endDate: workshop.endsAt,
    eventAttendanceMode: `${SCHEMA_CONTEXT}/OnlineEventAttendanceMode`,
    eventStatus: `${SCHEMA_CONTEXT}/EventScheduled`,
    inLanguage: workshop.language,
    location: { '@type': 'VirtualLocation', url },
    organizer: {
      '@type': 'Organization',
      name: workshop.community.name,
      url: absoluteUrl(base, `/c/${encodeURIComponent(workshop.community.slug)}`),
    },
    ...(workshop.hosts.length > 0 ? { performer: workshop.hosts.map((host) => personJsonLd(base, host)) } : {}),
    ...(workshop.capacity !== null
      ? {
          maximumAttendeeCapacity: workshop.capacity,
          remainingAttendeeCapacity: Math.max(0, workshop.capacity - workshop.registrationCount),
        }
      : {}),
    isAccessibleForFree: true,
  };
}
