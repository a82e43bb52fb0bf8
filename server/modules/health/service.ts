import type Database from 'better-sqlite3';
import { appliedMigrations } from '../../../db/client.ts';
import type { Health } from '../../../shared/schemas/health.ts';

export function createHealthService(deps: { sqlite: Database.Database; startedAt: number }) {
  return {
    check(): Health {
      const uptimeS = Math.round((Date.now() - deps.startedAt) / 100) / 10;
      try {
        deps.sqlite.prepare('SELECT 1').get();
        return { status: 'ok', db: 'ok', migrations: appliedMigrations(deps.sqlite), uptimeS };
      } catch {
        return { status: 'unhealthy', db: 'error', migrations: 0, uptimeS };
      }
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
