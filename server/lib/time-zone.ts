/**
 * Dates in mail, on the recipient's clocks: their zone (settings), else UTC, named after the time
 * ("12 mar 2026, 10:00 GMT-3") since a mail is read away from the site. One formatter per
 * language, zone and style: making one is far dearer than using it (10,000 digests a run).
 */
const formats = new Map<string, { when: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

export function formatInZone(date: Date, locale: string, timeZone: string | null, dateStyle: 'medium' | 'full' = 'medium'): string {
  const zone = timeZone ?? 'UTC';
  const key = `${locale}|${zone}|${dateStyle}`;
  let found = formats.get(key);
  if (!found) {
    found = {
      when: new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: 'short', timeZone: zone }),
      zone: new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone: zone }),
    };
    formats.set(key, found);
  }
  const name = found.zone.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? zone;
  return `${found.when.format(date)} ${name}`;
}
