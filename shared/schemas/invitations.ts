import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';
import { Community, UserCard } from './communities.ts';

/** Bounds and defaults of an invitation (README, "Invitations"). */
export const INVITATION_MAX_USES = 1000;
export const INVITATION_MAX_DAYS = 90;
export const INVITATION_DEFAULT_DAYS = 7;
export const EMAIL_MAX = 254;

export const INVITATION_STATES = ['active', 'expired', 'revoked', 'used_up'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const InvitationCreate = Type.Object(
  {
    /** 1..1000; absent: unlimited, or 1 when the invitation is addressed to an email. */
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: INVITATION_MAX_USES })),
    /** An ISO date-time within 90 days; absent: 7 days from now. */
    expiresAt: Type.Optional(Type.String({ maxLength: 40 })),
    /** Only the account whose verified address this is may accept it; the link is mailed there. */
    email: Type.Optional(Type.String({ maxLength: EMAIL_MAX })),
  },
  { additionalProperties: false },
);
export type InvitationCreate = Static<typeof InvitationCreate>;

/** An invitation as its community's moderators see it (the token itself is shown once, on creation). */
export const Invitation = Type.Object({
  id: Type.Integer(),
  email: Nullable(Type.String()),
  maxUses: Nullable(Type.Integer()),
  uses: Type.Integer(),
  expiresAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  /** Who made it; null once that account is gone. */
  createdBy: Nullable(UserCard),
  state: Type.Enum(INVITATION_STATES),
});
export type Invitation = Static<typeof Invitation>;

export const InvitationCreated = Type.Object({
  invitation: Type.Object({ ...Invitation.properties, token: Type.String(), url: Type.String() }),
});
export type InvitationCreated = Static<typeof InvitationCreated>;

export const InvitationsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type InvitationsQuery = Static<typeof InvitationsQuery>;

export const InvitationList = Type.Object({ items: Type.Array(Invitation), nextCursor: Nullable(Type.String()) });
export type InvitationList = Static<typeof InvitationList>;

export const InvitationParams = Type.Object(
  { slug: Type.String({ maxLength: 200 }), id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

/** What the holder of the link sees before accepting: the token is the capability, even for a secret community. */
export const InvitationPreview = Type.Object({
  community: Type.Object({
    slug: Type.String(),
    name: Type.String(),
    description: Type.String(),
    visibility: Community.properties.visibility,
    memberCount: Type.Integer(),
  }),
  inviter: Nullable(UserCard),
  expiresAt: Type.String(),
  /** Addressed to one email: only the account with that verified address may accept. */
  addressed: Type.Boolean(),
  /** For a signed-in reader: their membership there now, and whether this account may accept (the address matches). */
  membership: Nullable(Type.Enum(['active', 'pending', 'banned'] as const)),
  addressMatches: Nullable(Type.Boolean()),
  /** What accepting gives: active membership, or a request the moderators decide (the inviter no longer moderates there). */
  grants: Type.Enum(['active', 'pending'] as const),
});
export type InvitationPreview = Static<typeof InvitationPreview>;

export const InvitationAccepted = Type.Object({ community: Community, status: Type.Enum(['active', 'pending'] as const) });
export type InvitationAccepted = Static<typeof InvitationAccepted>;
