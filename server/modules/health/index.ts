import type { Area, Core } from '../area.ts';
import { migrationState } from '../../../db/client.ts';
import { healthRoutes } from './routes.ts';
import { createHealthService } from './service.ts';

/** Health: the database answers and every migration is applied. */
export function healthArea(core: Core): Area {
  const health = createHealthService({
    db: core.database.db,
    // Each engine's own migration journal (db/client.ts).
    migrationsCurrent: async () => (await migrationState(core.database)).current,
    startedAt: Date.now(), shared: core.shared, runsScheduledWork: () => core.scheduler.runs() });
  return { routes: async (app) => app.register(healthRoutes, { health }) };
}
