import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { sessionHandle } from '../modules/auth/session-store.ts';
import type { AuthService } from '../modules/auth/service.ts';
import { handshakeIdentity } from '../realtime/handshake.ts';
import type { RoomAccess } from '../realtime/room-access.ts';
import type { MingaIo } from '../realtime/types.ts';

/** A returning connection waits no longer than this for Redis: past it, it connects afresh. */
const RESTORE_TIMEOUT_MS = 1_000;

interface StoredSession {
  sid?: string;
  rooms: string[];
  data: unknown;
}

/** What a dropped connection leaves in Redis about who it was: a hash of its session, never the id (the cookie). */
interface StoredIdentity {
  handle: string | null;
}

/**
 * A connection recovered within the window is sent what its rooms got meanwhile before the
 * handshake runs again: it is recovered only when the returning connection presents the very
 * session that left (its cookie, still live: a private id presented with another cookie or none
 * connects afresh), and every room it had is still readable by it; otherwise it connects afresh
 * and joins through the read checks. What waits in Redis names the session by its handle only:
 * the session id is the sign-in cookie itself. A Redis that does not answer in time does not
 * hold the connection either, nor is the stream replayed from further back than the window:
 * it connects afresh (and catches up as after any reconnection).
 */
export function guardRecovery(io: MingaIo, access: RoomAccess, auth: AuthService): void {
  const nsp = io.of('/') as unknown as { _createSocket(client: { request: IncomingMessage }, auth: unknown): Promise<unknown> };
  const adapter = io.of('/').adapter as unknown as {
    persistSession(session: StoredSession): void;
    restoreSession(pid: string, offset: string): Promise<StoredSession | null>;
  };
  // The request of the connection being created, for the restore Socket.IO runs inside it.
  const returning = new AsyncLocalStorage<IncomingMessage>();
  const create = nsp._createSocket.bind(nsp);
  nsp._createSocket = (client, handshake) => returning.run(client.request, () => create(client, handshake));

  const persist = adapter.persistSession.bind(adapter);
  adapter.persistSession = (session) => {
    const { sessionId } = (session.data ?? {}) as { sessionId?: string | null };
    const identity: StoredIdentity = { handle: sessionId ? sessionHandle(sessionId) : null };
    persist({ ...session, data: identity });
  };

  const restore = adapter.restoreSession.bind(adapter);
  const windowMs = (io as unknown as { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } }).opts.connectionStateRecovery?.maxDisconnectionDuration ?? 0;
  adapter.restoreSession = async (pid, offset) => {
    const request = returning.getStore();
    if (!request) throw new Error('no request to recover for');
    // The offset (a stream id, `<ms>-<seq>`) is the client's to say: the adapter reads and decodes
    // every entry after it. One older than the window would make each return read the whole
    // stream (thousands of entries), and is older than anything recovery is for.
    const since = Number(/^(\d+)-\d+$/.exec(offset)?.[1]);
    if (!(Date.now() - since <= windowMs)) throw new Error('offset older than the recovery window');
    let timer: NodeJS.Timeout | undefined;
    const restored = restore(pid, offset);
    void restored.catch(() => {});
    const session = await Promise.race([
      restored,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis did not answer')), RESTORE_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!session) return session;
    const { handle } = (session.data ?? {}) as Partial<StoredIdentity>;
    const now = await handshakeIdentity(request, auth);
    if ((handle ?? null) !== (now.sessionId ? sessionHandle(now.sessionId) : null)) throw new Error('another session');
    const rooms = session.rooms.filter((room) => room !== session.sid);
    // Read checks may look in the database (the realtime area's, asynchronous): each awaited.
    for (const room of rooms) if (!(await access.mayBeIn(now.actor, room))) throw new Error('rooms no longer readable');
    // The handshake runs again (skipMiddlewares: false) and fills socket.data from the request.
    return { ...session, data: {} };
  };
}
