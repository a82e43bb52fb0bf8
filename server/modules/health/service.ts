import type Database from 'better-sqlite3';
import { migrationsCurrent } from '../../../db/client.ts';
import type { Health } from '../../../shared/schemas/health.ts';
import type { SharedState } from '../../cluster/shared-state.ts';

/**
 * What a load balancer or a monitor asks every few seconds: does the database answer, is its
 * schema the one this code expects. Two tiny reads, no table scan.
 */
export function createHealthService(deps: { sqlite: Database.Database; startedAt: number; shared?: SharedState; runsScheduledWork?: () => boolean }) {
  return {
    check(): Health {
      const uptimeS = Math.round((Date.now() - deps.startedAt) / 100) / 10;
      const redis = deps.shared?.status();
      const cluster = redis && redis !== 'off' ? { redis, worker: deps.shared!.worker, ...(deps.runsScheduledWork ? { scheduler: deps.runsScheduledWork() ? ('runs' as const) : ('standby' as const) } : {}) } : {};
      try {
        deps.sqlite.prepare('SELECT 1').get();
        const current = migrationsCurrent(deps.sqlite);
        return { status: current ? 'ok' : 'unhealthy', db: 'ok', migrations: current ? 'current' : 'pending', uptimeS, ...cluster };
      } catch {
        return { status: 'unhealthy', db: 'error', migrations: 'unknown', uptimeS, ...cluster };
      }
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
