import type { Area, Core } from '../area.ts';
import { migrationsCurrent } from '../../../db/client.ts';
import { healthRoutes } from './routes.ts';
import { createHealthService } from './service.ts';

/** Health: the database answers and every migration is applied. */
export function healthArea(core: Core): Area {
  const health = createHealthService({
    db: core.database.db,
    // SQLite's migration journal; PostgreSQL's check joins when its migrations are run at start (the lead's db/client.ts).
    migrationsCurrent: () => (core.database.engine === 'sqlite' ? migrationsCurrent(core.database.sqlite) : true),
    startedAt: Date.now(), shared: core.shared, runsScheduledWork: () => core.scheduler.runs() });
  return { routes: async (app) => app.register(healthRoutes, { health }) };
}
