import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import type { Notification } from '../../../shared/schemas/notifications.ts';
import type { NotifyMailConfig } from '../../config.ts';
import { coherentCache, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import type { Outbox } from '../mail/outbox.ts';
import { notificationSummary, type NotificationMailItem } from '../mail/templates/notifications.ts';
import { translate } from '../../../shared/i18n/index.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { mailKindOf, unsubscribeLinks, type MailPreferencesService } from './preferences.ts';
import type { Decision, NotificationMailRepository, PendingNotification } from './repository.ts';

const HOUR = 3_600_000;

/** A notification held for the digest, as the digest shows it (its `HeldItem`). */
export interface HeldItem {
  title: string;
  /** A site path (`/t/12#post-34`); the digest makes it absolute. */
  url: string;
  meta?: string;
}
/** How many undecided notifications one run looks at (the next run takes the rest). */
const RUN_LIMIT = 5_000;
/** The backstop sweep; a new notification also wakes the scheduler at its due time. */
const SWEEP_MS = 15_000;

export interface NotificationMailDeps {
  repo: NotificationMailRepository;
  preferences: MailPreferencesService;
  notifications: NotificationsService;
  outbox: Outbox;
  config: NotifyMailConfig;
  /** The domain of our addresses: thread ids, the unsubscribe mailto. */
  domain: string;
  log: { error(obj: object, msg: string): void };
  /** The other processes (issue 20): while their notifications cannot be heard of, nothing is skipped from memory. */
  shared?: CacheShared;
  /** The database the decisions and their mail are written to together. */
  db: Db;
}

/**
 * Mails the notifications a member has not seen within the delay: one mail per member and
 * thread (several notifications coalesced), re-checked at send time through the same gate as
 * the notifications API, within the member's preferences and hourly cap. Every notification
 * gets one decision, written with its mail in one transaction, so a restart neither skips nor
 * doubles.
 */
/** Bounds on the memory of threads opened with nothing waiting (past them it starts afresh). */
const NOTHING_WAITING_MEMBERS = 10_000;
const NOTHING_WAITING_THREADS = 500;

export function createNotificationMailer(deps: NotificationMailDeps) {
  const { repo, preferences, notifications, outbox, config, domain } = deps;
  const delayMs = config.delayS * 1000;
  // Where the scan starts: notifications older than the install's first run are never mailed.
  // Asked once (the promise is kept), from the moment the area is built.
  let lowId: Promise<number> | null = null;
  const from = (): Promise<number> =>
    (lowId ??= (async () => Number(await repo.settingOnce('low_id', async () => String((await repo.lastNotificationId()) + 1))))().catch(
      (error: unknown) => {
        lowId = null;
        throw error;
      },
    ));
  void from().catch((error: unknown) => deps.log.error({ err: error }, 'notification mail: reading where to start failed'));

  // Cooked HTML links within the site by path (`/u/ana`, `/knowledge/resources/3`); a mail needs the whole address.
  const base = outbox.link('/').replace(/\/$/, '');
  const absoluteLinks = (html: string) => html.replace(/(\s(?:href|src)=")(\/(?!\/)[^"]*)"/g, (_match, attribute: string, path: string) => `${attribute}${base}${path}"`);

  function itemOf(n: Notification, quote: { html: string; text: string | null } | undefined): NotificationMailItem {
    return {
      kind: n.kind,
      actor: n.actor?.displayName ?? null,
      thread: n.thread?.title ?? null,
      community: n.community?.name ?? null,
      url: outbox.link(n.url),
      quoteHtml: quote ? absoluteLinks(quote.html) : null,
      quoteText: quote ? (quote.text ?? quote.html.replace(/<[^>]*>/g, '')) : null,
      reason: n.reason ?? null,
    };
  }

  /** Decides a due group (one member, one thread or one notification): true when it was mailed. */
  async function decideGroup(group: PendingNotification[], now: Date): Promise<boolean> {
    const first = group[0]!;
    const decisions: Decision[] = [];
    const mailable: { row: PendingNotification; visible: Notification }[] = [];
    for (const row of group) {
      const decide = (outcome: Decision['outcome']) => decisions.push({ notificationId: row.id, userId: row.userId, outcome });
      if (row.readAt !== null) decide('seen');
      else {
        // The same gate as GET /api/notifications: content that became private, hidden or deleted is not sent.
        const visible = await notifications.forRecipient(row.userId, row.id);
        const mode = await preferences.modeFor(row.userId, row.kind);
        if (!visible) decide('withheld');
        else if (mode === 'never') decide('off');
        else if (mode === 'digest') decide('held');
        else mailable.push({ row, visible });
      }
    }
    if (mailable.length > 0 && (await repo.mailedSince(first.userId, new Date(now.getTime() - HOUR)) >= config.hourlyCap)) {
      for (const { row } of mailable) decisions.push({ notificationId: row.id, userId: row.userId, outcome: 'held' });
      mailable.length = 0;
    }
    if (mailable.length === 0) {
      await repo.decide(deps.db, decisions, now);
      return false;
    }
    const batchKey = `notification-mail:${first.userId}:${mailable[0]!.row.id}`;
    const quotes = await repo.postBodies(mailable.map((m) => m.row.postId).filter((id): id is number => id !== null));
    const threadId = first.threadId;
    const thread = mailable[0]!.visible.thread;
    const kind = mailKindOf(mailable[0]!.row.kind) ?? 'moderation';
    const token = await preferences.token(first.userId, kind);
    // The mail and the decisions commit together: a restart neither skips nor doubles.
    await transaction(deps.db, async (tx) => {
      await outbox.enqueue(
        {
          kind: 'notification',
          to: first.email,
          userId: first.userId,
          locale: first.locale ?? 'es',
          eventKey: batchKey,
          params: {
            displayName: first.displayName,
            threadTitle: thread?.title ?? null,
            threadUrl: threadId !== null ? outbox.link(`/t/${threadId}`) : null,
            siteUrl: outbox.link('/'),
            preferencesUrl: outbox.link('/settings'),
            items: mailable.map(({ row, visible }) => itemOf(visible, row.postId !== null ? quotes.get(row.postId) : undefined)),
          },
          unsubscribe: unsubscribeLinks(outbox, token),
          ...(threadId !== null
            ? { inReplyTo: `<thread-${threadId}@${domain}>`, references: [`<thread-${threadId}@${domain}>`], replyThread: { threadId } }
            : {}),
        },
        tx,
      );
      await repo.decide(tx, [...decisions, ...mailable.map(({ row }) => ({ notificationId: row.id, userId: row.userId, outcome: 'mailed' as const, batchKey }))], now);
    });
    return true;
  }

  /** Decides every group whose oldest notification has waited the delay; returns how many mails it enqueued. */
  async function runDue(now: Date = new Date()): Promise<{ mailed: number; decided: number }> {
    const start = await from();
    const rows = await repo.pending(start, RUN_LIMIT);
    const groups = new Map<string, PendingNotification[]>();
    for (const row of rows) {
      const key = `${row.userId}:${row.threadId ?? `n${row.id}`}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    const cutoff = now.getTime() - delayMs;
    let mailed = 0;
    let decided = 0;
    let lowestWaiting = Infinity;
    for (const group of groups.values()) {
      if (group[0]!.createdAt.getTime() > cutoff) {
        lowestWaiting = Math.min(lowestWaiting, group[0]!.id);
        continue;
      }
      if (await decideGroup(group, now)) mailed += 1;
      decided += group.length;
    }
    const next = Math.min(lowestWaiting, rows.length > 0 ? rows.at(-1)!.id + 1 : start);
    if (next > start) {
      lowId = Promise.resolve(next);
      await repo.saveSetting('low_id', String(next));
    }
    return { mailed, decided };
  }

  let sweep: NodeJS.Timeout | null = null;
  // Members → threads they opened with nothing waiting about them since their last notification.
  const nothingWaiting = new Map<number, Set<number>>();
  // Counts the forgettings per member (and of everyone): a lookup that a forgetting overtook is not remembered.
  let everyone = 0;
  const forgotten = new Map<number, number>();
  const generationOf = (userId: number) => `${everyone}:${forgotten.get(userId) ?? 0}`;
  const forget = (userId?: number) => {
    if (userId === undefined) {
      everyone += 1;
      forgotten.clear();
      nothingWaiting.clear();
    } else {
      nothingWaiting.delete(userId);
      if (forgotten.size >= NOTHING_WAITING_MEMBERS) {
        everyone += 1;
        forgotten.clear();
      }
      forgotten.set(userId, (forgotten.get(userId) ?? 0) + 1);
    }
  };
  const remember = coherentCache(deps.shared ?? LOCAL_ONLY, () => forget());
  let wake: NodeJS.Timeout | null = null;
  let wakeAt = Infinity;
  let mayRun: () => boolean = () => true;
  // One run at a time: the sweep and a wake-up may fall due while a run is still awaiting.
  let running: Promise<unknown> | null = null;
  const safeRun = () => {
    if (!mayRun() || running) return;
    running = runDue(new Date())
      .catch((error: unknown) => deps.log.error({ err: error }, 'notification mail run failed'))
      .finally(() => (running = null));
  };

  return {
    runDue,

    /**
     * Opening a thread is seeing what waits about it. Once a member's thread has been looked at,
     * nothing can wait about it until a notification reaches them (notificationCreated forgets
     * them), so their next openings skip the lookup: a reader's every page view stays cheap.
     */
    async threadSeen(userId: number, threadId: number, now: Date = new Date()): Promise<void> {
      if (nothingWaiting.get(userId)?.has(threadId) && remember()) return;
      // A notification arriving while the lookup runs forgets the member (generation moves on): then nothing is remembered.
      const generation = generationOf(userId);
      await repo.markThreadSeen(userId, threadId, await from(), now);
      if (!remember() || generation !== generationOf(userId)) return;
      const threads = nothingWaiting.get(userId);
      if (threads) {
        if (threads.size < NOTHING_WAITING_THREADS) threads.add(threadId);
      } else {
        if (nothingWaiting.size >= NOTHING_WAITING_MEMBERS) nothingWaiting.clear();
        nothingWaiting.set(userId, new Set([threadId]));
      }
    },

    /** Held for the digest since a moment, as the member may see them now (read ones left out). */
    async heldForDigest(userId: number, since: Date): Promise<Notification[]> {
      const held: Notification[] = [];
      for (const id of await repo.heldSince(userId, since)) {
        const n = await notifications.forRecipient(userId, id);
        if (n !== null && !n.read) held.push(n);
      }
      return held;
    },

    /**
     * The digest's view of the same, for many members at once: one line each in the member's
     * language, with the page it leads to (the digests area's `HeldNotifications`).
     */
    async heldNotifications(userIds: number[], since: Date): Promise<Map<number, HeldItem[]>> {
      const held = new Map<number, HeldItem[]>();
      for (const { userId, id, locale } of await repo.heldSinceMany(userIds, since)) {
        const n = await notifications.forRecipient(userId, id);
        if (!n || n.read) continue;
        const t: Parameters<typeof notificationSummary>[1] = (key, values) => translate(locale ?? 'es', key, values);
        const item = { title: notificationSummary({ kind: n.kind, actor: n.actor?.displayName ?? null, thread: n.thread?.title ?? null, community: n.community?.name ?? null }, t), url: n.url, ...(n.community ? { meta: n.community.name } : {}) };
        const list = held.get(userId);
        if (list) list.push(item);
        else held.set(userId, [item]);
      }
      return held;
    },

    /** A notification reached the member, in any process: their openings are looked up again. */
    somethingWaiting(userId: number): void {
      forget(userId);
    },

    /** A new notification: run when it falls due (at once with a delay of 0). */
    notificationCreated(userId?: number): void {
      forget(userId);
      if (!sweep) return;
      const at = Date.now() + delayMs + 50;
      if (at >= wakeAt) return;
      if (wake) clearTimeout(wake);
      wakeAt = at;
      wake = setTimeout(() => {
        wake = null;
        wakeAt = Infinity;
        safeRun();
      }, at - Date.now());
      wake.unref?.();
    },

    /** `fence`: asked before each run (the scheduler lease); the cursor is read afresh (another process may have moved it). */
    start(fence?: () => boolean): void {
      if (sweep) return;
      mayRun = fence ?? (() => true);
      lowId = null;
      sweep = setInterval(safeRun, Math.min(SWEEP_MS, Math.max(1_000, delayMs)));
      sweep.unref?.();
    },

    /** Stops the timers; resolves when a run in progress has finished. */
    async stop(): Promise<void> {
      if (sweep) clearInterval(sweep);
      if (wake) clearTimeout(wake);
      sweep = wake = null;
      wakeAt = Infinity;
      await running;
    },
  };
}

export type NotificationMailer = ReturnType<typeof createNotificationMailer>;
