import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { ApiToken, LoginBody, RegisterBody, TokenCreated } from '../../../shared/schemas/auth.ts';
import type { CurrentUser } from '../../../shared/schemas/users.ts';
import type { UsersRepository } from '../users/repository.ts';
import { toCurrentUser } from '../users/mapper.ts';
import { cleanDisplayName } from '../users/rules.ts';
import type { Actor } from './actor.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { TokensRepository } from './repository.ts';
import { checkPassword, cleanTokenName, normalizeEmail, normalizeUsername } from './rules.ts';
import type { SessionCookie, SessionStore, ValidatedSession } from './session-store.ts';

const TOKEN_PREFIX = 'minga_pat_';
/** Last-used times are written at most this often per token, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SignedIn {
  user: CurrentUser;
  cookie: SessionCookie;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function createAuthService(deps: {
  users: UsersRepository;
  tokens: TokensRepository;
  sessions: SessionStore;
  bus: EventBus;
}) {
  const { users, tokens, sessions, bus } = deps;

  async function signIn(userId: number): Promise<SignedIn> {
    const { cookie } = await sessions.create(userId);
    return { user: toCurrentUser(users.findById(userId)!), cookie };
  }

  return {
    async register(input: RegisterBody): Promise<SignedIn> {
      const username = normalizeUsername(input.username);
      const email = normalizeEmail(input.email);
      checkPassword(input.password);
      const displayName = cleanDisplayName(input.displayName ?? username);

      const taken = users.usernameOrEmailTaken(username, email);
      if (taken.username) throw new AppError('USERNAME_TAKEN', { field: 'username' });
      if (taken.email) throw new AppError('EMAIL_TAKEN', { field: 'email' });

      const passwordHash = await hashPassword(input.password);
      let userId: number;
      try {
        userId = users.insert({ username, email, passwordHash, displayName }).id;
      } catch (error) {
        // Two registrations raced past the check above: the unique index decides.
        const message = String((error as Error).message);
        if (message.includes('users.username')) throw new AppError('USERNAME_TAKEN', { field: 'username' });
        if (message.includes('users.email')) throw new AppError('EMAIL_TAKEN', { field: 'email' });
        throw error;
      }
      bus.publish('user.registered', { userId });
      return signIn(userId);
    },

    /** A wrong password and an unknown account give the same answer in the same time. */
    async login(input: LoginBody): Promise<SignedIn> {
      const user = users.findByUsernameOrEmail(input.username.trim().toLowerCase());
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
      if (!user || !valid) throw new AppError('INVALID_CREDENTIALS');
      return signIn(user.id);
    },

    async logout(actor: Actor | null, sessionId: string | null): Promise<void> {
      if (!sessionId) return;
      await sessions.invalidate(sessionId);
      if (actor) bus.publish('session.ended', { userId: actor.id, sessionId });
    },

    authenticateSession(sessionId: string): Promise<ValidatedSession | null> {
      return sessions.validate(sessionId);
    },

    authenticateToken(secret: string): Actor | null {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const found = tokens.findActorByHash(sha256(secret));
      if (!found) return null;
      const now = new Date();
      if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        tokens.touch(found.tokenId, now);
      }
      return found.actor;
    },

    blankCookie: () => sessions.blankCookie(),
    cookieName: sessions.cookieName,

    createToken(actor: Actor | null, rawName: string): TokenCreated {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const name = cleanTokenName(rawName);
      const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row = tokens.insert({
        userId: actor.id,
        name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      });
      return { token: secret, item: toApiToken(row) };
    },

    listTokens(actor: Actor | null): ApiToken[] {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return tokens.listFor(actor.id).map(toApiToken);
    },

    revokeToken(actor: Actor | null, tokenId: number): void {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!tokens.delete(actor.id, tokenId)) throw new AppError('TOKEN_NOT_FOUND');
    },
  };
}

function toApiToken(row: ReturnType<TokensRepository['listFor']>[number]): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
