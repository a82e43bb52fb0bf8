import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import { SID, STICKY_REROUTE, STICKY_REROUTED } from './sticky-worker.ts';

/**
 * The primary's side of `@socket.io/sticky` (the workers run the package's own `setupWorker`,
 * so the messages below are its protocol). Rewritten rather than used as it is because:
 * - it must only hand connections to workers that are READY (a replacement still booting has
 *   no listener yet: a connection sent to it would hang), which the package cannot know;
 * - with no Socket.IO session in the request its "least-connection" choice always picks the
 *   first worker (ties), so plain API traffic would never reach the second: round-robin here;
 * - a request with a body is relayed chunk by chunk over IPC for its whole life (request and
 *   response bytes through the primary); here a request that arrived whole (headers and its
 *   Content-Length of body) has its socket handed over like a GET, so only bodies split over
 *   several reads (large uploads, chunked encoding) take the slow IPC path;
 * - the header may arrive in more than one read: it is buffered until complete.
 *
 * Connections stay alive on the worker they were handed to; a Socket.IO request that reaches a
 * worker not holding its session comes back here (sticky-worker.ts) and goes to the owner.
 */
export interface StickyPool {
  /** Workers ready to take connections, in slot order. */
  ready(): Worker[];
}

const MAX_HEADER_BYTES = 16 * 1024;
/**
 * How long a new connection may take to send its request's head before the primary drops it.
 * Node's own `headersTimeout` only starts once a worker has the connection: without this, a
 * client sending nothing (or a byte a minute: slowloris) would hold a socket in the primary for ever.
 */
export const HEAD_TIMEOUT_MS = 30_000;
const HEADER_END = Buffer.from('\r\n\r\n');

export type RequestHead = 'partial' | 'too-large' | { sid: string | undefined; whole: boolean };

/**
 * What the primary needs from the start of a connection: the engine.io session its request
 * line names, and whether the whole request (head and the body its Content-Length announces)
 * is already in hand. 'partial' until the head is complete.
 */
export function readRequestHead(buffer: Buffer): RequestHead {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return buffer.length > MAX_HEADER_BYTES ? 'too-large' : 'partial';
  if (headerEnd > MAX_HEADER_BYTES) return 'too-large';
  const header = buffer.subarray(0, headerEnd).toString('latin1');
  const sid = SID.exec(header.split('\r\n', 1)[0]!)?.[1];
  const lower = header.toLowerCase();
  const length = /\r\ncontent-length:[ \t]*(\d+)/.exec(lower);
  const bodyBytes = buffer.length - headerEnd - HEADER_END.length;
  const whole = !lower.includes('\r\ntransfer-encoding:') && (length === null || bodyBytes >= Number(length[1]));
  return { sid, whole };
}

const reply = (socket: Socket, status: string) => {
  socket.on('error', () => socket.destroy());
  // Destroyed once written: a client that never closes its side must not keep the socket.
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
};

