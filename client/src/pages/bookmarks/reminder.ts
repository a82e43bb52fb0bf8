import { fromZoneInput, nineOClock, toZoneInput, zoneDay } from '../../lib/zone-clock.ts';

/** The reminder choices of the bookmark dialog, as moments in the reader's own time zone. */
export const REMINDER_CHOICES = ['none', 'laterToday', 'tomorrow', 'nextWeek', 'date'] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

const at9 = (date: Date) => {
  date.setHours(9, 0, 0, 0);
  return date;
};

/**
 * The moment a choice stands for (null: no reminder); `date` is a `datetime-local` value. With
 * a `zone` (the member's setting) days and hours are those of that zone, else this device's.
 */
export function reminderMoment(choice: ReminderChoice, date: string, now = new Date(), zone?: string): string | null {
  if (zone) return zonedMoment(choice, date, now, zone);
  switch (choice) {
    case 'none':
      return null;
    case 'laterToday':
      return new Date(now.getTime() + 3 * 3_600_000).toISOString();
    case 'tomorrow': {
      const day = new Date(now);
      day.setDate(day.getDate() + 1);
      return at9(day).toISOString();
    }
    case 'nextWeek': {
      const day = new Date(now);
      day.setDate(day.getDate() + (((8 - day.getDay()) % 7) || 7));
      return at9(day).toISOString();
    }
    case 'date': {
      const moment = new Date(date);
      return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
    }
  }
}

function zonedMoment(choice: ReminderChoice, date: string, now: Date, zone: string): string | null {
  switch (choice) {
    case 'none':
      return null;
    case 'laterToday':
      return new Date(now.getTime() + 3 * 3_600_000).toISOString();
    case 'tomorrow':
      return nineOClock(now, 1, zone).toISOString();
    case 'nextWeek':
      return nineOClock(now, ((8 - zoneDay(now, zone).weekday) % 7) || 7, zone).toISOString();
    case 'date':
      return fromZoneInput(date, zone)?.toISOString() ?? null;
  }
}

/** A moment as a `datetime-local` value in the reader's time zone (`zone`, else this device's). */
export function localInputValue(iso: string, zone?: string): string {
  const date = new Date(iso);
  if (zone) return toZoneInput(date, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
