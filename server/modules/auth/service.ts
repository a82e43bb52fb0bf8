import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type {
  ActiveSession,
  ApiToken,
  LoginBody,
  PasswordChangeBody,
  RegisterBody,
  TokenCreated,
  TokenScope,
} from '../../../shared/schemas/auth.ts';
import type { CurrentUser } from '../../../shared/schemas/users.ts';
import type { UsersRepository } from '../users/repository.ts';
import { toCurrentUser } from '../users/mapper.ts';
import { cleanDisplayName } from '../users/rules.ts';
import type { Actor } from './actor.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { TokensRepository } from './repository.ts';
import { checkPassword, cleanTokenName, normalizeEmail, normalizeUsername } from './rules.ts';
import { describeDevice } from './device.ts';
import { DEFAULT_LOGIN_FAILURES, LoginThrottle, type LoginThrottleLimits } from './login-throttle.ts';
import type { SharedWindows } from '../../cluster/shared-windows.ts';
import type { LoginChallengesRepository } from './login-challenges-repository.ts';
import type { FactorKind, FactorProof, SecondFactors } from './second-factors.ts';
import { isUniqueViolation } from '../users/sql.ts';
import { sessionHandle, type SessionClient, type SessionCookie, type SessionStore, type ValidatedSession } from './session-store.ts';

const TOKEN_PREFIX = 'minga_pat_';
/** Last-used times are written at most this often per token, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SignedIn {
  user: CurrentUser;
  cookie: SessionCookie;
}

/** The first step was right; the account has a second factor to show (the browser keeps `secret` in a cookie). */
export interface SecondStep {
  secondFactor: { secret: string; kinds: FactorKind[]; expiresAt: Date };
}

/** A half-done sign-in lasts five minutes and survives five wrong factors. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;
export const LOGIN_CHALLENGE_ATTEMPTS = 5;
/**
 * Wrong second factors per account, across addresses and half-done sign-ins: someone holding the
 * password could otherwise open sign-in after sign-in from many addresses and guess the code.
 */
