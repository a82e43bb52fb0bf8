/** The bookmark dialog's reminder choices, in the reader's own time zone. */
import { describe, expect, it } from 'vitest';
import { localInputValue, reminderMoment } from '../../client/src/pages/bookmarks/reminder.ts';

describe('reminder choices', () => {
  // A Wednesday afternoon, local time.
  const now = new Date(2026, 11, 9, 15, 30);

  it('later today is three hours on; tomorrow is 9:00 the next day', () => {
    expect(reminderMoment('laterToday', '', now)).toBe(new Date(2026, 11, 9, 18, 30).toISOString());
    expect(reminderMoment('tomorrow', '', now)).toBe(new Date(2026, 11, 10, 9, 0).toISOString());
  });

  it('next week is the coming Monday at 9:00, a week on when today is Monday', () => {
    expect(reminderMoment('nextWeek', '', now)).toBe(new Date(2026, 11, 14, 9, 0).toISOString());
    expect(reminderMoment('nextWeek', '', new Date(2026, 11, 14, 8, 0))).toBe(new Date(2026, 11, 21, 9, 0).toISOString());
    expect(reminderMoment('nextWeek', '', new Date(2026, 11, 13, 20, 0))).toBe(new Date(2026, 11, 14, 9, 0).toISOString());
  });

  it('a date is read as local time; none and an empty date are no reminder', () => {
    expect(reminderMoment('date', '2027-01-05T10:15', now)).toBe(new Date(2027, 0, 5, 10, 15).toISOString());
    expect(localInputValue(new Date(2027, 0, 5, 10, 15).toISOString())).toBe('2027-01-05T10:15');
    expect(reminderMoment('none', '2027-01-05T10:15', now)).toBeNull();
    expect(reminderMoment('date', '', now)).toBeNull();
  });
});

describe('reminder choices in the member’s own time zone', () => {
  // 23:30 on Sunday 13 December in Montevideo (UTC−3) is already Monday in UTC.
  const now = new Date('2026-12-14T02:30:00Z');
  const zone = 'America/Montevideo';

  it('counts days and 9:00 on that zone’s clocks, whatever the device’s', () => {
    expect(reminderMoment('tomorrow', '', now, zone)).toBe('2026-12-14T12:00:00.000Z');
    expect(reminderMoment('nextWeek', '', now, zone)).toBe('2026-12-14T12:00:00.000Z');
    expect(reminderMoment('date', '2027-01-05T10:15', now, zone)).toBe('2027-01-05T13:15:00.000Z');
    expect(localInputValue('2027-01-05T13:15:00.000Z', zone)).toBe('2027-01-05T10:15');
    expect(localInputValue('2027-01-05T13:15:00.000Z', 'Asia/Kolkata')).toBe('2027-01-05T18:45');
  });
});
