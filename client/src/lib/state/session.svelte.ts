import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../../shared/i18n/core.ts';
import type { LoginBody, RegisterBody, SecondFactorBody, UserResponse } from '../../../../shared/schemas/auth.ts';
import { LOCALE_COOKIE, type SessionInfo } from '../../../../shared/schemas/session.ts';
import type { CurrentUser } from '../../../../shared/schemas/users.ts';
import { api, toApiError, type ApiError } from '../api.ts';
import { loadCatalog } from '../catalogs.ts';

/** Who is signed in and which language the interface speaks. */
class Session {
  user = $state<CurrentUser | null>(null);
  locale = $state<Locale>(initialLocale());
  /** False until the first GET /api/session has answered (or failed). */
  ready = $state(false);
  bootError = $state<ApiError | null>(null);

  /** The session the server rendered the page for: the app starts from it without asking again (its catalog loaded). */
  startFrom(info: SessionInfo): void {
    this.user = info.user;
    this.locale = info.locale;
    this.bootError = null;
    this.ready = true;
  }

  async boot(): Promise<void> {
    try {
      const info = await api.get<SessionInfo>('/api/session');
      await loadCatalog(info.locale);
      this.user = info.user;
      this.locale = info.locale;
      this.bootError = null;
    } catch (error) {
      this.bootError = toApiError(error);
    } finally {
      this.ready = true;
    }
  }

  /**
   * The password step. Resolves with the kinds of second factor when the account asks for one
   * (`401 SECOND_FACTOR_REQUIRED`: the sign-in goes on with `completeSecondFactor`).
   */
  async login(body: LoginBody): Promise<{ secondFactor: string[] } | void> {
    try {
      const { user } = await api.post<UserResponse>('/api/auth/login', body);
      this.signedIn(user);
    } catch (error) {
      const failure = toApiError(error);
      if (failure.code !== 'SECOND_FACTOR_REQUIRED') throw error;
      return { secondFactor: String(failure.params.methods ?? 'totp').split(',').filter(Boolean) };
    }
  }

  /** The second step: a code (authenticator or recovery) or a passkey's answer, for the half-done sign-in. */
  async completeSecondFactor(body: SecondFactorBody): Promise<void> {
    const { user } = await api.post<UserResponse>('/api/auth/login/second-factor', body);
    this.signedIn(user);
  }

  /** A sign-in finished elsewhere (a passkey's own request): the member it answered with. */
  signedInAs(user: CurrentUser): void {
    this.signedIn(user);
  }

  async register(body: RegisterBody): Promise<void> {
    const { user } = await api.post<UserResponse>('/api/auth/register', body);
    this.signedIn(user);
  }

  async logout(): Promise<void> {
    await api.post<void>('/api/auth/logout');
    this.user = null;
  }

  /** Switches the interface language and remembers it in this browser (the server reads it). */
  async useLocale(locale: Locale): Promise<void> {
    await loadCatalog(locale);
    this.locale = locale;
    document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }

  /** Signed in by other means than the password form (a passkey, a second step). */
  signedIn(user: CurrentUser): void {
    this.user = user;
    // A language saved with the account wins over the one this browser was using.
    if (user.locale && user.locale !== this.locale) void this.useLocale(user.locale);
  }
}

/** Until the server answers: the language picked earlier in this browser, else the default. */
function initialLocale(): Locale {
  if (typeof document === 'undefined') return DEFAULT_LOCALE;
  const match = document.cookie.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`));
  const fromCookie = match?.[1];
  return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
}

export const session = new Session();
