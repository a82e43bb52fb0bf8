/** Wall clocks of a time zone, with nothing but Intl (pure: the unit tests and the server can use it). */

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock parts of an instant in a zone. */
function wallParts(time: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    wallFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(time).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value ("2027-01-05T10:15") on the clocks of a zone. */
export function toZoneInput(date: Date, zone: string): string {
  const p = wallParts(date.getTime(), zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A `datetime-local` value read on the clocks of a zone, as an instant (null when it is not one). */
export function fromZoneInput(value: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at a first guess, then again at the corrected instant (a change of offset between them).
  let time = wanted;
  for (let i = 0; i < 2; i++) {
    const p = wallParts(time, zone);
    time += wanted - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  }
  return new Date(time);
}

/** The calendar date ("2026-12-09") of an instant in a zone, and its weekday (0 Sunday). */
export function zoneDay(date: Date, zone: string): { year: number; month: number; day: number; weekday: number } {
  const p = wallParts(date.getTime(), zone);
  return { year: p.year, month: p.month, day: p.day, weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() };
}

/** 9:00 on the day `days` after an instant's day, on the clocks of a zone. */
export function nineOClock(date: Date, days: number, zone: string): Date {
  const d = zoneDay(date, zone);
  const target = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return fromZoneInput(`${target.getUTCFullYear()}-${pad(target.getUTCMonth() + 1)}-${pad(target.getUTCDate())}T09:00`, zone)!;
}
