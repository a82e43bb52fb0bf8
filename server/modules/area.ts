import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { OpenedDb } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Scheduler } from '../cluster/scheduler.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import type { EventBus } from '../lib/event-bus.ts';
import type { BlobStore } from '../storage/blob-store.ts';

/** What the app is configured with (main.ts passes the whole config; tests the parts they set). */
export type AppConfig = Pick<Config, 'clientDir' | 'rateLimits'> & Partial<Pick<Config, 'trustProxy' | 'metrics' | 'http' | 'mail' | 'notifyMail' | 'webhooks' | 'oidc' | 'cluster' | 'files'>>;

/** The shared dependencies every area builds itself from. */
export interface Core {
  database: OpenedDb;
  bus: EventBus;
  config: AppConfig;
  log: FastifyBaseLogger;
  /** What the processes serving the site share (Redis), or this process alone (issue 20). */
  shared: SharedState;
  /** Scheduled work runs in one process at a time, the holder of the scheduler lease (issue 20). */
  scheduler: Scheduler;
  /** Where uploaded files are kept: a folder or an S3 bucket, shared by every process serving the site. */
  files: BlobStore;
}

/** An area as the app sees it: its routes (and, for some, hooks) registered in one call. */
export interface Area {
  routes(app: FastifyInstance): Promise<void>;
}

/**
 * An area's repositories, built once per database by the area that owns them: other areas ask
 * the owner (`discussionsRepositories(core.database).threads`) instead of building their own.
 */
export function perDatabase<T>(build: (database: OpenedDb) => T): (database: OpenedDb) => T {
  const built = new WeakMap<OpenedDb, T>();
  return (database) => {
    let value = built.get(database);
    if (value === undefined) {
      value = build(database);
      built.set(database, value);
    }
    return value;
  };
}
