import cluster from 'node:cluster';
import { createHash, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsConfig } from '../config.ts';
import { Type } from 'typebox';
import { errorResponses } from '../../shared/schemas/common.ts';
import { AppError } from '../lib/errors.ts';
import { clusterMetricsText, offerWorkerMetrics } from '../cluster/metrics.ts';
import type { OpenedDb } from '../../db/client.ts';
import { row } from '../../db/access.ts';
import { onPostgres } from '../../db/engine.ts';

/** Prometheus' text exposition format, sent as it is. */
const MetricsText = Type.Unsafe<string>({ description: 'Prometheus text format' });
const schema = { response: { 200: MetricsText, ...errorResponses } };

export interface MetricsOptions {
  config: MetricsConfig;
  database: OpenedDb;
  /** The `worker` label on every series: the cluster worker's number, or `main` (one process). */
  worker?: string;
}

/**
 * Process metrics (memory, CPU, event-loop lag, GC) belong to the process, not to an app:
 * collected once into a registry of their own, merged with each app's at scrape time.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    processRegistry.setDefaultLabels({ worker: process.env.MINGA_WORKER_ID ?? 'main' });
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** A bearer token compared in constant time (hashes first, so lengths never leak either). */
function tokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  return given !== '' && timingSafeEqual(digest(given), digest(token));
}

/**
 * `GET /metrics` in the Prometheus text format: HTTP traffic by route pattern, sockets and
 * rooms, events fanned out to sockets, database and WAL sizes, and the process metrics.
 * Everything that is a level (sockets, sizes) is read at scrape time, so it costs nothing
 * between scrapes.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: MetricsOptions) => {
    if (!opts.config.enabled) {
      // Without this the page fallback would answer the path with the client's index.html.
      app.get('/metrics', { schema }, async () => {
        throw new AppError('NOT_FOUND');
      });
      return;
    }

    const worker = opts.worker ?? process.env.MINGA_WORKER_ID ?? 'main';
    const registry = new Registry();
    registry.setDefaultLabels({ worker });
    const registers = [registry];
    const requests = new Counter({
      name: 'minga_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    });
    const latency = new Histogram({
      name: 'minga_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const broadcasts = new Counter({
      name: 'minga_socket_events_fanned_out_total',
      help: 'Events broadcast to socket rooms, by event name',
      labelNames: ['event'] as const,
      registers,
    });

    new Gauge({
      name: 'minga_socket_connections',
      help: 'Connected Socket.IO clients',
      registers,
      collect() {
        this.set(app.hasDecorator('io') ? app.io.of('/').sockets.size : 0);
      },
    });
    new Gauge({
      name: 'minga_socket_rooms',
      help: 'Socket.IO rooms with at least one member (threads, forums, users, …), not counting each socket’s own',
      registers,
      collect() {
        if (!app.hasDecorator('io')) return this.set(0);
        const adapter = app.io.of('/').adapter;
        this.set(Math.max(0, adapter.rooms.size - adapter.sids.size));
      },
    });
    if (onPostgres) poolGauges(registers, opts.database);
    else sqliteGauges(registers, opts.database);

    app.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        // The pattern (`/api/threads/:id`), never the raw URL: one series per route, not per id.
        route: request.routeOptions.url ?? '(unmatched)',
        status: String(reply.statusCode),
      };
      requests.inc(labels);
      latency.observe(labels, reply.elapsedTime / 1000);
    });

    // Every room broadcast goes through the namespace's adapter (the in-memory one today, a
    // Redis one when scaled out), so counting there sees every fan-out without touching it.
    app.addHook('onReady', async () => {
      if (!app.hasDecorator('io')) return;
      const adapter = app.io.of('/').adapter;
      const broadcast = adapter.broadcast.bind(adapter);
      adapter.broadcast = (packet, broadcastOpts) => {
        const event = Array.isArray(packet?.data) && typeof packet.data[0] === 'string' ? packet.data[0] : 'unknown';
        broadcasts.inc({ event });
        broadcast(packet, broadcastOpts);
      };
    });

    app.get('/metrics', { schema }, async (request, reply) => {
      if (opts.config.token !== undefined && !tokenMatches(request, opts.config.token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHENTICATED');
      }
      const merged = Registry.merge([processMetrics(), registry]);
      merged.setDefaultLabels({ worker });
      let text: string | undefined;
      if (cluster.isWorker) {
        // Every worker's series, whichever worker the scrape reached; this one's alone if the
        // primary cannot answer (better a partial page than none).
        text = await clusterMetricsText().catch((error: unknown) => {
          request.log.warn({ err: error }, 'metrics: the other workers could not be asked; answering with this worker’s');
          return undefined;
        });
      }
      return reply
        .header('content-type', merged.contentType)
        .header('cache-control', 'no-store')
        .send(text ?? (await merged.metrics()));
    });
    // A worker of several processes: the primary gathers these when any worker is scraped.
    if (cluster.isWorker) offerWorkerMetrics([processMetrics(), registry]);
  },
  { name: 'minga-metrics' },
);

/** SQLite: the database file and its write-ahead log. */
function sqliteGauges(registers: Registry[], database: OpenedDb): void {
  const { sqlite, db } = database;
  const file = sqlite.name;
  const inMemory = file === ':memory:' || file === '';
  new Gauge({
    name: 'minga_db_size_bytes',
    help: 'Size of the SQLite database file',
    registers,
    async collect() {
      if (!sqlite.open) return this.set(0);
      if (inMemory) {
        const size = await row<{ n: number }>(db, sql`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`);
        return this.set(size?.n ?? 0);
      }
      this.set(await fileSize(file));
    },
  });
  new Gauge({
    name: 'minga_db_wal_size_bytes',
    help: 'Size of the SQLite write-ahead log (shrinks back at checkpoints)',
    registers,
    async collect() {
      this.set(inMemory ? 0 : await fileSize(`${file}-wal`));
    },
  });
}

/** PostgreSQL: the database's size on its server, and this process's connection pool. */
function poolGauges(registers: Registry[], database: OpenedDb): void {
  const { pool, db } = database;
  new Gauge({
    name: 'minga_db_size_bytes',
    help: 'Size of the PostgreSQL database (pg_database_size)',
    registers,
    async collect() {
      // A scrape while the server is away still answers, with the size unknown.
      const size = await row<{ n: number }>(db, sql`SELECT pg_database_size(current_database()) AS n`).catch(() => undefined);
      this.set(size?.n ?? 0);
    },
  });
  new Gauge({
    name: 'minga_db_pool_connections',
    help: 'PostgreSQL connections of this process, by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.set({ state: 'total' }, pool?.totalCount ?? 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
    },
  });
}
