import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';
import { LOCALES } from '../i18n/core.ts';
import { CurrentUser } from './users.ts';

/** What the client needs at boot: who is signed in (if anyone) and the negotiated language. */
export const SessionInfo = Type.Object({
  user: Nullable(CurrentUser),
  locale: Type.Enum(LOCALES),
});
export type SessionInfo = Static<typeof SessionInfo>;

/** Cookie the client sets when someone picks a language; the server reads it. */
export const LOCALE_COOKIE = 'minga_locale';
