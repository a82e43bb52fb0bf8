import ical, { ICalEventStatus } from 'ical-generator';
import type { WorkshopRow } from '../../../db/schema/index.ts';
import { translate } from '../../../shared/i18n/index.ts';

export interface CalendarEntry {
  workshop: WorkshopRow;
  communityName: string;
  hosts: string[];
}

/**
 * An iCalendar file for calendars to import: one event per workshop, in UTC (each calendar
 * shows it in its own time zone), with a stable UID so a re-import updates the event.
 */
export function calendarOf(name: string, entries: CalendarEntry[], origin: string): string {
  const calendar = ical({ name, prodId: { company: 'Minga', product: 'Workshops', language: 'ES' } });
  for (const { workshop, communityName, hosts } of entries) {
    const url = `${origin}/w/${workshop.id}`;
    // The event's own words in the workshop's language, as the people it is for read it.
    const hostsLabel = translate(workshop.language, 'workshops.hosts');
    const lines = [workshop.description.trim(), hosts.length ? `${hostsLabel}: ${hosts.join(', ')}` : '', `${communityName} · ${url}`];
    calendar.createEvent({
      id: `workshop-${workshop.id}@minga`,
      start: workshop.startsAt,
      end: workshop.endsAt,
      stamp: workshop.createdAt,
      summary: workshop.title,
      description: lines.filter(Boolean).join('\n\n'),
      url,
      location: workshop.videoUrl ?? url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
