/** The reminder choices of the bookmark dialog, as moments in the reader's own time zone. */
export const REMINDER_CHOICES = ['none', 'laterToday', 'tomorrow', 'nextWeek', 'date'] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

const at9 = (date: Date) => {
  date.setHours(9, 0, 0, 0);
  return date;
};

/** The moment a choice stands for (null: no reminder); `date` is a `datetime-local` value. */
export function reminderMoment(choice: ReminderChoice, date: string, now = new Date()): string | null {
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

/** A moment as a `datetime-local` value in the reader's time zone. */
export function localInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
