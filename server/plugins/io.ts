import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { SOCKET_LIMITS } from '../../shared/events.ts';
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
}

/**
 * Socket.IO on Fastify's own HTTP server (same port, same session cookie). Handlers join
 * rooms through the services' permission checks; domain-event subscribers emit to rooms.
 */
export const ioPlugin = fp(
  async (app: FastifyInstance, opts: IoOptions) => {
    const io: MingaIo = new Server(app.server, {
      serveClient: false,
      maxHttpBufferSize: SOCKET_LIMITS.maxPayloadBytes,
      allowRequest: (req, callback) => callback(null, handshakeOriginAllowed(req)),
    });
    const presence = new PresenceTracker((room, snapshot) => io.to(room).emit('presence', snapshot));
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
    });

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
      const actor = socket.data.actor;
      if (actor) void socket.join(rooms.user(actor.id));
      registerHandlers(socket, { live, access, presence, onUnexpected });
      if (workshops) registerWorkshopHandlers(socket, { room: workshops, access, onUnexpected });
      socket.emit('session:ready', { userId: actor?.id ?? null });
    });

    // Access first: a change of who may read takes sockets out before anything is sent about it.
    subscribeAccessSync(opts.bus, io, access, (sessionId) => opts.auth.authenticateSession(sessionId));
    subscribeFanout(opts.bus, io, { live, notifications: opts.notifications });
    if (workshops) subscribeWorkshopFanout(opts.bus, io, { room: workshops });

    app.decorate('io', io);
    // Connections are dropped before the HTTP server stops, so close() is not held open by
    // them. Closing the transports rather than disconnecting the sockets is what tells clients
    // to come back: they see "transport close" and reconnect (to the restarted server), where
    // a server-side disconnect would tell them to stay away.
    app.addHook('preClose', async () => {
      presence.close();
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    });
  },
  { name: 'minga-io' },
);
