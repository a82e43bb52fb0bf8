import type { Server } from 'node:http';

/**
 * A worker does not listen (the primary does), so closing its HTTP server does not wait for the
 * requests in flight as a listening server's close does. This counts them, so that a worker's
 * shutdown lets them finish before the app closes. Socket.IO's own requests (a long poll is
 * held open on purpose) are left out: closing Socket.IO ends them.
 */
export function requestsInFlight(server: Server, socketPath = '/socket.io/') {
  let running = 0;
  const waiters = new Set<() => void>();
  server.on('request', (request, response) => {
    if (request.url?.startsWith(socketPath)) return;
    running++;
    response.once('close', () => {
      running--;
      if (running === 0) for (const wake of waiters) wake();
    });
  });
  return {
    count: () => running,
    /** Resolves once none runs, or after `timeoutMs` whatever still runs. */
    settled(timeoutMs: number): Promise<void> {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
  };
}
