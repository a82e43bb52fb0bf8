import { SvelteMap } from 'svelte/reactivity';
import type { Experience, InstitutionDetail, Profile, Resource, Specialist } from '../../../../shared/schemas/knowledge.ts';
import { api } from '../api.ts';
import { loadCountries, type Country } from '../network.ts';
import { session } from '../state/session.svelte.ts';
import { linkKey, type LinkType } from './kinds.ts';

/** What a card shows besides its kind. */
export interface CardFacts {
  title: string;
  countryCode: string | null;
  institution: string | null;
}

type Detail = { item: Resource | Experience | Profile | Specialist | InstitutionDetail };
const PATHS: Record<LinkType, string> = {
  resource: 'resources',
  experience: 'experiences',
  profile: 'profiles',
  specialist: 'specialists',
  institution: 'institutions',
};

function factsOf(type: LinkType, { item }: Detail): CardFacts {
  if (type === 'institution') {
    const institution = item as InstitutionDetail;
    // The same title the server gives an institution in a thread's links.
    return { title: `${institution.acronym} — ${institution.name}`, countryCode: institution.countryCode, institution: institution.acronym };
  }
  const cited = item as Resource | Experience | Profile | Specialist;
  return {
    title: 'title' in cited ? cited.title : cited.name,
    countryCode: cited.countryCode,
    institution: cited.institution?.acronym ?? null,
  };
}

/**
 * Card facts of items no page told us about: a link just written in a composer, whose preview
 * has only the title. Each item is asked for once per visit.
 */
class CitedFacts {
  readonly #known = new SvelteMap<string, CardFacts>();
  readonly #asked = new Set<string>();

  get(type: string, id: number): CardFacts | undefined {
    return this.#known.get(linkKey(type, id));
  }

  want(type: LinkType, id: number): void {
    const key = linkKey(type, id);
    if (this.#asked.has(key)) return;
    this.#asked.add(key);
    api
      .get<Detail>(`/api/${PATHS[type]}/${id}`)
      .then((detail) => this.#known.set(key, factsOf(type, detail)))
      // A card without its country is still a card: nothing to tell the writer.
      .catch(() => undefined);
  }
}

export const citedFacts = new CitedFacts();

/** Countries' names in the interface language, from the network's list once it has loaded. */
class CountryNames {
  #countries = $state<ReadonlyMap<string, Country> | null>(null);
  #loading = false;
  readonly #regions = new Map<string, Intl.DisplayNames>();

  name(code: string): string {
    this.#load();
    const country = this.#countries?.get(code);
    if (country) return country.names[session.locale];
    // Until the list arrives (or if it fails), the browser knows most names.
    let regions = this.#regions.get(session.locale);
    if (!regions) {
      regions = new Intl.DisplayNames([session.locale], { type: 'region', fallback: 'code' });
      this.#regions.set(session.locale, regions);
    }
    try {
      return regions.of(code) ?? code;
    } catch {
      return code;
    }
  }

  #load(): void {
    if (this.#loading) return;
    this.#loading = true;
    loadCountries()
      .then((list) => (this.#countries = new Map(list.map((country) => [country.code, country]))))
      .catch(() => undefined);
  }
}

export const countryNames = new CountryNames();

/** "Brasil · SENAI": where a cited item comes from. */
export function whereFrom(type: string, facts: Pick<CardFacts, 'countryCode' | 'institution'>): string {
  const parts: string[] = [];
  if (facts.countryCode) parts.push(countryNames.name(facts.countryCode));
  // An institution's own acronym already opens its title.
  if (facts.institution && type !== 'institution') parts.push(facts.institution);
  return parts.join(' · ');
}
