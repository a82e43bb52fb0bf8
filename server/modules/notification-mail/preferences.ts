import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import type { NotificationKind } from '../../../shared/schemas/notifications.ts';
import {
  NOTIFY_MAIL_KINDS,
  type MailPreferences,
  type MailPreferencesUpdate,
  type NotifyMailKind,
  type NotifyMailMode,
  type UnsubscribeState,
} from '../../../shared/schemas/notification-mail.ts';
import type { Actor } from '../auth/actor.ts';
import type { NotificationMailRepository } from './repository.ts';

/** Which choice a notification falls under: moderation outcomes and warnings, membership decisions share one. */
export function mailKindOf(kind: NotificationKind): NotifyMailKind {
  switch (kind) {
    case 'report_upheld':
    case 'report_dismissed':
    case 'warning':
      return 'moderation';
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
};

const isKind = (value: string): value is NotifyMailKind => (NOTIFY_MAIL_KINDS as readonly string[]).includes(value);

/**
 * A member's mail preferences, and the signed links that change one kind without signing in
 * (`<userId>.<kind>.<HMAC>`, keyed by a secret this install generated and keeps in its database).
 */
export function createMailPreferences(repo: NotificationMailRepository) {
  let secret: Buffer | null = null;
  const key = () => (secret ??= Buffer.from(repo.settingOnce('unsubscribe_secret', () => randomBytes(32).toString('base64url')), 'base64url'));
  // 128 bits of the HMAC: unguessable, and short enough for the mailto's local part (64 octets).
  const sign = (userId: number, kind: NotifyMailKind) =>
    createHmac('sha256', key()).update(`unsubscribe:${userId}:${kind}`).digest().subarray(0, 16).toString('base64url');

  const modesOf = (userId: number): Record<NotifyMailKind, NotifyMailMode> => ({ ...DEFAULT_MODES, ...repo.preferences(userId) });

  function verify(token: string): { userId: number; kind: NotifyMailKind } {
    const [rawId, kind, signature] = token.split('.');
    const userId = Number(rawId);
    if (!Number.isSafeInteger(userId) || userId <= 0 || !kind || !isKind(kind) || !signature) throw new AppError('UNSUBSCRIBE_TOKEN_INVALID');
    const expected = Buffer.from(sign(userId, kind));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !repo.userExists(userId)) throw new AppError('UNSUBSCRIBE_TOKEN_INVALID');
    return { userId, kind };
  }

  function setMode(userId: number, kind: NotifyMailKind, mode: NotifyMailMode): void {
    repo.savePreferences(userId, { ...repo.preferences(userId), [kind]: mode });
  }

  return {
    modesOf,

    modeFor: (userId: number, kind: NotificationKind): NotifyMailMode => modesOf(userId)[mailKindOf(kind)],

    get(actor: Actor | null): MailPreferences {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return { modes: modesOf(actor.id) };
    },

    update(actor: Actor | null, change: MailPreferencesUpdate): MailPreferences {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const modes = { ...repo.preferences(actor.id) };
      for (const [kind, mode] of Object.entries(change.modes)) if (mode && isKind(kind)) modes[kind] = mode;
      repo.savePreferences(actor.id, modes);
      return { modes: modesOf(actor.id) };
    },

    /** The token of an unsubscribe link for one member and kind. */
    token: (userId: number, kind: NotifyMailKind): string => `${userId}.${kind}.${sign(userId, kind)}`,

    /** What an unsubscribe link is about (the page shows it before anything changes). */
    unsubscribeState(token: string): UnsubscribeState {
      const { userId, kind } = verify(token);
      return { kind, mode: modesOf(userId)[kind] };
    },

    /** One click from a mail client turns the kind off; the page may choose another mode. */
    unsubscribe(token: string, mode: NotifyMailMode = 'never'): UnsubscribeState {
      const { userId, kind } = verify(token);
      setMode(userId, kind, mode);
      return { kind, mode };
    },
  };
}

export type MailPreferencesService = ReturnType<typeof createMailPreferences>;
