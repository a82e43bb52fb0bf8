import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { AuthService } from '../modules/auth/service.ts';
import { actorFromHandshake, handshakeOriginAllowed } from '../realtime/handshake.ts';
import { rooms } from '../realtime/rooms.ts';

export interface SocketData {
  actor: Actor | null;
}

export type MingaIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MingaSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: MingaIo;
  }
}

/**
 * Socket.IO on Fastify's own HTTP server (same port, same session cookie). Areas register
 * their handlers through `app.io`; domain-event subscribers emit to rooms.
 */
export const ioPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    const io: MingaIo = new Server(app.server, {
      serveClient: false,
      allowRequest: (req, callback) => callback(null, handshakeOriginAllowed(req)),
    });

    io.use(async (socket, next) => {
      try {
        socket.data.actor = await actorFromHandshake(socket.request, opts.auth);
        next();
      } catch (error) {
        next(error as Error);
      }
    });

    io.on('connection', (socket: MingaSocket) => {
      const actor = socket.data.actor;
      if (actor) void socket.join(rooms.user(actor.id));
      socket.emit('session:ready', { userId: actor?.id ?? null });
      socket.on('session:ping', (ack) => {
        if (typeof ack === 'function') ack({ ok: true, data: { serverTime: new Date().toISOString() } });
      });
    });

    app.decorate('io', io);
    // Sockets are dropped before the HTTP server stops, so close() is not held open by them.
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    });
  },
  { name: 'minga-io' },
);
