import { session } from '../../lib/state/session.svelte.ts';
import { fromZoneInput, toZoneInput, viewerZone } from '../../lib/time-zone.svelte.ts';

/** The viewer's time zone: the member's setting, else UTC (the same on the server's render and in the browser). */
export { viewerZone };
export { formatClock } from '../../lib/i18n.svelte.ts';

/**
 * A workshop's start and end in the viewer's time zone and language: "12 mar 2026, 10:00 –
 * 12:00 GMT-3" (one date when both fall on the same day). Stored times are UTC instants.
 */
export function formatSpan(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const timeZone = viewerZone();
  const format = new Intl.DateTimeFormat(session.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const zone = new Intl.DateTimeFormat(session.locale, { timeZoneName: 'short', timeZone })
    .formatToParts(end)
    .find((part) => part.type === 'timeZoneName')?.value;
  const sameDay = format.format(start).slice(0, 6) === format.format(end).slice(0, 6) && end.getTime() - start.getTime() < 86_400_000;
  const endText = sameDay ? new Intl.DateTimeFormat(session.locale, { timeStyle: 'short', timeZone }).format(end) : format.format(end);
  return `${format.format(start)} – ${endText}${zone ? ` ${zone}` : ''}`;
}

/** The value of a datetime-local input for an instant, in the viewer's zone. */
export function toLocalInput(date: Date): string {
  return toZoneInput(date, viewerZone());
}

/** A datetime-local input's value, read in the viewer's zone, as an ISO instant (the input's own value when it is not one). */
export function fromLocalInput(value: string): string {
  return fromZoneInput(value, viewerZone())?.toISOString() ?? value;
}
