/**
 * The only file that knows Lucia. Lucia v3 is in maintenance: replacing it means rewriting
 * this file against the same `SessionStore` interface, and nothing else.
 */
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
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
  /** Ends every session of the account but this one; returns the ids it ended. */
  invalidateOthers(userId: number, keepSessionId: string | null): string[];
  blankCookie(): SessionCookie;
  deleteExpired(): Promise<void>;
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: Pick<UserRow, 'username' | 'displayName' | 'role' | 'locale'>;
  }
}

/**
 * Lucia's storage, on statements compiled once: every API request with a cookie validates its
 * session, so this lookup is on the hottest path there is.
 */
function createAdapter(db: Db): Adapter {
  const sessionAndUser = db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();
  const userSessions = db.select().from(sessions).where(eq(sessions.userId, sql.placeholder('userId'))).prepare();
  const insert = db
    .insert(sessions)
    .values({ id: sql.placeholder('id'), userId: sql.placeholder('userId'), expiresAt: sql.placeholder('expiresAt') })
    .prepare();
  const extend = db
    .update(sessions)
    .set({ expiresAt: sql`${sql.placeholder('expiresAt')}` })
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();
  const remove = db.delete(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare();
  const removeForUser = db.delete(sessions).where(eq(sessions.userId, sql.placeholder('userId'))).prepare();
  const toSession = (row: { id: string; userId: number; expiresAt: number }): DatabaseSession => ({
    id: row.id,
    userId: row.userId,
    expiresAt: new Date(row.expiresAt * 1000),
    attributes: {},
  });
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const row = sessionAndUser.get({ id: sessionId });
      if (!row) return [null, null];
      const { username, displayName, role, locale } = row;
      return [toSession(row), { id: row.userId, attributes: { username, displayName, role, locale } }];
    },
    async getUserSessions(userId) {
      return userSessions.all({ userId }).map(toSession);
    },
    async setSession(session) {
      insert.run({ id: session.id, userId: session.userId, expiresAt: seconds(session.expiresAt) });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      extend.run({ id: sessionId, expiresAt: seconds(expiresAt) });
    },
    async deleteSession(sessionId) {
      remove.run({ id: sessionId });
    },
    async deleteUserSessions(userId) {
      removeForUser.run({ userId });
    },
    async deleteExpiredSessions() {
      db.delete(sessions).where(lte(sessions.expiresAt, seconds(new Date()))).run();
    },
  };
}

function createLucia(db: Db) {
  const adapter = createAdapter(db);
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
    invalidateOthers(userId, keepSessionId) {
      const ids = db
        .select({ id: sessions.id })
        .from(sessions)
        .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
        .all()
        .map((r) => r.id);
      for (const id of ids) db.delete(sessions).where(eq(sessions.id, id)).run();
      return ids;
    },
    blankCookie: () => lucia.createBlankSessionCookie(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}
