import type { Area, Core } from '../area.ts';
import { healthRoutes } from './routes.ts';
import { createHealthService } from './service.ts';

/** Health: the database answers and every migration is applied. */
export function healthArea(core: Core): Area {
  const health = createHealthService({ sqlite: core.database.sqlite, startedAt: Date.now(), shared: core.shared, runsScheduledWork: () => core.scheduler.runs() });
  return { routes: async (app) => app.register(healthRoutes, { health }) };
}
