import cluster, { type Worker } from 'node:cluster';
import { hostname } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { nonBlockingLines } from '../lib/log-stream.ts';
import { serveClusterMetrics } from './metrics.ts';
import { WorkerSlots } from './slots.ts';
import { balanceConnections } from './sticky.ts';

/** What a worker tells the primary once it can take connections. */
export const WORKER_READY = 'minga:worker-ready';

export interface PrimaryOptions {
  workers: number;
  port: number;
  host: string;
  /** The worker's script (dist/server/main.js): it runs a whole Minga that does not listen. */
  exec: string;
  /** Runs once before any worker starts: migrations and demo data, so workers never race on them. */
  prepareDatabase(): Promise<void>;
  /** After SIGTERM, how long workers get to drain before they are killed. */
  shutdownDeadlineMs: number;
}

/**
 * The primary of MINGA_WORKERS=n: prepares the database once, forks n workers (each a whole
 * Minga, MINGA_WORKER_ID = its slot 1..n), and listens on the one port, handing each connection
 * to a ready worker (sticky by Socket.IO session, round-robin otherwise: ./sticky.ts). A worker
 * that dies is replaced in the same slot, with a growing wait if workers keep dying at start.
 * SIGTERM or SIGINT: stop accepting, SIGTERM every worker (each drains as a single process
 * would), exit 0 once they are all gone.
 */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const lines = nonBlockingLines(1);
  const log = (level: number, msg: string, fields: Record<string, unknown> = {}) =>
    lines.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, hostname: hostname(), worker: 'primary', ...fields, msg })}\n`);
  const info = (msg: string, fields?: Record<string, unknown>) => log(30, msg, fields);
  const warn = (msg: string, fields?: Record<string, unknown>) => log(40, msg, fields);
  const exit = (code: number) => {
    lines.flushNow();
    process.exit(code);
  };

  await options.prepareDatabase();

  const slots = new WorkerSlots(options.workers);
  const ready = new Set<Worker>();
  let stopping = false;
  let listening = false;
  let everReady = false;

  // Buffers cross the IPC channel as they are (the default JSON would turn them into arrays).
  cluster.setupPrimary({ exec: options.exec, serialization: 'advanced' });
  const server = createServer({ noDelay: true });
  balanceConnections(server, { ready: () => [...ready].sort((x, y) => (slots.slotOf(x.id) ?? 0) - (slots.slotOf(y.id) ?? 0)) });
  serveClusterMetrics();

  const fork = (slot: number) => {
    if (stopping) return;
    const worker = cluster.fork({ MINGA_WORKER_ID: String(slot) });
    slots.started(slot, worker.id);
    worker.on('message', (message: { type?: string }) => {
      if (message?.type !== WORKER_READY) return;
      ready.add(worker);
      everReady = true;
      info(`worker ${slot} ready`, { slot, workerPid: worker.process.pid });
      if (!listening && ready.size === options.workers) listen();
    });
  };

  const listen = () => {
    listening = true;
    server.listen(options.port, options.host, () => {
      const { address, port } = server.address() as AddressInfo;
      const shown = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
      info(`Server listening at http://${shown}:${port}`, { workers: options.workers });
    });
  };

  server.on('error', (error) => {
    warn(`cannot listen: ${error.message}`, { err: { message: error.message } });
    shutdown('listen error', 1);
  });

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker);
    const freed = slots.exited(worker.id);
    if (!freed) return;
    if (stopping) {
      info(`worker ${freed.slot} stopped`, { slot: freed.slot, code, signal });
      if (code !== 0) failedStops++;
      if (slots.held() === 0) {
        info('all workers stopped');
        exit(failedStops === 0 ? exitCode : 1);
      }
      return;
    }
    const cause = signal ? `signal ${signal}` : `exit code ${code}`;
    if (!everReady && freed.earlyDeaths >= 5) {
      warn(`worker ${freed.slot} died at start ${freed.earlyDeaths} times in a row (${cause}) and no worker ever started: giving up`);
      shutdown('workers cannot start', 1);
      return;
    }
    warn(
      `worker ${freed.slot} (pid ${worker.process.pid}) died unexpectedly (${cause}) after ${(freed.ranMs / 1000).toFixed(1)} s: ` +
        (freed.delayMs === 0 ? 'starting a replacement' : `starting a replacement in ${freed.delayMs / 1000} s (it died soon after starting ${freed.earlyDeaths} time(s) in a row)`),
      { slot: freed.slot, code, signal, delayMs: freed.delayMs },
    );
    setTimeout(() => fork(freed.slot), freed.delayMs);
  });

  let failedStops = 0;
  let exitCode = 0;
  const shutdown = (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    info('shutting down', { signal: reason });
    server.close();
    // Each worker runs its own graceful shutdown. Not worker.kill(): that disconnects IPC
    // first, and requests whose bytes the primary relays would lose their answers.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (slots.held() === 0) exit(code);
    setTimeout(() => {
      warn('workers still running at the deadline: killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      exit(1);
    }, options.shutdownDeadlineMs).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.on('exit', () => {
    // Whatever happens to the primary, no worker outlives it.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
  });

  info(`starting ${options.workers} workers`);
  for (const slot of slots.numbers()) fork(slot);
}
