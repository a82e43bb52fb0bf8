import { Type, type Static } from 'typebox';

/** Mailing-list mode in one community: every new post by mail. */
export const MailingListBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export type MailingListBody = Static<typeof MailingListBody>;

export const MailingListState = Type.Object({ enabled: Type.Boolean() });
export type MailingListState = Static<typeof MailingListState>;

/** The communities whose posts a member gets by mail (the settings page). */
export const MailingListSubscriptions = Type.Object({
  items: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
});
export type MailingListSubscriptions = Static<typeof MailingListSubscriptions>;

export const MailingListTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });

/** What a list mail's unsubscribe link names, for the page that confirms: the community while the subscription lasts. */
export const MailingListUnsubscribeState = Type.Object({
  enabled: Type.Boolean(),
  community: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
});
export type MailingListUnsubscribeState = Static<typeof MailingListUnsubscribeState>;
