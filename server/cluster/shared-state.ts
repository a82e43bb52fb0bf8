import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { processHost } from './process-host.ts';

/**
 * What the processes serving one site share (issue 20). Without `MINGA_REDIS_URL` there is one
 * process and nothing to share: every call is local and `status()` is `off`. With it, two
 * connections to Redis: one for commands (rate limits, presence, the Socket.IO adapter's
 * streams) and one subscribed to the site's channel, on which each process tells the others
 * what it changed (domain events for the caches, limit hits).
 *
 * Redis going away never stops the site: commands fail at once instead of queueing (callers
 * fall back to their local state), messages are not sent, `coherent()` turns false so that
 * in-memory caches stop answering from what may be stale, and when Redis returns every
 * process is told to resynchronise (`onResync`), because messages sent meanwhile were lost.
 */
export type RedisStatus = 'ok' | 'down' | 'off';

export interface SharedState {
  /** This process, unique across every host and restart (`host:pid:random`). */
  readonly nodeId: string;
  /** The label of this process in metrics and logs: the cluster worker's number, or `main`. */
  readonly worker: string;
  /** Keys and channels are under this prefix (`MINGA_REDIS_PREFIX`, default `minga:`): sites may share a Redis. */
  readonly prefix: string;
  /** `off` without Redis; otherwise whether both connections are ready now. */
  status(): RedisStatus;
  /** True when in-memory caches may answer: no Redis (one process), or Redis up (invalidations arrive). */
  coherent(): boolean;
  /** The command connection; null without Redis. While Redis is down its commands reject at once. */
  readonly redis: Redis | null;
  /** A message to every other process on `topic` (not to this one); dropped without Redis or while it is down. */
  publish(topic: string, payload: unknown): void;
  /** Messages on `topic` from the other processes. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  /** Called when Redis came back after being down: state kept meanwhile may be stale. */
  onResync(listener: () => void): () => void;
  /** Called on every change of `status()`. */
  onStatus(listener: (status: RedisStatus) => void): () => void;
  /** A fresh connection on the same server (the Socket.IO adapter and blocking reads want their own). */
  duplicate(): Redis | null;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  url?: string;
  prefix?: string;
  /** The cluster worker's number (`MINGA_WORKER_ID`, set by the primary), for labels. */
  worker?: string;
  log?: { info(obj: object | string, msg?: string): void; warn(obj: object | string, msg?: string): void };
}

interface Envelope {
  t: string;
  o: string;
  p: unknown;
}

const RETRY_MAX_MS = 2_000;
/**
 * A connected Redis that stops answering (stalled, or a network path dropping packets without
 * closing: minutes before TCP notices) is down too: nothing published meanwhile arrives, so the
 * caches must not answer as if it did. Pinged this often; down when a ping is this late.
 */
const HEARTBEAT_MS = 1_000;
const HEARTBEAT_LATE_MS = 2_000;

function newNodeId(): string {
  return `${processHost()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Builds the shared state: local only without a URL, through Redis with one. */
export function createSharedState(options: SharedStateOptions = {}): SharedState {
  const nodeId = newNodeId();
  const worker = options.worker ?? 'main';
  const prefix = options.prefix ?? 'minga:';
  const resyncs = new Set<() => void>();
  const statusListeners = new Set<(status: RedisStatus) => void>();
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe = (topic: string, handler: (payload: unknown) => void) => {
    let set = handlers.get(topic);
    if (!set) handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => void set.delete(handler);
  };
  const onResync = (listener: () => void) => {
    resyncs.add(listener);
    return () => void resyncs.delete(listener);
  };
  const onStatus = (listener: (status: RedisStatus) => void) => {
    statusListeners.add(listener);
    return () => void statusListeners.delete(listener);
  };

  if (!options.url) {
    return {
      nodeId,
      worker,
      prefix,
      status: () => 'off',
      coherent: () => true,
      redis: null,
      publish: () => {},
      subscribe,
      onResync,
      onStatus,
      duplicate: () => null,
      close: async () => {},
    };
  }

  const connection = {
    // Never give up: Redis may be away for minutes (a restart, a failover); retry every ≤2 s.
    retryStrategy: (times: number) => Math.min(times * 200, RETRY_MAX_MS),
    // A command while Redis is away fails at once; the caller falls back to local state.
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
  };
  const redis = new Redis(options.url, { ...connection, enableOfflineQueue: false, lazyConnect: false });
  // The subscriber queues its SUBSCRIBE until connected and subscribes again after each reconnect.
  const listener = new Redis(options.url, { ...connection, enableOfflineQueue: true, autoResubscribe: true });
  const channel = `${prefix}relay`;
  let closing = false;
  let stalled = false;
  let current: RedisStatus = 'down';
  let everDown = false;
  // Errors are reported through status changes; an unhandled 'error' event would end the process.
  redis.on('error', () => {});
  listener.on('error', () => {});

  const update = () => {
    if (closing) return;
    const next: RedisStatus = redis.status === 'ready' && listener.status === 'ready' && !stalled ? 'ok' : 'down';
    if (next === current) return;
    const previous = current;
    current = next;
    if (next === 'down') {
      everDown = true;
      options.log?.warn({ redis: 'down' }, 'redis unavailable: live events stay on this process, limits are counted here alone, caches are bypassed');
    } else {
      options.log?.info({ redis: 'ok' }, previous === 'down' && everDown ? 'redis is back: shared state resumes' : 'redis connected');
    }
    for (const fn of statusListeners) fn(next);
    if (next === 'ok' && everDown) for (const fn of resyncs) fn();
  };
  // The first connection counts as a recovery too only if Redis had been seen down; a process
  // starting while Redis is away serves (degraded) and resynchronises once it arrives.
  redis.on('ready', update);
  redis.on('close', update);
  listener.on('ready', update);
  listener.on('close', update);
  const heartbeat = setInterval(() => {
    if (closing || redis.status !== 'ready') return;
    const late = setTimeout(() => {
      stalled = true;
      update();
    }, HEARTBEAT_LATE_MS);
    void redis.ping().then(
      () => {
        clearTimeout(late);
        if (!stalled) return;
        stalled = false;
        update();
      },
      // Failed rather than late: the connection's own events say it is down.
      () => clearTimeout(late),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  setTimeout(() => {
    if (current === 'down' && !closing) {
      everDown = true;
      options.log?.warn({ redis: 'down' }, 'redis not reachable yet: serving from this process alone until it is');
    }
  }, connection.connectTimeout + 500).unref();

  void listener.subscribe(channel).catch(() => {});
  listener.on('message', (_channel: string, raw: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === nodeId) return;
    for (const handler of handlers.get(envelope.t) ?? []) {
      try {
        handler(envelope.p);
      } catch (error) {
        options.log?.warn({ err: error, topic: envelope.t }, 'shared message handler failed');
      }
    }
  });

  return {
    nodeId,
    worker,
    prefix,
    status: () => current,
    coherent: () => current === 'ok',
    redis,
    publish(topic, payload) {
      if (current !== 'ok') return;
      const envelope: Envelope = { t: topic, o: nodeId, p: payload };
      void redis.publish(channel, JSON.stringify(envelope)).catch(() => {});
    },
    subscribe,
    onResync,
    onStatus,
    duplicate: () => redis.duplicate({ enableOfflineQueue: true }),
    async close() {
      closing = true;
      clearInterval(heartbeat);
      await Promise.allSettled([redis.quit(), listener.quit()]);
      redis.disconnect();
      listener.disconnect();
    },
  };
}
