import type { Db } from '../../../db/client.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { KIND_SPECS, type KindSpec } from './catalog.ts';
import { FacetIndex } from './facet-index.ts';

export function createFacetIndexes(db: Db): Record<KindSpec['kind'], FacetIndex> {
  return {
    resources: new FacetIndex(db, KIND_SPECS.resources),
    experiences: new FacetIndex(db, KIND_SPECS.experiences),
    profiles: new FacetIndex(db, KIND_SPECS.profiles),
    specialists: new FacetIndex(db, KIND_SPECS.specialists),
  };
}

/**
 * A record written through the API, by any process, reloads its kind's index on the next browse.
 * (On SQLite the index's stamp also sees another connection's commit: `PRAGMA data_version`.)
 */
export function subscribeFacetIndexes(bus: EventBus, indexes: Record<KindSpec['kind'], FacetIndex>): void {
  bus.subscribe('knowledge.updated', ({ kind }) => indexes[kind as KindSpec['kind']]?.invalidate(), { everywhere: true });
}
