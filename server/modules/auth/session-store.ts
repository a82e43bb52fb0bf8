/**
 * The only file that knows Lucia. Lucia v3 is in maintenance: replacing it means rewriting
 * this file against the same `SessionStore` interface, and nothing else.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import { prepared } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { coherentCache, invalidation, type CacheShared } from '../../cluster/cache-coherence.ts';
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

/** Where a request comes from, as the list of sessions shows it. */
export interface SessionClient {
  userAgent: string;
  address: string;
}

/** One of an account's sessions as its owner sees it: `handle` is a hash, never the secret. */
export interface SessionListing {
  handle: string;
  userAgent: string;
  address: string;
  createdAt: Date | null;
  lastSeenAt: Date | null;
}

/** Last-seen times (and the address) are written at most this often per session. */
const SEEN_INTERVAL_MS = 5 * 60_000;

/**
 * A validated session is remembered this long, so a reader's burst of requests looks it up
 * once. Ending a session (sign-out, revocation, password change) and changing the account
 * forget it at once, in every process once the store is shared (`share`, issue 20); the window
 * only bounds what could still be seen if a message were lost.
 */
const REMEMBER_MS = 5_000;
const REMEMBER_MAX = 10_000;

/** The public name of a session: a hash of its id, so the id itself never leaves the server. */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(`session:${sessionId}`).digest('base64url').slice(0, 22);
}

export interface SessionStore {
  readonly cookieName: string;
  create(userId: number, client?: SessionClient): Promise<{ sessionId: string; cookie: SessionCookie }>;
  validate(sessionId: string, client?: SessionClient): Promise<ValidatedSession | null>;
  invalidate(sessionId: string): Promise<void>;
  invalidateAllFor(userId: number): Promise<void>;
  /** The account's live sessions, most recently seen first. */
  listFor(userId: number): Promise<SessionListing[]>;
  /** Ends every session of the account but this one; returns the ids it ended. */
  invalidateOthers(userId: number, keepSessionId: string | null): Promise<string[]>;
  /** Ends the account's session with this handle; returns its id, or null when there is none. */
  invalidateByHandle(userId: number, handle: string): Promise<string | null>;
  /** The account changed (name, role, language): its sessions are looked up afresh. */
  forgetUser(userId: number): void;
  /**
   * With several processes (issue 20): every forgetting here is told to the others, theirs reach
   * this one, and while Redis is down (messages cannot arrive) nothing is answered from memory.
   */
  share(shared: CacheShared): void;
  blankCookie(): SessionCookie;
  deleteExpired(): Promise<void>;
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseSessionAttributes: { userAgent: string; address: string; lastSeenAt: number | null };
    DatabaseUserAttributes: Pick<UserRow, 'username' | 'displayName' | 'role' | 'locale'>;
  }
}

/**
 * Lucia's storage, on statements compiled once: every API request with a cookie validates its
 * session, so this lookup is on the hottest path there is. Lucia v3's adapter is promise-based
 * already; only this file sees it.
 */
function createAdapter(db: Db): Adapter {
  const sessionAndUser = prepared<SessionJoinRow>(
    db,
    sql`SELECT ${sessions.id} AS "id", ${sessions.userId} AS "userId", ${sessions.expiresAt} AS "expiresAt",
          ${sessions.lastSeenAt} AS "lastSeenAt", ${users.username} AS "username", ${users.displayName} AS "displayName",
          ${users.role} AS "role", ${users.locale} AS "locale"
        FROM ${sessions} INNER JOIN ${users} ON ${users.id} = ${sessions.userId}
        WHERE ${sessions.id} = ${sql.placeholder('id')}`,
  );
  const userSessions = prepared<SessionRowRaw>(
    db,
    sql`SELECT ${sessions.id} AS "id", ${sessions.userId} AS "userId", ${sessions.expiresAt} AS "expiresAt", ${sessions.lastSeenAt} AS "lastSeenAt"
        FROM ${sessions} WHERE ${sessions.userId} = ${sql.placeholder('userId')}`,
  );
  const insert = prepared(
    db,
    sql`INSERT INTO ${sessions} (id, user_id, expires_at, user_agent, address, created_at, last_seen_at)
        VALUES (${sql.placeholder('id')}, ${sql.placeholder('userId')}, ${sql.placeholder('expiresAt')}, ${sql.placeholder('userAgent')},
                ${sql.placeholder('address')}, ${sql.placeholder('now')}, ${sql.placeholder('now')})`,
  );
  const extend = prepared(db, sql`UPDATE ${sessions} SET expires_at = ${sql.placeholder('expiresAt')} WHERE id = ${sql.placeholder('id')}`);
  const remove = prepared(db, sql`DELETE FROM ${sessions} WHERE id = ${sql.placeholder('id')}`);
  const removeForUser = prepared(db, sql`DELETE FROM ${sessions} WHERE user_id = ${sql.placeholder('userId')}`);
  const toSession = (row: SessionRowRaw): DatabaseSession => ({
    id: row.id,
    userId: Number(row.userId),
    expiresAt: new Date(Number(row.expiresAt) * 1000),
    attributes: { userAgent: '', address: '', lastSeenAt: row.lastSeenAt === null ? null : Number(row.lastSeenAt) },
  });
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const row = await sessionAndUser.get({ id: sessionId });
      if (!row) return [null, null];
      const { username, displayName, role, locale } = row;
      return [toSession(row), { id: Number(row.userId), attributes: { username, displayName, role, locale } }];
    },
    async getUserSessions(userId) {
      return (await userSessions.all({ userId })).map(toSession);
    },
    async setSession(session) {
      await insert.run({
        id: session.id,
        userId: session.userId,
        expiresAt: seconds(session.expiresAt),
        userAgent: session.attributes.userAgent.slice(0, 400),
        address: session.attributes.address.slice(0, 100),
        now: Date.now(),
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await extend.run({ id: sessionId, expiresAt: seconds(expiresAt) });
    },
    async deleteSession(sessionId) {
      await remove.run({ id: sessionId });
    },
    async deleteUserSessions(userId) {
      await removeForUser.run({ userId });
    },
    async deleteExpiredSessions() {
      await db.delete(sessions).where(lte(sessions.expiresAt, seconds(new Date())));
    },
  };
}

