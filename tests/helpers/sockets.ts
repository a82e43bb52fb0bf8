import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.ts';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Real socket.io-client connections, as browsers open them; closed by `closeAll`. */
export function socketFactory(url: () => string) {
  const open: Client[] = [];
  return {
    async connect(cookie?: string): Promise<Client> {
      const socket: Client = connect(url(), {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { origin: url(), ...(cookie ? { cookie } : {}) },
      });
      open.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('session:ready', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    /** One socket per cookie (undefined: a visitor), each following the thread. */
    async inThread(threadId: number, cookies: (string | undefined)[]): Promise<Client[]> {
      const sockets: Client[] = [];
      for (const cookie of cookies) {
        const socket = await this.connect(cookie);
        const joined = await ask(socket, 'thread:join', { threadId });
        if (!joined.ok) throw new Error(`thread:join refused: ${joined.error?.code}`);
        sockets.push(socket);
      }
      return sockets;
    },
    closeAll() {
      open.splice(0).forEach((s) => s.disconnect());
    },
  };
}

/** The next event of that name that matches, or a rejection after the timeout. */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 2000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    }) as never;
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener);
  });
}

/** Resolves true if no matching event arrives within the window. */
export async function silent<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  windowMs = 400,
): Promise<boolean> {
  try {
    await next(socket, event, match, windowMs);
    return false;
  } catch {
    return true;
  }
}

/** Emits with an acknowledgement and returns it. */
export function ask(socket: Client, event: string, payload?: unknown): Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const emit = socket.emit as unknown as (...args: unknown[]) => void;
    if (payload === undefined) emit.call(socket, event, resolve);
    else emit.call(socket, event, payload, resolve);
  });
}

/**
 * A listening server with a world (admin, moderator, member, outsider, community, forum) for
 * a realtime test file; sockets opened through it close after each test.
 */
export function liveWorld(options: Parameters<typeof import('./forums.ts').buildWorld>[1] = {}) {
  const state = {} as { server: import('./server.ts').TestServer; w: import('./forums.ts').World };
  const sockets = socketFactory(() => state.server.url);
  beforeAll(async () => {
    const { startTestServer } = await import('./server.ts');
    const { buildWorld } = await import('./forums.ts');
    state.server = await startTestServer();
    state.w = await buildWorld(state.server.app, options);
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await state.server.close();
  });
  return { state, sockets };
}
