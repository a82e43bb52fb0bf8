/**
 * The only file that knows Lucia. Lucia v3 is in maintenance: replacing it means rewriting
 * this file against the same `SessionStore` interface, and nothing else.
 */
import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle';
import { Lucia, TimeSpan } from 'lucia';
import type { Db } from '../../../db/client.ts';
import { sessions, users, type UserRow } from '../../../db/schema/index.ts';
import type { Actor } from './actor.ts';

export const SESSION_COOKIE = 'minga_session';

export interface SessionCookie {
  name: string;
  value: string;
  attributes: {
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
    path?: string;
    maxAge?: number;
    expires?: Date;
    secure?: boolean;
  };
}

export interface ValidatedSession {
  sessionId: string;
  actor: Actor;
  /** Set when the session's expiry was extended: send this cookie back. */
  refreshedCookie: SessionCookie | null;
}

export interface SessionStore {
  readonly cookieName: string;
  create(userId: number): Promise<{ sessionId: string; cookie: SessionCookie }>;
  validate(sessionId: string): Promise<ValidatedSession | null>;
  invalidate(sessionId: string): Promise<void>;
  invalidateAllFor(userId: number): Promise<void>;
  blankCookie(): SessionCookie;
  deleteExpired(): Promise<void>;
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: Omit<UserRow, 'id'>;
  }
}

function createLucia(db: Db) {
  const adapter = new DrizzleSQLiteAdapter(db, sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      // Secure is decided per request (https or not) where the cookie is written.
      attributes: { sameSite: 'lax', secure: false },
    },
    getUserAttributes: (row) => ({
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      locale: row.locale,
    }),
  });
}

export function createSessionStore(db: Db): SessionStore {
  const lucia = createLucia(db);
  return {
    cookieName: lucia.sessionCookieName,
    async create(userId) {
      const session = await lucia.createSession(userId, {});
      return { sessionId: session.id, cookie: lucia.createSessionCookie(session.id) };
    },
    async validate(sessionId) {
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session || !user) return null;
      return {
        sessionId: session.id,
        actor: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          locale: user.locale,
        },
        refreshedCookie: session.fresh ? lucia.createSessionCookie(session.id) : null,
      };
    },
    invalidate: (sessionId) => lucia.invalidateSession(sessionId),
    invalidateAllFor: (userId) => lucia.invalidateUserSessions(userId),
    blankCookie: () => lucia.createBlankSessionCookie(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}