/** A session row as the compiled statements read it (moments as Unix milliseconds, expiry in seconds). */
interface SessionRowRaw {
  id: string;
  userId: number;
  expiresAt: number;
  lastSeenAt: number | null;
}

type SessionJoinRow = SessionRowRaw & Pick<UserRow, 'username' | 'displayName' | 'role' | 'locale'>;

function createLucia(db: Db) {
  const adapter = createAdapter(db);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      // Secure is decided per request (https or not) where the cookie is written.
      attributes: { sameSite: 'lax', secure: false },
    },
    getSessionAttributes: (attributes) => ({ lastSeenAt: attributes.lastSeenAt }),
    getUserAttributes: (row) => ({
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      locale: row.locale,
    }),
  });
}

/**
 * Sessions forgotten: by handle (a hash: the ids themselves never travel to the other processes),
 * or every one of an account.
 */
interface Forgotten {
  handles?: string[];
  userId?: number;
}

export function createSessionStore(db: Db): SessionStore {
  const lucia = createLucia(db);
  const seen = prepared(
    db,
    sql`UPDATE ${sessions} SET last_seen_at = ${sql.placeholder('now')}, address = ${sql.placeholder('address')} WHERE id = ${sql.placeholder('id')}`,
  );
  const liveFor = (userId: number) =>
    db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${Math.floor(Date.now() / 1000)}`))
      .orderBy(desc(sessions.lastSeenAt));
  // Validated sessions, by id: what `validate` answered, until when.
  const remembered = new Map<string, { session: ValidatedSession; until: number }>();
  // The ids remembered, by handle, for what other processes forget (only when shared).
  const byHandle = new Map<string, string>();
  // Bumped by every forgetting: a lookup that was under way meanwhile does not remember what it read.
  let generation = 0;
  const forgetHere = ({ handles, userId }: Forgotten) => {
    generation += 1;
    for (const handle of handles ?? []) {
      const id = byHandle.get(handle);
      if (id === undefined) continue;
      byHandle.delete(handle);
      remembered.delete(id);
    }
    if (userId !== undefined) for (const [id, entry] of remembered) if (entry.session.actor.id === userId) remembered.delete(id);
  };
  let announce = forgetHere;
  let shared = false;
  let usable = () => true;
  const forget = (ids: string[]) => {
    generation += 1;
    for (const id of ids) remembered.delete(id);
    if (shared) announce({ handles: ids.map(sessionHandle) });
  };
  const forgetUser = (userId: number) => {
    generation += 1;
    announce({ userId });
  };
  const remove = async (ids: string[]) => {
    forget(ids);
    if (ids.length) await db.delete(sessions).where(inArray(sessions.id, ids));
  };

  return {
    cookieName: lucia.sessionCookieName,
    async create(userId, client) {
      const session = await lucia.createSession(userId, {
        userAgent: client?.userAgent ?? '',
        address: client?.address ?? '',
        lastSeenAt: null,
      });
      return { sessionId: session.id, cookie: lucia.createSessionCookie(session.id) };
    },
    async validate(sessionId, client) {
      const now = Date.now();
      const known = remembered.get(sessionId);
      if (known && known.until > now && usable()) return known.session;
      if (known) remembered.delete(sessionId);
      const startedAt = generation;
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session || !user) return null;
      if (client && (session.lastSeenAt === null || now - session.lastSeenAt > SEEN_INTERVAL_MS)) {
        await seen.run({ id: session.id, now, address: client.address.slice(0, 100) });
      }
      const validated: ValidatedSession = {
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
      // A refreshed cookie is sent once; an unchanged session is remembered for a moment.
      if (!validated.refreshedCookie && usable() && generation === startedAt) {
        if (remembered.size >= REMEMBER_MAX || byHandle.size >= REMEMBER_MAX) {
          remembered.clear();
          byHandle.clear();
        }
        remembered.set(session.id, { session: validated, until: Math.min(now + REMEMBER_MS, session.expiresAt.getTime()) });
        if (shared) byHandle.set(sessionHandle(session.id), session.id);
      }
      return validated;
    },
    async invalidate(sessionId) {
      forget([sessionId]);
      await lucia.invalidateSession(sessionId);
    },
    async invalidateAllFor(userId) {
      forgetUser(userId);
      await lucia.invalidateUserSessions(userId);
    },
    forgetUser,
    share(state) {
      shared = true;
      usable = coherentCache(state, () => {
        remembered.clear();
        byHandle.clear();
      });
      announce = invalidation(state, 'sessions', forgetHere);
    },
    async listFor(userId) {
      return (await liveFor(userId)).map((row) => ({
        handle: sessionHandle(row.id),
        userAgent: row.userAgent,
        address: row.address,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
      }));
    },
    async invalidateOthers(userId, keepSessionId) {
      const ids = (
        await db
          .select({ id: sessions.id })
          .from(sessions)
          .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
      ).map((r) => r.id);
      await remove(ids);
      return ids;
    },
    async invalidateByHandle(userId, handle) {
      const row = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).find(
        (r) => sessionHandle(r.id) === handle,
      );
      if (!row) return null;
      await remove([row.id]);
      return row.id;
    },
    blankCookie: () => lucia.createBlankSessionCookie(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}
