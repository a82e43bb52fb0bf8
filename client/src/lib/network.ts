import type { Country, CountryList, Institution, InstitutionList } from '../../../shared/schemas/geo.ts';
import { api, withQuery } from './api.ts';

/** Caches a load for the visit (the network's countries and institutions change rarely). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
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
export const loadInstitutions = once(async () => {
  const items: Institution[] = [];
  let cursor: string | null = null;
  do {
    const page: InstitutionList = await api.get<InstitutionList>(
      withQuery('/api/institutions', { limit: 100, cursor: cursor ?? undefined }),
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
});

export type { Country, Institution };
