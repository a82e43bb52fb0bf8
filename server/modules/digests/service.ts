import type { DigestFrequency } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Outbox } from '../mail/outbox.ts';
import { buildDigest, loadSnapshot, type DigestSnapshot, type HeldNotifications } from './builder.ts';
import type { DigestContentRepository } from './content-repository.ts';
import { ACTIVE_WINDOW_MS, coveredSince, periodKey, type DigestSchedule } from './period.ts';
import type { DigestsRepository, DueMember } from './repository.ts';
import { unsubscribeLinks } from '../notification-mail/preferences.ts';

export interface DigestRunReport {
  /** Members whose period was not done yet. */
  due: number;
  /** Of those, seen on the site within the last day: left for a later run. */
  active: number;
  /** Digests written to the outbox. */
  sent: number;
  /** Periods closed with nothing new: no mail. */
  empty: number;
}

export interface DigestRunOptions {
  /** Only this member (`npm run mail:digests -- --user <username>`). */
  username?: string;
  progress?: (line: string) => void;
}

/** Members written per transaction: a run never holds the database for long. */
const CHUNK = 500;

function requireUser(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
}

/**
 * Digests: each member's choice of frequency, and the run that writes the due digests to the
 * outbox. A run reads everything once (builder.ts), then renders member by member, claiming
 * each member's period in the same transaction as their mail.
 */
export function createDigests(deps: {
  repo: DigestsRepository;
  content: DigestContentRepository;
  outbox: Outbox;
  /** The signed unsubscribe links (notification mail's): one click sets the frequency to 'never'. */
  unsubscribe: { token(userId: number, kind: 'digest'): string | Promise<string> };
  /** The notifications held for the digest (the notifications area), when wired. */
  heldNotifications?: HeldNotifications;
}) {
  const { repo, content, outbox } = deps;
  const settingsUrl = outbox.link('/settings#mail');
  const link = (path: string) => outbox.link(path);

  /** One member, inside the run's transaction: their period claimed, their digest enqueued. */
  async function writeOne(member: DueMember, key: string, since: Date, now: Date, snapshot: DigestSnapshot, report: DigestRunReport, token: string): Promise<void> {
    const params = buildDigest(snapshot, member, since, link, settingsUrl);
    if (!params) {
      if (await repo.claimPeriod(member.id, member.frequency, key, null)) report.empty += 1;
      return;
    }
    if (!(await repo.claimPeriod(member.id, member.frequency, key, now))) return;
    const id = await outbox.enqueue({
      kind: 'digest',
      to: member.email,
      userId: member.id,
      locale: params.locale,
      params,
      eventKey: `digest:${member.id}:${key}`,
      unsubscribe: unsubscribeLinks(outbox, token),
    });
    if (id !== null) report.sent += 1;
  }

  return {
    async frequency(actor: Actor | null): Promise<{ frequency: DigestFrequency }> {
      requireUser(actor);
      return { frequency: await repo.frequencyOf(actor.id) };
    },

    async setFrequency(actor: Actor | null, frequency: DigestFrequency): Promise<{ frequency: DigestFrequency }> {
      requireUser(actor);
      await repo.setFrequency(actor.id, frequency);
      return { frequency };
    },

    /** Writes every digest due at `now` (the scheduler's tick, the npm command, the tests). */
    async runDue(now: Date, options: DigestRunOptions = {}): Promise<DigestRunReport> {
      const say = options.progress ?? (() => {});
      const keys: Record<DigestSchedule, string> = { daily: periodKey('daily', now), weekly: periodKey('weekly', now) };
      const due = await repo.dueMembers(keys, options.username);
      const seen = await repo.activeSince(new Date(now.getTime() - ACTIVE_WINDOW_MS));
      const members = due.filter((m) => !seen.has(m.id));
      const report: DigestRunReport = { due: due.length, active: due.length - members.length, sent: 0, empty: 0 };
      say(`${due.length} due (${keys.daily}, ${keys.weekly}), ${report.active} active in the last day`);
      if (members.length === 0) return report;

      const sinceOf = new Map<number, Date>(members.map((m) => [m.id, coveredSince(m.frequency, now, m.lastSentAt)]));
      const earliest = new Date(Math.min(...[...sinceOf.values()].map((d) => d.getTime())));
      const snapshot = await loadSnapshot(content, earliest, now, members.map((m) => m.id), deps.heldNotifications);
      say(`content read for ${members.length} members since ${earliest.toISOString()}`);

      for (let start = 0; start < members.length; start += CHUNK) {
        const chunk = members.slice(start, start + CHUNK);
        // The tokens are signed before the transaction opens: inside it, only database work.
        const tokens: string[] = [];
        for (const member of chunk) tokens.push(await deps.unsubscribe.token(member.id, 'digest'));
        await repo.transaction(async () => {
          for (const [i, member] of chunk.entries()) await writeOne(member, keys[member.frequency], sinceOf.get(member.id)!, now, snapshot, report, tokens[i]!);
        });
        say(`${Math.min(start + CHUNK, members.length)}/${members.length} members: ${report.sent} digests, ${report.empty} with nothing new`);
      }
      return report;
    },

  };
}

export type Digests = ReturnType<typeof createDigests>;
