import { createTicker } from '../../lib/ticker.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { BookmarksRepository } from './repository.ts';

/** How often the clock is looked at: a reminder fires within a minute of its time. */
const POLL_MS = 30_000;
const RUN_LIMIT = 1_000;

/**
 * Bookmark reminders: when a reminder's time has passed, the member gets a notification of kind
 * `bookmark_reminder` (the notifications area writes it, once per bookmark and time, and its own
 * gate and the member's mail preferences apply), then the reminder is cleared. The reminder is
 * the event itself (nothing was committed that others subscribe to), so the scheduler asks the
 * notifications area directly, as the workshop reminders ask the mail area.
 */
export function createBookmarkReminders(deps: { repo: BookmarksRepository; notifications: Pick<NotificationsService, 'onBookmarkReminder'>; onError?: (error: unknown) => void }) {
  const { repo, notifications } = deps;

  /** Fires every reminder due at `now`; returns how many. Tests call it with their own clock. */
  async function runDue(now: Date = new Date()): Promise<number> {
    const due = await repo.due(now, RUN_LIMIT);
    for (const row of due) {
      await notifications.onBookmarkReminder({
        bookmarkId: row.id,
        userId: row.userId,
        postId: row.postId,
        threadId: row.threadId,
        communityId: row.communityId,
        remindAt: row.remindAt!.getTime(),
      });
      await repo.clearReminder(row.id, row.remindAt!);
    }
    return due.length;
  }

  return { runDue, scheduler: createTicker(runDue, POLL_MS, deps.onError ?? (() => {})) };
}

export type BookmarkReminders = ReturnType<typeof createBookmarkReminders>;
