import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type ServerOptions } from 'socket.io';
import { SOCKET_LIMITS } from '../../shared/events.ts';
import { orderAccessChanges } from '../cluster/access-order.ts';
import { PresenceShare } from '../cluster/presence-share.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import { createSocketAdapter } from '../cluster/socket-adapter.ts';
import { guardRecovery } from '../cluster/socket-recovery.ts';
import type { EventBus } from '../lib/event-bus.ts';
import type { AuthService } from '../modules/auth/service.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import type { NotificationsService } from '../modules/notifications/service.ts';
import type { WorkshopRoomService } from '../modules/workshops/room.ts';
import { registerWorkshopHandlers, subscribeWorkshopFanout } from '../modules/workshops/socket.ts';
import { AppError } from '../lib/errors.ts';
import { subscribeAccessSync } from '../realtime/access-sync.ts';
import { subscribeFanout } from '../realtime/fanout.ts';
import { EventBudget } from '../realtime/guard.ts';
import { registerHandlers } from '../realtime/handlers.ts';
import { handshakeIdentity, handshakeOriginAllowed } from '../realtime/handshake.ts';
import { PresenceTracker } from '../realtime/presence.ts';
import { createRoomAccess } from '../realtime/room-access.ts';
import { rooms } from '../realtime/rooms.ts';
import type { MingaIo, MingaSocket } from '../realtime/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: MingaIo;
  }
}

export interface IoOptions {
  auth: AuthService;
  bus: EventBus;
  live: LiveDiscussions;
  notifications: NotificationsService;
  workshops?: WorkshopRoomService;
  /** With Redis (issue 20): broadcasts, presence and access re-checks reach every process. */
  shared?: SharedState;
  timing?: RealtimeTiming;
}

export interface RealtimeTiming {
  /** Added before each read of an access re-check (never a join's): tests widen the window a slow database would open. */
  recheckDelayMs?: number;
}

/** How long a dropped connection may come back and be sent what it missed (the adapter keeps it in Redis). */
const RECOVERY_WINDOW_MS = 2 * 60_000;

/**
 * Socket.IO on Fastify's own HTTP server (same port, same session cookie). Handlers join
 * rooms through the services' permission checks; domain-event subscribers emit to rooms.
 */
export const ioPlugin = fp(
  async (app: FastifyInstance, opts: IoOptions) => {
    const shared = opts.shared && opts.shared.status() !== 'off' ? opts.shared : null;
    const cluster = shared ? createSocketAdapter(shared, app.log) : null;
    const clusterOptions: Partial<ServerOptions> = cluster
      ? {
          adapter: cluster.adapter as ServerOptions['adapter'],
          // Middlewares run again for a recovered connection (Socket.IO skips them by default):
          // the session may have been signed out meanwhile, and socket.data comes back from
          // Redis as plain data, not the live objects the handshake builds.
          connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
        }
      : {};
    const io: MingaIo = new Server(app.server, {
      serveClient: false,
      maxHttpBufferSize: SOCKET_LIMITS.maxPayloadBytes,
      allowRequest: (req, callback) => callback(null, handshakeOriginAllowed(req)),
      ...clusterOptions,
    });
    const presence = new PresenceTracker((room, snapshot) => io.to(room).emit('presence', snapshot), undefined, (error) =>
      app.log.debug({ err: error }, 'presence share failed: sent from this process alone'),
    );
    const presenceShare = shared ? new PresenceShare(shared, () => presence.shares(), (orphaned) => presence.resend(orphaned)) : null;
    if (presenceShare && shared) {
      presence.useShare(presenceShare);
      presenceShare.start();
      // Redis came back (maybe empty): this process's readers are written again and its rooms re-sent.
      shared.onResync(() => {
        void presenceShare.rewrite().catch(() => {});
        presence.resend([...presence.shares()].map(([room]) => room));
      });
    }
    const onUnexpected = (error: unknown) => app.log.error({ err: error }, 'socket handler failed');
    const { live, workshops } = opts;
    // Each kind of room is read by its page's own check: joining and every re-check ask it.
    const access = createRoomAccess(io, {
      readers: {
        thread: live.joinThread,
        forum: live.joinForum,
        community: live.joinCommunityById,
        workshop: (actor, id) => {
          if (!workshops) throw new AppError('WORKSHOP_NOT_FOUND');
          return workshops.follow(actor, id);
        },
      },
      presence,
      onUnexpected,
      recheckDelayMs: opts.timing?.recheckDelayMs,
    });

    if (cluster) guardRecovery(io, access, opts.auth);
    const accessRelay = cluster
      ? orderAccessChanges(io, access, {
          // The adapter already warns once per Redis outage; each change not told is a debug line.
          notTold: (error) => app.log.debug({ err: error }, 'access change not told to the other processes: what follows it stays here'),
          unexpected: onUnexpected,
        })
      : null;

    io.use(async (socket, next) => {
      try {
        const identity = await handshakeIdentity(socket.request, opts.auth);
        Object.assign(socket.data, identity, { budget: new EventBudget(), followed: new Map(), lastTyping: new Map() });
        next();
      } catch (error) {
        next(error as Error);
      }
    });

    io.on('connection', (socket: MingaSocket) => {
      // Identity is settled: the HTTP request of the handshake is not needed any more, and
      // keeping it would cost every idle connection its headers and parser state.
      (socket.conn as unknown as { request: unknown }).request = null;
      // A recovered connection comes back in the rooms it had; it is let in again only through
      // the read checks (the client joins its rooms again on every connect).
      if (socket.recovered) for (const room of [...socket.rooms]) if (room !== socket.id) void socket.leave(room);
      const actor = socket.data.actor;
      if (actor) void socket.join(rooms.user(actor.id));
      registerHandlers(socket, { live, access, presence, onUnexpected });
      if (workshops) registerWorkshopHandlers(socket, { room: workshops, access, onUnexpected });
      socket.emit('session:ready', { userId: actor?.id ?? null });
    });

    // Access first: a change of who may read takes sockets out before anything is sent about it.
    subscribeAccessSync(opts.bus, access, (sessionId) => opts.auth.authenticateSession(sessionId), accessRelay);
    const reach = () => access.reach();
    subscribeFanout(opts.bus, io, { live, notifications: opts.notifications, reach });
    if (workshops) subscribeWorkshopFanout(opts.bus, io, { room: workshops, reach });

    app.decorate('io', io);
    // Connections are dropped before the HTTP server stops, so close() is not held open by
    // them. Closing the transports rather than disconnecting the sockets is what tells clients
    // to come back: they see "transport close" and reconnect (to the restarted server), where
    // a server-side disconnect would tell them to stay away.
    app.addHook('preClose', async () => {
      presence.close();
      await presenceShare?.close().catch(() => {});
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await cluster?.close();
    });
  },
  { name: 'minga-io' },
);
