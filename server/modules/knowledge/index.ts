import type { CountryFigures } from '../../../shared/schemas/geo.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { LinksService } from '../links/service.ts';
import { askSpecialistRoutes } from './ask-routes.ts';
import { createBrowseRepository } from './browse-repository.ts';
import { createKnowledgeEditing } from './editing.ts';
import { createEditingRepository } from './editing-repository.ts';
import { knowledgeEditingRoutes } from './editing-routes.ts';
import { createExportService } from './export.ts';
import { createFacetIndexes, subscribeFacetIndexes } from './facet-indexes.ts';
import { createFilesService, filesDirOf } from './files.ts';
import { filesRoutes } from './files-routes.ts';
import { createGeoRepository } from './geo-repository.ts';
import { geoRoutes } from './geo-routes.ts';
import { createGeoService } from './geo-service.ts';
import { createItemsRepository } from './items-repository.ts';
import { knowledgeRoutes } from './routes.ts';
import { createKnowledgeService } from './service.ts';
import { transferRoutes } from './transfer-routes.ts';
import { createVocabulary } from './vocabulary.ts';

export const knowledgeRepositories = perDatabase((database) => ({
  browse: createBrowseRepository(database.db),
  items: createItemsRepository(database.db),
  editing: createEditingRepository(database.db),
  geo: createGeoRepository(database.db),
  vocabulary: createVocabulary(database.db),
}));

/**
 * The network's knowledge: countries and institutions, the four knowledge bases with their
 * facets, files, exports and imports, editing and corrections, and asking a specialist.
 */
export function knowledgeArea(
  core: Core,
  deps: { links: LinksService; discussions: DiscussionsService; countryFigures?: () => Map<string, CountryFigures> | Promise<Map<string, CountryFigures>> },
) {
  const { db } = core.database;
  const { browse, items, editing: editingRepo, geo: geoRepo, vocabulary } = knowledgeRepositories(core.database);
  const indexes = createFacetIndexes(db);
  subscribeFacetIndexes(core.bus, indexes);
  const files = createFilesService({ db, filesDir: filesDirOf(core.database) });
  const knowledge = createKnowledgeService({ browse, items, links: deps.links, fileRef: (fileId) => files.ref(fileId), indexes });
  const exporter = createExportService({ browse, items });
  const editing = createKnowledgeEditing({ editing: editingRepo, vocabulary, bus: core.bus, titles: deps.links.titles });
  const geo = createGeoService({ geo: geoRepo, figures: deps.countryFigures });
  const area: Area = {
    routes: async (app) => {
      await app.register(geoRoutes, { geo });
      await app.register(knowledgeRoutes, { knowledge, vocabulary, searchLimit: core.config.rateLimits.search });
      await app.register(filesRoutes, { files });
      await app.register(transferRoutes, { exporter });
      await app.register(knowledgeEditingRoutes, { editing, knowledge });
      await app.register(askSpecialistRoutes, { knowledge, discussions: deps.discussions });
    },
  };
  return { service: knowledge, vocabulary, editing, ...area };
}
