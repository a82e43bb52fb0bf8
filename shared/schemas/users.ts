import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';
import { LOCALES } from '../i18n/index.ts';
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
});
export type PublicUser = Static<typeof PublicUser>;

/** The signed-in person's own view of themselves. */
export const CurrentUser = Type.Object({
  ...PublicUser.properties,
  email: Type.String(),
  locale: Nullable(Locale),
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
