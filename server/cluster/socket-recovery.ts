import type { AuthService } from '../modules/auth/service.ts';
import type { RoomAccess } from '../realtime/room-access.ts';
import type { MingaIo } from '../realtime/types.ts';

/**
 * A connection recovered within the window is sent what its rooms got meanwhile before the
 * handshake runs again: it is recovered only while its session is live and every room it had
 * is still readable by it; otherwise it connects afresh and joins through the read checks.
 */
export function guardRecovery(io: MingaIo, access: RoomAccess, auth: AuthService): void {
  const adapter = io.of('/').adapter as unknown as { restoreSession(pid: string, offset: string): Promise<{ rooms: string[]; data: unknown } | null> };
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const { sessionId } = (session.data ?? {}) as { sessionId?: string | null };
    const identity = sessionId ? await auth.authenticateSession(sessionId) : null;
    if (sessionId && !identity) throw new Error('session ended');
    const actor = identity?.actor ?? null;
    const rooms = session.rooms.filter((room) => room !== (session as { sid?: string }).sid);
    if (!rooms.every((room) => access.mayBeIn(actor, room))) throw new Error('rooms no longer readable');
    return session;
  };
}

