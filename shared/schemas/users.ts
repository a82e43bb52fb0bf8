import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';
import { AffiliationBadge } from './affiliation.ts';
import { LOCALES } from '../i18n/core.ts';
import { ROLES } from '../permissions.ts';

export const BIO_MAX = 500;
/** Languages a person can say they work in (content languages of the network). */
export const CONTENT_LANGUAGES = ['es', 'pt', 'en', 'fr'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

const Role = Type.Enum(ROLES);
const Locale = Type.Enum(LOCALES);

export const InstitutionRef = Type.Object({
  id: Type.Integer(),
  acronym: Type.String(),
  name: Type.String(),
});

export const CountryRef = Type.Object({
  code: Type.String(),
  names: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
});
export type CountryRef = Static<typeof CountryRef>;

/** What anyone may see of a person. */
export const PublicUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  institution: Nullable(InstitutionRef),
  country: Nullable(CountryRef),
  languages: Type.Array(Type.String()),
  bio: Type.String(),
  /** Listed in the specialists directory. */
  specialist: Type.Boolean(),
  createdAt: Type.String(),
  /** The person's picture, as on `UserCard`; null: initials. */
  avatar: Type.Optional(Nullable(Type.String())),
  /** Their affiliation with `institution`, verified (issue 19); absent or null: unverified. */
  affiliation: Type.Optional(Nullable(AffiliationBadge)),
  /** The account was erased (issue 19): shown as "Deleted member", nothing else about it. */
  deleted: Type.Optional(Type.Boolean()),
});
export type PublicUser = Static<typeof PublicUser>;

/** The signed-in person's own view of themselves. */
export const CurrentUser = Type.Object({
  ...PublicUser.properties,
  email: Type.String(),
  locale: Nullable(Locale),
  /** Mail to this address bounced too often: none is sent until the address is fixed. */
  emailBouncing: Type.Optional(Type.Boolean()),
  /** The owner followed the link mailed to `email`. */
  emailVerified: Type.Boolean(),
  /** IANA time zone every date is shown in; null until the browser first tells it (UTC meanwhile). Private. */
  timeZone: Type.Optional(Nullable(Type.String())),
  /** False for an account made through its institution's sign-in: it confirms changes another way. */
  hasPassword: Type.Optional(Type.Boolean()),
  /** Whether the member has a second factor on, and whether their role requires one (staff, when admins ask for it). */
  secondFactor: Type.Optional(Type.Object({ enabled: Type.Boolean(), required: Type.Boolean() })),
});
export type CurrentUser = Static<typeof CurrentUser>;

export const ProfilePatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 400 })),
    institutionId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    countryCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    languages: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 10 })),
    bio: Type.Optional(Type.String({ maxLength: 5000 })),
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
    /** An IANA zone name (`Intl.supportedValuesOf('timeZone')`, or UTC). */
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type ProfilePatch = Static<typeof ProfilePatch>;

export const UsernameParams = Type.Object(
  { username: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);

export const PublicUserResponse = Type.Object({ user: PublicUser });
export type PublicUserResponse = Static<typeof PublicUserResponse>;

/** The admins' people page: search, filter by role and status, paged. */
export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(Role),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;

export const Person = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  role: Role,
  suspendedUntil: Nullable(Type.String()),
  createdAt: Type.String(),
  /** An admin's legal hold: deleting the account keeps the member's posts (issue 19). */
  legalHold: Type.Optional(Type.Boolean()),
  /** The account was erased. */
  deleted: Type.Optional(Type.Boolean()),
});
export type Person = Static<typeof Person>;

export const PeopleList = Type.Object({ items: Type.Array(Person), nextCursor: Nullable(Type.String()) });
export type PeopleList = Static<typeof PeopleList>;

export const RoleBody = Type.Object({ role: Role }, { additionalProperties: false });
export type RoleBody = Static<typeof RoleBody>;

export const PersonResponse = Type.Object({ user: Person });
export type PersonResponse = Static<typeof PersonResponse>;

/** The square to keep of an uploaded picture, in pixels of the picture as displayed (EXIF orientation applied); none: the centred square. */
export const AvatarCrop = Type.Object(
  {
    x: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    y: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type AvatarCrop = Static<typeof AvatarCrop>;

export const AVATAR_SIZES = [48, 96, 192] as const;
export const AvatarParams = Type.Object(
  { userId: Type.Integer({ minimum: 1 }), version: Type.String({ pattern: '^[0-9a-f]{16}$' }) },
  { additionalProperties: false },
);
export const AvatarQuery = Type.Object(
  { size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })) },
  { additionalProperties: false },
);
