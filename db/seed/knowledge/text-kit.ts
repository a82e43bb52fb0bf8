/** Small text and sampling helpers shared by the knowledge generators. */
import { FIRST_NAMES, SURNAMES } from '../forums/people.ts';
import { fill, type Random } from '../forums/templates/index.ts';
import type { Lang } from './vocabularies.ts';

export { fill };
export { languageOfCountry } from '../forums/people.ts';

export const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** Lower-cases the first letter unless the word is an acronym ("TIC", "BIM"). */
export function lowerFirst(text: string): string {
  if (text.length > 1 && text[1] === text[1].toUpperCase() && text[1] !== text[1].toLowerCase()) return text;
  return text ? text[0].toLowerCase() + text.slice(1) : text;
}

/** "Guía de evaluación: mecánica" → "guia-de-evaluacion-mecanica", at most `max` characters, cut at a dash. */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 20)).replace(/-+$/, '');
}

const AND: Record<Lang, string> = { es: 'y', pt: 'e', en: 'and' };

/** "a, b y c" in the language ("e" before an i sound in Spanish: "aprendices e instructores"). */
export function joinList(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  const last = items[items.length - 1];
  const and = lang === 'es' && /^h?[iíIÍ](?![aeoáéó])/.test(last) ? 'e' : AND[lang];
  return `${items.slice(0, -1).join(', ')} ${and} ${last}`;
}

/** A plausible full name for someone who writes in `lang`. */
export function personName(rng: Random, lang: Lang): string {
  const first = rng.pick(FIRST_NAMES[lang]);
  const last = rng.pick(SURNAMES[lang]);
  if (lang !== 'en' && rng.chance(0.4)) {
    const second = rng.pick(SURNAMES[lang]);
    if (second !== last) return `${first} ${last} ${second}`;
  }
  return `${first} ${last}`;
}

/** Picks by fixed weights in O(log n): built once, used thousands of times. */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    let sum = 0;
    for (const item of items) this.cumulative.push((sum += Math.max(0, weight(item))));
    this.total = sum;
    if (items.length === 0 || sum <= 0) throw new Error('WeightedPicker needs items with a positive weight');
  }

  pick(rng: Random): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** Picks one code by weight from a record of weights. */
export function weightedKey<K extends string>(rng: Random, weights: Readonly<Partial<Record<K, number>>>): K {
  const keys = Object.keys(weights) as K[];
  return rng.weighted(
    keys,
    keys.map((k) => weights[k] ?? 0),
  );
}

/** A year in [from, to], more often recent (`bias` > 1 pulls towards `to`). */
export function recentYear(rng: Random, from: number, to: number, bias = 1.8): number {
  if (from >= to) return to;
  return to - Math.floor((to - from + 1) * Math.pow(rng.next(), bias));
}
