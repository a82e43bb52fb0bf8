import type { Country, CountryList, Institution, InstitutionList } from '../../../shared/schemas/geo.ts';
import { api, withQuery } from './api.ts';
import { onServer, preloading } from './preload.ts';

/**
 * Caches a load for the visit (the network's countries and institutions change rarely). Never
 * on the server, which renders for many readers, nor from a page's preloaded answers.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (onServer || preloading()) return load();
    if (!pending) {
      pending = load();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}

export const loadCountries = once(() =>
  api.get<CountryList>('/api/countries').then((list) => list.items),
);

/** Every institution, following the cursor through the pages. */
export const loadInstitutions = once(() => institutionsFrom(undefined, []));

function institutionsFrom(cursor: string | undefined, items: Institution[]): Promise<Institution[]> {
  return api.get<InstitutionList>(withQuery('/api/institutions', { limit: 100, cursor })).then((page) => {
    const all = [...items, ...page.items];
    return page.nextCursor ? institutionsFrom(page.nextCursor, all) : all;
  });
}

export type { Country, Institution };