export const SECOND_FACTOR_FAILURES_PER_ACCOUNT = { max: 10, windowMs: 15 * 60_000 };

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function createAuthService(deps: {
  users: UsersRepository;
  tokens: TokensRepository;
  sessions: SessionStore;
  bus: EventBus;
  /** The account's second factors (every kind registers there) and the half-done sign-ins. */
  factors: SecondFactors;
  challenges: LoginChallengesRepository;
  /** Failed sign-ins per address across account names (password spraying). */
  loginFailures?: LoginThrottleLimits;
  /** Where the failures are counted with the other processes serving the site (this process alone without). */
  windows?: SharedWindows;
  /** Whether mail to a member's address bounces too often (shown from the first page after signing in). */
  emailBouncing?: (userId: number, email: string) => boolean | Promise<boolean>;
  /** The verification mail (or the notice to the address's owner), inside the registration. */
  onRegistered?: (userId: number, requestLocale: Locale) => void | Promise<void>;
  /** The member's own view as the users area gives it (with what other areas add to it). */
  currentUser?: (userId: number) => CurrentUser | Promise<CurrentUser>;
}) {
  const { users, tokens, sessions, bus } = deps;
  const loginFailures = deps.loginFailures ?? DEFAULT_LOGIN_FAILURES;
  const throttle = new LoginThrottle(loginFailures, deps.windows?.window('login-failures', { spanMs: loginFailures.windowMs }));
  const accountThrottle = new LoginThrottle(
    SECOND_FACTOR_FAILURES_PER_ACCOUNT,
    deps.windows?.window('second-factor-failures', { spanMs: SECOND_FACTOR_FAILURES_PER_ACCOUNT.windowMs }),
  );

  async function signIn(userId: number, client?: SessionClient): Promise<SignedIn> {
    const { cookie } = await sessions.create(userId, client);
    if (deps.currentUser) return { user: await deps.currentUser(userId), cookie };
    const row = (await users.findById(userId))!;
    return { user: { ...toCurrentUser(row), emailBouncing: (await deps.emailBouncing?.(row.id, row.email)) ?? false }, cookie };
  }

  /**
   * After a first step that proved the person (a password; an institution's sign-in): a session
   * at once, or, when the account has a second factor, a half-done sign-in waiting for it.
   */
  async function passFirstStep(userId: number, client?: SessionClient): Promise<SignedIn | SecondStep> {
    if (!(await deps.factors.has(userId))) return signIn(userId, client);
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + LOGIN_CHALLENGE_TTL_MS);
    await deps.challenges.deleteExpired(new Date());
    await deps.challenges.insert({ idHash: sha256(secret), userId, expiresAt });
    return { secondFactor: { secret, kinds: await deps.factors.kindsFor(userId), expiresAt } };
  }

  /** Signs out the account's other browsers; their sockets follow through `session.ended`. */
  async function endOtherSessions(userId: number, keepSessionId: string | null): Promise<number> {
    const ended = await sessions.invalidateOthers(userId, keepSessionId);
    for (const sessionId of ended) await bus.publish('session.ended', { userId, handle: sessionHandle(sessionId) });
    return ended.length;
  }

  function requireSession(actor: Actor | null, sessionId: string | null): asserts actor is Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!sessionId) throw new AppError('SESSION_REQUIRED');
  }

  /**
   * A browser session and the account's current password. A wrong one is a failed sign-in:
   * the same count per address, or a taken session could guess the password here at a rate
   * the sign-in never allows.
   */
  async function checkCurrentPassword(actor: Actor | null, sessionId: string | null, password: string): Promise<Actor> {
    requireSession(actor, sessionId);
    const user = await users.findById(actor.id);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const address = actor.address ?? '';
    throttle.check(address);
    if (!(await verifyPassword(user.passwordHash, password))) {
      throttle.fail(address);
      throw new AppError('WRONG_PASSWORD', { field: 'currentPassword' });
    }
    return actor;
  }

  return {
    async register(input: RegisterBody, client?: SessionClient, requestLocale: Locale = DEFAULT_LOCALE): Promise<SignedIn> {
      const username = normalizeUsername(input.username);
      const email = normalizeEmail(input.email);
      checkPassword(input.password);
      const displayName = cleanDisplayName(input.displayName ?? username);

      // An address does not make the account taken: it is unique only once verified, and who
      // registers with someone else's gets the same answer (the owner is told, by mail).
      if (await users.usernameTaken(username)) throw new AppError('USERNAME_TAKEN', { field: 'username' });

      const passwordHash = await hashPassword(input.password);
      let userId: number;
      try {
        userId = (await users.insert({ username, email, passwordHash, displayName })).id;
      } catch (error) {
        // Two registrations raced past the check above: the unique index decides.
        if (isUniqueViolation(error, 'username')) throw new AppError('USERNAME_TAKEN', { field: 'username' });
        throw error;
      }
      await deps.onRegistered?.(userId, requestLocale);
      await bus.publish('user.registered', { userId });
      return signIn(userId, client);
    },

    /** A wrong password and an unknown account give the same answer in the same time. */
    async login(input: LoginBody, client?: SessionClient): Promise<SignedIn | SecondStep> {
      const address = client?.address ?? '';
      throttle.check(address);
      const user = await users.findByUsernameOrEmail(input.username.trim().toLowerCase());
      // An account without a password (made through its institution) costs the same time and fails the same way.
      const valid = await verifyPassword(user?.passwordHash || (await decoyHash()), input.password);
      if (!user || !valid) {
        throttle.fail(address);
        throw new AppError('INVALID_CREDENTIALS');
      }
      return passFirstStep(user.id, client);
    },

    passFirstStep,

    /** A session for a person proved in full by other means (a passkey signs in by itself). */
    startSession: signIn,

    /** The half-done sign-in a browser's secret names, if still open. */
    async openChallenge(secret: string | undefined) {
      if (!secret) return undefined;
      const idHash = sha256(secret);
      const row = await deps.challenges.findOpen(idHash, new Date());
      return row ? { ...row, idHash } : undefined;
    },

    /**
     * The second step: the factor for the sign-in the browser's secret names. Wrong answers are
     * failed sign-ins (the same count per address); five of them end the half-done sign-in.
     */
    async completeSecondFactor(secret: string | undefined, proof: FactorProof, client?: SessionClient): Promise<SignedIn> {
      const address = client?.address ?? '';
      throttle.check(address);
      const open = await this.openChallenge(secret);
      if (!open) throw new AppError('LOGIN_EXPIRED');
      const account = `account:${open.userId}`;
      accountThrottle.check(account);
      const ok = await deps.factors.verify(open.userId, proof, {
        loginChallenge: { idHash: open.idHash, webauthnChallenge: open.webauthnChallenge },
      });
      if (!ok) {
        throttle.fail(address);
        accountThrottle.fail(account);
        if ((await deps.challenges.countAttempt(open.idHash)) >= LOGIN_CHALLENGE_ATTEMPTS) await deps.challenges.delete(open.idHash);
        throw new AppError('INVALID_SECOND_FACTOR', { field: proof.code !== undefined ? 'code' : undefined });
      }
      // Two right answers racing: one sign-in.
      if (!(await deps.challenges.delete(open.idHash))) throw new AppError('LOGIN_EXPIRED');
      return signIn(open.userId, client);
    },

    checkCurrentPassword,

    /**
     * Failed sign-ins per address, for other guesses at a secret (a wrong second-factor code
     * anywhere counts like a wrong password: one budget per address).
     */
    attempts: {
      check: (address: string | undefined) => throttle.check(address ?? ''),
      fail: (address: string | undefined) => throttle.fail(address ?? ''),
      /** Wrong second factors per account (the sign-in's second step and "confirm it is you" share the budget). */
      checkAccount: (userId: number) => accountThrottle.check(`account:${userId}`),
      failAccount: (userId: number) => accountThrottle.fail(`account:${userId}`),
    },

    /** The same rules as registration; every other session of the account is signed out, this one stays. */
    async changePassword(actor: Actor | null, sessionId: string | null, input: PasswordChangeBody): Promise<void> {
      requireSession(actor, sessionId);
      await checkCurrentPassword(actor, sessionId, input.currentPassword);
      try {
        checkPassword(input.newPassword);
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, { ...error.options, field: 'newPassword' });
        throw error;
      }
      if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_UNCHANGED', { field: 'newPassword' });
      await users.update(actor.id, { passwordHash: await hashPassword(input.newPassword) });
      await endOtherSessions(actor.id, sessionId);
    },

    async listSessions(actor: Actor | null, sessionId: string | null): Promise<ActiveSession[]> {
      requireSession(actor, sessionId);
      const current = sessionHandle(sessionId!);
      return (await sessions.listFor(actor.id)).map((s) => ({
        id: s.handle,
        device: describeDevice(s.userAgent),
        userAgent: s.userAgent,
        address: s.address,
        createdAt: s.createdAt?.toISOString() ?? null,
        lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
        current: s.handle === current,
      }));
    },

    /** Ends one of the account's sessions by its handle (this one too: that is signing out). */
    async revokeSession(actor: Actor | null, sessionId: string | null, handle: string): Promise<void> {
      requireSession(actor, sessionId);
      const ended = await sessions.invalidateByHandle(actor.id, handle);
      if (!ended) throw new AppError('SESSION_NOT_FOUND');
      await bus.publish('session.ended', { userId: actor.id, handle: sessionHandle(ended) });
    },

    /** "Sign out everywhere else". */
    async revokeOtherSessions(actor: Actor | null, sessionId: string | null): Promise<number> {
      requireSession(actor, sessionId);
      return endOtherSessions(actor.id, sessionId);
    },

    async logout(actor: Actor | null, sessionId: string | null): Promise<void> {
      if (!sessionId) return;
      await sessions.invalidate(sessionId);
      if (actor) await bus.publish('session.ended', { userId: actor.id, handle: sessionHandle(sessionId) });
    },

    authenticateSession(sessionId: string, client?: SessionClient): Promise<ValidatedSession | null> {
      return sessions.validate(sessionId, client);
    },

    async authenticateToken(secret: string): Promise<{ actor: Actor; scope: TokenScope } | null> {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const found = await tokens.findActorByHash(sha256(secret));
      if (!found) return null;
      const now = new Date();
      if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        await tokens.touch(found.tokenId, now);
      }
      return { actor: found.actor, scope: found.scope };
    },

    blankCookie: () => sessions.blankCookie(),
    cookieName: sessions.cookieName,

    /** Tokens are made from a signed-in browser only: a token cannot mint more tokens. */
    async createToken(actor: Actor | null, sessionId: string | null, rawName: string, scope: TokenScope = 'read'): Promise<TokenCreated> {
      requireSession(actor, sessionId);
      const name = cleanTokenName(rawName);
      const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row = await tokens.insert({
        userId: actor.id,
        name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        scope,
      });
      return { token: secret, item: toApiToken(row) };
    },

    async listTokens(actor: Actor | null): Promise<ApiToken[]> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return (await tokens.listFor(actor.id)).map(toApiToken);
    },

    async revokeToken(actor: Actor | null, tokenId: number): Promise<void> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!(await tokens.delete(actor.id, tokenId))) throw new AppError('TOKEN_NOT_FOUND');
    },
  };
}

function toApiToken(row: Awaited<ReturnType<TokensRepository['listFor']>>[number]): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
