import { session } from '../../lib/state/session.svelte.ts';

/** The viewer's own time zone (the browser's), e.g. "America/Montevideo". */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A workshop's start and end in the viewer's time zone and language: "12 mar 2026, 10:00 –
 * 12:00 GMT-3" (one date when both fall on the same day). Stored times are UTC instants.
 */
export function formatSpan(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const format = new Intl.DateTimeFormat(session.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const zone = new Intl.DateTimeFormat(session.locale, { timeZoneName: 'short' })
    .formatToParts(end)
    .find((part) => part.type === 'timeZoneName')?.value;
  const sameDay = format.format(start).slice(0, 6) === format.format(end).slice(0, 6) && end.getTime() - start.getTime() < 86_400_000;
  const endText = sameDay ? new Intl.DateTimeFormat(session.locale, { timeStyle: 'short' }).format(end) : format.format(end);
  return `${format.format(start)} – ${endText}${zone ? ` ${zone}` : ''}`;
}

/** A message's time of day in the viewer's zone. */
export function formatClock(iso: string): string {
  return new Intl.DateTimeFormat(session.locale, { timeStyle: 'short' }).format(new Date(iso));
}

/** The value of a datetime-local input for an instant, in the viewer's zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
