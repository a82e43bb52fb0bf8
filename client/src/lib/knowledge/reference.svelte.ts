import type { VocabTerm, VocabularyResponse } from '../../../../shared/schemas/knowledge.ts';
import { api, toApiError, type ApiError } from '../api.ts';
import { compareText, countryName } from '../i18n.svelte.ts';
import { loadCountries, loadInstitutions, type Country, type Institution } from '../network.ts';
import { all, onServer, preloading } from '../preload.ts';
import { session } from '../state/session.svelte.ts';

export interface Choice {
  value: string;
  label: string;
}

/**
 * What the knowledge pages need to turn codes into words: the controlled vocabularies, the
 * countries and the institutions, loaded once per visit. Labels follow the interface language.
 */
class KnowledgeReference {
  terms = $state.raw<VocabTerm[]>([]);
  countries = $state.raw<Country[]>([]);
  institutions = $state.raw<Institution[]>([]);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  #pending: Promise<void> | null = null;

  readonly #terms = $derived(new Map(this.terms.map((term) => [`${term.scheme}:${term.code}`, term])));
  readonly #countries = $derived(new Map(this.countries.map((country) => [country.code, country])));
  readonly #institutions = $derived(new Map(this.institutions.map((institution) => [institution.id, institution])));

  /** Starts the load (once; again after a failure). */
  load(): Promise<void> {
    // A server render, and the browser's first render, ask every time: the answers are known at
    // once (the page holds them) and the labels show on the first render, the same on both sides.
    if (onServer || preloading()) return this.#fetch();
    if (this.loaded) this.#pending ??= Promise.resolve();
    this.#pending ??= this.#fetch().then(() => {
      if (this.error) this.#pending = null;
    });
    return this.#pending;
  }

  #fetch(): Promise<void> {
    return all<[VocabularyResponse, Country[], Institution[]]>([
      api.get<VocabularyResponse>('/api/vocabularies'),
      loadCountries(),
      loadInstitutions(),
    ]).then(
      ([vocabulary, countries, institutions]) => {
        this.terms = vocabulary.items;
        this.countries = countries;
        this.institutions = institutions;
        this.loaded = true;
        this.error = null;
      },
      (error: unknown) => {
        this.error = toApiError(error);
      },
    );
  }

  label(scheme: string, code: string): string {
    return this.#terms.get(`${scheme}:${code}`)?.labels[session.locale] ?? code;
  }

  /** A scheme's terms in their own order (levels 0–8, sectors A–U…). */
  choices(scheme: string): Choice[] {
    return this.terms.filter((term) => term.scheme === scheme).map((term) => ({ value: term.code, label: term.labels[session.locale] }));
  }

  countryLabel(code: string): string {
    const country = this.#countries.get(code.toUpperCase());
    return country ? countryName(country) : code;
  }

  countryChoices(): Choice[] {
    return this.countries
      .map((country) => ({ value: country.code, label: countryName(country) }))
      .toSorted((a, b) => compareText(a.label, b.label));
  }

  institution(id: number | string): Institution | undefined {
    return this.#institutions.get(Number(id));
  }

  /** Institutions grouped by country (countries by name, institutions by acronym). */
  institutionGroups(): { country: string; items: Institution[] }[] {
    const groups = new Map<string, Institution[]>();
    for (const institution of this.institutions) {
      const list = groups.get(institution.countryCode);
      if (list) list.push(institution);
      else groups.set(institution.countryCode, [institution]);
    }
    return [...groups]
      .map(([code, items]) => ({ country: this.countryLabel(code), items: items.toSorted((a, b) => compareText(a.acronym, b.acronym)) }))
      .toSorted((a, b) => compareText(a.country, b.country));
  }
}

export const reference = new KnowledgeReference();
