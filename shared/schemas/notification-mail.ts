import { Type, type Static } from 'typebox';

/** The kinds of notification mail a member chooses about, and what they choose for each. */
export const NOTIFY_MAIL_KINDS = ['mention', 'reply', 'watched_reply', 'question_for_you', 'answer_accepted', 'moderation', 'membership', 'bookmark_reminder', 'cooperation'] as const;
export type NotifyMailKind = (typeof NOTIFY_MAIL_KINDS)[number];
export const NOTIFY_MAIL_MODES = ['email', 'digest', 'never'] as const;
export type NotifyMailMode = (typeof NOTIFY_MAIL_MODES)[number];

const Mode = Type.Enum(NOTIFY_MAIL_MODES);

export const MailPreferences = Type.Object({
  modes: Type.Object(Object.fromEntries(NOTIFY_MAIL_KINDS.map((kind) => [kind, Mode])) as Record<NotifyMailKind, typeof Mode>),
  /** Workshop reminders (24 h and 1 h before) and "the room is open": on unless turned off. */
  workshopReminders: Type.Boolean(),
  /** Notifications (on the site, never mailed) when someone reacts to one's posts: on unless turned off. */
  reactionNotifications: Type.Boolean(),
});
export type MailPreferences = Static<typeof MailPreferences>;

/** A change: the kinds named get the mode given; the others stay as they are. */
export const MailPreferencesUpdate = Type.Object(
  {
    modes: Type.Object(Object.fromEntries(NOTIFY_MAIL_KINDS.map((kind) => [kind, Type.Optional(Mode)])) as Record<NotifyMailKind, ReturnType<typeof Type.Optional<typeof Mode>>>, {
      additionalProperties: false,
    }),
    workshopReminders: Type.Optional(Type.Boolean()),
    reactionNotifications: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MailPreferencesUpdate = Static<typeof MailPreferencesUpdate>;

export const UnsubscribeQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

/**
 * Every kind of mail an unsubscribe link can name: the notification kinds, the digest and
 * workshop reminders. Each has its own choices ('never' always among them: the one-click).
 */
export const UNSUBSCRIBE_KINDS = [...NOTIFY_MAIL_KINDS, 'digest', 'workshop_reminder'] as const;
export type UnsubscribeKind = (typeof UNSUBSCRIBE_KINDS)[number];
export const UNSUBSCRIBE_MODES = ['email', 'digest', 'never', 'daily', 'weekly'] as const;
export type UnsubscribeMode = (typeof UNSUBSCRIBE_MODES)[number];

/** What the member may choose for a kind from its unsubscribe page. */
export function unsubscribeChoices(kind: UnsubscribeKind): readonly UnsubscribeMode[] {
  if (kind === 'digest') return ['daily', 'weekly', 'never'];
  if (kind === 'workshop_reminder') return ['email', 'never'];
  return NOTIFY_MAIL_MODES;
}

/** What an unsubscribe link names (the kind) and what the member has chosen for it now. */
export const UnsubscribeState = Type.Object({ kind: Type.Enum(UNSUBSCRIBE_KINDS), mode: Type.Enum(UNSUBSCRIBE_MODES) });
export type UnsubscribeState = Static<typeof UnsubscribeState>;

/** From the unsubscribe page: a mode for the link's kind (the one-click POST of mail clients means "never"). */
export const UnsubscribeChange = Type.Object({ mode: Type.Enum(UNSUBSCRIBE_MODES) }, { additionalProperties: false });