export function balanceConnections(server: Server, pool: StickyPool, options: { headTimeoutMs?: number } = {}): { sessions(): number } {
  const headTimeoutMs = options.headTimeoutMs ?? HEAD_TIMEOUT_MS;
  const sessionOwner = new Map<string, number>();
  const relayed = new Map<string, Socket>();
  const relayedBy = new Map<string, number>();
  let turn = 0;

  const pick = (sid: string | undefined): Worker | undefined => {
    // A worker killed a moment ago loses its IPC channel before the primary hears of its exit.
    const ready = pool.ready().filter((w) => w.isConnected());
    if (ready.length === 0) return undefined;
    const owner = sid === undefined ? undefined : sessionOwner.get(sid);
    if (owner !== undefined) {
      const worker = ready.find((w) => w.id === owner);
      if (worker) return worker;
    }
    turn = (turn + 1) % ready.length;
    return ready[turn];
  };

  server.on('connection', (socket: Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    let worker: Worker | undefined;
    let connectionId: string | undefined;
    const onSent = (error: Error | null) => {
      if (error) socket.destroy();
    };

    socket.on('error', () => socket.destroy());
    const headTimer = setTimeout(() => reply(socket, '408 Request Timeout'), headTimeoutMs);
    headTimer.unref();
    socket.on('data', (chunk: Buffer) => {
      if (connectionId !== undefined) {
        // Answered (or aborted) already: whatever still comes is a body nobody reads.
        if (!relayed.has(connectionId) || !worker?.isConnected()) return void socket.destroy();
        // One chunk at a time over IPC: a client faster than the worker waits, not the primary's memory.
        socket.pause();
        worker.send({ type: 'sticky:http-chunk', data: chunk, connectionId }, (error: Error | null) => {
          if (error) socket.destroy();
          else socket.resume();
        });
        return;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const head = readRequestHead(pending);
      if (head === 'partial') return;
      clearTimeout(headTimer);
      if (head === 'too-large') return reply(socket, '431 Request Header Fields Too Large');
      worker = pick(head.sid);
      if (!worker) return reply(socket, '503 Service Unavailable');
      if (head.whole) {
        // Nothing more belongs to this request: the worker reads whatever follows itself.
        socket.pause();
        socket.removeAllListeners('data');
        worker.send({ type: 'sticky:connection', data: pending }, socket, { keepOpen: false }, onSent);
        return;
      }
      connectionId = randomBytes(8).toString('hex');
      relayed.set(connectionId, socket);
      relayedBy.set(connectionId, worker.id);
      const socketInfo = { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort, localAddress: socket.localAddress, localPort: socket.localPort };
      worker.send({ type: 'sticky:http-chunk-start', data: pending, connectionId, socketInfo }, onSent);
    });
    socket.on('close', () => {
      clearTimeout(headTimer);
      if (connectionId === undefined || !relayed.delete(connectionId)) return;
      relayedBy.delete(connectionId);
      if (worker?.isConnected()) worker.send({ type: 'sticky:abort', connectionId }, () => {});
    });
  });

  cluster.on('message', (worker: Worker, message: { type?: string; data?: unknown; connectionId?: string; error?: string }, handle?: unknown) => {
    switch (message?.type) {
      case STICKY_REROUTE: {
        // A worker got a Socket.IO request for a session it does not hold (sticky-worker.ts):
        // to the session's owner, or back to the sender if none holds it (it answers the 400).
        const socket = handle as Socket | undefined;
        if (!socket) break;
        const data = Buffer.from(message.data as Buffer);
        const head = readRequestHead(data);
        const sid = typeof head === 'object' ? head.sid : undefined;
        const owner = sid === undefined ? undefined : sessionOwner.get(sid);
        const target = pool.ready().find((w) => w.id === owner && w.isConnected()) ?? (worker.isConnected() ? worker : undefined);
        if (!target) {
          socket.destroy();
          break;
        }
        target.send({ type: STICKY_REROUTED, data }, socket, { keepOpen: false }, (error: Error | null) => {
          if (error) socket.destroy();
        });
        break;
      }
      case 'sticky:http-response': {
        const socket = relayed.get(message.connectionId!);
        if (socket && !socket.destroyed) socket.write(message.data as Buffer);
        break;
      }
      case 'sticky:http-response-end': {
        relayed.get(message.connectionId!)?.end();
        relayed.delete(message.connectionId!);
        relayedBy.delete(message.connectionId!);
        break;
      }
      case 'sticky:http-response-destroy': {
        relayed.get(message.connectionId!)?.destroy();
        relayed.delete(message.connectionId!);
        relayedBy.delete(message.connectionId!);
        break;
      }
      case 'sticky:connection':
        sessionOwner.set(message.data as string, worker.id);
        break;
      case 'sticky:disconnection':
        sessionOwner.delete(message.data as string);
        break;
    }
  });

  cluster.on('exit', (worker: Worker) => {
    for (const [sid, owner] of sessionOwner) if (owner === worker.id) sessionOwner.delete(sid);
    // Connections relayed to a dead worker will never be answered.
    for (const [id, owner] of relayedBy) if (owner === worker.id) relayed.get(id)?.destroy();
  });

  return { sessions: () => sessionOwner.size };
}
