import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import type { NotificationKind } from '../../../shared/schemas/notifications.ts';
import {
  NOTIFY_MAIL_KINDS,
  type MailPreferences,
  type MailPreferencesUpdate,
  type NotifyMailKind,
  type NotifyMailMode,
  type UnsubscribeKind,
  type UnsubscribeMode,
  type UnsubscribeState,
  UNSUBSCRIBE_KINDS,
  unsubscribeChoices,
} from '../../../shared/schemas/notification-mail.ts';
import type { DigestFrequency } from '../../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { NotificationMailRepository } from './repository.ts';

/** Which choice a notification falls under: moderation outcomes and warnings, membership decisions share one; reactions are never mailed (null). */
export function mailKindOf(kind: NotificationKind): NotifyMailKind | null {
  switch (kind) {
    case 'report_upheld':
    case 'report_dismissed':
    case 'warning':
    case 'post_hidden':
    case 'post_held':
    case 'post_rejected':
    case 'thread_moved':
    case 'thread_merged':
    case 'thread_split':
      return 'moderation';
    case 'reaction':
      return null;
    case 'cooperation_match':
    case 'cooperation_response':
      return 'cooperation';
    case 'membership_approved':
    case 'membership_declined':
      return 'membership';
    default:
      return kind;
  }
}

/** Everything addressed to the member comes at once; replies in threads they merely watch wait for the digest. */
export const DEFAULT_MODES: Record<NotifyMailKind, NotifyMailMode> = {
  mention: 'email',
  reply: 'email',
  watched_reply: 'digest',
  question_for_you: 'email',
  answer_accepted: 'email',
  moderation: 'email',
  membership: 'email',
  bookmark_reminder: 'email',
  cooperation: 'email',
};

const isKind = (value: string): value is NotifyMailKind => (NOTIFY_MAIL_KINDS as readonly string[]).includes(value);
const isUnsubscribeKind = (value: string): value is UnsubscribeKind => (UNSUBSCRIBE_KINDS as readonly string[]).includes(value);

/** Workshop reminders (and "the room is open") are on unless the member turned them off. */
export const wantsWorkshopReminders = async (repo: Pick<NotificationMailRepository, 'preferences'>, userId: number): Promise<boolean> =>
  (await repo.preferences(userId)).workshop_reminder !== 'never';

/** Reactions to the member's posts notify them unless they turned it off. */
export const wantsReactionNotifications = async (repo: Pick<NotificationMailRepository, 'preferences'>, userId: number): Promise<boolean> =>
  (await repo.preferences(userId)).reaction !== 'never';

/**
 * A mail's List-Unsubscribe (RFC 2369, with RFC 8058's one-click on the URL): the same signed
 * token in the URL and in the mailto, which the inbound listener takes (`unsubscribe+<token>@`).
 * A token is at most ~55 octets (id, kind, 22 of signature): the local part fits in 64.
 */
export function unsubscribeLinks(outbox: Pick<Outbox, 'link' | 'replyDomain'>, token: string): { url: string; mailto: string } {
  return { url: outbox.link('/api/mail/unsubscribe', { token }), mailto: `unsubscribe+${token}@${outbox.replyDomain}` };
}

/** The digest's frequency lives with the digests (their table); the unsubscribe link reads and sets it there. */
export interface DigestFrequencies {
  frequencyOf(userId: number): Promise<DigestFrequency>;
  setFrequency(userId: number, frequency: DigestFrequency): Promise<void>;
}

/**
 * A member's mail preferences, and the signed links that change one kind without signing in
 * (`<userId>.<kind>.<HMAC>`, keyed by a secret this install generated and keeps in its database).
 */
