import { setupWorker } from '@socket.io/sticky';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Server as IoServer } from 'socket.io';

/**
 * A worker's side of the sticky hand-off (the primary's is sticky.ts). `@socket.io/sticky`'s
 * own `setupWorker` receives the connections the primary hands over, but answers EVERY response
 * with `Connection: close`, so that a keep-alive connection opened for an API call can never
 * carry a long-polling request to a worker that does not hold its session. That costs every
 * request a new connection through the primary (measured: a fifth of the single process's reads).
 *
 * Here connections stay alive, and the rare request that reaches the wrong worker goes back:
 * a Socket.IO request naming a session this worker does not hold (an HTTP long-polling client
 * reusing a connection the browser first opened for the API) hands its connection, with the
 * request's bytes, back to the primary, which routes it by session like a new connection.
 * Long-polling responses themselves close their connection, so the next poll comes back through
 * the primary. WebSocket clients (the default transport) are never concerned: an upgrade opens a
 * connection of its own.
 */
export const STICKY_REROUTE = 'minga:sticky-reroute';
export const STICKY_REROUTED = 'minga:sticky-rerouted';
const REROUTED = Symbol('rerouted');

const SOCKET_IO_PATH = '/socket.io/';
/** The engine.io session id in a request line or URL (base64id: 20 characters); the primary routes by it too. */
export const SID = /[?&]sid=([\w-]{20})(?=[&\s]|$)/;
/** A long-polling POST carries a few packets; past this it is refused rather than buffered. */
const MAX_REROUTED_BODY = 1024 * 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function setupStickyWorker(io: IoServer): void {
  const server = io.httpServer as HttpServer;
  const before = new Set(server.listeners('request'));
  setupWorker(io);
  // The package's blanket `Connection: close` (the listener it prepended) goes: see above.
  for (const listener of server.listeners('request')) {
    if (!before.has(listener as Listener)) server.removeListener('request', listener as Listener);
  }

  const handlers = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith(SOCKET_IO_PATH)) {
      const sid = SID.exec(req.url)?.[1];
      const socket = req.socket as Socket & { [REROUTED]?: boolean };
      const handOff = sid !== undefined && !(io.engine as unknown as { clients: Record<string, unknown> }).clients[sid] && !socket[REROUTED] && socket instanceof Socket && (socket as unknown as { _handle: unknown })._handle;
      if (handOff) return reroute(req, socket);
      // The next poll comes back through the primary, routed by its session.
      res.setHeader('Connection', 'close');
    }
    for (const handler of handlers) handler.call(server, req, res);
  });

  process.on('message', (message: { type?: string; data?: Buffer }, socket?: Socket) => {
    if (message?.type !== STICKY_REROUTED || !socket) return;
    // Handed back once already: answered here whatever happens (an expired session gets its 400).
    (socket as Socket & { [REROUTED]?: boolean })[REROUTED] = true;
    server.emit('connection', socket);
    socket.unshift(Buffer.from(message.data as Buffer));
  });
}

/** Sends the connection and the request's bytes back to the primary. */
function reroute(req: IncomingMessage, socket: Socket): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REROUTED_BODY) socket.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      // The body goes as it was received, whole: its length replaces any chunked framing.
      if (/^(content-length|transfer-encoding)$/i.test(req.rawHeaders[i]!)) continue;
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    if (body.length > 0 || req.method === 'POST') lines.push(`Content-Length: ${body.length}`);
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    socket.pause();
    // Handed away, not shared: without this, child_process would count it as one of this
    // server's connections kept by another process, and the server's close would wait for the
    // primary to report it closed (it never does): the worker's shutdown would hang.
    (socket as unknown as { server: unknown }).server = null;
    process.send!({ type: STICKY_REROUTE, data: Buffer.concat([head, body]) }, socket, { keepOpen: false }, () => {
      // Sent or not, this process is done with it: its server forgets the connection.
      socket.destroy();
    });
  });
}
