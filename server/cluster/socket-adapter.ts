import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { SharedState } from './shared-state.ts';

/** Entries kept in the stream: enough for a reconnecting socket's missed packets over a short outage. */
const STREAM_MAX_LEN = 10_000;
/** A broadcast never waits longer than this for Redis before reaching this process's own sockets. */
const PUBLISH_TIMEOUT_MS = 1_000;

interface Log {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Methods whose promises the adapter sometimes drops: caught here, so Redis failing never becomes an unhandled rejection. */
const FIRE_AND_FORGET = ['publish', 'set', 'subscribe'] as const;

function quiet(client: Redis): Redis {
  client.on('error', () => {});
  for (const name of FIRE_AND_FORGET) {
    const original = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const pending = original(...args);
      void pending.catch(() => {});
      return pending;
    };
  }
  // The adapter duplicates the client for its stream reader and its subscriber: those too.
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((override?: object) => quiet(duplicate(override))) as typeof client.duplicate;
  return client;
}

/**
 * Socket.IO's Redis streams adapter on its own connection (issue 20): every broadcast goes
 * through one stream under the site's prefix, so it reaches every socket wherever connected,
 * and a socket reconnecting within the recovery window gets what it missed.
 *
 * While Redis is away the adapter would wait on its write before emitting to this process's own
 * sockets; here its writes fail at once instead (and never wait more than a second), so the
 * local emit happens and live events stay on this process until Redis returns. Logged once per
 * outage.
 */
export function createSocketAdapter(shared: SharedState, log: Log) {
  const client = shared.duplicate();
  if (!client) return null;
  quiet(client);
  let warned = false;
  shared.onStatus((status) => {
    if (status === 'ok' && warned) log.info({ redis: 'ok' }, 'socket broadcasts reach the other processes again');
    if (status === 'ok') warned = false;
  });
  const unavailable = (reason: string) => {
    if (!warned) log.warn({ redis: shared.status(), reason }, 'socket broadcasts stay on this process while redis is unavailable');
    warned = true;
    return Promise.reject(new Error(reason));
  };

  const factory = createAdapter(client, {
    streamName: `${shared.prefix}socket.io`,
    channelPrefix: `${shared.prefix}socket.io`,
    sessionKeyPrefix: `${shared.prefix}sio:session:`,
    maxLen: STREAM_MAX_LEN,
    onlyPlaintext: true,
  });
  // Socket.IO calls it with `new`: a plain function that returns the adapter.
  const adapterFor = function (nsp: unknown) {
    const adapter = factory(nsp);
    const doPublish = adapter.doPublish.bind(adapter) as (message: unknown) => Promise<string>;
    adapter.doPublish = (message: unknown) => {
      if (shared.status() !== 'ok') return unavailable('redis down');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis timeout')), PUBLISH_TIMEOUT_MS);
      });
      const sent = Promise.resolve(doPublish(message));
      void sent.catch(() => {});
      return Promise.race([sent, timeout])
        .catch((error: Error) => unavailable(error.message))
        .finally(() => clearTimeout(timer));
    };
    return adapter;
  };
  return {
    adapter: adapterFor,
    close: async () => {
      await client.quit().catch(() => {});
      client.disconnect();
    },
  };
}
