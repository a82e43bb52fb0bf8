import { sql } from 'drizzle-orm';
import { row } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import type { Health } from '../../../shared/schemas/health.ts';
import type { SharedState } from '../../cluster/shared-state.ts';

export function createHealthService(deps: {
  db: Db;
  /** Whether every migration is applied (the engine's own check, db/client.ts). */
  migrationsCurrent: () => boolean | Promise<boolean>;
  startedAt: number;
  shared?: SharedState;
  runsScheduledWork?: () => boolean;
}) {
  return {
    async check(): Promise<Health> {
      const uptimeS = Math.round((Date.now() - deps.startedAt) / 100) / 10;
      const redis = deps.shared?.status();
      const cluster = redis && redis !== 'off' ? { redis, worker: deps.shared!.worker, ...(deps.runsScheduledWork ? { scheduler: deps.runsScheduledWork() ? ('runs' as const) : ('standby' as const) } : {}) } : {};
      try {
        await row(deps.db, sql`SELECT 1 AS ok`);
        const current = await deps.migrationsCurrent();
        return { status: current ? 'ok' : 'unhealthy', db: 'ok', migrations: current ? 'current' : 'pending', uptimeS, ...cluster };
      } catch {
        return { status: 'unhealthy', db: 'error', migrations: 'unknown', uptimeS, ...cluster };
      }
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
