import { Type, type Static } from 'typebox';

/** The kinds of notification mail a member chooses about, and what they choose for each. */
export const NOTIFY_MAIL_KINDS = ['mention', 'reply', 'watched_reply', 'question_for_you', 'answer_accepted', 'moderation', 'membership'] as const;
export type NotifyMailKind = (typeof NOTIFY_MAIL_KINDS)[number];
export const NOTIFY_MAIL_MODES = ['email', 'digest', 'never'] as const;
export type NotifyMailMode = (typeof NOTIFY_MAIL_MODES)[number];

const Mode = Type.Enum(NOTIFY_MAIL_MODES);

export const MailPreferences = Type.Object({
  modes: Type.Object(Object.fromEntries(NOTIFY_MAIL_KINDS.map((kind) => [kind, Mode])) as Record<NotifyMailKind, typeof Mode>),
});
export type MailPreferences = Static<typeof MailPreferences>;

/** A change: the kinds named get the mode given; the others stay as they are. */
export const MailPreferencesUpdate = Type.Object(
  {
    modes: Type.Object(Object.fromEntries(NOTIFY_MAIL_KINDS.map((kind) => [kind, Type.Optional(Mode)])) as Record<NotifyMailKind, ReturnType<typeof Type.Optional<typeof Mode>>>, {
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);
export type MailPreferencesUpdate = Static<typeof MailPreferencesUpdate>;

export const UnsubscribeQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

/** What an unsubscribe link names (the kind) and what the member has chosen for it now. */
export const UnsubscribeState = Type.Object({ kind: Type.Enum(NOTIFY_MAIL_KINDS), mode: Mode });
export type UnsubscribeState = Static<typeof UnsubscribeState>;

/** From the unsubscribe page: a mode for the link's kind (the one-click POST of mail clients means "never"). */
export const UnsubscribeChange = Type.Object({ mode: Mode }, { additionalProperties: false });
