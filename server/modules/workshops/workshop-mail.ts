import { formatInZone } from '../../lib/time-zone.ts';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n/index.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { createTicker } from '../../lib/ticker.ts';
import type { Actor } from '../auth/actor.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { OutboxRepository } from '../mail/repository.ts';
import { unsubscribeLinks, type MailPreferencesService } from '../notification-mail/preferences.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { WorkshopContext } from './context.ts';
import { calendarOf } from './ics.ts';
import type { WorkshopMailRepository } from './mail-repository.ts';
import type { WorkshopAccess } from './policy.ts';

const HOUR = 3600_000;
/** How often the scheduler looks for due reminders. */
const REMINDER_POLL_MS = 60_000;
/** The reminders, from the earliest: a reminder whose moment has passed unsent goes only if no later one is due too. */
export const WORKSHOP_REMINDERS = [
  { before: '24h', ms: 24 * HOUR },
  { before: '1h', ms: HOUR },
] as const;

/** The member's choice about workshop reminders, and the signed unsubscribe links (notification mail's). */
export type WorkshopMailPreferences = Pick<MailPreferencesService, 'token' | 'wantsWorkshopReminders'>;

/**
 * Workshop mail: the confirmation of a registration (with the `.ics`), reminders 24 h and 1 h
 * before the start, and "the room is open". Each is keyed in the outbox (a restart neither skips
 * nor doubles one) and each asks, when it is written, whether the person may still have it:
 * the workshop readable by them (the workshop page's own rule), not banned, still registered,
 * the workshop not closed.
 */
export function createWorkshopMail(deps: {
  ctx: WorkshopContext;
  repo: WorkshopMailRepository;
  users: UsersRepository;
  outbox: Outbox;
  outboxRepo: Pick<OutboxRepository, 'existingEventKeys'>;
  /** Reminders and "the room is open" go only to members who did not turn them off. */
  preferences: WorkshopMailPreferences;
  /** Where a failed scheduled run is reported. */
  onError?: (error: unknown) => void;
}) {
  const { ctx, repo, users, outbox, preferences } = deps;
  // One click on a reminder or "the room is open" turns both off (the 'workshop_reminder' preference).
  const unsubscribe = async (userId: number) => unsubscribeLinks(outbox, await preferences.token(userId, 'workshop_reminder'));

  /** The attendee and their view of the workshop, or null when they may not be mailed about it. */
  async function recipient(workshopId: number, userId: number) {
    const user = await users.findById(userId);
    if (!user) return null;
    const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale };
    let access: WorkshopAccess;
    try {
      access = await ctx.access(actor, workshopId);
    } catch {
      return null;
    }
    if (access.membership?.status === 'banned' || access.workshop.room === 'closed') return null;
    const registeredAt = await repo.registeredAt(workshopId, userId);
    if (!registeredAt) return null;
    return { user, locale: (user.locale ?? DEFAULT_LOCALE) as Locale, access, registeredAt };
  }

  type Recipient = NonNullable<Awaited<ReturnType<typeof recipient>>>;

  function facts(found: Recipient) {
    const { workshop, community } = found.access;
    const start = formatInZone(workshop.startsAt, found.locale, found.user.timeZone, 'full');
    return {
      displayName: found.user.displayName,
      title: workshop.title,
      community: community.name,
      start,
      minutes: Math.round((workshop.endsAt.getTime() - workshop.startsAt.getTime()) / 60_000),
      workshopUrl: outbox.link(`/w/${workshop.id}`),
    };
  }

  async function calendarFile(found: Recipient) {
    const { workshop, community } = found.access;
    const hosts = ((await ctx.repo.hostsOf([workshop.id])).get(workshop.id) ?? []).map((host) => host.displayName);
    const origin = outbox.link('/').replace(/\/$/, '');
    return {
      filename: `workshop-${workshop.id}.ics`,
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: calendarOf(workshop.title, [{ workshop, communityName: community.name, hosts }], origin),
    };
  }

  /** The reminders due at `now` and not yet written; the scheduler calls it, tests too (with their clock). */
  async function runDue(now: Date): Promise<number> {
    let count = 0;
    for (const [index, reminder] of WORKSHOP_REMINDERS.entries()) {
      const later = WORKSHOP_REMINDERS.slice(index + 1);
      const due = (await repo.dueReminders(now, reminder.ms)).filter((row) => !later.some((next) => row.startsAt.getTime() - next.ms <= now.getTime()));
      const keyOf = (row: { workshopId: number; userId: number }) => `workshop-reminder:${row.workshopId}:${row.userId}:${reminder.before}`;
      const done = await deps.outboxRepo.existingEventKeys(due.map(keyOf));
      for (const row of due) {
        if (done.has(keyOf(row)) || !(await preferences.wantsWorkshopReminders(row.userId))) continue;
        const found = await recipient(row.workshopId, row.userId);
        if (!found) continue;
        const id = await outbox.enqueue({
          kind: 'workshop_reminder',
          to: found.user.email,
          userId: row.userId,
          locale: found.locale,
          params: { ...facts(found), before: reminder.before },
          eventKey: keyOf(row),
          unsubscribe: await unsubscribe(row.userId),
        });
        if (id !== null) count++;
      }
    }
    return count;
  }

  return {
    runDue,
    /** Reminders are due by the clock: a timer from the app's start to its close. */
    scheduler: createTicker(runDue, REMINDER_POLL_MS, deps.onError ?? (() => {})),

    /** A member registered: the confirmation, with the event for their calendar. */
    async onRegistered(workshopId: number, userId: number): Promise<number | null> {
      const found = await recipient(workshopId, userId);
      if (!found) return null;
      return outbox.enqueue({
        kind: 'workshop_registered',
        to: found.user.email,
        userId,
        locale: found.locale,
        params: facts(found),
        eventKey: `workshop-registered:${workshopId}:${userId}:${found.registeredAt.getTime()}`,
        attachments: [await calendarFile(found)],
      });
    },

    /** A host opened the room: every registered attendee but the one who opened it. */
    async onOpened(workshopId: number, actorId: number): Promise<number> {
      let count = 0;
      for (const userId of await repo.attendeeIds(workshopId)) {
        if (userId === actorId || !(await preferences.wantsWorkshopReminders(userId))) continue;
        const found = await recipient(workshopId, userId);
        if (!found) continue;
        const id = await outbox.enqueue({
          kind: 'workshop_room_open',
          to: found.user.email,
          userId,
          locale: found.locale,
          params: facts(found),
          eventKey: `workshop-open:${workshopId}:${userId}`,
          unsubscribe: await unsubscribe(userId),
        });
        if (id !== null) count++;
      }
      return count;
    },
  };
}

export type WorkshopMail = ReturnType<typeof createWorkshopMail>;

/** Workshop mail follows the workshops' own events, published after their writes commit. */
export function subscribeWorkshopMail(bus: EventBus, mail: WorkshopMail): void {
  bus.subscribe('workshop.registered', async ({ workshopId, userId }) => void (await mail.onRegistered(workshopId, userId)));
  bus.subscribe('workshop.opened', async ({ workshopId, actorId }) => void (await mail.onOpened(workshopId, actorId)));
}