export function createMailPreferences(repo: NotificationMailRepository, digests?: DigestFrequencies) {
  // Read once (the promise is kept; a failed read is asked again).
  let secret: Promise<Buffer> | null = null;
  const key = (): Promise<Buffer> =>
    (secret ??= (async () => Buffer.from(await repo.settingOnce('unsubscribe_secret', () => randomBytes(32).toString('base64url')), 'base64url'))().catch(
      (error: unknown) => {
        secret = null;
        throw error;
      },
    ));
  // 128 bits of the HMAC: unguessable, and short enough for the mailto's local part (64 octets).
  const sign = async (userId: number, kind: UnsubscribeKind) =>
    createHmac('sha256', await key()).update(`unsubscribe:${userId}:${kind}`).digest().subarray(0, 16).toString('base64url');

  const modesOf = async (userId: number): Promise<Record<NotifyMailKind, NotifyMailMode>> => {
    const { workshop_reminder: _reminders, reaction: _reactions, ...modes } = await repo.preferences(userId);
    return { ...DEFAULT_MODES, ...modes };
  };

  async function verify(token: string): Promise<{ userId: number; kind: UnsubscribeKind }> {
    const [rawId, kind, signature, extra] = token.split('.');
    const userId = Number(rawId);
    if (!Number.isSafeInteger(userId) || userId <= 0 || !kind || !isUnsubscribeKind(kind) || !signature || extra !== undefined || (kind === 'digest' && !digests))
      throw new AppError('UNSUBSCRIBE_TOKEN_INVALID');
    const expected = Buffer.from(await sign(userId, kind));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !(await repo.userExists(userId))) throw new AppError('UNSUBSCRIBE_TOKEN_INVALID');
    return { userId, kind };
  }

  /** What the member has now for a kind of mail, in the words of its choices. */
  async function modeOf(userId: number, kind: UnsubscribeKind): Promise<UnsubscribeMode> {
    if (kind === 'digest') return digests!.frequencyOf(userId);
    if (kind === 'workshop_reminder') return (await wantsWorkshopReminders(repo, userId)) ? 'email' : 'never';
    return (await modesOf(userId))[kind];
  }

  async function setMode(userId: number, kind: UnsubscribeKind, mode: UnsubscribeMode): Promise<void> {
    if (!unsubscribeChoices(kind).includes(mode)) throw new AppError('VALIDATION_FAILED', { field: 'mode' });
    if (kind === 'digest') return digests!.setFrequency(userId, mode as DigestFrequency);
    await repo.updatePreferences(userId, (modes) => ({ ...modes, [kind]: mode as NotifyMailMode }));
  }

  const preferencesOf = async (userId: number): Promise<MailPreferences> => ({
    modes: await modesOf(userId),
    workshopReminders: await wantsWorkshopReminders(repo, userId),
    reactionNotifications: await wantsReactionNotifications(repo, userId),
  });

  return {
    modesOf,

    modeFor: async (userId: number, kind: NotificationKind): Promise<NotifyMailMode> => {
      const mailKind = mailKindOf(kind);
      return mailKind ? (await modesOf(userId))[mailKind] : 'never';
    },

    async get(actor: Actor | null): Promise<MailPreferences> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return preferencesOf(actor.id);
    },

    async update(actor: Actor | null, change: MailPreferencesUpdate): Promise<MailPreferences> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      await repo.updatePreferences(actor.id, (current) => {
        const modes = { ...current };
        for (const [kind, mode] of Object.entries(change.modes)) if (mode && isKind(kind)) modes[kind] = mode;
        if (change.workshopReminders !== undefined) modes.workshop_reminder = change.workshopReminders ? 'email' : 'never';
        if (change.reactionNotifications !== undefined) modes.reaction = change.reactionNotifications ? 'email' : 'never';
        return modes;
      });
      return preferencesOf(actor.id);
    },

    /** The token of an unsubscribe link for one member and kind (the URL's and the `unsubscribe+<token>@` mailto's). */
    token: async (userId: number, kind: UnsubscribeKind): Promise<string> => `${userId}.${kind}.${await sign(userId, kind)}`,

    wantsWorkshopReminders: (userId: number): Promise<boolean> => wantsWorkshopReminders(repo, userId),

    /** Whether a token is one of ours, still naming a member (the inbound listener asks at RCPT TO). */
    async isValid(token: string): Promise<boolean> {
      try {
        await verify(token);
        return true;
      } catch (error) {
        if (error instanceof AppError) return false;
        throw error;
      }
    },

    /** What an unsubscribe link is about (the page shows it before anything changes). */
    async unsubscribeState(token: string): Promise<UnsubscribeState> {
      const { userId, kind } = await verify(token);
      return { kind, mode: await modeOf(userId, kind) };
    },

    /** One click from a mail client (or a mail to the mailto) turns the kind off; the page may choose another mode. */
    async unsubscribe(token: string, mode: UnsubscribeMode = 'never'): Promise<UnsubscribeState> {
      const { userId, kind } = await verify(token);
      await setMode(userId, kind, mode);
      return { kind, mode };
    },
  };
}

export type MailPreferencesService = ReturnType<typeof createMailPreferences>;
